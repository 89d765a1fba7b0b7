import type { Selectable } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { AuditLogTable } from '../../schema.ts';
import { type AuditEntry, type AuditRow, GENESIS_HASH, hashAuditRow } from './audit-chain.ts';

export class AuditRepository {
  constructor(private readonly db: Db) {}

  with(tx: Db): AuditRepository {
    return new AuditRepository(tx);
  }

  /**
   * Appends under a row lock on the chain head, so concurrent writers on PostgreSQL take
   * turns and the chain never forks. Must run inside the caller's transaction.
   */
  async append(entry: AuditEntry): Promise<number> {
    await this.db
      .insertInto('audit_head')
      .values({ id: 1, last_id: 0, hash: GENESIS_HASH })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    const head = await this.db
      .selectFrom('audit_head')
      .select(['last_id', 'hash'])
      .where('id', '=', 1)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const id = head.last_id + 1;
    const hash = hashAuditRow(id, entry, head.hash);
    await this.db
      .insertInto('audit_log')
      .values({
        id,
        occurred_at: entry.occurredAt,
        actor: entry.actor,
        action: entry.action,
        subject_id: entry.subjectId,
        purpose: entry.purpose,
        details: JSON.stringify(entry.details),
        prev_hash: head.hash,
        hash,
      })
      .execute();
    await this.db.updateTable('audit_head').set({ last_id: id, hash }).where('id', '=', 1).execute();
    return id;
  }

  async head(): Promise<
    { lastId: number; hash: Uint8Array; baseId: number; baseHash: Uint8Array | null } | undefined
  > {
    const row = await this.db
      .selectFrom('audit_head')
      .select(['last_id', 'hash', 'base_id', 'base_hash'])
      .where('id', '=', 1)
      .executeTakeFirst();
    return row
      ? { lastId: row.last_id, hash: row.hash, baseId: row.base_id, baseHash: row.base_hash }
      : undefined;
  }

  async *rowsInOrder(batchSize = 5000): AsyncGenerator<AuditRow> {
    let after = 0;
    for (;;) {
      const rows = await this.db
        .selectFrom('audit_log')
        .selectAll()
        .where('id', '>', after)
        .orderBy('id')
        .limit(batchSize)
        .execute();
      for (const r of rows) yield { id: r.id, ...toEntry(r), prevHash: r.prev_hash, hash: r.hash };
      if (rows.length < batchSize) return;
      after = rows[rows.length - 1]?.id ?? after;
    }
  }

  async recent(limit: number): Promise<AuditEntry[]> {
    const rows = await this.db
      .selectFrom('audit_log')
      .select(['occurred_at', 'actor', 'action', 'subject_id', 'purpose', 'details'])
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toEntry);
  }

  async forSubject(subjectId: string): Promise<AuditEntry[]> {
    const rows = await this.db
      .selectFrom('audit_log')
      .select(['occurred_at', 'actor', 'action', 'subject_id', 'purpose', 'details'])
      .where('subject_id', '=', subjectId)
      .orderBy('id')
      .execute();
    return rows.map(toEntry);
  }
}

const toEntry = (r: Omit<Selectable<AuditLogTable>, 'id' | 'prev_hash' | 'hash'>): AuditEntry => ({
  occurredAt: r.occurred_at,
  actor: r.actor,
  action: r.action,
  subjectId: r.subject_id,
  purpose: r.purpose,
  details: r.details,
});
