import type { Migration } from '../platform/db/migrator.ts';

/**
 * Sign-in beyond the password. Households: the link from an OpenID Connect subject (an
 * identity provider's account, BankID or ID-porten) to a customer, found by a keyed hash of
 * issuer and subject so the table names nobody's account at the provider. Staff: the time
 * the second factor (TOTP) was confirmed, the last time step used (a code is accepted once)
 * and the count of wrong codes that locks the step for a while.
 */
export const signIn: Migration = {
  name: '0007-sign-in',
  statements: [
    `create table customer_oidc_links (
      subject_bidx bytea primary key,
      customer_id uuid not null references customers (id) on delete cascade,
      created_at timestamptz not null,
      last_used_at timestamptz not null
    )`,
    'create index customer_oidc_links_customer on customer_oidc_links (customer_id)',
    'alter table staff_users add column totp_confirmed_at timestamptz',
    'alter table staff_users add column totp_last_step integer',
    'alter table staff_users add column totp_failures smallint not null default 0',
    'alter table staff_users add column totp_locked_until timestamptz',
  ],
};
