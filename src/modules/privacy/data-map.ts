/**
 * The data map: every column of every table, declared once with what it means for privacy.
 * The privacy policy page, the record of processing, the access export, the erasure plan
 * and the retention rules are all derived from this file, and a test fails the build when
 * the live database has a column this map does not classify.
 */
type Text = { readonly nb: string; readonly en: string };

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
    nb: 'Avtale- og tjenesteopplysninger (målepunkt, prisområde, nåværende avtale)',
    en: 'Agreement and service details (metering point, price area, current contract)',
  },
  consumption: {
    nb: 'Forbruksopplysninger (strømforbruk time for time)',
    en: 'Consumption (hourly electricity use)',
  },
  invoice: {
    nb: 'Faktura- og finansopplysninger (strømfakturaer)',
    en: 'Invoice and financial details (electricity invoices)',
  },
  inquiry: { nb: 'Henvendelser til kundeservice', en: 'Enquiries to customer service' },
  behaviour: {
    nb: 'Adferdsopplysninger (hva du har gjort i tjenesten, som innlogginger og samtykker)',
    en: 'Behaviour (what you did in the service, such as sign-ins and consents)',
  },
  device: { nb: 'Enhetsopplysninger (innloggingsøkter)', en: 'Device details (sign-in sessions)' },
  permission: {
    nb: 'Tillatelser (samtykker og fullmakter med tekstversjon og tidspunkt)',
    en: 'Permissions (consents and powers of attorney with text version and time)',
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
  bookkeeping: {
    basis: 'art6-1c',
    nb: 'Oppbevare fakturaer og bilag slik bokføringsloven krever',
    en: 'Keeping invoices and vouchers as the Bookkeeping Act requires',
  },
  consent_proof: {
    basis: 'art6-1c',
    nb: 'Dokumentere hvilke samtykker og fullmakter du har gitt (GDPR art. 7 nr. 1)',
    en: 'Documenting which consents and powers of attorney you gave (GDPR Art. 7(1))',
  },
  security: {
    basis: 'art6-1f',
    nb: 'Sikkerhet og etterprøvbarhet: innloggingsøkter og en logg over hvem som gjorde hva',
    en: 'Security and accountability: sign-in sessions and a log of who did what',
  },
} as const satisfies Record<string, Text & { basis: LegalBasis; consent?: string }>;
export type Purpose = keyof typeof PURPOSES;

/**
 * Retention: an event and a duration, with the rule that sets it. `endsWithRelationship`
 * rules run out when the person leaves or asks for erasure; the others outlive it.
 */
export const RETENTION_RULES = {
  while_customer: {
    nb: 'Så lenge kundeforholdet varer; slettes når du avslutter eller ber om sletting',
    en: 'As long as the customer relationship lasts; deleted when you leave or ask for erasure',
    source: 'GDPR art. 5 nr. 1 bokstav e',
    endsWithRelationship: true,
  },
  until_consent_withdrawn: {
    nb: 'Til du trekker samtykket tilbake; aldri mer enn 16 måneder tilbake i tid',
    en: 'Until you withdraw consent; never more than 16 months back',
    source: 'GDPR art. 7 nr. 3',
    endsWithRelationship: true,
  },
  session: {
    nb: '12 timer, eller til du logger ut',
    en: '12 hours, or until you sign out',
    source: 'GDPR art. 5 nr. 1 bokstav e',
    endsWithRelationship: true,
  },
  bookkeeping_5y: {
    nb: '5 år etter utgangen av regnskapsåret (fakturaer og bilag)',
    en: '5 years after the end of the accounting year (invoices and vouchers)',
    source: 'bokføringsloven § 13',
    endsWithRelationship: false,
  },
  agreements_3_5y: {
    nb: '3 år og 6 måneder etter utgangen av regnskapsåret (avtaler, brev og ordresedler)',
    en: '3 years and 6 months after the end of the accounting year (agreements, letters and order slips)',
    source: 'bokføringsloven § 13',
    endsWithRelationship: false,
  },
  audit_5y: {
    nb: '5 år etter hendelsen, uten kontaktopplysninger',
    en: '5 years after the event, without contact details',
    source: 'GDPR art. 5 nr. 2 og art. 24',
    endsWithRelationship: false,
  },
} as const satisfies Record<string, Text & { source: string; endsWithRelationship: boolean }>;
export type RetentionRule = keyof typeof RETENTION_RULES;

