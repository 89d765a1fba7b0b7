import type { Db } from '../../platform/db/database.ts';

/** A staff account as single sign-on sees it. */
export interface StaffOidcAccount {
  readonly id: string;
  readonly roles: readonly string[];
  readonly disabled: boolean;
  /** The provider account tied at the first single sign-on, as a keyed hash; null before it. */
  readonly subjectBidx: Uint8Array | null;
}

/** The tie between a staff account and its company identity provider's subject. */
export class StaffOidcRepository {
  constructor(private readonly db: Db) {}

  with(tx: Db): StaffOidcRepository {
    return new StaffOidcRepository(tx);
  }

  async findByUsername(username: string): Promise<StaffOidcAccount | undefined> {
    const row = await this.db
      .selectFrom('staff_users')
      .select(['id', 'roles', 'disabled_at', 'oidc_subject_bidx'])
      .where('username', '=', username)
      .executeTakeFirst();
    return row
      ? {
          id: row.id,
          roles: row.roles,
          disabled: row.disabled_at !== null,
          subjectBidx: row.oidc_subject_bidx ? new Uint8Array(row.oidc_subject_bidx) : null,
        }
      : undefined;
  }

  /** The staff account the subject is tied to, if any. */
  async findIdBySubject(subjectBidx: Uint8Array): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('staff_users')
      .select('id')
      .where('oidc_subject_bidx', '=', subjectBidx)
      .executeTakeFirst();
    return row?.id;
  }

  /** False when the account was tied to a subject meanwhile: the first tie stands. */
  async link(staffId: string, subjectBidx: Uint8Array, at: Date): Promise<boolean> {
    const r = await this.db
      .updateTable('staff_users')
      .set({ oidc_subject_bidx: subjectBidx, oidc_linked_at: at, oidc_last_used_at: at })
      .where('id', '=', staffId)
      .where('oidc_subject_bidx', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Forgets the provider account tied to a staff account; its id, or undefined for no such account. */
  async unlink(username: string): Promise<string | undefined> {
    const row = await this.db
      .updateTable('staff_users')
      .set({ oidc_subject_bidx: null, oidc_linked_at: null, oidc_last_used_at: null })
      .where('username', '=', username)
      .returning('id')
      .executeTakeFirst();
    return row?.id;
  }

  async touch(staffId: string, at: Date): Promise<void> {
    await this.db
      .updateTable('staff_users')
      .set({ oidc_last_used_at: at })
      .where('id', '=', staffId)
      .execute();
  }
}
