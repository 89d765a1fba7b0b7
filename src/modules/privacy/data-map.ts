import {
  type Category,
  type Countable,
  PURPOSES,
  type Purpose,
  type RetentionRule,
  type Text,
} from './vocabulary.ts';

export * from './vocabulary.ts';

/**
 * The data map: every column of every table, declared once with what it means for privacy.
 * The privacy policy page, the record of processing, the access export, the erasure plan
 * and the retention rules are all derived from this file, and a test fails the build when
 * the live database has a column this map does not classify.
 */
/** How a personal value is stored, which decides how export shows it. */
export type Storage =
  | 'encrypted-general'
  | 'encrypted-bookkeeping'
  /** A keyed hash for look-ups; exported as a note, since it cannot be reversed. */
  | 'blind-index'
  /** A one-way password hash. */
  | 'password-hash'
  /**
   * Sealed under a key of the platform, not of a person: secrets of staff accounts (the
   * TOTP seed), which belong to no data subject's export.
   */
  | 'encrypted-platform'
  | 'plain';

/** How an encrypted value is laid out once opened; 'deflated-*' was compressed before it was sealed. */
export type Encoding = 'text' | 'json' | 'deflated-text' | 'deflated-json' | 'hourly-series';

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
  /** What one row is to a person ("faktura", "målepunkt"): counts are said in these words. */
  readonly unit: Countable;
  /** How rows find their data subject; absent for tables with no personal data. */
  readonly subject?: SubjectLink;
  /** What erasure does to the subject's rows. */
  readonly onErasure?: 'delete' | 'pseudonymise' | 'keep';
  /** For kept rows: the column that holds each row's own keep-until date. */
  readonly keepUntilColumn?: string;
  /** For kept tables with no personal column of their own (only references): the rule that keeps them. */
  readonly keepRule?: RetentionRule;
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
const unit = (nbOne: string, nbOther: string, enOne: string, enOther: string): Countable => ({
  nb: { one: nbOne, other: nbOther },
  en: { one: enOne, other: enOther },
});

const SUBJECT_ID =
  'a random identifier of the data subject; identifies nobody once the personal fields are gone';