/** How a personal value is stored, which decides how export shows it. */
export type Storage =
  | 'encrypted-general'
  | 'encrypted-bookkeeping'
  /** A keyed hash for look-ups; exported as a note, since it cannot be reversed. */
  | 'blind-index'
  /** A one-way password hash. */
  | 'password-hash'
  | 'plain';

export type Encoding = 'text' | 'json' | 'hourly-series';

export interface PersonalColumn {
  readonly kind: 'personal';
  readonly category: Category;
  readonly purposes: readonly Purpose[];
  readonly retention: RetentionRule;
  readonly storage: Storage;
  readonly encoding?: Encoding;
  /** For encrypted columns: the associated-data name the value was sealed under. */
  readonly field?: (row: Readonly<Record<string, unknown>>) => string;
}

export interface ReferenceColumn {
  readonly kind: 'reference';
  readonly note: string;
}

export interface NotPersonalColumn {
  readonly kind: 'not-personal';
  readonly note: string;
}

export type ColumnSpec = PersonalColumn | ReferenceColumn | NotPersonalColumn;

export type SubjectLink =
  | { readonly column: string }
  | { readonly via: { readonly column: string; readonly table: string; readonly subjectColumn: string } };

export interface TableSpec {
  readonly description: Text;
  /** How rows find their data subject; absent for tables with no personal data. */
  readonly subject?: SubjectLink;
  /** What erasure does to the subject's rows. */
  readonly onErasure?: 'delete' | 'pseudonymise' | 'keep';
  /** For kept rows: the column that holds each row's own keep-until date. */
  readonly keepUntilColumn?: string;
  readonly columns: Readonly<Record<string, ColumnSpec>>;
}

const personal = (
  category: Category,
  purposes: readonly Purpose[],
  retention: RetentionRule,
  storage: Storage = 'plain',
  extra: { encoding?: Encoding; field?: PersonalColumn['field'] } = {},
): PersonalColumn => ({ kind: 'personal', category, purposes, retention, storage, ...extra });
const ref = (note: string): ReferenceColumn => ({ kind: 'reference', note });
const none = (note: string): NotPersonalColumn => ({ kind: 'not-personal', note });
const fixedField = (name: string) => () => name;

const SUBJECT_ID =
  'a random identifier of the data subject; identifies nobody once the personal fields are gone';

