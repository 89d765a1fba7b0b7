import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Database } from '../../schema.ts';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock.ts';
import { PGliteDialect } from './pglite-dialect.ts';

export type Db = Kysely<Database>;

/** Runs work in one transaction; services get this instead of a raw connection. */
export interface Transactor {
  run<T>(work: (tx: Db) => Promise<T>): Promise<T>;
}

export const transactor = (db: Db): Transactor => ({
  run: (work) => db.transaction().execute(work),
});

/** Where the data lives: PGlite on disk (the default), PGlite from a snapshot (tests), or PostgreSQL. */
export type StoreTarget =
  | { readonly kind: 'pglite'; readonly dataDir: string }
  | { readonly kind: 'pglite-memory'; readonly snapshot?: Blob }
  | { readonly kind: 'postgres'; readonly url: string };

export interface Store {
  readonly db: Db;
  readonly kind: 'pglite' | 'postgres';
  close(): Promise<void>;
}

const INT8_OID = 20;
const DATE_OID = 1082;

/** Calendar dates stay 'YYYY-MM-DD' strings: a Date object would shift them by the machine's time zone. */
const keepText = (value: string): string => value;

/**
 * `count(*)` and bigint columns come back as numbers from PGlite but as strings from pg.
 * Parsing int8 as a number on pg makes both the same; every int8 we store (ids, øre sums
 * of one household) is far below 2^53, and anything larger is refused instead of rounded.
 */
const pgTypes = {
  getTypeParser: (oid: number, format?: 'text' | 'binary') => {
    if (oid === DATE_OID) return keepText;
    if (oid === INT8_OID) {
      return (value: string) => {
        const n = Number(value);
        if (!Number.isSafeInteger(n)) throw new RangeError('int8 value beyond 2^53');
        return n;
      };
    }
    return pg.types.getTypeParser(oid, format ?? 'text');
  },
};

export const openStore = async (target: StoreTarget): Promise<Store> => {
  if (target.kind === 'postgres') {
    const pool = new pg.Pool({
      connectionString: target.url,
      max: 10,
      types: pgTypes as pg.CustomTypesConfig,
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    await sql`select 1`.execute(db);
    return { db, kind: 'postgres', close: () => db.destroy() };
  }
  let lock: DataDirLock | undefined;
  let pglite: PGlite;
  if (target.kind === 'pglite') {
    lock = acquireDataDirLock(target.dataDir);
    try {
      const dir = path.join(target.dataDir, 'pglite');
      fs.mkdirSync(dir, { recursive: true });
      pglite = await PGlite.create(dir, { parsers: { [DATE_OID]: keepText } });
    } catch (e) {
      lock.release();
      throw e;
    }
  } else {
    pglite = await PGlite.create({
      parsers: { [DATE_OID]: keepText },
      ...(target.snapshot ? { loadDataDir: target.snapshot } : {}),
    });
  }
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  return {
    db,
    kind: 'pglite',
    close: async () => {
      try {
        await db.destroy();
      } finally {
        lock?.release();
      }
    },
  };
};

/** A snapshot of an in-memory PGlite database, so tests start from a migrated copy in about a second. */
export const snapshotPglite = async (setup: (db: Db) => Promise<void>): Promise<Blob> => {
  const pglite = await PGlite.create();
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  await setup(db);
  const blob = await pglite.dumpDataDir('none');
  await db.destroy();
  return blob;
};
