import type { Db } from '../../platform/db/database.ts';

export interface StaffRow {
  readonly id: string;
  readonly username: string;
  readonly name: string;
  readonly roles: string[];
  readonly passwordHash: string;
  readonly disabledAt: Date | null;
  /** Set while the password is a first one made by an administrator. */
  readonly passwordExpiresAt: Date | null;
}

export class StaffRepository {
  constructor(private readonly db: Db) {}

  with(tx: Db): StaffRepository {
    return new StaffRepository(tx);
  }

  private select() {
    return (
      this.db
        .selectFrom('staff_users')
        .select([
          'id',
          'username',
          'name',
          'roles',
          'password_hash as passwordHash',
          'disabled_at as disabledAt',
          'password_expires_at as passwordExpiresAt',
        ])
        // A former member's removed account is no account: only the id remains, for references.
        .where('removed_at', 'is', null)
        .$narrowType<{ username: string; name: string; passwordHash: string }>()
    );
  }

  async insert(s: {
    id: string;
    username: string;
    name: string;
    roles: string[];
    passwordHash: string;
    passwordExpiresAt: Date | null;
    at: Date;
  }): Promise<boolean> {
    const r = await this.db
      .insertInto('staff_users')
      .values({
        id: s.id,
        username: s.username,
        name: s.name,
        roles: s.roles,
        password_hash: s.passwordHash,
        password_expires_at: s.passwordExpiresAt,
        created_at: s.at,
      })
      .onConflict((oc) => oc.column('username').doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  findByUsername(username: string): Promise<StaffRow | undefined> {
    return this.select().where('username', '=', username).executeTakeFirst();
  }

  findById(id: string): Promise<StaffRow | undefined> {
    return this.select().where('id', '=', id).executeTakeFirst();
  }

  /** Every account with how it signs in, for the administrator's list: no secret, no hash. */
  async listSignIn(): Promise<
    (Omit<StaffRow, 'passwordHash'> & {
      readonly secondFactorSince: Date | null;
      readonly singleSignOnSince: Date | null;
    })[]
  > {
    return this.db
      .selectFrom('staff_users')
      .select([
        'id',
        'username',
        'name',
        'roles',
        'disabled_at as disabledAt',
        'password_expires_at as passwordExpiresAt',
        'totp_confirmed_at as secondFactorSince',
        'oidc_linked_at as singleSignOnSince',
      ])
      .where('removed_at', 'is', null)
      .$narrowType<{ username: string; name: string }>()
      .orderBy('username')
      .execute();
  }

  list(): Promise<StaffRow[]> {
    return this.select().orderBy('username').execute();
  }

  async count(): Promise<number> {
    const r = await this.db
      .selectFrom('staff_users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async insertSession(tokenHash: Uint8Array, staffId: string, at: Date, expires: Date): Promise<void> {
    await this.db
      .insertInto('staff_sessions')
      .values({ token_hash: tokenHash, staff_id: staffId, created_at: at, expires_at: expires })
      .execute();
  }

  async findSession(
    tokenHash: Uint8Array,
    now: Date,
  ): Promise<{ staffId: string; createdAt: Date } | undefined> {
    return this.db
      .selectFrom('staff_sessions')
      .innerJoin('staff_users', 'staff_users.id', 'staff_sessions.staff_id')
      .select(['staff_sessions.staff_id as staffId', 'staff_sessions.created_at as createdAt'])
      .where('staff_sessions.token_hash', '=', tokenHash)
      .where('staff_sessions.expires_at', '>', now)
      .where('staff_users.disabled_at', 'is', null)
      .executeTakeFirst();
  }

  async deleteSession(tokenHash: Uint8Array): Promise<void> {
    await this.db.deleteFrom('staff_sessions').where('token_hash', '=', tokenHash).execute();
  }

  /** A new password: its hash, and when it stops working if it is a first one (null: the member's own). */
  async setPassword(staffId: string, passwordHash: string, expiresAt: Date | null): Promise<void> {
    await this.db
      .updateTable('staff_users')
      .set({ password_hash: passwordHash, password_expires_at: expiresAt })
      .where('id', '=', staffId)
      .execute();
  }

  /** Ends (a date) or resumes (null) an account not yet removed; false when there is no such account. */
  async setDisabled(staffId: string, at: Date | null): Promise<boolean> {
    const r = await this.db
      .updateTable('staff_users')
      .set({ disabled_at: at })
      .where('id', '=', staffId)
      .where('removed_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows ?? 0) > 0;
  }

  /** Names of these accounts; a removed account (a former member) is there with null names. */
  async names(
    ids: readonly string[],
  ): Promise<{ id: string; username: string | null; name: string | null }[]> {
    if (ids.length === 0) return [];
    return this.db
      .selectFrom('staff_users')
      .select(['id', 'username', 'name'])
      .where('id', 'in', [...ids])
      .execute();
  }

  async deleteSessionsOf(staffId: string): Promise<number> {
    const r = await this.db.deleteFrom('staff_sessions').where('staff_id', '=', staffId).executeTakeFirst();
    return Number(r.numDeletedRows ?? 0);
  }
}
