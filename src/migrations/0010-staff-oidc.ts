import type { Migration } from '../platform/db/migrator.ts';

/**
 * Staff single sign-on: the company identity provider's account a staff account was first
 * signed in with, as a keyed hash of issuer and subject, so that a later sign-in under the
 * same user name from another provider account (a reused or renamed one) is refused, and
 * the table names nobody's account at the provider. Unique: one provider account opens at
 * most one staff account.
 */
export const staffOidc: Migration = {
  name: '0010-staff-oidc',
  statements: [
    'alter table staff_users add column oidc_subject_bidx bytea',
    'alter table staff_users add column oidc_linked_at timestamptz',
    'alter table staff_users add column oidc_last_used_at timestamptz',
    'create unique index staff_users_oidc_subject on staff_users (oidc_subject_bidx)',
  ],
};
