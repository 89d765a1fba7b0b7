import type { Db } from '../../platform/db/database.ts';

/** The export_runs table: a person's downloads, running and done. */
export class ExportRunRepository {
  constructor(private readonly db: Db) {}

  with(tx: Db): ExportRunRepository {
    return new ExportRunRepository(tx);
  }

  /** Runs of this person left `running` since before `staleBefore` (a crashed process) are let go. */
  async abandonStale(customerId: string, staleBefore: Date, now: Date): Promise<void> {
    await this.db
      .updateTable('export_runs')
      .set({ state: 'abandoned', finished_at: now })
      .where('customer_id', '=', customerId)
      .where('state', '=', 'running')
      .where('started_at', '<', staleBefore)
      .execute();
  }

  async isRunning(customerId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('export_runs')
      .select('id')
      .where('customer_id', '=', customerId)
      .where('state', '=', 'running')
      .executeTakeFirst();
    return row !== undefined;
  }

  async countStartedSince(customerId: string, actor: string, since: Date): Promise<number> {
    const row = await this.db
      .selectFrom('export_runs')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('customer_id', '=', customerId)
      .where('actor', '=', actor)
      .where('started_at', '>=', since)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /** False when another run of the person holds the one-at-a-time index. */
  async start(run: {
    id: string;
    customerId: string;
    actor: string;
    format: string;
    now: Date;
  }): Promise<boolean> {
    const r = await this.db
      .insertInto('export_runs')
      .values({
        id: run.id,
        customer_id: run.customerId,
        actor: run.actor,
        format: run.format,
        state: 'running',
        started_at: run.now,
      })
      .onConflict((oc) => oc.column('customer_id').where('state', '=', 'running').doNothing())
      .returning('id')
      .executeTakeFirst();
    return r !== undefined;
  }

  /** Ends a running run; false when it was no longer running (taken over as abandoned). */
  async finish(id: string, state: 'delivered' | 'failed', now: Date): Promise<boolean> {
    const r = await this.db
      .updateTable('export_runs')
      .set({ state, finished_at: now })
      .where('id', '=', id)
      .where('state', '=', 'running')
      .executeTakeFirst();
    return Number(r.numUpdatedRows ?? 0) === 1;
  }

  async state(id: string): Promise<string | null> {
    const row = await this.db
      .selectFrom('export_runs')
      .select('state')
      .where('id', '=', id)
      .executeTakeFirst();
    return row?.state ?? null;
  }
}
