import type { Migration } from '../platform/db/migrator.ts';

/**
 * A stored saving says what it was computed from: measured hours, or the standard profile
 * scaled from invoices or from the standard year. Exports and the desk read it from here,
 * so a saving on the profile is never passed on as measured. Rows from before are null:
 * their basis was not recorded, and they are replaced at the next re-pricing.
 */
export const snapshotBasis: Migration = {
  name: '0016-snapshot-basis',
  statements: [
    `alter table savings_snapshots add column basis text
      check (basis in ('measured', 'profile-invoices', 'profile-estimate'))`,
  ],
};
