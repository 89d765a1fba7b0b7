import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import pg from 'pg';
import { describe, inject } from 'vitest';
import { migrations } from '../src/migrations/index.ts';
import { keystoreMigrations } from '../src/platform/crypto/keystore-schema.ts';
import { openStore, type Store } from '../src/platform/db/database.ts';
import { migrate } from '../src/platform/db/migrator.ts';

/**
 * Every store test runs on PGlite and, when a PostgreSQL URL is configured, again on
 * PostgreSQL in a fresh database of its own that is dropped afterwards.
 */
export interface StoreKind {
  readonly name: 'pglite' | 'postgres';
  open(): Promise<Store>;
}

const pgliteKind: StoreKind = {
  name: 'pglite',
  open: async () => {
    const snapshot = new Blob([fs.readFileSync(inject('pgliteSnapshot'))]);
    const keySnapshot = new Blob([fs.readFileSync(inject('pgliteKeySnapshot'))]);
    return openStore({ kind: 'pglite-memory', snapshot, keySnapshot });
  },
};

/** Empty PostgreSQL databases of a test's own, with their URLs, and the way to drop them. */
export interface ScratchDatabases {
  readonly names: readonly string[];
  readonly urls: readonly string[];
  drop(): Promise<void>;
}

/** Creates one empty database per prefix (`<prefix>_<random>`) on the server at `url`. */
export const createScratchDatabases = async (
  url: string,
  prefixes: readonly string[],
): Promise<ScratchDatabases> => {
  const suffix = randomBytes(6).toString('hex');
  const names = prefixes.map((p) => `${p}_${suffix}`);
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    for (const name of names) await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const urls = names.map((name) => {
    const u = new URL(url);
    u.pathname = `/${name}`;
    return u.toString();
  });
  return {
    names,
    urls,
    drop: async () => {
      const dropper = new pg.Client({ connectionString: url });
      await dropper.connect();
      try {
        for (const name of names) await dropper.query(`drop database if exists ${name} with (force)`);
      } finally {
        await dropper.end();
      }
    },
  };
};

/** A fresh database of its own for each suite, and one for its key store, dropped afterwards. */
const postgresKind = (url: string): StoreKind => ({
  name: 'postgres',
  open: async () => {
    const scratch = await createScratchDatabases(url, ['elvakt_t', 'elvakt_k']);
    const store = await openStore({
      kind: 'postgres',
      url: scratch.urls[0] as string,
      keysUrl: scratch.urls[1] as string,
    });
    await migrate(store.db, migrations);
    await migrate(store.keys, keystoreMigrations);
    return {
      ...store,
      close: async () => {
        await store.close();
        await scratch.drop();
      },
    };
  },
});

export const postgresUrl = (): string => inject('postgresUrl');

export const storeKinds = (): StoreKind[] => {
  const url = postgresUrl();
  return url ? [pgliteKind, postgresKind(url)] : [pgliteKind];
};

/** `describe` once per store; on a machine without PostgreSQL the PostgreSQL run is shown as skipped. */
export const describeStores = (title: string, body: (kind: StoreKind) => void): void => {
  describe.each(storeKinds())(`${title} [$name]`, body);
  if (!postgresUrl()) describe.skip(`${title} [postgres: skipped, DATABASE_URL not set]`, () => {});
};
