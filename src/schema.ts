import type { ColumnType, Generated } from 'kysely';
import type { BasisCode } from './modules/savings/basis-kind.ts';

/**
 * The database as Kysely sees it. Column names ending in `_enc` hold AES-256-GCM
 * ciphertext under a data subject's key; `_bidx` columns hold keyed hashes (blind indexes)
 * for exact look-ups. What each column means for privacy is declared in
 * `modules/privacy/data-map.ts`, and a test keeps that map and the live schema in step.
 */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** PostgreSQL numeric arrives as a string so no precision is lost on the way. */
type Numeric = ColumnType<string, string | number, string | number>;

export interface CustomersTable {
  id: string;
  status: 'active' | 'erasure_pending' | 'erased';
  email_enc: Uint8Array | null;
  email_bidx: Uint8Array | null;
  name_enc: Uint8Array | null;
  /** Keyed hash of the normalised full name, for the staff desk's look-up by name. */
  name_bidx: Uint8Array | null;
  phone_enc: Uint8Array | null;
  fnr_enc: Uint8Array | null;
  fnr_bidx: Uint8Array | null;
  password_hash: string | null;
  is_demo: boolean;
  created_at: Timestamp;
  erased_at: Timestamp | null;
}

export interface SessionsTable {
  token_hash: Uint8Array;
  customer_id: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface PermissionEventsTable {
  id: Generated<number>;
  customer_id: string;
  kind: 'consent' | 'power_of_attorney';
  scope: string;
  action: 'given' | 'withdrawn';
  text_version: string;
  channel: string;
  valid_until: Timestamp | null;
  occurred_at: Timestamp;
}

export interface MeteringPointsTable {
  id: string;
  customer_id: string;
  gsrn_enc: Uint8Array;
  gsrn_bidx: Uint8Array;
  gsrn_check_digit_ok: boolean;
  price_area: string;
  county_code: string | null;
  customer_type: 'household' | 'business' | 'cabin';
  current_offer_id: string | null;
  grid_gln: string | null;
  source: string;
  created_at: Timestamp;
}

export interface ConsumptionSeriesTable {
  metering_point_id: string;
  month: string;
  starts_at: Timestamp;
  hours: number;
  values_enc: Uint8Array;
  source: string;
  updated_at: Timestamp;
}

export interface SpotPricesTable {
  area: string;
  starts_at: Timestamp;
  resolution_minutes: number;
  price_ore_per_kwh: Numeric;
  source: string;
  priority: number;
  estimated: boolean;
  eur_per_mwh: Numeric | null;
  eur_nok_rate: Numeric | null;
  /** The import the row first arrived in (`spot_price_imports`); 0 before migration 0015. */
  import_seq: ColumnType<string, string | number | undefined, never>;
}

export interface OffersTable {
  id: string;
  valid_from: ColumnType<string, string, string>;
  /** Corrections and new validTo dates add a revision; the one before is kept, superseded. */
  revision: number;
  valid_to: ColumnType<string | null, string | null | undefined, string | null>;
  supplier_name: string;
  supplier_orgnr: string | null;
  name: string;
  product_type: 'spot' | 'hourly_spot' | 'fixed' | 'variable' | 'plus';
  areas: string[];
  customer_type: 'household' | 'business';
  cabin: boolean;
  /** Includes the el-certificate part, however the supplier quoted it. */
  markup_ore_per_kwh: Numeric;
  energy_price_ore_per_kwh: Numeric | null;
  el_certificate_ore_per_kwh: Numeric | null;
  el_certificate_on_top: boolean | null;
  monthly_fee_ore: number;
  fixed_months: number | null;
  fixed_until: ColumnType<string | null, string | null | undefined, string | null>;
  binding_months: number;
  exit_fee_ore: number | null;
  exit_fee_per: 'once' | 'remaining_month' | null;
  conditions: ColumnType<unknown, string, string>;
  is_demo: boolean;
  source: string;
  imported_at: Timestamp;
  superseded_at: Timestamp | null;
}

export interface InvoicesTable {
  id: string;
  customer_id: string;
  seller_orgnr: string | null;
  seller_name: string;
  seller_kind: 'supplier' | 'grid' | 'producer';
  document_type: 'invoice' | 'credit_note' | 'reminder';
  dedupe_bidx: Uint8Array;
  credits_invoice_id: string | null;
  credits_bidx: Uint8Array | null;
  source_ref_bidx: Uint8Array | null;
  details_enc: Uint8Array;
  document_enc: Uint8Array;
  keep_until: ColumnType<string, string, string>;
  imported_at: Timestamp;
}

export interface IngestCountsTable {
  day: ColumnType<string, string, string>;
  source: string;
  outcome: string;
  count: number;
}

export interface MarketVersionsTable {
  area: string;
  version: number;
  changed_at: Date;
}

export interface SavingsSnapshotsTable {
  metering_point_id: string;
  customer_id: string;
  market_version: number;
  data_version: Generated<number>;
  computed_version: Generated<number>;
  computed_at: Date | null;
  best_offer_id: string | null;
  yearly_saving_ore: number | null;
  notified_above: Generated<boolean>;
  notified_at: Date | null;
  /** What the saving was computed from (basis-kind.ts); null on rows from before it was recorded. */
  basis: BasisCode | null;
}

export interface MonitoringPreferencesTable {
  customer_id: string;
  channel: 'email' | 'sms';
  threshold_ore: number;
  paused: boolean;
  unsubscribe_token_enc: Uint8Array | null;
  unsubscribe_token_bidx: Uint8Array | null;
  updated_at: Date;
}

export interface AuditLogTable {
  id: number;
  occurred_at: Timestamp;
  actor: string;
  action: string;
  subject_id: string | null;
  purpose: string | null;
  details: ColumnType<Record<string, unknown>, string, string>;
  prev_hash: Uint8Array;
  hash: Uint8Array;
}

export interface AuditHeadTable {
  id: number;
  last_id: number;
  hash: Uint8Array;
  /** Rows up to base_id were pruned by the retention sweeper; base_hash is the last pruned row's hash. */
  base_id: Generated<number>;
  base_hash: Uint8Array | null;
}

export interface StaffUsersTable {
  id: string;
  /** Null once the retention sweeper removed a former staff member's personal fields. */
  username: string | null;
  name: string | null;
  roles: string[];
  password_hash: string | null;
  totp_secret_enc: Uint8Array | null;
  created_at: Timestamp;
  disabled_at: Timestamp | null;
  /** Null until the first right code: an unconfirmed secret is still being enrolled. */
  totp_confirmed_at: Timestamp | null;
  /** The last 30-second step a code was accepted for; codes of that step or earlier are refused. */
  totp_last_step: number | null;
  totp_failures: Generated<number>;
  totp_locked_until: Timestamp | null;
  /** Set while the password is one an administrator made: it must be replaced before this instant. */
  password_expires_at: Timestamp | null;
  /** Keyed hash of the company identity provider's issuer and subject, tied at the first single sign-on. */
  oidc_subject_bidx: Uint8Array | null;
  oidc_linked_at: Timestamp | null;
  oidc_last_used_at: Timestamp | null;
  /** When the sweeper removed the personal fields of an account ended (disabled) long enough ago. */
  removed_at: Timestamp | null;
}

export interface CustomerOidcLinksTable {
  /** Keyed hash of the identity provider's issuer and subject. */
  subject_bidx: Uint8Array;
  customer_id: string;
  created_at: Timestamp;
  last_used_at: Timestamp;
}

/** Attempts at a secret in the current window, keyed by a keyed hash of an account or an address. */
export interface SignInLimitsTable {
  key: Uint8Array;
  attempts: number;
  window_ends_at: Timestamp;
}

export interface StaffSessionsTable {
  token_hash: Uint8Array;
  staff_id: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export type RequestType =
  | 'access'
  | 'portability'
  | 'rectification'
  | 'erasure'
  | 'restriction'
  | 'objection'
  | 'objection_marketing'
  | 'automated_decision_review'
  | 'complaint';
export type RequestState = 'received' | 'verified' | 'completed' | 'rejected' | 'withdrawn';
export type VerificationMethod = 'fresh_login' | 'code_email' | 'code_sms' | 'staff';

export interface PrivacyRequestsTable {
  id: string;
  customer_id: string;
  type: RequestType;
  state: RequestState;
  channel: string;
  received_at: Timestamp;
  due_at: Timestamp;
  extended_reason_enc: Uint8Array | null;
  extended_at: Timestamp | null;
  verified_at: Timestamp | null;
  verification_method: VerificationMethod | null;
  verification_note_enc: Uint8Array | null;
  verified_by: string | null;
  details_enc: Uint8Array | null;
  resolution_enc: Uint8Array | null;
  outcome: ColumnType<Record<string, unknown> | null, string | null, string | null>;
  completed_at: Timestamp | null;
  completed_by: string | null;
  carry_out_at: Timestamp | null;
  carry_out_by: string | null;
}

export interface PrivacyRequestCodesTable {
  request_id: string;
  code_hash: Uint8Array;
  channel: 'email' | 'sms';
  expires_at: Timestamp;
  attempts: Generated<number>;
  used_at: Timestamp | null;
}

export interface LegalHoldsTable {
  id: string;
  customer_id: string;
  reason_enc: Uint8Array;
  placed_by: string;
  placed_at: Timestamp;
  released_at: Timestamp | null;
  released_by: string | null;
}

export interface ProcessingRestrictionsTable {
  id: string;
  customer_id: string;
  kind: 'restriction' | 'objection' | 'marketing_objection';
  purposes: string[];
  request_id: string | null;
  placed_at: Timestamp;
  lifted_at: Timestamp | null;
}

export interface PowerOfAttorneyUsesTable {
  id: Generated<number>;
  customer_id: string;
  scope: string;
  action: string;
  details: ColumnType<Record<string, unknown>, string, string>;
  used_at: Timestamp;
}

export interface BreachesTable {
  id: string;
  title: string;
  description: string;
  categories: string[];
  subjects_affected: number;
  occurred_at: Timestamp | null;
  found_at: Timestamp;
  contained_at: Timestamp | null;
  risk: 'none' | 'risk' | 'high_risk';
  authority_notified_at: Timestamp | null;
  authority_not_notified_reason: string | null;
  subjects_notified_at: Timestamp | null;
  created_by: string;
  created_at: Timestamp;
}

export interface BreachSubjectsTable {
  breach_id: string;
  customer_id: string;
}

export interface PolicyVersionsTable {
  version: number;
  fingerprint: string;
  material: boolean;
  changes: ColumnType<unknown, string, string>;
  snapshot: ColumnType<unknown, string, string>;
  published_at: Timestamp;
}

export interface OutboxTable {
  id: string;
  customer_id: string | null;
  channel: 'email' | 'sms';
  template: string;
  payload_enc: Uint8Array;
  idempotency_key: string;
  status: 'pending' | 'sent' | 'failed' | 'discarded';
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  last_error: string | null;
  created_at: Timestamp;
  sent_at: Timestamp | null;
}

export interface CookieChoicesTable {
  id: string;
  version: string;
  analytics: boolean;
  signal: string | null;
  chosen_at: Timestamp;
}

export interface PageViewsTable {
  day: ColumnType<string, string, string>;
  path: string;
  views: number;
}

export interface JobsTable {
  name: string;
  next_run_at: Timestamp;
  locked_until: Timestamp | null;
  last_started_at: Timestamp | null;
  last_finished_at: Timestamp | null;
  last_result: ColumnType<unknown, string | null, string | null>;
}

export interface ExportRunsTable {
  id: string;
  customer_id: string;
  actor: string;
  format: string;
  state: 'running' | 'delivered' | 'failed' | 'abandoned';
  started_at: Timestamp;
  finished_at: Timestamp | null;
}

export interface SchemaMigrationsTable {
  name: string;
  applied_at: Timestamp;
}

export interface Database {
  schema_migrations: SchemaMigrationsTable;
  customers: CustomersTable;
  sessions: SessionsTable;
  customer_oidc_links: CustomerOidcLinksTable;
  permission_events: PermissionEventsTable;
  metering_points: MeteringPointsTable;
  consumption_series: ConsumptionSeriesTable;
  spot_prices: SpotPricesTable;
  offers: OffersTable;
  invoices: InvoicesTable;
  ingest_counts: IngestCountsTable;
  market_versions: MarketVersionsTable;
  savings_snapshots: SavingsSnapshotsTable;
  monitoring_preferences: MonitoringPreferencesTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  staff_users: StaffUsersTable;
  staff_sessions: StaffSessionsTable;
  sign_in_limits: SignInLimitsTable;
  privacy_requests: PrivacyRequestsTable;
  privacy_request_codes: PrivacyRequestCodesTable;
  legal_holds: LegalHoldsTable;
  processing_restrictions: ProcessingRestrictionsTable;
  power_of_attorney_uses: PowerOfAttorneyUsesTable;
  breaches: BreachesTable;
  breach_subjects: BreachSubjectsTable;
  policy_versions: PolicyVersionsTable;
  outbox: OutboxTable;
  cookie_choices: CookieChoicesTable;
  page_views: PageViewsTable;
  jobs: JobsTable;
  export_runs: ExportRunsTable;
}
