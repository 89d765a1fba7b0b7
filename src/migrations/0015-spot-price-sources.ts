import type { Migration } from '../platform/db/migrator.ts';

/**
 * Every source's price for an interval is kept side by side (a source's exact and converted
 * prices too: two files may share a source name), so an exact hourly price and
 * quarter-hours converted from EUR no longer overwrite each other into an hour nobody can
 * price: which one stands for an hour is decided when prices are read
 * (`src/modules/market/spot-resolution.ts`). `import_seq` is the import a row first arrived
 * in, from one sequence, so "the source that came first" means the same on every store;
 * rows stored before this migration count as first (0).
 */
export const spotPriceSources: Migration = {
  name: '0015-spot-price-sources',
  statements: [
    'create sequence spot_price_imports',
    'alter table spot_prices add column import_seq bigint not null default 0',
    'alter table spot_prices drop constraint spot_prices_pkey',
    'alter table spot_prices add primary key (area, starts_at, resolution_minutes, source, estimated)',
  ],
};
