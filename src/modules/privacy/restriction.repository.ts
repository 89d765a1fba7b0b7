import type { Db } from '../../platform/db/database.ts';

export interface RestrictionRow {
  readonly id: string;
  readonly kind: 'restriction' | 'objection' | 'marketing_objection';
  readonly purposes: string[];
  readonly requestId: string | null;
  readonly placedAt: Date;
}

export class RestrictionRepository {
  constructor(private readonly db: Db) {}

  with(tx: Db): RestrictionRepository {
    return new RestrictionRepository(tx);
  }

  async place(r: RestrictionRow & { customerId: string }): Promise<void> {
    await this.db
      .insertInto('processing_restrictions')
      .values({
        id: r.id,
        customer_id: r.customerId,
        kind: r.kind,
        purposes: r.purposes,
        request_id: r.requestId,
        placed_at: r.placedAt,
      })
      .execute();
  }

  async lift(id: string, customerId: string, at: Date): Promise<boolean> {
    const r = await this.db
      .updateTable('processing_restrictions')
      .set({ lifted_at: at })
      .where('id', '=', id)
      .where('customer_id', '=', customerId)
      .where('lifted_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  active(customerId: string): Promise<RestrictionRow[]> {
    return this.db
      .selectFrom('processing_restrictions')
      .select(['id', 'kind', 'purposes', 'request_id as requestId', 'placed_at as placedAt'])
      .where('customer_id', '=', customerId)
      .where('lifted_at', 'is', null)
      .orderBy('placed_at')
      .execute();
  }
}
