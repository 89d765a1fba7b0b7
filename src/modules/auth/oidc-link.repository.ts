import type { Db } from '../../platform/db/database.ts';

/** Links from an identity provider's subject (as a keyed hash) to a customer. */
export class OidcLinkRepository {
  constructor(private readonly db: Db) {}

  with(tx: Db): OidcLinkRepository {
    return new OidcLinkRepository(tx);
  }

  /** The active customer the subject is linked to; a link of an erased or erasing account counts as none. */
  async findActiveCustomer(subjectBidx: Uint8Array): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('customer_oidc_links')
      .innerJoin('customers', 'customers.id', 'customer_oidc_links.customer_id')
      .select('customer_oidc_links.customer_id as customerId')
      .where('customer_oidc_links.subject_bidx', '=', subjectBidx)
      .where('customers.status', '=', 'active')
      .executeTakeFirst();
    return row?.customerId;
  }

  /** False when the subject was linked already (to this customer or, after an erasure, a stale one). */
  async insert(subjectBidx: Uint8Array, customerId: string, at: Date): Promise<boolean> {
    const r = await this.db
      .insertInto('customer_oidc_links')
      .values({ subject_bidx: subjectBidx, customer_id: customerId, created_at: at, last_used_at: at })
      .onConflict((oc) => oc.column('subject_bidx').doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  /** Points a subject at a customer, replacing a link left behind by an account that is no longer active. */
  async relink(subjectBidx: Uint8Array, customerId: string, at: Date): Promise<void> {
    await this.db
      .updateTable('customer_oidc_links')
      .set({ customer_id: customerId, created_at: at, last_used_at: at })
      .where('subject_bidx', '=', subjectBidx)
      .execute();
  }

  async touch(subjectBidx: Uint8Array, at: Date): Promise<void> {
    await this.db
      .updateTable('customer_oidc_links')
      .set({ last_used_at: at })
      .where('subject_bidx', '=', subjectBidx)
      .execute();
  }

  async countFor(customerId: string): Promise<number> {
    const r = await this.db
      .selectFrom('customer_oidc_links')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('customer_id', '=', customerId)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }
}
