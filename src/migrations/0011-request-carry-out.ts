import type { Migration } from '../platform/db/migrator.ts';

/**
 * An erasure request that was decided (by the person's confirmation or by the data
 * protection officer) but whose erasure has not committed yet: `carry_out_at` is the
 * persisted step that start-up and the retention sweeper resume until the erasure and the
 * request's closing commit together. `carry_out_by` names the staff member who decided it
 * (null when the person's own confirmation did).
 */
export const requestCarryOut: Migration = {
  name: '0011-request-carry-out',
  statements: [
    'alter table privacy_requests add column carry_out_at timestamptz',
    'alter table privacy_requests add column carry_out_by text',
  ],
};
