import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';

/** Counters of attempts at secrets, by keyed hash; shared by every process on the database. */
export class SignInLimitRepository {
  constructor(private readonly db: Db) {}

  /**
   * Counts one attempt under `key` and returns the count in the current window: one
   * statement, so two processes counting at once both count. A window that ended starts
   * anew at this attempt.
   */
  async count(key: Uint8Array, now: Date, windowEndsAt: Date): Promise<number> {
    const r = await sql<{ attempts: number }>`insert into sign_in_limits (key, attempts, window_ends_at)
      values (${key}, 1, ${windowEndsAt})
      on conflict (key) do update set
        attempts = case when sign_in_limits.window_ends_at <= ${now} then 1 else sign_in_limits.attempts + 1 end,
        window_ends_at = case when sign_in_limits.window_ends_at <= ${now} then ${windowEndsAt}
          else sign_in_limits.window_ends_at end
      returning attempts`.execute(this.db);
    return Number(r.rows[0]?.attempts ?? 0);
  }

  /** The attempt was the right secret: it does not count against the address. */
  async uncount(key: Uint8Array): Promise<void> {
    await this.db
      .updateTable('sign_in_limits')
      .set({ attempts: sql`greatest(attempts - 1, 0)` })
      .where('key', '=', key)
      .execute();
  }

  /** The account's owner got in: earlier wrong tries at it are forgiven. */
  async forget(key: Uint8Array): Promise<void> {
    await this.db.deleteFrom('sign_in_limits').where('key', '=', key).execute();
  }
}
