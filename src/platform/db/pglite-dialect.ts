import type { PGlite } from '@electric-sql/pglite';
import {
  CompiledQuery,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryCompiler,
  type QueryResult,
} from 'kysely';

/**
 * PGlite is one connection inside this process. Kysely asks for a connection per query or
 * per transaction; handing the single connection out under a mutex keeps a transaction's
 * statements from interleaving with other requests' statements, which PGlite itself would
 * not prevent.
 */
class Mutex {
  private tail: Promise<void> = Promise.resolve();

  lock(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((resolve) => {
      release = resolve;
    });
    const acquired = this.tail.then(() => release);
    this.tail = this.tail.then(() => next);
    return acquired;
  }
}

const ACQUIRE_TIMEOUT_MS = 30_000;

const BYTEA = 17;

/**
 * Type handlers to create PGlite with. PGlite's own bytea conversion goes byte by byte
 * through strings, which made storing an invoice (kilobytes of ciphertext) cost
 * milliseconds; Buffer's hex codec is native. Given at creation, not per query: options on
 * a query cost PGlite more than the query itself.
 */
export const pgliteByteaHandlers = {
  serializers: {
    [BYTEA]: (x: unknown): string => {
      if (!(x instanceof Uint8Array)) throw new TypeError('bytea parameter is not a Uint8Array');
      return `\\x${Buffer.from(x.buffer, x.byteOffset, x.byteLength).toString('hex')}`;
    },
  },
  parsers: { [BYTEA]: (x: string): Uint8Array => new Uint8Array(Buffer.from(x.slice(2), 'hex')) },
};

class PGliteConnection implements DatabaseConnection {
  constructor(private readonly pg: PGlite) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.pg.query<R>(compiled.sql, [...compiled.parameters]);
    return {
      rows: result.rows,
      ...(result.affectedRows !== undefined ? { numAffectedRows: BigInt(result.affectedRows) } : {}),
    };
  }

  // PGlite returns whole results; streaming yields them in chunks so callers can share code with PostgreSQL.
  async *streamQuery<R>(compiled: CompiledQuery, chunkSize = 1000): AsyncIterableIterator<QueryResult<R>> {
    const { rows } = await this.executeQuery<R>(compiled);
    for (let i = 0; i < rows.length; i += chunkSize) yield { rows: rows.slice(i, i + chunkSize) };
  }
}

class PGliteDriver implements Driver {
  private readonly mutex = new Mutex();
  private readonly connection: PGliteConnection;
  private releaseLock: (() => void) | undefined;

  constructor(private readonly pg: PGlite) {
    this.connection = new PGliteConnection(pg);
  }

  async init(): Promise<void> {
    await this.pg.waitReady;
  }

  /**
   * A query made outside an open transaction, from code running inside it, would wait
   * for that transaction forever; the wait is bounded so such a bug fails loudly instead.
   */
  async acquireConnection(): Promise<DatabaseConnection> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new Error(
              'Waited 30 s for the embedded database: is a query running outside its own open transaction?',
            ),
          ),
        ACQUIRE_TIMEOUT_MS,
      );
    });
    const lock = this.mutex.lock();
    try {
      this.releaseLock = await Promise.race([lock, timeout]);
    } catch (e) {
      // Release the turn once it comes, so the queue behind it keeps moving.
      void lock.then((release) => release());
      throw e;
    } finally {
      clearTimeout(timer);
    }
    return this.connection;
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin'));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async releaseConnection(): Promise<void> {
    const release = this.releaseLock;
    this.releaseLock = undefined;
    release?.();
  }

  async destroy(): Promise<void> {
    if (!this.pg.closed) await this.pg.close();
  }
}

export class PGliteDialect implements Dialect {
  constructor(private readonly pg: PGlite) {}

  createAdapter(): DialectAdapter {
    return new PostgresAdapter();
  }

  createDriver(): Driver {
    return new PGliteDriver(this.pg);
  }

  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new PostgresIntrospector(db);
  }

  createQueryCompiler(): QueryCompiler {
    return new PostgresQueryCompiler();
  }
}
