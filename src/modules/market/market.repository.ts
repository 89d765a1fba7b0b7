import { type Selectable, sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { OffersTable } from '../../schema.ts';
import type { PriceArea } from '../identity/price-area.ts';
import type { Offer } from './offers.ts';
import type { SpotPoint } from './spot.ts';

export interface StoredSpot {
  readonly startMs: number;
  readonly resolutionMinutes: number;
  readonly orePerKwh: number;
  readonly estimated: boolean;
}

const BATCH = 2000;

export class MarketRepository {
  constructor(private readonly db: Db) {}

  with(tx: Db): MarketRepository {
    return new MarketRepository(tx);
  }

  /**
   * Stores prices; an interval already priced by a better source (an exact NOK price over
   * one converted from EUR) keeps its price. Returns how many rows were written.
   */
  async upsertSpot(points: readonly SpotPoint[]): Promise<number> {
    let written = 0;
    for (let i = 0; i < points.length; i += BATCH) {
      const batch = points.slice(i, i + BATCH);
      const result = await this.db
        .insertInto('spot_prices')
        .values(
          batch.map((p) => ({
            area: p.area,
            starts_at: new Date(p.startMs),
            resolution_minutes: p.resolutionMinutes,
            price_ore_per_kwh: p.orePerKwh.toFixed(6),
            source: p.source,
            priority: p.priority,
            estimated: p.estimated,
            eur_per_mwh: p.eurPerMwh === null ? null : p.eurPerMwh.toFixed(4),
            eur_nok_rate: p.eurNokRate === null ? null : p.eurNokRate.toFixed(6),
          })),
        )
        .onConflict((oc) =>
          oc
            .columns(['area', 'starts_at'])
            .doUpdateSet((eb) => ({
              resolution_minutes: eb.ref('excluded.resolution_minutes'),
              price_ore_per_kwh: eb.ref('excluded.price_ore_per_kwh'),
              source: eb.ref('excluded.source'),
              priority: eb.ref('excluded.priority'),
              estimated: eb.ref('excluded.estimated'),
              eur_per_mwh: eb.ref('excluded.eur_per_mwh'),
              eur_nok_rate: eb.ref('excluded.eur_nok_rate'),
            }))
            .where(sql<boolean>`excluded.priority >= spot_prices.priority`),
        )
        .executeTakeFirst();
      written += Number(result.numInsertedOrUpdatedRows ?? 0);
    }
    return written;
  }

  async spotRange(area: PriceArea, fromMs: number, toMs: number): Promise<StoredSpot[]> {
    const rows = await this.db
      .selectFrom('spot_prices')
      .select(['starts_at', 'resolution_minutes', 'price_ore_per_kwh', 'estimated'])
      .where('area', '=', area)
      .where('starts_at', '>=', new Date(fromMs))
      .where('starts_at', '<', new Date(toMs))
      .orderBy('starts_at')
      .execute();
    return rows.map((r) => ({
      startMs: r.starts_at.getTime(),
      resolutionMinutes: r.resolution_minutes,
      orePerKwh: Number(r.price_ore_per_kwh),
      estimated: r.estimated,
    }));
  }

  async spotCoverage(): Promise<{ area: string; from: Date; to: Date; n: number }[]> {
    const rows = await this.db
      .selectFrom('spot_prices')
      .select((eb) => [
        'area',
        eb.fn.min('starts_at').as('from'),
        eb.fn.max('starts_at').as('to'),
        eb.fn.countAll<number>().as('n'),
      ])
      .groupBy('area')
      .orderBy('area')
      .execute();
    return rows.map((r) => ({ area: r.area, from: new Date(r.from), to: new Date(r.to), n: Number(r.n) }));
  }

  async upsertOffers(offers: readonly Offer[], source: string, at: Date): Promise<number> {
    if (offers.length === 0) return 0;
    const result = await this.db
      .insertInto('offers')
      .values(
        offers.map((o) => ({
          id: o.id,
          valid_from: o.validFrom,
          valid_to: o.validTo,
          supplier_name: o.supplierName,
          supplier_orgnr: o.supplierOrgnr,
          name: o.name,
          product_type: o.productType,
          areas: [...o.areas],
          customer_type: o.customerType,
          markup_ore_per_kwh: o.markupOrePerKwh,
          energy_price_ore_per_kwh: o.energyPriceOrePerKwh,
          monthly_fee_ore: o.monthlyFeeOre,
          binding_months: o.bindingMonths,
          is_demo: o.isDemo,
          source,
          imported_at: at,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['id', 'valid_from']).doUpdateSet((eb) => ({
          valid_to: eb.ref('excluded.valid_to'),
          supplier_name: eb.ref('excluded.supplier_name'),
          supplier_orgnr: eb.ref('excluded.supplier_orgnr'),
          name: eb.ref('excluded.name'),
          product_type: eb.ref('excluded.product_type'),
          areas: eb.ref('excluded.areas'),
          customer_type: eb.ref('excluded.customer_type'),
          markup_ore_per_kwh: eb.ref('excluded.markup_ore_per_kwh'),
          energy_price_ore_per_kwh: eb.ref('excluded.energy_price_ore_per_kwh'),
          monthly_fee_ore: eb.ref('excluded.monthly_fee_ore'),
          binding_months: eb.ref('excluded.binding_months'),
          is_demo: eb.ref('excluded.is_demo'),
          source: eb.ref('excluded.source'),
          imported_at: eb.ref('excluded.imported_at'),
        })),
      )
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0);
  }

  /** Offers in force on a date (the version valid then), for an area and customer type. */
  async offersOn(date: string, area: PriceArea, customerType: string): Promise<Offer[]> {
    const rows = await this.db
      .selectFrom('offers')
      .selectAll()
      .where('valid_from', '<=', date)
      .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>=', date)]))
      .where('customer_type', '=', customerType as 'household')
      .where(sql<boolean>`${area} = any(areas)`)
      .orderBy('id')
      .orderBy('valid_from', 'desc')
      .execute();
    const latest = new Map<string, (typeof rows)[number]>();
    for (const r of rows) if (!latest.has(r.id)) latest.set(r.id, r);
    return [...latest.values()].map(toOffer);
  }

  async offerOn(id: string, date: string): Promise<Offer | undefined> {
    const row = await this.db
      .selectFrom('offers')
      .selectAll()
      .where('id', '=', id)
      .where('valid_from', '<=', date)
      .orderBy('valid_from', 'desc')
      .executeTakeFirst();
    return row ? toOffer(row) : undefined;
  }

  async countOffers(): Promise<number> {
    const row = await this.db
      .selectFrom('offers')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}

const toOffer = (r: Selectable<OffersTable>): Offer => ({
  id: r.id,
  supplierName: r.supplier_name,
  supplierOrgnr: r.supplier_orgnr,
  name: r.name,
  productType: r.product_type,
  areas: r.areas as PriceArea[],
  customerType: r.customer_type,
  markupOrePerKwh: Number(r.markup_ore_per_kwh),
  energyPriceOrePerKwh: r.energy_price_ore_per_kwh === null ? null : Number(r.energy_price_ore_per_kwh),
  monthlyFeeOre: r.monthly_fee_ore,
  bindingMonths: r.binding_months,
  validFrom: String(r.valid_from),
  validTo: r.valid_to === null ? null : String(r.valid_to),
  isDemo: r.is_demo,
});
