import type { Migration } from '../platform/db/migrator.ts';

/**
 * A keyed hash of each customer's normalised full name, so the staff desk can find a
 * customer by name without decrypting anyone's name. Not unique: people share names, and
 * the desk lists the matches before a record is opened. Rows written before this column
 * are filled in by the `index-names` job.
 */
export const customerNameIndex: Migration = {
  name: '0008-customer-name-index',
  statements: [
    'alter table customers add column name_bidx bytea',
    'create index customers_name_bidx on customers (name_bidx) where name_bidx is not null',
  ],
};
