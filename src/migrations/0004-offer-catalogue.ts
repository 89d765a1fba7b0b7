import type { Migration } from '../platform/db/migrator.ts';

/**
 * The offer catalogue of elvakt-offers/2: hourly-spot and plus products, cabin products as
 * household products with a flag (a metering point of a cabin buys them), the el-certificate
 * part and how it was quoted, the fixed period, the exit fee, and the conditions (membership,
 * other purchase, payment) as one JSON value.
 *
 * Versions keep their history: a stored version is never overwritten. A correction or a new
 * validTo adds a revision and marks the one before it superseded, so the primary key gains
 * the revision and at most one revision of a version is current.
 */
export const offerCatalogue: Migration = {
  name: '0004-offer-catalogue',
  statements: [
    'alter table offers drop constraint offers_product_type_check',
    `alter table offers add constraint offers_product_type_check
      check (product_type in ('spot', 'hourly_spot', 'fixed', 'variable', 'plus'))`,
    'alter table offers add column cabin boolean not null default false',
    `update offers set cabin = true, customer_type = 'household' where customer_type = 'cabin'`,
    'alter table offers alter column cabin drop default',
    'alter table offers drop constraint offers_customer_type_check',
    `alter table offers add constraint offers_customer_type_check
      check (customer_type in ('household', 'business'))`,
    `alter table offers add constraint offers_cabin_check check (not cabin or customer_type = 'household')`,
    'alter table offers add column el_certificate_ore_per_kwh numeric(12, 4) check (el_certificate_ore_per_kwh >= 0)',
    'alter table offers add column el_certificate_on_top boolean',
    `alter table offers add constraint offers_el_certificate_check
      check ((el_certificate_ore_per_kwh is null) = (el_certificate_on_top is null))`,
    'alter table offers add column fixed_months integer check (fixed_months between 1 and 120)',
    'alter table offers add column fixed_until date',
    `alter table offers add constraint offers_fixed_period_check
      check (product_type = 'fixed' or (fixed_months is null and fixed_until is null))`,
    'alter table offers add column exit_fee_ore integer check (exit_fee_ore >= 0)',
    `alter table offers add column exit_fee_per text check (exit_fee_per in ('once', 'remaining_month'))`,
    `alter table offers add constraint offers_exit_fee_check
      check ((exit_fee_ore is null) = (exit_fee_per is null))`,
    `alter table offers add column conditions jsonb not null
      default '{"membership": null, "otherPurchase": null, "payment": []}'`,
    'alter table offers alter column conditions drop default',
    'alter table offers add column revision integer not null default 1 check (revision >= 1)',
    'alter table offers alter column revision drop default',
    'alter table offers add column superseded_at timestamptz',
    'alter table offers drop constraint offers_pkey',
    'alter table offers add primary key (id, valid_from, revision)',
    'create unique index offers_current on offers (id, valid_from) where superseded_at is null',
  ],
};
