import type { Selectable } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { PrivacyRequestsTable, RequestState, RequestType, VerificationMethod } from '../../schema.ts';

export type RequestRow = Selectable<PrivacyRequestsTable>;

export class RequestRepository {
  constructor(private readonly db: Db) {}

  with(tx: Db): RequestRepository {
    return new RequestRepository(tx);
  }

  async insert(r: {
    id: string;
    customerId: string;
    type: RequestType;
    channel: string;
    receivedAt: Date;
    dueAt: Date;
    detailsEnc: Uint8Array | null;
  }): Promise<void> {
    await this.db
      .insertInto('privacy_requests')
      .values({
        id: r.id,
        customer_id: r.customerId,
        type: r.type,
        state: 'received',
        channel: r.channel,
        received_at: r.receivedAt,
        due_at: r.dueAt,
        details_enc: r.detailsEnc,
      })
      .execute();
  }

  /** Reads a request and locks it for the rest of the transaction, so two steps never race. */
  find(id: string, lock = false): Promise<RequestRow | undefined> {
    const q = this.db.selectFrom('privacy_requests').selectAll().where('id', '=', id);
    return (lock ? q.forUpdate() : q).executeTakeFirst();
  }

  ofCustomer(customerId: string): Promise<RequestRow[]> {
    return this.db
      .selectFrom('privacy_requests')
      .selectAll()
      .where('customer_id', '=', customerId)
      .orderBy('received_at', 'desc')
      .execute();
  }

  /** Open requests, the nearest deadline first. */
  open(): Promise<RequestRow[]> {
    return this.db
      .selectFrom('privacy_requests')
      .selectAll()
      .where('state', 'in', ['received', 'verified'])
      .orderBy('due_at')
      .orderBy('received_at')
      .execute();
  }

  async verify(
    id: string,
    method: VerificationMethod,
    at: Date,
    by: string | null,
    noteEnc: Uint8Array | null,
  ): Promise<void> {
    await this.db
      .updateTable('privacy_requests')
      .set({
        state: 'verified',
        verification_method: method,
        verified_at: at,
        verified_by: by,
        verification_note_enc: noteEnc,
      })
      .where('id', '=', id)
      .execute();
  }

  async extend(id: string, dueAt: Date, reasonEnc: Uint8Array, at: Date): Promise<void> {
    await this.db
      .updateTable('privacy_requests')
      .set({ due_at: dueAt, extended_reason_enc: reasonEnc, extended_at: at })
      .where('id', '=', id)
      .execute();
  }

  async close(
    id: string,
    state: Extract<RequestState, 'completed' | 'rejected' | 'withdrawn'>,
    at: Date,
    by: string | null,
    outcome: Record<string, unknown>,
    resolutionEnc: Uint8Array | null,
  ): Promise<void> {
    await this.db
      .updateTable('privacy_requests')
      .set({
        state,
        completed_at: at,
        completed_by: by,
        outcome: JSON.stringify(outcome),
        resolution_enc: resolutionEnc,
      })
      .where('id', '=', id)
      .execute();
  }

  /** Records that the request's erasure was decided; until it commits, this is what is resumed. */
  async carryOut(id: string, at: Date, by: string | null): Promise<void> {
    await this.db
      .updateTable('privacy_requests')
      .set({ carry_out_at: at, carry_out_by: by })
      .where('id', '=', id)
      .execute();
  }

  /** A person's open erasure requests, locked: an erasure of that person answers them. */
  openErasuresOf(customerId: string): Promise<RequestRow[]> {
    return this.db
      .selectFrom('privacy_requests')
      .selectAll()
      .where('customer_id', '=', customerId)
      .where('type', '=', 'erasure')
      .where('state', '=', 'verified')
      .orderBy('received_at')
      .forUpdate()
      .execute();
  }

  /** Decided erasures that have not committed, of people no active legal hold keeps. */
  async decidedErasures(limit: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('privacy_requests as r')
      .select('r.id')
      .where('r.type', '=', 'erasure')
      .where('r.state', '=', 'verified')
      .where('r.carry_out_at', 'is not', null)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('legal_holds as h')
              .select('h.id')
              .whereRef('h.customer_id', '=', 'r.customer_id')
              .where('h.released_at', 'is', null),
          ),
        ),
      )
      .orderBy('r.carry_out_at')
      .limit(limit)
      .execute();
    return rows.map((r) => r.id);
  }

  async saveCode(
    requestId: string,
    codeHash: Uint8Array,
    channel: 'email' | 'sms',
    expiresAt: Date,
  ): Promise<void> {
    await this.db
      .insertInto('privacy_request_codes')
      .values({ request_id: requestId, code_hash: codeHash, channel, expires_at: expiresAt })
      .onConflict((oc) =>
        oc
          .column('request_id')
          .doUpdateSet({ code_hash: codeHash, channel, expires_at: expiresAt, attempts: 0, used_at: null }),
      )
      .execute();
  }

  findCode(requestId: string) {
    return this.db
      .selectFrom('privacy_request_codes')
      .select([
        'code_hash as codeHash',
        'channel',
        'expires_at as expiresAt',
        'attempts',
        'used_at as usedAt',
      ])
      .where('request_id', '=', requestId)
      .forUpdate()
      .executeTakeFirst();
  }

  async countAttempt(requestId: string): Promise<void> {
    await this.db
      .updateTable('privacy_request_codes')
      .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
      .where('request_id', '=', requestId)
      .execute();
  }

  async useCode(requestId: string, at: Date): Promise<void> {
    await this.db
      .updateTable('privacy_request_codes')
      .set({ used_at: at })
      .where('request_id', '=', requestId)
      .execute();
  }
}
