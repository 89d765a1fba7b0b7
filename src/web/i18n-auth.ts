/** Text for the auth pages; merged into the messages in i18n.ts. */
export const authNb = {
  'oidc.signIn': 'Logg inn med BankID / ID-porten',
  'oidc.signInOr': 'Eller logg inn med e-post og passord:',
  'oidc.error.title': 'Innloggingen gikk ikke',
  'oidc.error.refused':
    'Vi kunne ikke bekrefte innloggingen fra BankID / ID-porten, så ingen er logget inn. Start innloggingen på nytt.',
  'oidc.error.cancelled': 'Innloggingen ble avbrutt. Ingen er logget inn.',
  'oidc.error.unavailable':
    'Innloggingstjenesten svarer ikke akkurat nå. Prøv igjen om litt, eller logg inn med e-post og passord.',
  'oidc.error.expired':
    'Innloggingen tok for lang tid, eller ble startet i en annen nettleser. Ingen er logget inn. Start på nytt.',
  'oidc.error.noIdentity':
    'Innloggingstjenesten ga oss ikke fødselsnummeret ditt, så vi kan verken finne eller opprette kontoen din.',
  'oidc.error.accountUnavailable':
    'Kontoen som hører til fødselsnummeret ditt er under sletting og kan ikke brukes. Kontakt oss om du har spørsmål.',
  'oidc.error.retry': 'Prøv igjen',
  'oidc.error.password': 'Logg inn med e-post og passord',
  'oidc.signUp.lead':
    'Du er logget inn med BankID / ID-porten, men har ingen konto hos oss ennå. Fyll ut resten, så oppretter vi den.',
  'oidc.signUp.identity': 'Fødselsnummer',
  'oidc.signUp.identityVerified': 'Bekreftet av BankID / ID-porten. Lagres kryptert.',
  'oidc.signUp.passwordHint':
    'Med passordet kan du også logge inn med e-post, og bekrefte at det er deg før du laster ned dataene dine.',
  'staffTotp.title': 'Engangskode',
  'staffTotp.lead': 'Skriv inn den sekssifrede koden fra autentiseringsappen din.',
  'staffTotp.code': 'Kode (6 siffer)',
  'staffTotp.submit': 'Logg inn',
  'staffTotp.wrong': 'Feil kode, eller en kode som alt er brukt. Vent på neste kode og prøv igjen.',
  'staffTotp.locked': 'For mange feil koder. Innloggingen er sperret i 15 minutter.',
  'staffTotp.restart': 'Logg inn på nytt',
  'staffTotp.enrol.title': 'Sett opp innlogging i to trinn',
  'staffTotp.enrol.lead':
    'Ansatte logger inn med passord og en engangskode. Legg kontoen til i en autentiseringsapp: skann QR-koden, eller skriv inn nøkkelen, og skriv så inn koden appen viser.',
  'staffTotp.enrol.qr': 'QR-kode med lenken for autentiseringsappen',
  'staffTotp.enrol.secret': 'Nøkkel',
  'staffTotp.enrol.uri': 'Lenke for appen',
  'staffTotp.enrol.settings': 'Innstillinger: tidsbasert, SHA-1, 6 siffer, 30 sekunder.',
  'staffTotp.enrol.private':
    'Nøkkelen vises bare til du har bekreftet den med en kode. Ikke del den, og ikke ta skjermbilde av den.',
  'staffTotp.enrol.submit': 'Bekreft og logg inn',
  'staffPassword.title': 'Velg ditt eget passord',
  'staffPassword.lead':
    'Passordet du fikk er et førstegangspassord: det virker bare én gang, og bare her. Velg et eget passord som bare du kjenner. Deretter setter du opp innlogging i to trinn.',
  'staffPassword.new': 'Nytt passord',
  'staffPassword.hint': 'Minst 12 tegn. Et par ord du husker, gjerne med mellomrom.',
  'staffPassword.repeat': 'Gjenta det nye passordet',
  'staffPassword.submit': 'Lagre passordet og gå videre',
  'staffPassword.mismatch': 'De to passordene er ikke like.',
  'staffPassword.length': 'Passordet må ha fra 12 til 256 tegn.',
  'staffPassword.same': 'Velg et annet passord enn det du fikk.',
  'staffPassword.expired':
    'Førstegangspassordet har gått ut (det virker i 72 timer). Be en administrator om et nytt.',
} as const;