/** Declared parents before children: erasure deletes in the reverse order. */
export const DATA_MAP: Readonly<Record<string, TableSpec>> = {
  schema_migrations: {
    description: { nb: 'Databaseversjoner', en: 'Database versions' },
    columns: { name: none('migration name'), applied_at: none('when it was applied') },
  },
  customers: {
    description: { nb: 'Kundekontoen din', en: 'Your customer account' },
    subject: { column: 'id' },
    onErasure: 'pseudonymise',
    columns: {
      id: ref(SUBJECT_ID),
      status: none('active or erased'),
      email_enc: personal('contact', ['account'], 'while_customer', 'encrypted-general', {
        encoding: 'text',
        field: fixedField('customers.email_enc'),
      }),
      email_bidx: personal('contact', ['account'], 'while_customer', 'blind-index'),
      name_enc: personal('contact', ['account'], 'while_customer', 'encrypted-general', {
        encoding: 'text',
        field: fixedField('customers.name_enc'),
      }),
      phone_enc: personal('contact', ['account'], 'while_customer', 'encrypted-general', {
        encoding: 'text',
        field: fixedField('customers.phone_enc'),
      }),
      fnr_enc: personal(
        'identity_number',
        ['account', 'savings_analysis'],
        'while_customer',
        'encrypted-general',
        {
          encoding: 'text',
          field: fixedField('customers.fnr_enc'),
        },
      ),
      fnr_bidx: personal('identity_number', ['account'], 'while_customer', 'blind-index'),
      password_hash: personal('contact', ['account'], 'while_customer', 'password-hash'),
      is_demo: none('marks the demo household'),
      created_at: personal('agreement', ['account'], 'agreements_3_5y'),
      erased_at: none('when the account was erased'),
    },
  },
  sessions: {
    description: { nb: 'Innloggingsøkter', en: 'Sign-in sessions' },
    subject: { column: 'customer_id' },
    onErasure: 'delete',
    columns: {
      token_hash: personal('device', ['security'], 'session', 'password-hash'),
      customer_id: ref(SUBJECT_ID),
      created_at: personal('device', ['security'], 'session'),
      expires_at: personal('device', ['security'], 'session'),
    },
  },
  permission_events: {
    description: { nb: 'Samtykker og fullmakter', en: 'Consents and powers of attorney' },
    subject: { column: 'customer_id' },
    onErasure: 'keep',
    columns: {
      id: none('row number'),
      customer_id: ref(SUBJECT_ID),
      kind: personal('permission', ['consent_proof'], 'agreements_3_5y'),
      scope: personal('permission', ['consent_proof'], 'agreements_3_5y'),
      action: personal('permission', ['consent_proof'], 'agreements_3_5y'),
      text_version: personal('permission', ['consent_proof'], 'agreements_3_5y'),
      channel: personal('permission', ['consent_proof'], 'agreements_3_5y'),
      valid_until: personal('permission', ['consent_proof'], 'agreements_3_5y'),
      occurred_at: personal('permission', ['consent_proof'], 'agreements_3_5y'),
    },
  },
  offers: {
    description: { nb: 'Strømavtaler i markedet', en: 'Electricity contracts on the market' },
    columns: Object.fromEntries(
      [
        'id',
        'valid_from',
        'valid_to',
        'supplier_name',
        'supplier_orgnr',
        'name',
        'product_type',
        'areas',
        'customer_type',
        'markup_ore_per_kwh',
        'energy_price_ore_per_kwh',
        'monthly_fee_ore',
        'binding_months',
        'is_demo',
        'source',
        'imported_at',
      ].map((c) => [c, none('public market data')]),
    ),
  },
  spot_prices: {
    description: { nb: 'Spotpriser', en: 'Spot prices' },
    columns: Object.fromEntries(
      [
        'area',
        'starts_at',
        'resolution_minutes',
        'price_ore_per_kwh',
        'source',
        'priority',
        'estimated',
        'eur_per_mwh',
        'eur_nok_rate',
      ].map((c) => [c, none('public market data')]),
    ),
  },
  metering_points: {
    description: { nb: 'Målepunktene dine', en: 'Your metering points' },
    subject: { column: 'customer_id' },
    onErasure: 'delete',
    columns: {
      id: ref('a random identifier of the metering point in Elvakt'),
      customer_id: ref(SUBJECT_ID),
      gsrn_enc: personal('agreement', ['savings_analysis'], 'until_consent_withdrawn', 'encrypted-general', {
        encoding: 'text',
        field: fixedField('metering_points.gsrn_enc'),
      }),
      gsrn_bidx: personal('agreement', ['savings_analysis'], 'until_consent_withdrawn', 'blind-index'),
      gsrn_check_digit_ok: none('whether the ID has a correct check digit'),
      price_area: personal('agreement', ['savings_analysis'], 'until_consent_withdrawn'),
      county_code: personal('agreement', ['savings_analysis'], 'until_consent_withdrawn'),
      customer_type: personal('agreement', ['savings_analysis'], 'until_consent_withdrawn'),
      current_offer_id: personal('agreement', ['savings_analysis'], 'until_consent_withdrawn'),
      source: none('where the metering point came from'),
      created_at: personal('agreement', ['savings_analysis'], 'until_consent_withdrawn'),
    },
  },
  consumption_series: {
    description: { nb: 'Strømforbruket ditt time for time', en: 'Your hourly electricity use' },
    subject: { via: { column: 'metering_point_id', table: 'metering_points', subjectColumn: 'customer_id' } },
    onErasure: 'delete',
    columns: {
      metering_point_id: ref('the metering point the values belong to'),
      month: personal('consumption', ['savings_analysis'], 'until_consent_withdrawn'),
      starts_at: personal('consumption', ['savings_analysis'], 'until_consent_withdrawn'),
      hours: none('hours in the month'),
      values_enc: personal(
        'consumption',
        ['savings_analysis'],
        'until_consent_withdrawn',
        'encrypted-general',
        {
          encoding: 'hourly-series',
          field: (row) =>
            `consumption_series.values_enc/${String(row.metering_point_id)}/${String(row.month)}`,
        },
      ),
      source: none('where the values came from'),
      updated_at: personal('consumption', ['savings_analysis'], 'until_consent_withdrawn'),
    },
  },
  invoices: {
    description: { nb: 'Strømfakturaene dine', en: 'Your electricity invoices' },
    subject: { column: 'customer_id' },
    onErasure: 'keep',
    keepUntilColumn: 'keep_until',
    columns: {
      id: ref('a random identifier of the invoice in Elvakt'),
      customer_id: ref(SUBJECT_ID),
      seller_orgnr: none('the seller is a company'),
      seller_name: none('the seller is a company'),
      document_type: personal('invoice', ['savings_analysis', 'bookkeeping'], 'bookkeeping_5y'),
      dedupe_bidx: personal('invoice', ['savings_analysis'], 'bookkeeping_5y', 'blind-index'),
      details_enc: personal(
        'invoice',
        ['savings_analysis', 'bookkeeping'],
        'bookkeeping_5y',
        'encrypted-bookkeeping',
        {
          encoding: 'json',
          field: (row) => `invoices.details_enc/${String(row.id)}`,
        },
      ),
      document_enc: personal('invoice', ['bookkeeping'], 'bookkeeping_5y', 'encrypted-bookkeeping', {
        encoding: 'text',
        field: (row) => `invoices.document_enc/${String(row.id)}`,
      }),
      keep_until: none('the date the bookkeeping rule runs out'),
      imported_at: personal('invoice', ['savings_analysis'], 'bookkeeping_5y'),
    },
  },
  audit_log: {
    description: {
      nb: 'Logg over hva som er gjort med opplysningene dine',
      en: 'Log of what was done with your data',
    },
    subject: { column: 'subject_id' },
    onErasure: 'keep',
    columns: {
      id: none('row number in the chain'),
      occurred_at: personal('behaviour', ['security'], 'audit_5y'),
      actor: personal('behaviour', ['security'], 'audit_5y'),
      action: personal('behaviour', ['security'], 'audit_5y'),
      subject_id: ref(SUBJECT_ID),
      purpose: personal('behaviour', ['security'], 'audit_5y'),
      details: personal('behaviour', ['security'], 'audit_5y'),
      prev_hash: none('hash chain link'),
      hash: none('hash chain link'),
    },
  },
  audit_head: {
    description: { nb: 'Loggens siste ledd', en: 'The head of the audit chain' },
    columns: { id: none('always 1'), last_id: none('last row number'), hash: none('last hash') },
  },
};

export const personalColumns = (spec: TableSpec): [string, PersonalColumn][] =>
  Object.entries(spec.columns).filter((e): e is [string, PersonalColumn] => e[1].kind === 'personal');

/**
 * Tables whose rows exist only under a consent: every personal column serves a purpose
 * based on that consent and is kept until it is withdrawn. Withdrawing deletes them.
 */
export const consentBoundTables = (consentScope: string): [string, TableSpec][] =>
  subjectTables().filter(([, spec]) => {
    const cols = personalColumns(spec);
    return (
      spec.onErasure === 'delete' &&
      cols.length > 0 &&
      cols.every(
        ([, c]) =>
          c.retention === 'until_consent_withdrawn' &&
          c.purposes.some((p) => (PURPOSES[p] as { consent?: string }).consent === consentScope),
      )
    );
  });

/** Tables that hold personal data, in declaration order. */
export const subjectTables = (): [string, TableSpec][] =>
  Object.entries(DATA_MAP).filter(([, spec]) => spec.subject !== undefined);
