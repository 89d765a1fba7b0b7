import type { Migration } from '../platform/db/migrator.ts';

/**
 * The grid company of a metering point, by GLN, as Elhub's master data names it: its tariff
 * prices the grid part of the monthly bill. Null where the source does not say.
 */
export const gridCompany: Migration = {
  name: '0006-grid-company',
  statements: ['alter table metering_points add column grid_gln text'],
};
