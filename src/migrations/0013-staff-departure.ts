import type { Migration } from '../platform/db/migrator.ts';

/**
 * A staff account ends with the employment: `disabled_at` is the day it ended, and the
 * retention sweeper removes the account's personal fields (user name, name, password hash,
 * second-factor and single sign-on secrets) when the rule `while_employed` runs out, and
 * marks the row with `removed_at`. What stays is the random id that audit entries, requests,
 * holds and breaches refer to, read as "former staff member".
 */
export const staffDeparture: Migration = {
  name: '0013-staff-departure',
  statements: [
    'alter table staff_users alter column username drop not null',
    'alter table staff_users alter column name drop not null',
    'alter table staff_users alter column password_hash drop not null',
    'alter table staff_users add column removed_at timestamptz',
    'create index staff_users_disabled on staff_users (disabled_at) where removed_at is null',
  ],
};
