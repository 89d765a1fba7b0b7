import type { Db } from '../../platform/db/database.ts';

export interface LegalHoldRow {
  readonly id: string;
  readonly customerId: string;
  readonly reasonEnc: Uint8Array;
  readonly placedBy: string;
  readonly placedAt: Date;
  readonly releasedAt: Date | null;
}

export class LegalHoldRepository {
  constructor(private readonly db: Db) {}

  with(tx: Db): LegalHoldRepository {
    return new LegalHoldRepository(tx);
  }

  async place(h: {
    id: string;
    customerId: string;
    reasonEnc: Uint8Array;
    placedBy: string;
    placedAt: Date;
  }): Promise<void> {
    await this.db
      .insertInto('legal_holds')
      .values({
        id: h.id,
        customer_id: h.customerId,
        reason_enc: h.reasonEnc,
        placed_by: h.placedBy,
        placed_at: h.placedAt,
      })
      .execute();
  }

  async release(id: string, by: string, at: Date): Promise<string | undefined> {
    const row = await this.db
      .updateTable('legal_holds')
      .set({ released_at: at, released_by: by })
      .where('id', '=', id)
      .where('released_at', 'is', null)
      .returning('customer_id')
      .executeTakeFirst();
    return row?.customer_id;
  }

  async hasActive(customerId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('legal_holds')
      .select('id')
      .where('customer_id', '=', customerId)
      .where('released_at', 'is', null)
      .executeTakeFirst();
    return row !== undefined;
  }

  active(): Promise<LegalHoldRow[]> {
    return this.db
      .selectFrom('legal_holds')
      .select([
        'id',
        'customer_id as customerId',
        'reason_enc as reasonEnc',
        'placed_by as placedBy',
        'placed_at as placedAt',
        'released_at as releasedAt',
      ])
      .where('released_at', 'is', null)
      .orderBy('placed_at')
      .execute();
  }
}
