import { type Kysely, sql } from 'kysely';
import { AppError } from '../errors.ts';

/**
 * Migrations move forward only. Each is a list of statements applied in one transaction
 * with its bookkeeping row, so a crash leaves either all of it or none. On PostgreSQL an
 * advisory lock keeps two starting processes from migrating at once.
 */
export interface Migration {
  readonly name: string;
  readonly statements: readonly string[];
}

const MIGRATION_LOCK = 7_202_611;

export interface MigrationReport {
  readonly applied: string[];
  readonly alreadyApplied: number;
}

export const migrate = async <S>(
  db: Kysely<S>,
  migrations: readonly Migration[],
): Promise<MigrationReport> => {
  return db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(${MIGRATION_LOCK})`.execute(tx);
    await sql`create table if not exists schema_migrations (
      name text primary key,
      applied_at timestamptz not null default now()
    )`.execute(tx);
    const done = await sql<{ name: string }>`select name from schema_migrations order by name`.execute(tx);
    const known = new Set(migrations.map((m) => m.name));
    const unknown = done.rows.filter((r) => !known.has(r.name)).map((r) => r.name);
    if (unknown.length > 0) {
      throw new AppError(
        'conflict',
        `The database has migrations this version does not know (${unknown.join(', ')}): it was written by a newer Elvakt.`,
      );
    }
    const applied = new Set(done.rows.map((r) => r.name));
    const report: MigrationReport = { applied: [], alreadyApplied: applied.size };
    for (const m of migrations) {
      if (applied.has(m.name)) continue;
      for (const statement of m.statements) await sql.raw(statement).execute(tx);
      await sql`insert into schema_migrations (name) values (${m.name})`.execute(tx);
      report.applied.push(m.name);
    }
    return report;
  });
};
