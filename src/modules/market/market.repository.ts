import { type Insertable, type Selectable, sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { OffersTable } from '../../schema.ts';
import type { PriceArea } from '../identity/price-area.ts';
import {
  type CustomerType,
  type Offer,
  type OfferConditions,
  type StoredOfferVersion,
  versionKey,
} from './offers.ts';
import type { SpotPoint } from './spot.ts';
import type { PriceRow } from './spot-resolution.ts';

/** A stored price with its source and the import it first arrived in: the row the resolution rule reads. */
export type StoredSpot = PriceRow;

const BATCH = 2000;

export class MarketRepository {
  constructor(private readonly db: Db) {}

  with(tx: Db): MarketRepository {
    return new MarketRepository(tx);
  }

  /** A number for one import, later imports higher: "the source that came first" reads it. */
  async nextSpotImport(): Promise<number> {
    const { rows } = await sql<{ n: string }>`select nextval('spot_price_imports') as n`.execute(this.db);
    return Number(rows[0]?.n);
  }

  /**
   * Stores prices, each under its own source (and exact or converted): another source's
   * price for the same interval stays beside it, and which one an hour gets is decided on
   * reading (`spot-resolution.ts`). A source's price stored again is replaced but keeps the
   * import it first arrived in. Returns how many rows were written.
   */
  async upsertSpot(points: readonly SpotPoint[], importSeq: number): Promise<number> {
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
            import_seq: importSeq,
          })),
        )
        .onConflict((oc) =>
          oc
            .columns(['area', 'starts_at', 'resolution_minutes', 'source', 'estimated'])
            .doUpdateSet((eb) => ({
              price_ore_per_kwh: eb.ref('excluded.price_ore_per_kwh'),
              priority: eb.ref('excluded.priority'),
              eur_per_mwh: eb.ref('excluded.eur_per_mwh'),
              eur_nok_rate: eb.ref('excluded.eur_nok_rate'),
            })),
        )
        .executeTakeFirst();
      written += Number(result.numInsertedOrUpdatedRows ?? 0);
    }
    return written;
  }

  /** Every source's prices starting in [fromMs, toMs). */
  async spotRange(area: PriceArea, fromMs: number, toMs: number): Promise<StoredSpot[]> {
    const rows = await this.db
      .selectFrom('spot_prices')
      .select(['starts_at', 'resolution_minutes', 'price_ore_per_kwh', 'estimated', 'source', 'import_seq'])
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
      source: r.source,
      arrival: Number(r.import_seq),
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

  /** The current revision of each stored version of these offers, by `versionKey`. */
  async currentOfferVersions(ids: readonly string[]): Promise<Map<string, StoredOfferVersion>> {
    const out = new Map<string, StoredOfferVersion>();
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += BATCH) {
      const rows = await this.db
        .selectFrom('offers')
        .selectAll()
        .where('id', 'in', unique.slice(i, i + BATCH))
        .where('superseded_at', 'is', null)
        .execute();
      for (const r of rows)
        out.set(versionKey(r.id, r.valid_from), { offer: toOffer(r), revision: r.revision });
    }
    return out;
  }

  /**
   * Writes new versions and revisions. A revision above 1 first marks the current one
   * superseded, which the unique index on current versions needs, and keeps it.
   */
  async insertOfferVersions(
    writes: readonly { offer: Offer; revision: number }[],
    source: string,
    at: Date,
  ): Promise<number> {
    if (writes.length === 0) return 0;
    for (const w of writes) {
      if (w.revision === 1) continue;
      await this.db
        .updateTable('offers')
        .set({ superseded_at: at })
        .where('id', '=', w.offer.id)
        .where('valid_from', '=', w.offer.validFrom)
        .where('revision', '=', w.revision - 1)
        .where('superseded_at', 'is', null)
        .execute();
    }
    let written = 0;
    for (let i = 0; i < writes.length; i += BATCH) {
      const result = await this.db
        .insertInto('offers')
        .values(writes.slice(i, i + BATCH).map((w) => toRow(w.offer, w.revision, source, at)))
        .executeTakeFirst();
      written += Number(result.numInsertedOrUpdatedRows ?? 0);
    }
    return written;
  }

  /**
   * Offers on sale on a date for an area and audience: of each offer the version in force
   * then (the latest validFrom on or before it), and only if that version covers the area
   * and is not past its validTo. Choosing the version before filtering keeps an earlier
   * version from standing in for a later one that left the area or ended.
   */
  async offersOn(
    date: string,
    area: PriceArea,
    customerType: CustomerType,
    cabin: boolean,
  ): Promise<Offer[]> {
    const inForce = this.db
      .selectFrom('offers')
      .selectAll()
      .distinctOn('id')
      .where('superseded_at', 'is', null)
      .where('valid_from', '<=', date)
      .orderBy('id')
      .orderBy('valid_from', 'desc');
    const rows = await this.db
      .selectFrom(inForce.as('o'))
      .selectAll()
      .where((eb) => eb.or([eb('o.valid_to', 'is', null), eb('o.valid_to', '>=', date)]))
      .where('o.customer_type', '=', customerType)
      .where('o.cabin', '=', cabin)
      .where(sql<boolean>`${area} = any(o.areas)`)
      .orderBy('o.id')
      .execute();
    return rows.map(toOffer);
  }

  /**
   * The version of an offer in force on a date. Past its validTo too: a customer on the
   * contract keeps paying its last price.
   */
  async offerOn(id: string, date: string): Promise<Offer | undefined> {
    const row = await this.db
      .selectFrom('offers')
      .selectAll()
      .where('id', '=', id)
      .where('superseded_at', 'is', null)
      .where('valid_from', '<=', date)
      .orderBy('valid_from', 'desc')
      .executeTakeFirst();
    return row ? toOffer(row) : undefined;
  }

  /** Every version and revision ever stored for an offer, oldest first. */
  async offerHistory(id: string): Promise<OfferRevision[]> {
    const rows = await this.db
      .selectFrom('offers')
      .selectAll()
      .where('id', '=', id)
      .orderBy('valid_from')
      .orderBy('revision')
      .execute();
    return rows.map((r) => ({
      offer: toOffer(r),
      revision: r.revision,
      source: r.source,
      importedAt: r.imported_at,
      supersededAt: r.superseded_at,
    }));
  }

  async countOffers(): Promise<number> {
    const row = await this.db
      .selectFrom('offers')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}

