import type { Selectable } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { BreachesTable } from '../../schema.ts';

export class BreachRepository {
  constructor(private readonly db: Db) {}

  with(tx: Db): BreachRepository {
    return new BreachRepository(tx);
  }

  async insert(b: {
    id: string;
    title: string;
    description: string;
    categories: string[];
    subjectsAffected: number;
    occurredAt: Date | null;
    foundAt: Date;
    risk: 'none' | 'risk' | 'high_risk';
    createdBy: string;
    createdAt: Date;
  }): Promise<void> {
    await this.db
      .insertInto('breaches')
      .values({
        id: b.id,
        title: b.title.trim(),
        description: b.description.trim(),
        categories: b.categories,
        subjects_affected: b.subjectsAffected,
        occurred_at: b.occurredAt,
        found_at: b.foundAt,
        risk: b.risk,
        created_by: b.createdBy,
        created_at: b.createdAt,
      })
      .execute();
  }

  async update(
    id: string,
    c: {
      authorityNotifiedAt?: Date;
      authorityNotNotifiedReason?: string;
      subjectsNotifiedAt?: Date;
      containedAt?: Date;
    },
  ): Promise<boolean> {
    const r = await this.db
      .updateTable('breaches')
      .set({
        ...(c.authorityNotifiedAt ? { authority_notified_at: c.authorityNotifiedAt } : {}),
        ...(c.authorityNotNotifiedReason
          ? { authority_not_notified_reason: c.authorityNotNotifiedReason }
          : {}),
        ...(c.subjectsNotifiedAt ? { subjects_notified_at: c.subjectsNotifiedAt } : {}),
        ...(c.containedAt ? { contained_at: c.containedAt } : {}),
      })
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  find(id: string): Promise<Selectable<BreachesTable> | undefined> {
    return this.db.selectFrom('breaches').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** False when the person was already recorded as affected. */
  async addSubject(breachId: string, customerId: string): Promise<boolean> {
    const r = await this.db
      .insertInto('breach_subjects')
      .values({ breach_id: breachId, customer_id: customerId })
      .onConflict((oc) => oc.columns(['breach_id', 'customer_id']).doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async subjectsOf(breachId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('breach_subjects')
      .select('customer_id')
      .where('breach_id', '=', breachId)
      .orderBy('customer_id')
      .execute();
    return rows.map((r) => r.customer_id);
  }

  /** How many people are recorded as affected, per breach. */
  async subjectCounts(): Promise<Map<string, number>> {
    const rows = await this.db
      .selectFrom('breach_subjects')
      .select((eb) => ['breach_id', eb.fn.countAll<number | string>().as('n')])
      .groupBy('breach_id')
      .execute();
    return new Map(rows.map((r) => [r.breach_id, Number(r.n)]));
  }

  all(): Promise<Selectable<BreachesTable>[]> {
    return this.db.selectFrom('breaches').selectAll().orderBy('found_at', 'desc').execute();
  }
}
