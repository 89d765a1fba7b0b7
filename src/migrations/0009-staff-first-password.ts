import type { Migration } from '../platform/db/migrator.ts';

/**
 * A staff account's first password is made by an administrator and handed over; so is a
 * new one after a forgotten password. Until its holder replaces it, it stops working at
 * `password_expires_at`, and it opens nothing but the page that replaces it. Null: the
 * password is the staff member's own.
 */
export const staffFirstPassword: Migration = {
  name: '0009-staff-first-password',
  statements: ['alter table staff_users add column password_expires_at timestamptz'],
};
