import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Store } from './database.ts';

/** A stable 64-bit key for a lock name, as PostgreSQL's advisory locks take it. */
const lockKey = (name: string): string =>
  createHash('sha256').update(`elvakt:${name}`).digest().readBigInt64BE(0).toString();

/**
 * Runs work that spans many transactions in one process at a time among every process on
 * the same PostgreSQL database (seeding an empty database at start). A session advisory
 * lock is held on a connection of its own while the work runs: a second process waits for
 * it, and a process that dies lets go with its connection. On PGlite the data-folder lock
 * already keeps every other process out, so the work simply runs.
 */
export const exclusively = async <T>(
  store: Pick<Store, 'db' | 'kind'>,
  name: string,
  work: () => Promise<T>,
): Promise<T> => {
  if (store.kind !== 'postgres') return work();
  const key = lockKey(name);
  return store.db.connection().execute(async (connection) => {
    await sql`select pg_advisory_lock(${key}::bigint)`.execute(connection);
    try {
      return await work();
    } finally {
      await sql`select pg_advisory_unlock(${key}::bigint)`.execute(connection);
    }
  });
};
