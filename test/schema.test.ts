import { afterAll, beforeAll, expect, it } from 'vitest';
import { migrations } from '../src/migrations/index.ts';
import { DATA_MAP } from '../src/modules/privacy/data-map.ts';
import type { Store } from '../src/platform/db/database.ts';
import { migrate } from '../src/platform/db/migrator.ts';
import { rawColumns } from './db-dump.ts';
import { describeStores } from './stores.ts';

describeStores('the schema and the data map', (kind) => {
  let store: Store;
  beforeAll(async () => {
    store = await kind.open();
  });
  afterAll(async () => store?.close());

  it('applies every migration once; running again changes nothing', async () => {
    const again = await migrate(store.db, migrations);
    expect(again.applied).toEqual([]);
    expect(again.alreadyApplied).toBe(migrations.length);
  });

  it('classifies every column of the live schema, and declares no column that does not exist', async () => {
    const live = await rawColumns(store.db);
    const unclassified = live.filter(({ table, column }) => !DATA_MAP[table]?.columns[column]);
    expect(unclassified).toEqual([]);
    const liveKeys = new Set(live.map(({ table, column }) => `${table}.${column}`));
    const stale = Object.entries(DATA_MAP).flatMap(([table, spec]) =>
      Object.keys(spec.columns)
        .map((c) => `${table}.${c}`)
        .filter((k) => !liveKeys.has(k)),
    );
    expect(stale).toEqual([]);
  });

  it('notices a new table that nobody classified', async () => {
    await store.db.transaction().execute(async (tx) => {
      await tx.schema.createTable('scratch_unclassified').addColumn('note', 'text').execute();
      const live = await rawColumns(tx);
      expect(live.filter(({ table, column }) => !DATA_MAP[table]?.columns[column])).toEqual([
        { table: 'scratch_unclassified', column: 'note' },
      ]);
      await tx.schema.dropTable('scratch_unclassified').execute();
    });
  });

  it('refuses a database written by a newer version', async () => {
    await store.db
      .insertInto('schema_migrations')
      .values({ name: '9999-from-the-future', applied_at: new Date() })
      .execute();
    await expect(migrate(store.db, migrations)).rejects.toThrow(/newer Elvakt/);
    await store.db.deleteFrom('schema_migrations').where('name', '=', '9999-from-the-future').execute();
  });
});
