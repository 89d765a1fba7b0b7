import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { SubjectLink } from './data-map.ts';

type Row = Record<string, unknown>;

/**
 * Data-map-driven SQL over every table that holds personal data. Table and column names
 * come only from the data map (constants in code), never from input.
 */
export class PersonalDataRepository {
  constructor(private readonly db: Db) {}

  with(tx: Db): PersonalDataRepository {
    return new PersonalDataRepository(tx);
  }

  private where(link: SubjectLink, subjectId: string): RawBuilder<unknown> {
    if ('column' in link) return sql`${sql.ref(link.column)} = ${subjectId}`;
    const v = link.via;
    return sql`${sql.ref(v.column)} in (select id from ${sql.table(v.table)} where ${sql.ref(v.subjectColumn)} = ${subjectId})`;
  }

  async rows(table: string, link: SubjectLink, subjectId: string): Promise<Row[]> {
    const r = await sql<Row>`select * from ${sql.table(table)} where ${this.where(link, subjectId)}`.execute(
      this.db,
    );
    return r.rows;
  }

  /** A page of the subject's rows in `id` order, after `after` (from the start when undefined). */
  async rowsAfter(
    table: string,
    link: SubjectLink,
    subjectId: string,
    after: unknown,
    limit: number,
  ): Promise<Row[]> {
    const from = after === undefined ? sql`true` : sql`id > ${after}`;
    const r =
      await sql<Row>`select * from ${sql.table(table)} where ${this.where(link, subjectId)} and ${from}
      order by id limit ${limit}`.execute(this.db);
    return r.rows;
  }

  async count(table: string, link: SubjectLink, subjectId: string): Promise<number> {
    const r = await sql<{
      n: number | string;
    }>`select count(*) as n from ${sql.table(table)} where ${this.where(link, subjectId)}`.execute(this.db);
    return Number(r.rows[0]?.n ?? 0);
  }

  async latestDate(
    table: string,
    link: SubjectLink,
    subjectId: string,
    column: string,
  ): Promise<string | null> {
    const r = await sql<{ d: string | null }>`select max(${sql.ref(column)})::text as d from ${sql.table(
      table,
    )} where ${this.where(link, subjectId)}`.execute(this.db);
    return r.rows[0]?.d ?? null;
  }

  async delete(table: string, link: SubjectLink, subjectId: string): Promise<number> {
    const r = await sql`delete from ${sql.table(table)} where ${this.where(link, subjectId)}`.execute(
      this.db,
    );
    return Number(r.numAffectedRows ?? 0);
  }

  /**
   * Locks the person's account row for the rest of the transaction and returns its status:
   * two erasures of one person wait for each other instead of interleaving.
   */
  async lockSubject(subjectId: string): Promise<'active' | 'erasure_pending' | 'erased' | undefined> {
    const row = await this.db
      .selectFrom('customers')
      .select('status')
      .where('id', '=', subjectId)
      .forUpdate()
      .executeTakeFirst();
    return row?.status;
  }

  /** Accounts waiting for erasure that no active legal hold keeps any more. */
  async waitingErasures(limit: number): Promise<string[]> {
    const r = await sql<{ id: string }>`select id from customers c where status = 'erasure_pending'
      and not exists (select 1 from legal_holds h where h.customer_id = c.id and h.released_at is null)
      order by id limit ${limit}`.execute(this.db);
    return r.rows.map((x) => x.id);
  }

  /** Of these subjects, those erased or whose account row is gone. */
  async erasedOrGone(ids: readonly string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const live = await this.db
      .selectFrom('customers')
      .select('id')
      .where('id', 'in', [...ids])
      .where('status', '<>', 'erased')
      .execute();
    const keep = new Set(live.map((r) => r.id));
    return ids.filter((id) => !keep.has(id));
  }

  /** Sets the named columns to null and applies `extra` (plain values) on the subject's rows. */
  async clear(
    table: string,
    link: SubjectLink,
    subjectId: string,
    columns: readonly string[],
    extra: Record<string, string | Date>,
  ): Promise<number> {
    const sets = [
      ...columns.map((c) => sql`${sql.ref(c)} = null`),
      ...Object.entries(extra).map(([c, v]) => sql`${sql.ref(c)} = ${v}`),
    ];
    if (sets.length === 0) return 0;
    const r =
      await sql`update ${sql.table(table)} set ${sql.join(sets)} where ${this.where(link, subjectId)}`.execute(
        this.db,
      );
    return Number(r.numAffectedRows ?? 0);
  }
}
