import type { Db } from '../../platform/db/database.ts';

export interface CustomerRow {
  readonly id: string;
  readonly status: 'active' | 'erasure_pending' | 'erased';
  readonly emailEnc: Uint8Array | null;
  readonly nameEnc: Uint8Array | null;
  readonly phoneEnc: Uint8Array | null;
  readonly fnrEnc: Uint8Array | null;
  readonly passwordHash: string | null;
  readonly isDemo: boolean;
  readonly createdAt: Date;
  readonly erasedAt: Date | null;
}

export interface NewCustomer {
  readonly id: string;
  readonly emailEnc: Uint8Array;
  readonly emailBidx: Uint8Array;
  readonly nameEnc: Uint8Array;
  readonly nameBidx: Uint8Array;
  readonly phoneEnc: Uint8Array | null;
  readonly fnrEnc: Uint8Array;
  readonly fnrBidx: Uint8Array;
  readonly passwordHash: string;
  readonly isDemo: boolean;
  readonly createdAt: Date;
}

export class CustomerRepository {
  constructor(private readonly db: Db) {}

  with(tx: Db): CustomerRepository {
    return new CustomerRepository(tx);
  }

  private select() {
    return this.db
      .selectFrom('customers')
      .select([
        'id',
        'status',
        'email_enc as emailEnc',
        'name_enc as nameEnc',
        'phone_enc as phoneEnc',
        'fnr_enc as fnrEnc',
        'password_hash as passwordHash',
        'is_demo as isDemo',
        'created_at as createdAt',
        'erased_at as erasedAt',
      ]);
  }

  /** Inserts the row; an existing e-mail or identity number makes it return false instead. */
  async insert(c: NewCustomer): Promise<boolean> {
    const result = await this.db
      .insertInto('customers')
      .values({
        id: c.id,
        status: 'active',
        email_enc: c.emailEnc,
        email_bidx: c.emailBidx,
        name_enc: c.nameEnc,
        name_bidx: c.nameBidx,
        phone_enc: c.phoneEnc,
        fnr_enc: c.fnrEnc,
        fnr_bidx: c.fnrBidx,
        password_hash: c.passwordHash,
        is_demo: c.isDemo,
        created_at: c.createdAt,
      })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async setField(
    id: string,
    column: 'name_enc' | 'name_bidx' | 'phone_enc',
    value: Uint8Array | null,
  ): Promise<void> {
    await this.db
      .updateTable('customers')
      .set({ [column]: value })
      .where('id', '=', id)
      .execute();
  }

  /** False when another account already has the address (its blind index is unique). */
  async setEmail(id: string, emailEnc: Uint8Array, emailBidx: Uint8Array): Promise<boolean> {
    const taken = await this.db
      .selectFrom('customers')
      .select('id')
      .where('email_bidx', '=', emailBidx)
      .where('id', '<>', id)
      .executeTakeFirst();
    if (taken) return false;
    await this.db
      .updateTable('customers')
      .set({ email_enc: emailEnc, email_bidx: emailBidx })
      .where('id', '=', id)
      .execute();
    return true;
  }

  findById(id: string): Promise<CustomerRow | undefined> {
    return this.select().where('id', '=', id).executeTakeFirst();
  }

  findByEmailIndex(emailBidx: Uint8Array): Promise<CustomerRow | undefined> {
    return this.select()
      .where('email_bidx', '=', emailBidx)
      .where('status', '=', 'active')
      .executeTakeFirst();
  }

  async findIdByIdentityIndex(fnrBidx: Uint8Array): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('customers')
      .select('id')
      .where('fnr_bidx', '=', fnrBidx)
      .executeTakeFirst();
    return row?.id;
  }

  /** Active customers whose normalised name hashes to the index; names are shared, so several may match. */
  async findIdsByNameIndex(nameBidx: Uint8Array, limit: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('customers')
      .select('id')
      .where('name_bidx', '=', nameBidx)
      .where('status', '=', 'active')
      .orderBy('created_at')
      .limit(limit)
      .execute();
    return rows.map((r) => r.id);
  }

  /** Active customers written before the name index existed, a batch at a time. */
  async withoutNameIndex(
    afterId: string | null,
    limit: number,
  ): Promise<{ id: string; nameEnc: Uint8Array }[]> {
    let q = this.db
      .selectFrom('customers')
      .select(['id', 'name_enc'])
      .where('status', '=', 'active')
      .where('name_enc', 'is not', null)
      .where('name_bidx', 'is', null);
    if (afterId) q = q.where('id', '>', afterId);
    const rows = await q.orderBy('id').limit(limit).execute();
    return rows.map((r) => ({ id: r.id, nameEnc: r.name_enc as Uint8Array }));
  }

  async existsByIdentityIndex(fnrBidx: Uint8Array): Promise<boolean> {
    const row = await this.db
      .selectFrom('customers')
      .select('id')
      .where('fnr_bidx', '=', fnrBidx)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** Active customers with an e-mail, ordered by id, after `afterId`: for notices to everyone, in batches. */
  async activeWithEmail(
    afterId: string | null,
    limit: number,
  ): Promise<{ id: string; emailEnc: Uint8Array }[]> {
    let q = this.db
      .selectFrom('customers')
      .select(['id', 'email_enc'])
      .where('status', '=', 'active')
      .where('email_enc', 'is not', null);
    if (afterId) q = q.where('id', '>', afterId);
    const rows = await q.orderBy('id').limit(limit).execute();
    return rows.map((r) => ({ id: r.id, emailEnc: r.email_enc as Uint8Array }));
  }

  async countActive(): Promise<number> {
    const row = await this.db
      .selectFrom('customers')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'active')
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async insertSession(
    tokenHash: Uint8Array,
    customerId: string,
    createdAt: Date,
    expiresAt: Date,
  ): Promise<void> {
    await this.db
      .insertInto('sessions')
      .values({
        token_hash: tokenHash,
        customer_id: customerId,
        created_at: createdAt,
        expires_at: expiresAt,
      })
      .execute();
  }

  async findSession(
    tokenHash: Uint8Array,
    now: Date,
  ): Promise<{ customerId: string; createdAt: Date; expiresAt: Date } | undefined> {
    return this.db
      .selectFrom('sessions')
      .innerJoin('customers', 'customers.id', 'sessions.customer_id')
      .select([
        'sessions.customer_id as customerId',
        'sessions.created_at as createdAt',
        'sessions.expires_at as expiresAt',
      ])
      .where('sessions.token_hash', '=', tokenHash)
      .where('sessions.expires_at', '>', now)
      .where('customers.status', '=', 'active')
      .executeTakeFirst();
  }

  async deleteSession(tokenHash: Uint8Array): Promise<void> {
    await this.db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
  }

  async deleteExpiredSessions(now: Date): Promise<number> {
    const r = await this.db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
