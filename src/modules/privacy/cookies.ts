import type { Text } from './vocabulary.ts';

/**
 * Every cookie Elvakt sets. Strictly necessary ones need no consent (ekomloven § 3-15);
 * the statistics cookie is set only after consent, and never when the browser says
 * `DNT: 1` or `Sec-GPC: 1`. The banner and the policy page list them from here.
 */
export interface CookieSpec {
  readonly name: string;
  readonly necessary: boolean;
  readonly purpose: Text;
  readonly lifetime: Text;
}

/** A change to what is asked bumps this; choices made under an older version are asked again. */
export const COOKIE_POLICY_VERSION = '2026-11-26';
export const CHOICE_COOKIE = 'cookie_choice';
export const STATS_COOKIE = 'elvakt_stats';

export const COOKIES: readonly CookieSpec[] = [
  {
    name: 'auth_token',
    necessary: true,
    purpose: { nb: 'Holder deg innlogget', en: 'Keeps you signed in' },
    lifetime: { nb: '12 timer', en: '12 hours' },
  },
  {
    name: 'oidc_flow',
    necessary: true,
    purpose: {
      nb: 'Holder styr på innlogging med BankID / ID-porten mens du er hos dem (kryptert)',
      en: 'Keeps track of a sign-in with BankID / ID-porten while you are with them (encrypted)',
    },
    lifetime: { nb: '10 minutter', en: '10 minutes' },
  },
  {
    name: 'oidc_signup',
    necessary: true,
    purpose: {
      nb: 'Husker den bekreftede identiteten din til du har fullført registreringen (kryptert)',
      en: 'Remembers your verified identity until you have completed sign-up (encrypted)',
    },
    lifetime: { nb: '15 minutter', en: '15 minutes' },
  },
  {
    name: 'staff_token',
    necessary: true,
    purpose: {
      nb: 'Holder ansatte innlogget på saksbehandlersidene',
      en: 'Keeps staff signed in on the desk',
    },
    lifetime: { nb: 'Til de logger ut, høyst 8 timer', en: 'Until they sign out, at most 8 hours' },
  },
  {
    name: 'staff_2fa',
    necessary: true,
    purpose: {
      nb: 'Husker at en ansatt har oppgitt passordet mens koden fra appen ventes',
      en: 'Remembers that staff gave the password while the code from the app is awaited',
    },
    lifetime: { nb: '5 minutter', en: '5 minutes' },
  },
  {
    name: 'staff_oidc_flow',
    necessary: true,
    purpose: {
      nb: 'Holder styr på en ansatts innlogging med selskapets konto mens hen er hos innloggingstjenesten (kryptert)',
      en: "Keeps track of a staff member's sign-in with the company account while they are with the sign-in service (encrypted)",
    },
    lifetime: { nb: '10 minutter', en: '10 minutes' },
  },
  {
    name: 'csrf',
    necessary: true,
    purpose: {
      nb: 'Beskytter skjemaene mot forfalskede innsendinger',
      en: 'Protects forms against forged submissions',
    },
    lifetime: { nb: 'Til nettleseren lukkes', en: 'Until the browser closes' },
  },
  {
    name: 'lang',
    necessary: true,
    purpose: { nb: 'Husker språket du valgte', en: 'Remembers the language you chose' },
    lifetime: { nb: '12 måneder', en: '12 months' },
  },
  {
    name: CHOICE_COOKIE,
    necessary: true,
    purpose: { nb: 'Husker valget ditt om informasjonskapsler', en: 'Remembers your cookie choice' },
    lifetime: { nb: '12 måneder', en: '12 months' },
  },
  {
    name: STATS_COOKIE,
    necessary: false,
    purpose: {
      nb: 'Teller hvor mange som besøker hver side (egen statistikk, deles ikke med andre)',
      en: 'Counts how many visit each page (our own statistics, not shared with anyone)',
    },
    lifetime: { nb: '12 måneder', en: '12 months' },
  },
];

/** Whether the browser asked not to be tracked; then no statistics, whatever was chosen. */
export const browserRefusesTracking = (
  headers: Record<string, string | string[] | undefined>,
): string | null => (headers.dnt === '1' ? 'dnt' : headers['sec-gpc'] === '1' ? 'gpc' : null);
