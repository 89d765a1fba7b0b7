/** Text for staff single sign-on; merged into the messages in i18n.ts. */
export const staffOidcNb = {
  'staffOidc.signIn': 'Logg inn med selskapets konto',
  'staffOidc.signInOr': 'Eller logg inn med brukernavn, passord og engangskode:',
  'staffOidc.refused':
    'Kontoen din hos selskapet gir ikke tilgang: vi fant ingen aktiv ansattkonto i Elvakt som hører til den. Ingen er logget inn. Be en administrator om hjelp.',
  'staffOidc.failed':
    'Vi kunne ikke bekrefte innloggingen med selskapets konto, så ingen er logget inn. Start innloggingen på nytt.',
  'staffOidc.cancelled': 'Innloggingen med selskapets konto ble avbrutt. Ingen er logget inn.',
  'staffOidc.unavailable':
    'Selskapets innloggingstjeneste svarer ikke akkurat nå. Prøv igjen om litt, eller logg inn med passord og engangskode.',
  'staffOidc.expired':
    'Innloggingen tok for lang tid, eller ble startet i en annen nettleser. Ingen er logget inn. Start på nytt.',
  'staffOidc.signedIn': 'Du er logget inn',
  'staffOidc.continue': 'Gå videre',
} as const;

export const staffOidcEn: Record<keyof typeof staffOidcNb, string> = {
  'staffOidc.signIn': 'Sign in with the company account',
  'staffOidc.signInOr': 'Or sign in with user name, password and one-time code:',
  'staffOidc.refused':
    'Your company account gives no access: we found no active staff account in Elvakt that belongs to it. Nobody has been signed in. Ask an administrator for help.',
  'staffOidc.failed':
    'We could not confirm the sign-in with the company account, so nobody has been signed in. Start the sign-in again.',
  'staffOidc.cancelled': 'The sign-in with the company account was cancelled. Nobody has been signed in.',
  'staffOidc.unavailable':
    'The company sign-in service is not answering right now. Try again shortly, or sign in with password and one-time code.',
  'staffOidc.expired':
    'The sign-in took too long, or was started in another browser. Nobody has been signed in. Start again.',
  'staffOidc.signedIn': 'You are signed in',
  'staffOidc.continue': 'Continue',
};