/** Declared parents before children: erasure deletes in the reverse order. */
export const DATA_MAP: Readonly<Record<string, TableSpec>> = {
  schema_migrations: {
    unit: unit('databaseversjon', 'databaseversjoner', 'database version', 'database versions'),
    description: { nb: 'Databaseversjoner', en: 'Database versions' },
    columns: { name: none('migration name'), applied_at: none('when it was applied') },
  },
  customers: {
    unit: unit('kundekonto', 'kundekontoer', 'customer account', 'customer accounts'),
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
      // Equal names give equal hashes: the cost of finding a customer by name at the desk.
      name_bidx: personal('contact', ['account'], 'while_customer', 'blind-index'),
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
    unit: unit('innloggingsøkt', 'innloggingsøkter', 'sign-in session', 'sign-in sessions'),
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
  customer_oidc_links: {
    unit: unit(
      'kobling til BankID eller ID-porten',
      'koblinger til BankID eller ID-porten',
      'link to BankID or ID-porten',
      'links to BankID or ID-porten',
    ),
    description: {
      nb: 'Koblingen mellom kontoen din og innloggingen med BankID eller ID-porten',
      en: 'The link between your account and your sign-in with BankID or ID-porten',
    },
    subject: { column: 'customer_id' },
    onErasure: 'delete',
    columns: {
      // The provider's issuer and subject, as a keyed hash: enough to recognise the next
      // sign-in, useless for finding the person at the provider.
      subject_bidx: personal('contact', ['account'], 'while_customer', 'blind-index'),
      customer_id: ref(SUBJECT_ID),
      created_at: personal('behaviour', ['account'], 'while_customer'),
      last_used_at: personal('behaviour', ['security'], 'while_customer'),
    },
  },
  permission_events: {
    unit: unit(
      'samtykke eller fullmakt gitt eller trukket tilbake',
      'samtykker og fullmakter gitt eller trukket tilbake',
      'consent or power of attorney given or withdrawn',
      'consents and powers of attorney given or withdrawn',
    ),
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
    unit: unit('strømavtale', 'strømavtaler', 'electricity contract', 'electricity contracts'),
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
        'revision',
        'cabin',
        'el_certificate_ore_per_kwh',
        'el_certificate_on_top',
        'fixed_months',
        'fixed_until',
        'exit_fee_ore',
        'exit_fee_per',
        'conditions',
        'superseded_at',
      ].map((c) => [c, none('public market data')]),
    ),
  },
  spot_prices: {
    unit: unit('spotpris', 'spotpriser', 'spot price', 'spot prices'),
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
        'import_seq',
      ].map((c) => [c, none('public market data')]),
    ),
  },
  metering_points: {
    unit: unit('målepunkt', 'målepunkter', 'metering point', 'metering points'),
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
      grid_gln: personal('agreement', ['savings_analysis'], 'until_consent_withdrawn'),
      source: none('where the metering point came from'),
      created_at: personal('agreement', ['savings_analysis'], 'until_consent_withdrawn'),
    },
  },
  consumption_series: {
    unit: unit(
      'måned med timeforbruk',
      'måneder med timeforbruk',
      'month of hourly use',
      'months of hourly use',
    ),
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
    unit: unit('faktura', 'fakturaer', 'invoice', 'invoices'),
    description: { nb: 'Strømfakturaene dine', en: 'Your electricity invoices' },
    subject: { column: 'customer_id' },
    onErasure: 'keep',
    keepUntilColumn: 'keep_until',
    columns: {
      id: ref('a random identifier of the invoice in Elvakt'),
      customer_id: ref(SUBJECT_ID),
      seller_orgnr: none('the seller is a company'),
      seller_name: none('the seller is a company'),
      seller_kind: none('whether the seller is a power supplier, a grid company or a producer'),
      document_type: personal('invoice', ['savings_analysis', 'bookkeeping'], 'bookkeeping_5y'),
      dedupe_bidx: personal('invoice', ['savings_analysis'], 'bookkeeping_5y', 'blind-index'),
      credits_invoice_id: ref('the invoice a credit note credits'),
      credits_bidx: personal('invoice', ['bookkeeping'], 'bookkeeping_5y', 'blind-index'),
      source_ref_bidx: personal('invoice', ['savings_analysis'], 'bookkeeping_5y', 'blind-index'),
      details_enc: personal(
        'invoice',
        ['savings_analysis', 'bookkeeping'],
        'bookkeeping_5y',
        'encrypted-bookkeeping',
        {
          encoding: 'deflated-json',
          field: (row) => `invoices.details_enc/${String(row.id)}`,
        },
      ),
      document_enc: personal('invoice', ['bookkeeping'], 'bookkeeping_5y', 'encrypted-bookkeeping', {
        encoding: 'deflated-text',
        field: (row) => `invoices.document_enc/${String(row.id)}`,
      }),
      keep_until: none('the date the bookkeeping rule runs out'),
      imported_at: personal('invoice', ['savings_analysis'], 'bookkeeping_5y'),
    },
  },
  audit_log: {
    unit: unit('loggført hendelse', 'loggførte hendelser', 'logged event', 'logged events'),
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
    unit: unit('kjedehode', 'kjedehoder', 'chain head', 'chain heads'),
    description: { nb: 'Loggens siste ledd', en: 'The head of the audit chain' },
    columns: {
      id: none('always 1'),
      last_id: none('last row number'),
      hash: none('last hash'),
      base_id: none('rows up to this number were removed by the retention sweeper'),
      base_hash: none('hash of the last removed row, where verification starts'),
    },
  },
  staff_users: {
    unit: unit('ansattkonto', 'ansattkontoer', 'staff account', 'staff accounts'),
    description: { nb: 'Ansattes brukerkontoer', en: 'Staff accounts' },
    columns: {
      id: ref('a random identifier of the staff member'),
      username: personal('contact', ['staff_access'], 'while_employed'),
      name: personal('contact', ['staff_access'], 'while_employed'),
      roles: personal('agreement', ['staff_access'], 'while_employed'),
      password_hash: personal('contact', ['staff_access'], 'while_employed', 'password-hash'),
      totp_secret_enc: personal('contact', ['staff_access'], 'while_employed', 'encrypted-platform'),
      created_at: personal('agreement', ['staff_access'], 'while_employed'),
      disabled_at: personal('agreement', ['staff_access'], 'while_employed'),
      totp_confirmed_at: personal('behaviour', ['staff_access'], 'while_employed'),
      totp_last_step: personal('behaviour', ['staff_access'], 'while_employed'),
      totp_failures: personal('behaviour', ['staff_access'], 'while_employed'),
      totp_locked_until: personal('behaviour', ['staff_access'], 'while_employed'),
      password_expires_at: personal('agreement', ['staff_access'], 'while_employed'),
      // The company provider's issuer and subject, as a keyed hash: enough to recognise the
      // same provider account next time, useless for finding the person at the provider.
      oidc_subject_bidx: personal('contact', ['staff_access'], 'while_employed', 'blind-index'),
      oidc_linked_at: personal('behaviour', ['staff_access'], 'while_employed'),
      oidc_last_used_at: personal('behaviour', ['staff_access'], 'while_employed'),
      removed_at: none(
        'when the personal fields of an ended account were removed; the row is then only an id',
      ),
    },
  },
  sign_in_limits: {
    unit: unit(
      'teller for innloggingsforsøk',
      'tellere for innloggingsforsøk',
      'sign-in attempt counter',
      'sign-in attempt counters',
    ),
    description: { nb: 'Tellere for innloggingsforsøk', en: 'Counters of sign-in attempts' },
    columns: {
      // A keyed hash of an e-mail address, a user name, an account id or an IP address: it
      // finds the counter again, names nobody, and looks the same for accounts that do not exist.
      key: personal('device', ['security'], 'attempt_window', 'blind-index'),
      attempts: personal('behaviour', ['security'], 'attempt_window'),
      window_ends_at: personal('behaviour', ['security'], 'attempt_window'),
    },
  },
  staff_sessions: {
    unit: unit('ansattøkt', 'ansattøkter', 'staff session', 'staff sessions'),
    description: { nb: 'Ansattes innloggingsøkter', en: 'Staff sign-in sessions' },
    columns: {
      token_hash: personal('device', ['staff_access'], 'session', 'password-hash'),
      staff_id: ref('the staff member'),
      created_at: personal('device', ['staff_access'], 'session'),
      expires_at: personal('device', ['staff_access'], 'session'),
    },
  },
  privacy_requests: {
    unit: unit('forespørsel', 'forespørsler', 'request', 'requests'),
    description: {
      nb: 'Forespørslene dine om rettighetene dine',
      en: 'Your requests under your privacy rights',
    },
    subject: { column: 'customer_id' },
    onErasure: 'keep',
    columns: {
      id: ref('a random identifier of the request'),
      customer_id: ref(SUBJECT_ID),
      type: personal('inquiry', ['data_subject_rights'], 'requests_3y'),
      state: personal('inquiry', ['data_subject_rights'], 'requests_3y'),
      channel: personal('inquiry', ['data_subject_rights'], 'requests_3y'),
      received_at: personal('inquiry', ['data_subject_rights'], 'requests_3y'),
      due_at: personal('inquiry', ['data_subject_rights'], 'requests_3y'),
      extended_reason_enc: personal('inquiry', ['data_subject_rights'], 'requests_3y', 'encrypted-general', {
        encoding: 'text',
        field: (row) => `privacy_requests.extended_reason_enc/${String(row.id)}`,
      }),
      extended_at: personal('inquiry', ['data_subject_rights'], 'requests_3y'),
      verified_at: personal('inquiry', ['data_subject_rights'], 'requests_3y'),
      verification_method: personal('inquiry', ['data_subject_rights'], 'requests_3y'),
      verification_note_enc: personal(
        'inquiry',
        ['data_subject_rights'],
        'requests_3y',
        'encrypted-general',
        {
          encoding: 'text',
          field: (row) => `privacy_requests.verification_note_enc/${String(row.id)}`,
        },
      ),
      verified_by: ref('the staff member who verified the identity'),
      details_enc: personal('inquiry', ['data_subject_rights'], 'requests_3y', 'encrypted-general', {
        encoding: 'json',
        field: (row) => `privacy_requests.details_enc/${String(row.id)}`,
      }),
      resolution_enc: personal('inquiry', ['data_subject_rights'], 'requests_3y', 'encrypted-general', {
        encoding: 'text',
        field: (row) => `privacy_requests.resolution_enc/${String(row.id)}`,
      }),
      outcome: personal('inquiry', ['data_subject_rights'], 'requests_3y'),
      completed_at: personal('inquiry', ['data_subject_rights'], 'requests_3y'),
      completed_by: ref('the staff member who completed the request'),
      carry_out_at: personal('inquiry', ['data_subject_rights'], 'requests_3y'),
      carry_out_by: ref('the staff member who decided to carry out the request'),
    },
  },
  export_runs: {
    unit: unit('nedlasting', 'nedlastinger', 'download', 'downloads'),
    description: {
      nb: 'Nedlastinger av opplysningene dine som pågår eller er gjort',
      en: 'Downloads of your data, running or done',
    },
    subject: { column: 'customer_id' },
    onErasure: 'delete',
    columns: {
      id: none('a random identifier of the download'),
      customer_id: ref(SUBJECT_ID),
      actor: personal('behaviour', ['data_subject_rights'], 'export_runs_7d'),
      format: personal('behaviour', ['data_subject_rights'], 'export_runs_7d'),
      state: personal('behaviour', ['data_subject_rights'], 'export_runs_7d'),
      started_at: personal('behaviour', ['data_subject_rights'], 'export_runs_7d'),
      finished_at: personal('behaviour', ['data_subject_rights'], 'export_runs_7d'),
    },
  },
  privacy_request_codes: {
    unit: unit('engangskode', 'engangskoder', 'one-time code', 'one-time codes'),
    description: {
      nb: 'Engangskoder for å bekrefte hvem du er',
      en: 'One-time codes that confirm who you are',
    },
    subject: { via: { column: 'request_id', table: 'privacy_requests', subjectColumn: 'customer_id' } },
    onErasure: 'delete',
    columns: {
      request_id: ref('the request the code confirms'),
      code_hash: personal('inquiry', ['data_subject_rights'], 'session', 'password-hash'),
      channel: personal('inquiry', ['data_subject_rights'], 'session'),
      expires_at: personal('inquiry', ['data_subject_rights'], 'session'),
      attempts: personal('inquiry', ['data_subject_rights'], 'session'),
      used_at: personal('inquiry', ['data_subject_rights'], 'session'),
    },
  },
  legal_holds: {
    unit: unit(
      'sperre mot sletting',
      'sperrer mot sletting',
      'hold against deletion',
      'holds against deletion',
    ),
    description: { nb: 'Sperrer mot sletting ved tvist', en: 'Holds against deletion in a dispute' },
    subject: { column: 'customer_id' },
    onErasure: 'keep',
    columns: {
      id: ref('a random identifier of the hold'),
      customer_id: ref(SUBJECT_ID),
      reason_enc: personal('inquiry', ['legal_claims'], 'legal_hold', 'encrypted-general', {
        encoding: 'text',
        field: (row) => `legal_holds.reason_enc/${String(row.id)}`,
      }),
      placed_by: ref('the staff member who placed the hold'),
      placed_at: personal('inquiry', ['legal_claims'], 'legal_hold'),
      released_at: personal('inquiry', ['legal_claims'], 'legal_hold'),
      released_by: ref('the staff member who released the hold'),
    },
  },
  processing_restrictions: {
    unit: unit(
      'begrensning eller protest',
      'begrensninger og protester',
      'restriction or objection',
      'restrictions and objections',
    ),
    description: { nb: 'Begrensninger og protester', en: 'Restrictions and objections' },
    subject: { column: 'customer_id' },
    onErasure: 'keep',
    columns: {
      id: ref('a random identifier'),
      customer_id: ref(SUBJECT_ID),
      kind: personal('permission', ['data_subject_rights'], 'requests_3y'),
      purposes: personal('permission', ['data_subject_rights'], 'requests_3y'),
      request_id: ref('the request that asked for it'),
      placed_at: personal('permission', ['data_subject_rights'], 'requests_3y'),
      lifted_at: personal('permission', ['data_subject_rights'], 'requests_3y'),
    },
  },
  power_of_attorney_uses: {
    unit: unit(
      'gang en fullmakt er brukt',
      'ganger en fullmakt er brukt',
      'use of a power of attorney',
      'uses of a power of attorney',
    ),
    description: { nb: 'Hver gang en fullmakt er brukt', en: 'Every use of a power of attorney' },
    subject: { column: 'customer_id' },
    onErasure: 'keep',
    columns: {
      id: none('row number'),
      customer_id: ref(SUBJECT_ID),
      scope: personal('permission', ['consent_proof'], 'agreements_3_5y'),
      action: personal('permission', ['consent_proof'], 'agreements_3_5y'),
      details: personal('permission', ['consent_proof'], 'agreements_3_5y'),
      used_at: personal('permission', ['consent_proof'], 'agreements_3_5y'),
    },
  },
  breaches: {
    unit: unit('avvik', 'avvik', 'breach', 'breaches'),
    description: { nb: 'Avviksregister', en: 'Breach register' },
    columns: Object.fromEntries(
      [
        'id',
        'title',
        'description',
        'categories',
        'subjects_affected',
        'occurred_at',
        'found_at',
        'contained_at',
        'risk',
        'authority_notified_at',
        'authority_not_notified_reason',
        'subjects_notified_at',
        'created_by',
        'created_at',
      ].map((c) => [c, none('about an incident, written without personal data')]),
    ),
  },
  breach_subjects: {
    unit: unit(
      'avvik som rammet deg',
      'avvik som rammet deg',
      'breach that affected you',
      'breaches that affected you',
    ),
    description: { nb: 'Hvem et avvik rammet', en: 'Who a breach affected' },
    subject: { column: 'customer_id' },
    onErasure: 'keep',
    keepRule: 'audit_5y',
    columns: {
      breach_id: ref('the breach'),
      customer_id: ref(SUBJECT_ID),
    },
  },
  policy_versions: {
    unit: unit(
      'versjon av personvernerklæringen',
      'versjoner av personvernerklæringen',
      'version of the privacy policy',
      'versions of the privacy policy',
    ),
    description: {
      nb: 'Publiserte versjoner av personvernerklæringen',
      en: 'Published versions of the privacy policy',
    },
    columns: Object.fromEntries(
      ['version', 'fingerprint', 'material', 'changes', 'snapshot', 'published_at'].map((c) => [
        c,
        none('public policy text'),
      ]),
    ),
  },
  outbox: {
    unit: unit('melding', 'meldinger', 'message', 'messages'),
    description: { nb: 'Meldinger vi sender deg', en: 'Messages we send you' },
    subject: { column: 'customer_id' },
    onErasure: 'delete',
    columns: {
      id: ref('a random identifier of the message'),
      customer_id: ref(SUBJECT_ID),
      channel: personal('contact', ['account', 'data_subject_rights'], 'outbox_30d'),
      template: personal('contact', ['account', 'data_subject_rights'], 'outbox_30d'),
      payload_enc: personal(
        'contact',
        ['account', 'data_subject_rights'],
        'outbox_30d',
        'encrypted-general',
        {
          encoding: 'json',
          field: (row) => `outbox.payload_enc/${String(row.id)}`,
        },
      ),
      idempotency_key: none('makes sure a message is sent once'),
      status: personal('contact', ['account', 'data_subject_rights'], 'outbox_30d'),
      attempts: none('delivery attempts'),
      next_attempt_at: none('when delivery is tried next'),
      last_error: none('the last delivery error, without addresses'),
      created_at: personal('contact', ['account', 'data_subject_rights'], 'outbox_30d'),
      sent_at: personal('contact', ['account', 'data_subject_rights'], 'outbox_30d'),
    },
  },
  cookie_choices: {
    unit: unit(
      'valg av informasjonskapsler',
      'valg av informasjonskapsler',
      'cookie choice',
      'cookie choices',
    ),
    description: { nb: 'Valg av informasjonskapsler', en: 'Cookie choices' },
    columns: {
      id: personal('device', ['consent_proof'], 'cookie_choice_12m'),
      version: personal('device', ['consent_proof'], 'cookie_choice_12m'),
      analytics: personal('device', ['consent_proof'], 'cookie_choice_12m'),
      signal: personal('device', ['consent_proof'], 'cookie_choice_12m'),
      chosen_at: personal('device', ['consent_proof'], 'cookie_choice_12m'),
    },
  },
  page_views: {
    unit: unit(
      'dagstall for en side',
      'dagstall for sider',
      'daily count of a page',
      'daily counts of pages',
    ),
    description: {
      nb: 'Sidevisninger per dag (samlet, uten personopplysninger)',
      en: 'Page views per day (aggregated, no personal data)',
    },
    columns: { day: none('a date'), path: none('a page address without query'), views: none('a count') },
  },
  market_versions: {
    unit: unit('markedsversjon', 'markedsversjoner', 'market version', 'market versions'),
    description: {
      nb: 'Når priser og avtaler i et prisområde sist endret seg',
      en: 'When prices and offers in a price area last changed',
    },
    columns: {
      area: none('a price area'),
      version: none('a counter'),
      changed_at: none('when prices or offers changed'),
    },
  },
  savings_snapshots: {
    unit: unit('beregnet besparelse', 'beregnede besparelser', 'computed saving', 'computed savings'),
    description: {
      nb: 'Siste beregnede besparelse per målepunkt',
      en: 'The latest saving worked out per metering point',
    },
    subject: { column: 'customer_id' },
    onErasure: 'delete',
    columns: {
      metering_point_id: ref('the metering point the saving is for'),
      customer_id: ref(SUBJECT_ID),
      market_version: none('the market version it was computed from'),
      data_version: none('a change counter of the metering point'),
      computed_version: none('the change counter it was computed from'),
      computed_at: personal('consumption', ['savings_analysis'], 'until_consent_withdrawn'),
      best_offer_id: personal('consumption', ['savings_analysis'], 'until_consent_withdrawn'),
      yearly_saving_ore: personal('consumption', ['savings_analysis'], 'until_consent_withdrawn'),
      notified_above: personal('consumption', ['savings_analysis'], 'until_consent_withdrawn'),
      notified_at: personal('consumption', ['savings_analysis'], 'until_consent_withdrawn'),
      basis: personal('consumption', ['savings_analysis'], 'until_consent_withdrawn'),
    },
  },
  monitoring_preferences: {
    unit: unit('varselinnstilling', 'varselinnstillinger', 'alert setting', 'alert settings'),
    description: {
      nb: 'Hvordan og når du vil ha varsel om besparelser',
      en: 'How and when you want to hear about savings',
    },
    subject: { column: 'customer_id' },
    onErasure: 'delete',
    columns: {
      customer_id: ref(SUBJECT_ID),
      channel: personal('permission', ['monitoring'], 'until_consent_withdrawn'),
      threshold_ore: personal('permission', ['monitoring'], 'until_consent_withdrawn'),
      paused: personal('permission', ['monitoring'], 'until_consent_withdrawn'),
      unsubscribe_token_enc: personal(
        'permission',
        ['monitoring'],
        'until_consent_withdrawn',
        'encrypted-general',
        {
          encoding: 'text',
          field: fixedField('monitoring_preferences.unsubscribe_token_enc'),
        },
      ),
      unsubscribe_token_bidx: personal(
        'permission',
        ['monitoring'],
        'until_consent_withdrawn',
        'blind-index',
      ),
      updated_at: personal('permission', ['monitoring'], 'until_consent_withdrawn'),
    },
  },
  ingest_counts: {
    unit: unit(
      'dagstall for innhenting',
      'dagstall for innhenting',
      'daily fetch count',
      'daily fetch counts',
    ),
    description: {
      nb: 'Antall fakturaer innhentet og forkastet per dag (bare tall)',
      en: 'Invoices fetched and dropped per day (counts only)',
    },
    columns: {
      day: none('a date'),
      source: none('bank or file'),
      outcome: none('stored, duplicate, not electricity, too old or refused'),
      count: none('a count'),
    },
  },
  jobs: {
    unit: unit('planlagt jobb', 'planlagte jobber', 'scheduled job', 'scheduled jobs'),
    description: { nb: 'Planlagte jobber', en: 'Scheduled jobs' },
    columns: Object.fromEntries(
      ['name', 'next_run_at', 'locked_until', 'last_started_at', 'last_finished_at', 'last_result'].map(
        (c) => [c, none('bookkeeping of a scheduled job; counts only')],
      ),
    ),
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