export const authEn: Record<keyof typeof authNb, string> = {
  'oidc.signIn': 'Sign in with BankID / ID-porten',
  'oidc.signInOr': 'Or sign in with e-mail and password:',
  'oidc.error.title': 'Sign-in failed',
  'oidc.error.refused':
    'We could not verify the sign-in from BankID / ID-porten, so nobody has been signed in. Start the sign-in again.',
  'oidc.error.cancelled': 'The sign-in was cancelled. Nobody has been signed in.',
  'oidc.error.unavailable':
    'The sign-in service is not answering right now. Try again shortly, or sign in with e-mail and password.',
  'oidc.error.expired':
    'The sign-in took too long, or was started in another browser. Nobody has been signed in. Start again.',
  'oidc.error.noIdentity':
    'The sign-in service did not give us your national identity number, so we can neither find nor create your account.',
  'oidc.error.accountUnavailable':
    'The account that belongs to your identity number is being erased and cannot be used. Contact us if you have questions.',
  'oidc.error.retry': 'Try again',
  'oidc.error.password': 'Sign in with e-mail and password',
  'oidc.signUp.lead':
    'You are signed in with BankID / ID-porten but have no account with us yet. Fill in the rest and we will create it.',
  'oidc.signUp.identity': 'National identity number',
  'oidc.signUp.identityVerified': 'Verified by BankID / ID-porten. Stored encrypted.',
  'oidc.signUp.passwordHint':
    'With the password you can also sign in with e-mail, and confirm it is you before downloading your data.',
  'staffTotp.title': 'One-time code',
  'staffTotp.lead': 'Enter the six-digit code from your authenticator app.',
  'staffTotp.code': 'Code (6 digits)',
  'staffTotp.submit': 'Sign in',
  'staffTotp.wrong': 'Wrong code, or a code already used. Wait for the next code and try again.',
  'staffTotp.locked': 'Too many wrong codes. Signing in is locked for 15 minutes.',
  'staffTotp.restart': 'Sign in again',
  'staffTotp.enrol.title': 'Set up two-step sign-in',
  'staffTotp.enrol.lead':
    'Staff sign in with a password and a one-time code. Add the account to an authenticator app: scan the QR code, or type in the key, then enter the code the app shows.',
  'staffTotp.enrol.qr': 'QR code with the link for the authenticator app',
  'staffTotp.enrol.secret': 'Key',
  'staffTotp.enrol.uri': 'Link for the app',
  'staffTotp.enrol.settings': 'Settings: time-based, SHA-1, 6 digits, 30 seconds.',
  'staffTotp.enrol.private':
    'The key is shown only until you have confirmed it with a code. Do not share it or take a screenshot of it.',
  'staffTotp.enrol.submit': 'Confirm and sign in',
  'staffPassword.title': 'Choose your own password',
  'staffPassword.lead':
    'The password you were given is a first password: it works once, and only here. Choose your own password that only you know. Then you set up two-step sign-in.',
  'staffPassword.new': 'New password',
  'staffPassword.hint': 'At least 12 characters. A few words you remember, spaces welcome.',
  'staffPassword.repeat': 'Repeat the new password',
  'staffPassword.submit': 'Save the password and continue',
  'staffPassword.mismatch': 'The two passwords are not the same.',
  'staffPassword.length': 'The password must have 12 to 256 characters.',
  'staffPassword.same': 'Choose a password other than the one you were given.',
  'staffPassword.expired':
    'The first password has expired (it works for 72 hours). Ask an administrator for a new one.',
};
