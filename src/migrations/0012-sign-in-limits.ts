import type { Migration } from '../platform/db/migrator.ts';

/**
 * Attempts at a secret (a password, a second-factor code, a one-time code), counted per
 * account and per address in the database, so every process of one installation shares
 * the allowance. The key is a keyed hash of the account's identifier or of the address:
 * the table names nobody and no address, and a key of an account that does not exist
 * looks like any other. A row lives until its window ends; the retention sweeper removes it.
 */
export const signInLimits: Migration = {
  name: '0012-sign-in-limits',
  statements: [
    `create table sign_in_limits (
      key bytea primary key,
      attempts integer not null check (attempts >= 0),
      window_ends_at timestamptz not null
    )`,
    'create index sign_in_limits_window on sign_in_limits (window_ends_at)',
  ],
};
