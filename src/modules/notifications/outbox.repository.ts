import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';

export interface OutboxRow {
  readonly id: string;
  readonly customerId: string | null;
  readonly channel: 'email' | 'sms';
  readonly template: string;
  readonly payloadEnc: Uint8Array;
  readonly attempts: number;
}

export class OutboxRepository {
  constructor(private readonly db: Db) {}

  with(tx: Db): OutboxRepository {
    return new OutboxRepository(tx);
  }

  /** False when a message with the same idempotency key was already queued. */
  async enqueue(m: {
    id: string;
    customerId: string | null;
    channel: 'email' | 'sms';
    template: string;
    payloadEnc: Uint8Array;
    idempotencyKey: string;
    at: Date;
  }): Promise<boolean> {
    const r = await this.db
      .insertInto('outbox')
      .values({
        id: m.id,
        customer_id: m.customerId,
        channel: m.channel,
        template: m.template,
        payload_enc: m.payloadEnc,
        idempotency_key: m.idempotencyKey,
        status: 'pending',
        next_attempt_at: m.at,
        created_at: m.at,
      })
      .onConflict((oc) => oc.column('idempotency_key').doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  /**
   * Takes due messages and pushes their next attempt past the lease, so another worker
   * skips them (rows locked by a concurrent claim are skipped, not waited for).
   */
  async claimDue(now: Date, limit: number, leaseMs: number, customerId?: string): Promise<OutboxRow[]> {
    const of = customerId ? sql`and customer_id = ${customerId}` : sql``;
    const ids = await sql<{ id: string }>`
      update outbox set next_attempt_at = ${new Date(now.getTime() + leaseMs)}
      where id in (
        select id from outbox where status = 'pending' and next_attempt_at <= ${now} ${of}
        order by next_attempt_at limit ${limit} for update skip locked
      )
      returning id`.execute(this.db);
    if (ids.rows.length === 0) return [];
    return this.db
      .selectFrom('outbox')
      .select([
        'id',
        'customer_id as customerId',
        'channel',
        'template',
        'payload_enc as payloadEnc',
        'attempts',
      ])
      .where(
        'id',
        'in',
        ids.rows.map((r) => r.id),
      )
      .orderBy('created_at')
      .execute();
  }

  async markSent(id: string, at: Date): Promise<void> {
    await this.db
      .updateTable('outbox')
      .set({ status: 'sent', sent_at: at, last_error: null })
      .where('id', '=', id)
      .execute();
  }

  async markRetry(id: string, attempts: number, next: Date, error: string, giveUp: boolean): Promise<void> {
    await this.db
      .updateTable('outbox')
      .set({
        attempts,
        next_attempt_at: next,
        last_error: error.slice(0, 200),
        status: giveUp ? 'failed' : 'pending',
      })
      .where('id', '=', id)
      .execute();
  }

  async discard(id: string, reason: string): Promise<void> {
    await this.db
      .updateTable('outbox')
      .set({ status: 'discarded', last_error: reason })
      .where('id', '=', id)
      .execute();
  }
}
