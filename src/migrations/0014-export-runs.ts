import type { Migration } from '../platform/db/migrator.ts';

/**
 * Exports in progress and done: one row per download of a person's data (from "Mine data"
 * or the desk). A person has at most one running at a time (the partial unique index holds
 * across processes), and the rows of the last day count against the daily limit. A run
 * left `running` by a crash is taken over as `abandoned` once it is older than the
 * longest an export may take, so the lock never outlives its process for long.
 */
export const exportRuns: Migration = {
  name: '0014-export-runs',
  statements: [
    `create table export_runs (
      id uuid primary key,
      customer_id uuid not null,
      actor text not null,
      format text not null,
      state text not null check (state in ('running', 'delivered', 'failed', 'abandoned')),
      started_at timestamptz not null,
      finished_at timestamptz
    )`,
    `create unique index export_runs_one_running on export_runs (customer_id) where state = 'running'`,
    'create index export_runs_customer_started on export_runs (customer_id, started_at)',
  ],
};
