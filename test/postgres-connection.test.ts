import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../src/platform/db/database.ts';
import { createScratchDatabases, postgresUrl, type ScratchDatabases } from './stores.ts';

const url = postgresUrl();

describe.skipIf(!url)('a PostgreSQL server that ends idle connections', () => {
  const lost: (string | undefined)[] = [];
  let store: Store;
  let scratch: ScratchDatabases;

  beforeAll(async () => {
    scratch = await createScratchDatabases(url, ['elvakt_c']);
    store = await openStore({
      kind: 'postgres',
      url: scratch.urls[0] as string,
      onConnectionLost: (code) => lost.push(code),
    });
  });
  afterAll(async () => {
    await store?.close();
    await scratch?.drop();
  });

  it('keeps the process running, says so, and answers the next query on a new connection', async () => {
    // Several connections at once, so the pool holds idle ones.
    await Promise.all([1, 2, 3].map((n) => sql`select pg_sleep(0.05), ${n}::int as n`.execute(store.db)));
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    const ended = await c.query(
      'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
      [scratch.names[0]],
    );
    await c.end();
    expect(ended.rowCount).toBeGreaterThanOrEqual(2);
    // Every ended connection is heard before the next query: until the pool has heard of one,
    // it may still hand it out, as it would for any connection that died a moment ago.
    const count = ended.rowCount ?? 0;
    for (let i = 0; i < 500 && lost.length < count; i++) await new Promise((r) => setTimeout(r, 20));
    // 57P01: terminated by an administrator.
    expect(lost).toContain('57P01');
    expect(lost.length).toBeGreaterThanOrEqual(count);
    const r = await sql<{ one: number }>`select 1 as one`.execute(store.db);
    expect(r.rows[0]?.one).toBe(1);
  });
});

if (!url)
  describe.skip('a PostgreSQL server that ends idle connections [postgres: skipped, DATABASE_URL not set]', () => {});
