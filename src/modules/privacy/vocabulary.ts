/**
 * The words the data map is written in: categories of personal data (those of the
 * Østfold Energi policy, with identity number apart), purposes with their legal basis,
 * retention rules with their legal source, and where data comes from. Everything shown to
 * people about privacy is made from these, in Norwegian and English.
 */
export type Text = { readonly nb: string; readonly en: string };

export const CATEGORIES = {
  contact: {
    nb: 'Kontaktopplysninger (navn, e-post, telefon, brukernavn og passord)',
    en: 'Contact details (name, e-mail, phone, user name and password)',
  },
  identity_number: {
    nb: 'Fødselsnummer eller D-nummer',
    en: 'National identity number (fødselsnummer or D-nummer)',
  },
  agreement: {
    nb: 'Avtale- og tjenesteopplysninger (målepunkt, prisområde, nåværende avtale, når du ble kunde)',
    en: 'Agreement and service details (metering point, price area, current contract, when you became a customer)',
  },
  consumption: {
    nb: 'Forbruksopplysninger (strømforbruk time for time)',
    en: 'Consumption (hourly electricity use)',
  },
  invoice: {
    nb: 'Faktura- og finansopplysninger (strømfakturaer)',
    en: 'Invoice and financial details (electricity invoices)',
  },
  inquiry: {
    nb: 'Henvendelser (forespørsler om innsyn, sletting og andre rettigheter, klager)',
    en: 'Enquiries (requests for access, erasure and other rights, complaints)',
  },
  behaviour: {
    nb: 'Adferdsopplysninger (hva du har gjort i tjenesten, som innlogginger og samtykker)',
    en: 'Behaviour (what you did in the service, such as sign-ins and consents)',
  },
  device: {
    nb: 'Enhetsopplysninger (innloggingsøkter og valg av informasjonskapsler)',
    en: 'Device details (sign-in sessions and cookie choices)',
  },
  permission: {
    nb: 'Tillatelser (samtykker og fullmakter med tekstversjon og tidspunkt, og hver bruk av en fullmakt)',
    en: 'Permissions (consents and powers of attorney with text version and time, and every use of a power of attorney)',
  },
} as const satisfies Record<string, Text>;
export type Category = keyof typeof CATEGORIES;

export type LegalBasis = 'art6-1a' | 'art6-1b' | 'art6-1c' | 'art6-1f';

export const LEGAL_BASES: Record<LegalBasis, Text> = {
  'art6-1a': { nb: 'Samtykke, GDPR art. 6 nr. 1 bokstav a', en: 'Consent, GDPR Art. 6(1)(a)' },
  'art6-1b': { nb: 'Avtale, GDPR art. 6 nr. 1 bokstav b', en: 'Contract, GDPR Art. 6(1)(b)' },
  'art6-1c': {
    nb: 'Rettslig forpliktelse, GDPR art. 6 nr. 1 bokstav c',
    en: 'Legal obligation, GDPR Art. 6(1)(c)',
  },
  'art6-1f': {
    nb: 'Berettiget interesse, GDPR art. 6 nr. 1 bokstav f',
    en: 'Legitimate interest, GDPR Art. 6(1)(f)',
  },
};

