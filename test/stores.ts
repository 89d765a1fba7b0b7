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

/** A fresh database of its own for each suite, and one for its key store, dropped afterwards. */
const postgresKind = (url: string): StoreKind => ({
  name: 'postgres',
  open: async () => {
    const suffix = randomBytes(6).toString('hex');
    const names = [`elvakt_t_${suffix}`, `elvakt_k_${suffix}`];
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    for (const name of names) await admin.query(`create database ${name}`);
    await admin.end();
    const urlOf = (name: string) => {
      const u = new URL(url);
      u.pathname = `/${name}`;
      return u.toString();
    };
    const store = await openStore({
      kind: 'postgres',
      url: urlOf(names[0] as string),
      keysUrl: urlOf(names[1] as string),
    });
    await migrate(store.db, migrations);
    await migrate(store.keys, keystoreMigrations);
    return {
      ...store,
      close: async () => {
        await store.close();
        const dropper = new pg.Client({ connectionString: url });
        await dropper.connect();
        for (const name of names) await dropper.query(`drop database if exists ${name} with (force)`);
        await dropper.end();
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
