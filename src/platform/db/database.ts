import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Database } from '../../schema.ts';
import type { KeyStoreSchema } from '../crypto/keystore-schema.ts';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock.ts';
import { PGliteDialect, pgliteByteaHandlers } from './pglite-dialect.ts';

export type Db = Kysely<Database>;
export type KeyDb = Kysely<KeyStoreSchema>;

/** Runs work in one transaction; services get this instead of a raw connection. */
export interface Transactor {
  run<T>(work: (tx: Db) => Promise<T>): Promise<T>;
}

const committed = new WeakMap<Db, (() => void)[]>();

/**
 * Runs `fn` once the transaction `tx` has committed (never if it rolls back), or at once when
 * `tx` is no transaction of a Transactor. For what lives outside the database, such as a
 * cache: cleared only inside the transaction, a reader between the clearing and the commit
 * would put the old value back.
 */
export const afterCommit = (tx: Db, fn: () => void): void => {
  const list = committed.get(tx);
  if (list) list.push(fn);
  else fn();
};

export const transactor = (db: Db): Transactor => ({
  run: async (work) => {
    const callbacks: (() => void)[] = [];
    const out = await db.transaction().execute((tx) => {
      committed.set(tx, callbacks);
      return work(tx);
    });
    for (const fn of callbacks) fn();
    return out;
  },
});

/**
 * Where the data lives: PGlite on disk (the default), PGlite from snapshots (tests), or
 * PostgreSQL. The key store (wrapped data keys) is a database of its own, so that a dump
 * or backup of the data never holds the keys that open it: on disk `DATA_DIR/keystore`
 * beside `DATA_DIR/pglite`; on PostgreSQL `keysUrl`, or, without one, the schema
 * `elvakt_keys` of the same database (which a dump would then include: see the README).
 */
export type StoreTarget =
  | { readonly kind: 'pglite'; readonly dataDir: string }
  | { readonly kind: 'pglite-memory'; readonly snapshot?: Blob; readonly keySnapshot?: Blob }
  | {
      readonly kind: 'postgres';
      readonly url: string;
      readonly keysUrl?: string;
      /** Told when the server drops an idle connection (a restart, a fail-over, an administrator). */
      readonly onConnectionLost?: (code: string | undefined) => void;
    };

export interface Store {
  readonly db: Db;
  readonly keys: KeyDb;
  readonly kind: 'pglite' | 'postgres';
  /** Whether the keys live apart from the data, as crypto-shredding of backups requires. */
  readonly keysSeparate: boolean;
  close(): Promise<void>;
}

export const KEYS_SCHEMA = 'elvakt_keys';

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

const openPostgres = async <S>(
  url: string,
  schema?: string,
  onConnectionLost?: (code: string | undefined) => void,
): Promise<Kysely<S>> => {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    types: pgTypes as pg.CustomTypesConfig,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // An idle connection the server ends is an 'error' event on the pool, which would end the
  // process unheard. The pool has already dropped that connection and opens a new one for the
  // next query; a query that was running gets its own error.
  pool.on('error', (e) => onConnectionLost?.((e as { code?: string }).code));
  const db = new Kysely<S>({ dialect: new PostgresDialect({ pool }) });
  if (schema) await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
  await sql`select 1`.execute(db);
  return db;
};

const openPglite = async <S>(options: { dir?: string; snapshot?: Blob | undefined }): Promise<Kysely<S>> => {
  if (options.dir) fs.mkdirSync(options.dir, { recursive: true });
  const config = {
    parsers: { ...pgliteByteaHandlers.parsers, [DATE_OID]: keepText },
    serializers: pgliteByteaHandlers.serializers,
    ...(options.snapshot ? { loadDataDir: options.snapshot } : {}),
  };
  const pglite = options.dir ? await PGlite.create(options.dir, config) : await PGlite.create(config);
  return new Kysely<S>({ dialect: new PGliteDialect(pglite) });
};

export const openStore = async (target: StoreTarget): Promise<Store> => {
  if (target.kind === 'postgres') {
    const db = await openPostgres<Database>(target.url, undefined, target.onConnectionLost);
    try {
      const keys = target.keysUrl
        ? await openPostgres<KeyStoreSchema>(target.keysUrl, undefined, target.onConnectionLost)
        : await openPostgres<KeyStoreSchema>(target.url, KEYS_SCHEMA, target.onConnectionLost);
      return {
        db,
        keys,
        kind: 'postgres',
        keysSeparate: target.keysUrl !== undefined,
        close: async () => {
          await Promise.all([db.destroy(), keys.destroy()]);
        },
      };
    } catch (e) {
      await db.destroy();
      throw e;
    }
  }
  let lock: DataDirLock | undefined;
  let db: Db | undefined;
  let keys: KeyDb;
  try {
    if (target.kind === 'pglite') {
      lock = acquireDataDirLock(target.dataDir);
      db = await openPglite<Database>({ dir: path.join(target.dataDir, 'pglite') });
      keys = await openPglite<KeyStoreSchema>({ dir: path.join(target.dataDir, 'keystore') });
    } else {
      db = await openPglite<Database>({ snapshot: target.snapshot });
      keys = await openPglite<KeyStoreSchema>({ snapshot: target.keySnapshot });
    }
  } catch (e) {
    await db?.destroy();
    lock?.release();
    throw e;
  }
  const main = db;
  return {
    db: main,
    keys,
    kind: 'pglite',
    keysSeparate: true,
    close: async () => {
      try {
        await Promise.all([main.destroy(), keys.destroy()]);
      } finally {
        lock?.release();
      }
    },
  };
};

/** A snapshot of an in-memory PGlite database, so tests start from a migrated copy in about a second. */
export const snapshotPglite = async <S = Database>(
  setup: (db: Kysely<S>) => Promise<void>,
): Promise<Blob> => {
  const pglite = await PGlite.create();
  const db = new Kysely<S>({ dialect: new PGliteDialect(pglite) });
  await setup(db);
  const blob = await pglite.dumpDataDir('none');
  await db.destroy();
  return blob;
};
