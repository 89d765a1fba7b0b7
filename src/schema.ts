import type { ColumnType, Generated } from 'kysely';

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
  status: 'active' | 'erased';
  email_enc: Uint8Array | null;
  email_bidx: Uint8Array | null;
  name_enc: Uint8Array | null;
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
}

export interface OffersTable {
  id: string;
  valid_from: ColumnType<string, string, string>;
  valid_to: ColumnType<string | null, string | null | undefined, string | null>;
  supplier_name: string;
  supplier_orgnr: string | null;
  name: string;
  product_type: 'spot' | 'fixed' | 'variable';
  areas: string[];
  customer_type: 'household' | 'business' | 'cabin';
  markup_ore_per_kwh: Numeric;
  energy_price_ore_per_kwh: Numeric | null;
  monthly_fee_ore: number;
  binding_months: number;
  is_demo: boolean;
  source: string;
  imported_at: Timestamp;
}

export interface InvoicesTable {
  id: string;
  customer_id: string;
  seller_orgnr: string;
  seller_name: string;
  document_type: 'invoice' | 'credit_note';
  dedupe_bidx: Uint8Array;
  details_enc: Uint8Array;
  document_enc: Uint8Array;
  keep_until: ColumnType<string, string, string>;
  imported_at: Timestamp;
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
}

export interface SchemaMigrationsTable {
  name: string;
  applied_at: Timestamp;
}

export interface Database {
  schema_migrations: SchemaMigrationsTable;
  customers: CustomersTable;
  sessions: SessionsTable;
  permission_events: PermissionEventsTable;
  metering_points: MeteringPointsTable;
  consumption_series: ConsumptionSeriesTable;
  spot_prices: SpotPricesTable;
  offers: OffersTable;
  invoices: InvoicesTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
}
