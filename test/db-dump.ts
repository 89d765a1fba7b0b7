import { sql } from 'kysely';
import type { Db } from '../src/platform/db/database.ts';

/**
 * Every row of every table as one string, bytes read as Latin-1 so that any plaintext
 * hidden in a binary column shows up. A stand-in for `pg_dump` that works on PGlite too.
 */
export const dumpDatabase = async (db: Db): Promise<string> => {
  const tables = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(db);
  const parts: string[] = [];
  for (const { table_name } of tables.rows) {
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table_name)}`.execute(db);
    for (const row of rows.rows) {
      parts.push(
        `${table_name}: ${Object.values(row)
          .map((v) =>
            v instanceof Uint8Array
              ? Buffer.from(v).toString('latin1')
              : v instanceof Date
                ? v.toISOString()
                : JSON.stringify(v),
          )
          .join(' | ')}`,
      );
    }
  }
  return parts.join('\n');
};

export const rawColumns = async (db: Db): Promise<{ table: string; column: string }[]> => {
  const r = await sql<{ table_name: string; column_name: string }>`
    select c.table_name, c.column_name from information_schema.columns c
    join information_schema.tables t on t.table_name = c.table_name and t.table_schema = c.table_schema
    where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'
    order by c.table_name, c.ordinal_position`.execute(db);
  return r.rows.map((x) => ({ table: x.table_name, column: x.column_name }));
};