export interface OfferRevision extends StoredOfferVersion {
  readonly source: string;
  readonly importedAt: Date;
  readonly supersededAt: Date | null;
}

const toRow = (o: Offer, revision: number, source: string, at: Date): Insertable<OffersTable> => ({
  id: o.id,
  valid_from: o.validFrom,
  revision,
  valid_to: o.validTo,
  supplier_name: o.supplierName,
  supplier_orgnr: o.supplierOrgnr,
  name: o.name,
  product_type: o.productType,
  areas: [...o.areas],
  customer_type: o.customerType,
  cabin: o.cabin,
  markup_ore_per_kwh: o.markupOrePerKwh,
  energy_price_ore_per_kwh: o.energyPriceOrePerKwh,
  el_certificate_ore_per_kwh: o.elCertificate?.orePerKwh ?? null,
  el_certificate_on_top: o.elCertificate ? o.elCertificate.quoted === 'on_top' : null,
  monthly_fee_ore: o.monthlyFeeOre,
  fixed_months: o.fixedMonths,
  fixed_until: o.fixedUntil,
  binding_months: o.bindingMonths,
  exit_fee_ore: o.exitFee?.ore ?? null,
  exit_fee_per: o.exitFee?.per ?? null,
  conditions: JSON.stringify(o.conditions),
  is_demo: o.isDemo,
  source,
  imported_at: at,
  superseded_at: null,
});

/** Conditions were written by `toRow` from a checked offer; reading keeps to their shape. */
const toConditions = (value: unknown): OfferConditions => {
  const c = (typeof value === 'string' ? JSON.parse(value) : value) as Partial<OfferConditions> | null;
  return {
    membership: c?.membership ?? null,
    otherPurchase: c?.otherPurchase ?? null,
    payment: c?.payment ?? [],
  };
};

const toOffer = (r: Selectable<OffersTable>): Offer => ({
  id: r.id,
  supplierName: r.supplier_name,
  supplierOrgnr: r.supplier_orgnr,
  name: r.name,
  productType: r.product_type,
  areas: r.areas as PriceArea[],
  customerType: r.customer_type,
  cabin: r.cabin,
  markupOrePerKwh: Number(r.markup_ore_per_kwh),
  energyPriceOrePerKwh: r.energy_price_ore_per_kwh === null ? null : Number(r.energy_price_ore_per_kwh),
  elCertificate:
    r.el_certificate_ore_per_kwh === null
      ? null
      : {
          orePerKwh: Number(r.el_certificate_ore_per_kwh),
          quoted: r.el_certificate_on_top ? 'on_top' : 'included',
        },
  monthlyFeeOre: r.monthly_fee_ore,
  fixedMonths: r.fixed_months,
  fixedUntil: r.fixed_until === null ? null : String(r.fixed_until),
  bindingMonths: r.binding_months,
  exitFee:
    r.exit_fee_ore === null || r.exit_fee_per === null ? null : { ore: r.exit_fee_ore, per: r.exit_fee_per },
  conditions: toConditions(r.conditions),
  validFrom: String(r.valid_from),
  validTo: r.valid_to === null ? null : String(r.valid_to),
  isDemo: r.is_demo,
});
