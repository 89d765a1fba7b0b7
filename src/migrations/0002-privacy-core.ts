import type { Migration } from '../platform/db/migrator.ts';

/**
 * The privacy core: data-subject requests and their one-time codes, legal holds,
 * restrictions and objections, uses of powers of attorney, staff and their sessions, the
 * breach register, published policy versions, the notification outbox, cookie choices,
 * consented page statistics, and scheduled jobs.
 */
export const privacyCore: Migration = {
  name: '0002-privacy-core',
  statements: [
    'alter table customers drop constraint customers_status_check',
    `alter table customers add constraint customers_status_check
      check (status in ('active', 'erasure_pending', 'erased'))`,
    `create table staff_users (
      id uuid primary key,
      username text not null unique check (username ~ '^[a-z][a-z0-9._-]{1,39}$'),
      name text not null,
      roles text[] not null,
      password_hash text not null,
      totp_secret_enc bytea,
      created_at timestamptz not null,
      disabled_at timestamptz
    )`,
    `create table staff_sessions (
      token_hash bytea primary key,
      staff_id uuid not null references staff_users (id) on delete cascade,
      created_at timestamptz not null,
      expires_at timestamptz not null
    )`,
    `create table privacy_requests (
      id uuid primary key,
      customer_id uuid not null references customers (id),
      type text not null check (type in ('access', 'portability', 'rectification', 'erasure', 'restriction',
        'objection', 'objection_marketing', 'automated_decision_review', 'complaint')),
      state text not null check (state in ('received', 'verified', 'completed', 'rejected', 'withdrawn')),
      channel text not null,
      received_at timestamptz not null,
      due_at timestamptz not null,
      extended_reason_enc bytea,
      extended_at timestamptz,
      verified_at timestamptz,
      verification_method text check (verification_method in ('fresh_login', 'code_email', 'code_sms', 'staff')),
      verification_note_enc bytea,
      verified_by uuid references staff_users (id),
      details_enc bytea,
      resolution_enc bytea,
      outcome jsonb,
      completed_at timestamptz,
      completed_by uuid references staff_users (id)
    )`,
    'create index privacy_requests_open on privacy_requests (due_at) where completed_at is null',
    'create index privacy_requests_customer on privacy_requests (customer_id)',
    `create table privacy_request_codes (
      request_id uuid primary key references privacy_requests (id) on delete cascade,
      code_hash bytea not null,
      channel text not null check (channel in ('email', 'sms')),
      expires_at timestamptz not null,
      attempts smallint not null default 0,
      used_at timestamptz
    )`,
    `create table legal_holds (
      id uuid primary key,
      customer_id uuid not null references customers (id),
      reason_enc bytea not null,
      placed_by uuid not null references staff_users (id),
      placed_at timestamptz not null,
      released_at timestamptz,
      released_by uuid references staff_users (id)
    )`,
    'create index legal_holds_active on legal_holds (customer_id) where released_at is null',
    `create table processing_restrictions (
      id uuid primary key,
      customer_id uuid not null references customers (id),
      kind text not null check (kind in ('restriction', 'objection', 'marketing_objection')),
      purposes text[] not null,
      request_id uuid references privacy_requests (id),
      placed_at timestamptz not null,
      lifted_at timestamptz
    )`,
    'create index processing_restrictions_active on processing_restrictions (customer_id) where lifted_at is null',
    `create table power_of_attorney_uses (
      id bigint generated always as identity primary key,
      customer_id uuid not null references customers (id),
      scope text not null,
      action text not null,
      details jsonb not null,
      used_at timestamptz not null
    )`,
    'create index power_of_attorney_uses_customer on power_of_attorney_uses (customer_id, used_at)',
    `create table breaches (
      id uuid primary key,
      title text not null,
      description text not null,
      categories text[] not null,
      subjects_affected integer not null check (subjects_affected >= 0),
      occurred_at timestamptz,
      found_at timestamptz not null,
      contained_at timestamptz,
      risk text not null check (risk in ('none', 'risk', 'high_risk')),
      authority_notified_at timestamptz,
      authority_not_notified_reason text,
      subjects_notified_at timestamptz,
      created_by uuid not null references staff_users (id),
      created_at timestamptz not null
    )`,
    `create table breach_subjects (
      breach_id uuid not null references breaches (id) on delete cascade,
      customer_id uuid not null references customers (id),
      primary key (breach_id, customer_id)
    )`,
    `create table policy_versions (
      version integer primary key,
      fingerprint text not null unique,
      material boolean not null,
      changes jsonb not null,
      snapshot jsonb not null,
      published_at timestamptz not null
    )`,
    `create table outbox (
      id uuid primary key,
      customer_id uuid references customers (id),
      channel text not null check (channel in ('email', 'sms')),
      template text not null,
      payload_enc bytea not null,
      idempotency_key text not null unique,
      status text not null check (status in ('pending', 'sent', 'failed', 'discarded')),
      attempts smallint not null default 0,
      next_attempt_at timestamptz not null,
      last_error text,
      created_at timestamptz not null,
      sent_at timestamptz
    )`,
    "create index outbox_due on outbox (next_attempt_at) where status = 'pending'",
    `create table cookie_choices (
      id uuid primary key,
      version text not null,
      analytics boolean not null,
      signal text,
      chosen_at timestamptz not null
    )`,
    `create table page_views (
      day date not null,
      path text not null,
      views integer not null,
      primary key (day, path)
    )`,
    `create table jobs (
      name text primary key,
      next_run_at timestamptz not null,
      locked_until timestamptz,
      last_started_at timestamptz,
      last_finished_at timestamptz,
      last_result jsonb
    )`,
    `alter table audit_head add column base_id bigint not null default 0`,
    `alter table audit_head add column base_hash bytea`,
  ],
};
