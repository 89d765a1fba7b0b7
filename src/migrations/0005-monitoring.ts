import type { Migration } from '../platform/db/migrator.ts';

/**
 * Monitoring: the latest saving computed per metering point, what it was computed from (the
 * market version of its price area and the point's own change counter), whether the
 * customer was told; market versions per price area, bumped when prices or offers change;
 * and each customer's notification choices with the token of their unsubscribe link.
 */
export const monitoring: Migration = {
  name: '0005-monitoring',
  statements: [
    `create table market_versions (
      area text primary key,
      version integer not null,
      changed_at timestamptz not null
    )`,
    `create table savings_snapshots (
      metering_point_id uuid primary key references metering_points (id) on delete cascade,
      customer_id uuid not null references customers (id) on delete cascade,
      market_version integer not null,
      data_version integer not null default 0,
      computed_version integer not null default -1,
      computed_at timestamptz,
      best_offer_id text,
      yearly_saving_ore bigint,
      notified_above boolean not null default false,
      notified_at timestamptz
    )`,
    'create index savings_snapshots_customer on savings_snapshots (customer_id)',
    `create table monitoring_preferences (
      customer_id uuid primary key references customers (id) on delete cascade,
      channel text not null check (channel in ('email', 'sms')),
      threshold_ore bigint not null check (threshold_ore >= 0),
      paused boolean not null,
      unsubscribe_token_enc bytea,
      unsubscribe_token_bidx bytea unique,
      updated_at timestamptz not null
    )`,
  ],
};
