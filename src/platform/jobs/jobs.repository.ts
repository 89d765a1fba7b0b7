import { sql } from 'kysely';
import type { Db } from '../db/database.ts';

/** SQL for the `jobs` table: claiming is one conditional update, so two processes never run a job at once. */
export class JobsRepository {
  constructor(private readonly db: Db) {}

  async ensure(name: string, firstRun: Date): Promise<void> {
    await this.db
      .insertInto('jobs')
      .values({ name, next_run_at: firstRun })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
  }

  async claim(name: string, now: Date, leaseMs: number): Promise<boolean> {
    const row = await this.db
      .updateTable('jobs')
      .set({ locked_until: new Date(now.getTime() + leaseMs), last_started_at: now })
      .where('name', '=', name)
      .where('next_run_at', '<=', now)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
      .returning('name')
      .executeTakeFirst();
    return row !== undefined;
  }

  async finish(name: string, now: Date, nextRun: Date, result: unknown): Promise<void> {
    await this.db
      .updateTable('jobs')
      .set({
        locked_until: null,
        last_finished_at: now,
        next_run_at: nextRun,
        last_result: JSON.stringify(result),
      })
      .where('name', '=', name)
      .execute();
  }

  /** A failed run is retried after `retry`, not at the normal interval. */
  async fail(name: string, retry: Date, message: string): Promise<void> {
    await this.db
      .updateTable('jobs')
      .set({ locked_until: null, next_run_at: retry, last_result: JSON.stringify({ error: message }) })
      .where('name', '=', name)
      .execute();
  }

  async all(): Promise<
    { name: string; nextRunAt: Date; lastFinishedAt: Date | null; lastResult: unknown }[]
  > {
    const rows = await this.db
      .selectFrom('jobs')
      .select(['name', 'next_run_at', 'last_finished_at', sql<unknown>`last_result`.as('last_result')])
      .orderBy('name')
      .execute();
    return rows.map((r) => ({
      name: r.name,
      nextRunAt: r.next_run_at,
      lastFinishedAt: r.last_finished_at,
      lastResult: r.last_result,
    }));
  }
}
