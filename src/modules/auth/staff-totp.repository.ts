import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';

export interface StaffTotpRow {
  readonly id: string;
  readonly username: string;
  readonly roles: string[];
  readonly secretEnc: Uint8Array | null;
  readonly confirmedAt: Date | null;
  readonly lockedUntil: Date | null;
}

/** The second-factor columns of staff accounts. */
export class StaffTotpRepository {
  constructor(private readonly db: Db) {}

  with(tx: Db): StaffTotpRepository {
    return new StaffTotpRepository(tx);
  }

  /** An account that may sign in (not disabled). */
  find(staffId: string): Promise<StaffTotpRow | undefined> {
    return this.db
      .selectFrom('staff_users')
      .select([
        'id',
        'username',
        'roles',
        'totp_secret_enc as secretEnc',
        'totp_confirmed_at as confirmedAt',
        'totp_locked_until as lockedUntil',
      ])
      .where('id', '=', staffId)
      .where('disabled_at', 'is', null)
      .$narrowType<{ username: string }>()
      .executeTakeFirst();
  }

  /** Forgets an account's second factor, so it enrols anew at its next sign-in; the id, or undefined for no such account. */
  async reset(username: string): Promise<string | undefined> {
    const r = await this.db
      .updateTable('staff_users')
      .set({
        totp_secret_enc: null,
        totp_confirmed_at: null,
        totp_last_step: null,
        totp_failures: 0,
        totp_locked_until: null,
      })
      .where('username', '=', username)
      .returning('id')
      .executeTakeFirst();
    return r?.id;
  }

  /** A fresh secret to enrol; never replaces a confirmed one. */
  async setPendingSecret(staffId: string, secretEnc: Uint8Array): Promise<boolean> {
    const r = await this.db
      .updateTable('staff_users')
      .set({ totp_secret_enc: secretEnc, totp_last_step: null })
      .where('id', '=', staffId)
      .where('totp_confirmed_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /**
   * Spends a time step: succeeds only when it is later than the last step spent, in one
   * statement, so two requests racing with the same code cannot both get in. Confirms an
   * enrolment and clears the failure count.
   */
  async spendStep(staffId: string, step: number, at: Date): Promise<boolean> {
    const r = await this.db
      .updateTable('staff_users')
      .set({
        totp_last_step: step,
        totp_failures: 0,
        totp_locked_until: null,
        totp_confirmed_at: sql<Date>`coalesce(totp_confirmed_at, ${at})`,
      })
      .where('id', '=', staffId)
      .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Counts a wrong code and returns the count so far, atomically. */
  async countFailure(staffId: string): Promise<number> {
    const r = await this.db
      .updateTable('staff_users')
      .set({ totp_failures: sql<number>`totp_failures + 1` })
      .where('id', '=', staffId)
      .returning('totp_failures')
      .executeTakeFirst();
    return Number(r?.totp_failures ?? 0);
  }

  async lock(staffId: string, until: Date): Promise<void> {
    await this.db
      .updateTable('staff_users')
      .set({ totp_failures: 0, totp_locked_until: until })
      .where('id', '=', staffId)
      .execute();
  }
}