export const PURPOSES = {
  account: {
    basis: 'art6-1b',
    nb: 'Kundeforholdet: konto, innlogging og kommunikasjon med deg om tjenesten',
    en: 'The customer relationship: account, sign-in and communication with you about the service',
  },
  savings_analysis: {
    basis: 'art6-1a',
    consent: 'invoice_analysis',
    nb: 'Beregne hva du kan spare på å bytte strømavtale, fra fakturaene og forbruket ditt',
    en: 'Working out what you could save by switching electricity contract, from your invoices and consumption',
  },
  monitoring: {
    basis: 'art6-1a',
    consent: 'continued_monitoring',
    nb: 'Følge med på prisene og avtalene for deg og si fra når du kan spare',
    en: 'Keeping an eye on prices and contracts for you and telling you when you could save',
  },
  bookkeeping: {
    basis: 'art6-1c',
    nb: 'Oppbevare fakturaer og bilag slik bokføringsloven krever',
    en: 'Keeping invoices and vouchers as the Bookkeeping Act requires',
  },
  consent_proof: {
    basis: 'art6-1c',
    nb: 'Dokumentere hvilke samtykker og fullmakter du har gitt, og hver bruk av en fullmakt (GDPR art. 7 nr. 1)',
    en: 'Documenting which consents and powers of attorney you gave, and every use of a power of attorney (GDPR Art. 7(1))',
  },
  data_subject_rights: {
    basis: 'art6-1c',
    nb: 'Behandle forespørslene dine om innsyn, retting, sletting, begrensning, protest og klage (GDPR art. 12–22)',
    en: 'Handling your requests for access, rectification, erasure, restriction, objection and complaints (GDPR Art. 12–22)',
  },
  legal_claims: {
    basis: 'art6-1f',
    nb: 'Fastsette, gjøre gjeldende eller forsvare rettskrav ved tvist (GDPR art. 17 nr. 3 bokstav e)',
    en: 'Establishing, exercising or defending legal claims in a dispute (GDPR Art. 17(3)(e))',
  },
  security: {
    basis: 'art6-1f',
    nb: 'Sikkerhet og etterprøvbarhet: innloggingsøkter og en logg over hvem som gjorde hva',
    en: 'Security and accountability: sign-in sessions and a log of who did what',
  },
  staff_access: {
    basis: 'art6-1f',
    nb: 'Tilgangsstyring for ansatte: brukerkonto, roller og innlogging',
    en: 'Access control for staff: user account, roles and sign-in',
  },
} as const satisfies Record<string, Text & { basis: LegalBasis; consent?: string }>;
export type Purpose = keyof typeof PURPOSES;

/**
 * Retention: an event and a duration, with the rule that sets it (cited in both languages). `endsWithRelationship`
 * rules run out when the person leaves or asks for erasure; the others outlive it.
 */
export const RETENTION_RULES = {
  while_customer: {
    nb: 'Så lenge kundeforholdet varer; slettes når du avslutter eller ber om sletting',
    en: 'As long as the customer relationship lasts; deleted when you leave or ask for erasure',
    source: { nb: 'GDPR art. 5 nr. 1 bokstav e', en: 'GDPR Art. 5(1)(e)' },
    endsWithRelationship: true,
  },
  until_consent_withdrawn: {
    nb: 'Til du trekker samtykket tilbake; aldri mer enn 16 måneder tilbake i tid',
    en: 'Until you withdraw consent; never more than 16 months back',
    source: { nb: 'GDPR art. 7 nr. 3', en: 'GDPR Art. 7(3)' },
    endsWithRelationship: true,
  },
  session: {
    nb: '12 timer, eller til du logger ut',
    en: '12 hours, or until you sign out',
    source: { nb: 'GDPR art. 5 nr. 1 bokstav e', en: 'GDPR Art. 5(1)(e)' },
    endsWithRelationship: true,
  },
  outbox_30d: {
    nb: '30 dager etter at meldingen er sendt',
    en: '30 days after the message was sent',
    source: { nb: 'GDPR art. 5 nr. 1 bokstav e', en: 'GDPR Art. 5(1)(e)' },
    endsWithRelationship: true,
  },
  export_runs_7d: {
    nb: '7 dager etter nedlastingen (for å begrense antall nedlastinger per døgn)',
    en: '7 days after the download (to limit downloads per day)',
    source: { nb: 'GDPR art. 5 nr. 1 bokstav e og art. 32', en: 'GDPR Art. 5(1)(e) and Art. 32' },
    endsWithRelationship: true,
  },
  bookkeeping_5y: {
    nb: '5 år etter utgangen av regnskapsåret (fakturaer og bilag)',
    en: '5 years after the end of the accounting year (invoices and vouchers)',
    source: { nb: 'bokføringsloven § 13', en: 'Bookkeeping Act (bokføringsloven) § 13' },
    endsWithRelationship: false,
  },
  agreements_3_5y: {
    nb: '3 år og 6 måneder etter utgangen av regnskapsåret (avtaler, brev og ordresedler)',
    en: '3 years and 6 months after the end of the accounting year (agreements, letters and order slips)',
    source: { nb: 'bokføringsloven § 13', en: 'Bookkeeping Act (bokføringsloven) § 13' },
    endsWithRelationship: false,
  },
  requests_3y: {
    nb: '3 år etter at forespørselen er avsluttet (foreldelsesfristen)',
    en: '3 years after the request was closed (the limitation period)',
    source: { nb: 'foreldelsesloven § 2', en: 'Limitation Act (foreldelsesloven) § 2' },
    endsWithRelationship: false,
  },
  legal_hold: {
    nb: 'Til tvisten er løst og sperren er opphevet',
    en: 'Until the dispute is settled and the hold is released',
    source: { nb: 'GDPR art. 17 nr. 3 bokstav e', en: 'GDPR Art. 17(3)(e)' },
    endsWithRelationship: false,
  },
  audit_5y: {
    nb: '5 år etter hendelsen, uten kontaktopplysninger',
    en: '5 years after the event, without contact details',
    source: { nb: 'GDPR art. 5 nr. 2 og art. 24', en: 'GDPR Art. 5(2) and Art. 24' },
    endsWithRelationship: false,
  },
  cookie_choice_12m: {
    nb: '12 måneder etter valget',
    en: '12 months after the choice',
    source: {
      nb: 'ekomloven § 3-15 og GDPR art. 7 nr. 1',
      en: 'Electronic Communications Act (ekomloven) § 3-15 and GDPR Art. 7(1)',
    },
    endsWithRelationship: false,
  },
  // Six months after the account is ended: long enough for an administrator to undo an
  // ending made in error, and for requests, holds and audit entries of the last months to
  // be answered for by a named person when a data subject or the authority asks (a request
  // is answered within at most three months, art. 12(3)); then only the random id stays,
  // read as "former staff member" (storage limitation, art. 5(1)(e); accountability, 5(2)).
  while_employed: {
    nb: 'Så lenge ansettelsen varer, og 6 måneder etter at kontoen er avsluttet; deretter står bare en anonym henvisning («tidligere ansatt») igjen',
    en: 'As long as the employment lasts, and 6 months after the account was ended; then only an anonymous reference ("former staff member") remains',
    source: {
      nb: 'GDPR art. 5 nr. 1 bokstav e og nr. 2, art. 12 nr. 3',
      en: 'GDPR Art. 5(1)(e) and (2), Art. 12(3)',
    },
    endsWithRelationship: false,
  },
  attempt_window: {
    nb: 'Til tellevinduet for innloggingsforsøk er omme (15 minutter)',
    en: 'Until the window sign-in attempts are counted in ends (15 minutes)',
    source: { nb: 'GDPR art. 5 nr. 1 bokstav e og art. 32', en: 'GDPR Art. 5(1)(e) and Art. 32' },
    endsWithRelationship: false,
  },
} as const satisfies Record<string, Text & { source: Text; endsWithRelationship: boolean }>;
export type RetentionRule = keyof typeof RETENTION_RULES;

