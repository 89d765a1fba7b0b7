import type { Migration } from '../platform/db/migrator.ts';

/** The first schema: accounts, permissions, metering, market data, invoices, audit. Keys live in the key store. */
export const initial: Migration = {
  name: '0001-initial',
  statements: [
    `create table customers (
      id uuid primary key,
      status text not null check (status in ('active', 'erased')),
      email_enc bytea,
      email_bidx bytea unique,
      name_enc bytea,
      phone_enc bytea,
      fnr_enc bytea,
      fnr_bidx bytea unique,
      password_hash text,
      is_demo boolean not null default false,
      created_at timestamptz not null,
      erased_at timestamptz
    )`,
    `create table sessions (
      token_hash bytea primary key,
      customer_id uuid not null references customers (id) on delete cascade,
      created_at timestamptz not null,
      expires_at timestamptz not null
    )`,
    'create index sessions_customer on sessions (customer_id)',
    `create table permission_events (
      id bigint generated always as identity primary key,
      customer_id uuid not null references customers (id),
      kind text not null check (kind in ('consent', 'power_of_attorney')),
      scope text not null,
      action text not null check (action in ('given', 'withdrawn')),
      text_version text not null,
      channel text not null,
      valid_until timestamptz,
      occurred_at timestamptz not null
    )`,
    'create index permission_events_customer on permission_events (customer_id, kind, scope, occurred_at)',
    `create table offers (
      id text not null,
      valid_from date not null,
      valid_to date,
      supplier_name text not null,
      supplier_orgnr text,
      name text not null,
      product_type text not null check (product_type in ('spot', 'fixed', 'variable')),
      areas text[] not null,
      customer_type text not null check (customer_type in ('household', 'business', 'cabin')),
      markup_ore_per_kwh numeric(12, 4) not null,
      energy_price_ore_per_kwh numeric(12, 4),
      monthly_fee_ore integer not null check (monthly_fee_ore >= 0),
      binding_months integer not null check (binding_months >= 0),
      is_demo boolean not null,
      source text not null,
      imported_at timestamptz not null,
      primary key (id, valid_from)
    )`,
    `create table metering_points (
      id uuid primary key,
      customer_id uuid not null references customers (id),
      gsrn_enc bytea not null,
      gsrn_bidx bytea not null,
      gsrn_check_digit_ok boolean not null,
      price_area text not null check (price_area in ('NO1', 'NO2', 'NO3', 'NO4', 'NO5')),
      county_code text check (county_code ~ '^[0-9]{2}$'),
      customer_type text not null check (customer_type in ('household', 'business', 'cabin')),
      current_offer_id text,
      source text not null,
      created_at timestamptz not null,
      unique (customer_id, gsrn_bidx)
    )`,
    'create index metering_points_gsrn on metering_points (gsrn_bidx)',
    `create table consumption_series (
      metering_point_id uuid not null references metering_points (id) on delete cascade,
      month text not null check (month ~ '^[0-9]{4}-[0-9]{2}$'),
      starts_at timestamptz not null,
      hours smallint not null check (hours between 743 and 745 or hours between 672 and 720),
      values_enc bytea not null,
      source text not null,
      updated_at timestamptz not null,
      primary key (metering_point_id, month)
    )`,
    `create table spot_prices (
      area text not null check (area in ('NO1', 'NO2', 'NO3', 'NO4', 'NO5')),
      starts_at timestamptz not null,
      resolution_minutes smallint not null check (resolution_minutes in (15, 60)),
      price_ore_per_kwh numeric(14, 6) not null,
      source text not null,
      priority smallint not null,
      estimated boolean not null,
      eur_per_mwh numeric(12, 4),
      eur_nok_rate numeric(10, 6),
      primary key (area, starts_at)
    )`,
    `create table invoices (
      id uuid primary key,
      customer_id uuid not null references customers (id),
      seller_orgnr text not null,
      seller_name text not null,
      document_type text not null check (document_type in ('invoice', 'credit_note')),
      dedupe_bidx bytea not null,
      details_enc bytea not null,
      document_enc bytea not null,
      keep_until date not null,
      imported_at timestamptz not null,
      unique (customer_id, dedupe_bidx)
    )`,
    `create table audit_log (
      id bigint primary key,
      occurred_at timestamptz not null,
      actor text not null,
      action text not null,
      subject_id uuid,
      purpose text,
      details jsonb not null,
      prev_hash bytea not null,
      hash bytea not null
    )`,
    'create index audit_log_subject on audit_log (subject_id)',
    `create table audit_head (
      id smallint primary key check (id = 1),
      last_id bigint not null,
      hash bytea not null
    )`,
  ],
};
