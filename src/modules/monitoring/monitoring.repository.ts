import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { BasisCode } from '../savings/basis-kind.ts';
import type { Channel } from './monitoring.ts';

export interface DuePoint {
  readonly meteringPointId: string;
  readonly customerId: string;
  readonly area: string;
  /** The area's market version now, and the point's change counter now: what the new saving is computed from. */
  readonly marketVersion: number;
  readonly dataVersion: number;
  readonly notifiedAbove: boolean;
}

export interface SnapshotRow {
  readonly meteringPointId: string;
  readonly customerId: string;
  readonly marketVersion: number;
  readonly computedVersion: number;
  readonly computedAt: Date;
  readonly bestOfferId: string | null;
  readonly yearlySavingOre: number | null;
  readonly notifiedAbove: boolean;
  readonly notifiedAt: Date | null;
  /** Measured hours or the standard profile; null on a row from before it was recorded. */
  readonly basis: BasisCode | null;
}

export interface PreferencesRow {
  readonly channel: Channel;
  readonly thresholdOre: number;
  readonly paused: boolean;
  readonly unsubscribeTokenEnc: Uint8Array | null;
}

export class MonitoringRepository {
  constructor(private readonly db: Db) {}

  with(tx: Db): MonitoringRepository {
    return new MonitoringRepository(tx);
  }

  async bumpMarket(areas: readonly string[], at: Date): Promise<void> {
    if (areas.length === 0) return;
    await this.db
      .insertInto('market_versions')
      .values([...new Set(areas)].map((area) => ({ area, version: 1, changed_at: at })))
      .onConflict((oc) =>
        oc.column('area').doUpdateSet({
          version: sql<number>`market_versions.version + 1`,
          changed_at: at,
        }),
      )
      .execute();
  }

  async markChanged(meteringPointIds: readonly string[]): Promise<void> {
    if (meteringPointIds.length === 0) return;
    await this.db
      .updateTable('savings_snapshots')
      .set({ data_version: sql<number>`data_version + 1` })
      .where('metering_point_id', 'in', [...meteringPointIds])
      .execute();
  }

  async markCustomerChanged(customerId: string): Promise<void> {
    await this.db
      .updateTable('savings_snapshots')
      .set({ data_version: sql<number>`data_version + 1` })
      .where('customer_id', '=', customerId)
      .execute();
  }

  /** Metering points whose saving is missing or older than their data or their area's market, in id order. */
  async due(afterId: string | null, limit: number): Promise<DuePoint[]> {
    const rows = await this.db
      .selectFrom('metering_points as mp')
      .leftJoin('savings_snapshots as s', 's.metering_point_id', 'mp.id')
      .leftJoin('market_versions as v', 'v.area', 'mp.price_area')
      .select([
        'mp.id',
        'mp.customer_id',
        'mp.price_area',
        sql<number>`coalesce(v.version, 0)`.as('market_version'),
        sql<number>`coalesce(s.data_version, 0)`.as('data_version'),
        sql<boolean>`coalesce(s.notified_above, false)`.as('notified_above'),
      ])
      .where((eb) =>
        eb.or([
          eb('s.metering_point_id', 'is', null),
          eb('s.computed_version', '<', eb.ref('s.data_version')),
          eb('s.market_version', '<', sql<number>`coalesce(v.version, 0)`),
        ]),
      )
      .$if(afterId !== null, (q) => q.where('mp.id', '>', afterId as string))
      .orderBy('mp.id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      meteringPointId: r.id,
      customerId: r.customer_id,
      area: r.price_area,
      marketVersion: Number(r.market_version),
      dataVersion: Number(r.data_version),
      notifiedAbove: Boolean(r.notified_above),
    }));
  }

  async saveSnapshot(s: SnapshotRow): Promise<void> {
    await this.db
      .insertInto('savings_snapshots')
      .values({
        metering_point_id: s.meteringPointId,
        customer_id: s.customerId,
        market_version: s.marketVersion,
        data_version: s.computedVersion,
        computed_version: s.computedVersion,
        computed_at: s.computedAt,
        best_offer_id: s.bestOfferId,
        yearly_saving_ore: s.yearlySavingOre,
        notified_above: s.notifiedAbove,
        notified_at: s.notifiedAt,
        basis: s.basis,
      })
      .onConflict((oc) =>
        oc.column('metering_point_id').doUpdateSet({
          market_version: s.marketVersion,
          computed_version: s.computedVersion,
          computed_at: s.computedAt,
          best_offer_id: s.bestOfferId,
          yearly_saving_ore: s.yearlySavingOre,
          notified_above: s.notifiedAbove,
          notified_at: s.notifiedAt,
          basis: s.basis,
        }),
      )
      .execute();
  }

  async snapshotsOf(customerId: string): Promise<SnapshotRow[]> {
    const rows = await this.db
      .selectFrom('savings_snapshots')
      .selectAll()
      .where('customer_id', '=', customerId)
      .orderBy('metering_point_id')
      .execute();
    return rows.map((r) => ({
      meteringPointId: r.metering_point_id,
      customerId: r.customer_id,
      marketVersion: r.market_version,
      computedVersion: r.computed_version,
      computedAt: r.computed_at as Date,
      bestOfferId: r.best_offer_id,
      yearlySavingOre: r.yearly_saving_ore === null ? null : Number(r.yearly_saving_ore),
      notifiedAbove: r.notified_above,
      notifiedAt: r.notified_at,
      basis: r.basis,
    }));
  }

  async preferences(customerId: string): Promise<PreferencesRow | undefined> {
    const r = await this.db
      .selectFrom('monitoring_preferences')
      .select(['channel', 'threshold_ore', 'paused', 'unsubscribe_token_enc'])
      .where('customer_id', '=', customerId)
      .executeTakeFirst();
    return r
      ? {
          channel: r.channel,
          thresholdOre: Number(r.threshold_ore),
          paused: r.paused,
          unsubscribeTokenEnc: r.unsubscribe_token_enc,
        }
      : undefined;
  }

  async savePreferences(
    customerId: string,
    p: { channel: Channel; thresholdOre: number; paused: boolean },
    at: Date,
  ): Promise<void> {
    await this.db
      .insertInto('monitoring_preferences')
      .values({
        customer_id: customerId,
        channel: p.channel,
        threshold_ore: p.thresholdOre,
        paused: p.paused,
        updated_at: at,
      })
      .onConflict((oc) =>
        oc.column('customer_id').doUpdateSet({
          channel: p.channel,
          threshold_ore: p.thresholdOre,
          paused: p.paused,
          updated_at: at,
        }),
      )
      .execute();
  }

  async setToken(customerId: string, tokenEnc: Uint8Array, tokenBidx: Uint8Array): Promise<void> {
    await this.db
      .updateTable('monitoring_preferences')
      .set({ unsubscribe_token_enc: tokenEnc, unsubscribe_token_bidx: tokenBidx })
      .where('customer_id', '=', customerId)
      .execute();
  }

  async customerOfToken(tokenBidx: Uint8Array): Promise<string | undefined> {
    const r = await this.db
      .selectFrom('monitoring_preferences')
      .select('customer_id')
      .where('unsubscribe_token_bidx', '=', tokenBidx)
      .executeTakeFirst();
    return r?.customer_id;
  }
}