/** Where each category comes from, for the policy's "what we collect and from where". */
export const SOURCES: Record<Category, Text> = {
  contact: {
    nb: 'Fra deg når du blir kunde eller endrer opplysningene',
    en: 'From you when you sign up or change your details',
  },
  identity_number: { nb: 'Fra deg når du blir kunde', en: 'From you when you sign up' },
  agreement: {
    nb: 'Fra deg, og fra Elhub med din fullmakt',
    en: 'From you, and from Elhub under your power of attorney',
  },
  consumption: {
    nb: 'Fra Elhub med din fullmakt, eller fra filer du laster opp',
    en: 'From Elhub under your power of attorney, or from files you upload',
  },
  invoice: {
    nb: 'Fra nettbanken din med din fullmakt (bare strømselskaper, høyst 16 måneder tilbake)',
    en: 'From your online bank under your power of attorney (electricity companies only, at most 16 months back)',
  },
  inquiry: { nb: 'Fra deg når du kontakter oss', en: 'From you when you contact us' },
  behaviour: { nb: 'Blir til når du bruker tjenesten', en: 'Created as you use the service' },
  device: { nb: 'Fra nettleseren din', en: 'From your browser' },
  permission: {
    nb: 'Fra deg når du gir eller trekker et samtykke eller en fullmakt',
    en: 'From you when you give or withdraw a consent or power of attorney',
  },
};

/** A word in its singular and plural form ("1 faktura", "12 fakturaer"). */
export type Forms = { readonly one: string; readonly other: string };

/**
 * What one stored thing is called, in both languages and both numbers: the erasure plan says
 * "3 målepunkter, 12 fakturaer" instead of counting database rows.
 */
export type Countable = { readonly nb: Forms; readonly en: Forms };
