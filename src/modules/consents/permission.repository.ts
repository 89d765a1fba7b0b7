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
