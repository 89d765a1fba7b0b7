import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';

export class StatisticsRepository {
  constructor(private readonly db: Db) {}

  async count(day: string, path: string): Promise<void> {
    await this.db
      .insertInto('page_views')
      .values({ day, path, views: 1 })
      .onConflict((oc) => oc.columns(['day', 'path']).doUpdateSet({ views: sql`page_views.views + 1` }))
      .execute();
  }

  async recordChoice(c: {
    id: string;
    version: string;
    analytics: boolean;
    signal: string | null;
    at: Date;
  }): Promise<void> {
    await this.db
      .insertInto('cookie_choices')
      .values({ id: c.id, version: c.version, analytics: c.analytics, signal: c.signal, chosen_at: c.at })
      .onConflict((oc) =>
        oc
          .column('id')
          .doUpdateSet({ version: c.version, analytics: c.analytics, signal: c.signal, chosen_at: c.at }),
      )
      .execute();
  }

  async views(day: string): Promise<{ path: string; views: number }[]> {
    return this.db
      .selectFrom('page_views')
      .select(['path', 'views'])
      .where('day', '=', day)
      .orderBy('path')
      .execute();
  }
}
