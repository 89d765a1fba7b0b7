import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { PermissionEvent } from './permission.ts';

export class PermissionRepository {
  constructor(private readonly db: Db) {}

  with(tx: Db): PermissionRepository {
    return new PermissionRepository(tx);
  }

  async append(customerId: string, e: PermissionEvent): Promise<void> {
    await this.db
      .insertInto('permission_events')
      .values({
        customer_id: customerId,
        kind: e.kind,
        scope: e.scope,
        action: e.action,
        text_version: e.textVersion,
        channel: e.channel,
        valid_until: e.validUntil,
        occurred_at: e.occurredAt,
      })
      .execute();
  }

  async recordUse(
    customerId: string,
    scope: string,
    action: string,
    details: Record<string, unknown>,
    at: Date,
  ): Promise<void> {
    await this.db
      .insertInto('power_of_attorney_uses')
      .values({ customer_id: customerId, scope, action, details: JSON.stringify(details), used_at: at })
      .execute();
  }

  async uses(
    customerId: string,
  ): Promise<{ scope: string; action: string; details: Record<string, unknown>; usedAt: Date }[]> {
    const rows = await this.db
      .selectFrom('power_of_attorney_uses')
      .select(['scope', 'action', 'details', 'used_at'])
      .where('customer_id', '=', customerId)
      .orderBy('used_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    return rows.map((r) => ({ scope: r.scope, action: r.action, details: r.details, usedAt: r.used_at }));
  }

  /** Customers whose latest event for this permission gives it and has not run out, in id order, for scheduled jobs. */
  async holders(
    kind: string,
    scope: string,
    now: Date,
    afterId: string | null,
    limit: number,
  ): Promise<string[]> {
    const r = await sql<{ customer_id: string }>`select customer_id from (
        select distinct on (customer_id) customer_id, action, valid_until
        from permission_events
        where kind = ${kind} and scope = ${scope}
          and customer_id > ${afterId ?? '00000000-0000-0000-0000-000000000000'}
        order by customer_id, occurred_at desc, id desc
      ) latest
      where action = 'given' and (valid_until is null or valid_until > ${now})
      order by customer_id
      limit ${limit}`.execute(this.db);
    return r.rows.map((x) => x.customer_id);
  }

  async lastUse(customerId: string, scope: string, action: string): Promise<Date | undefined> {
    const row = await this.db
      .selectFrom('power_of_attorney_uses')
      .select((eb) => eb.fn.max('used_at').as('last'))
      .where('customer_id', '=', customerId)
      .where('scope', '=', scope)
      .where('action', '=', action)
      .executeTakeFirst();
    return row?.last ? new Date(row.last as unknown as string) : undefined;
  }

  async events(customerId: string): Promise<PermissionEvent[]> {
    const rows = await this.db
      .selectFrom('permission_events')
      .select(['kind', 'scope', 'action', 'text_version', 'channel', 'valid_until', 'occurred_at'])
      .where('customer_id', '=', customerId)
      .orderBy('occurred_at')
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      kind: r.kind,
      scope: r.scope as PermissionEvent['scope'],
      action: r.action,
      textVersion: r.text_version,
      channel: r.channel,
      validUntil: r.valid_until,
      occurredAt: r.occurred_at,
    }));
  }
}
