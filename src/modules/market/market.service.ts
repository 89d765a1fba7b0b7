import type { Clock } from '../../platform/clock.ts';
import type { Db, Transactor } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import {
  HOUR_MS,
  nextMonth,
  osloDate,
  osloMonthKey,
  osloMonthStart,
  parseIsoDate,
  parseMonthKey,
} from '../../platform/time.ts';
import type { PriceArea } from '../identity/price-area.ts';
import type { MarketRepository, OfferRevision } from './market.repository.ts';
import {
  type Offer,
  offerAudience,
  type PointCustomerType,
  parseOfferFile,
  planOfferImport,
} from './offers.ts';
import { type ExchangeRates, hourlyPrices } from './spot.ts';
import { readSpotFile } from './spot-file.ts';

export interface SpotImportReport {
  readonly stored: number;
  readonly keptBetter: number;
  readonly estimated: number;
  readonly from: string | null;
  readonly to: string | null;
  readonly rejected: { readonly at: string; readonly reason: string }[];
}

export interface OfferImportReport {
  /** Versions written: new ones and new revisions of stored ones. */
  readonly stored: number;
  readonly added: number;
  readonly revised: number;
  /** Versions the file repeats exactly as stored. */
  readonly unchanged: number;
  /** Price areas whose offers changed. */
  readonly areas: PriceArea[];
  readonly rejected: { readonly at?: string; readonly message: string }[];
}

/** Spot prices aligned to a consumption series: øre/kWh ex VAT per hour, NaN where unknown. */
export interface AlignedSpot {
  readonly orePerKwh: Float64Array;
  readonly estimated: Uint8Array;
}

/** How long another process's spot import may take to show here. */
export const SPOT_CACHE_MS = 5 * 60_000;

interface SpotMonth {
  readonly startMs: number;
  readonly endMs: number;
  readonly orePerKwh: Float64Array;
  readonly estimated: Uint8Array;
  readonly loadedAt: number;
}

export class MarketService {
  private readonly spotCache = new Map<string, SpotMonth>();

  constructor(
    private readonly tx: Transactor,
    private readonly repo: MarketRepository,
    private readonly clock: Clock,
  ) {}

  private changeListeners: ((tx: Db, areas: readonly PriceArea[]) => Promise<void>)[] = [];

  /** Called inside the transaction that changes prices or offers in these areas (monitoring re-prices them). */
  onChanged(listener: (tx: Db, areas: readonly PriceArea[]) => Promise<void>): void {
    this.changeListeners.push(listener);
  }

  private async changed(tx: Db, areas: readonly PriceArea[]): Promise<void> {
    for (const listener of this.changeListeners) await listener(tx, areas);
  }

  /** Imports any supported spot file in one transaction. */
  async importSpot(
    text: string,
    options: { area?: PriceArea; rates?: ExchangeRates } = {},
  ): Promise<SpotImportReport> {
    const read = readSpotFile(text, options);
    const points = read.points;
    const stored = await this.tx.run(async (tx) => {
      const written = await this.repo.with(tx).upsertSpot(points);
      if (written > 0) await this.changed(tx, [...new Set(points.map((p) => p.area))]);
      return written;
    });
    this.spotCache.clear();
    const starts = points.map((p) => p.startMs);
    return {
      stored,
      keptBetter: points.length - stored,
      estimated: points.filter((p) => p.estimated).length,
      from: starts.length ? new Date(Math.min(...starts)).toISOString() : null,
      to: starts.length ? new Date(Math.max(...starts)).toISOString() : null,
      rejected: read.rejected,
    };
  }

  async importOffers(text: string): Promise<OfferImportReport> {
    const parsed = parseOfferFile(text);
    if (parsed.fileProblem)
      throw new AppError('validation_failed', `Offer file refused: ${parsed.fileProblem}.`);
    if (parsed.rejected.length > 0) {
      // A catalogue is imported whole or not at all: half a catalogue would rank offers against a partial market.
      throw new AppError('validation_failed', 'Offer file refused; nothing was stored.', parsed.rejected);
    }
    const at = this.clock.now();
    return this.tx.run(async (tx) => {
      const repo = this.repo.with(tx);
      const stored = await repo.currentOfferVersions(parsed.offers.map((o) => o.id));
      const plan = planOfferImport(parsed.entries, stored);
      if (plan.refused.length > 0) {
        // Prices already imported are history others may rely on: restating them differently must be deliberate.
        throw new AppError(
          'conflict',
          'Offer file refused: it changes stored offers; nothing was stored.',
          plan.refused,
        );
      }
      const written = await repo.insertOfferVersions(plan.writes, parsed.source, at);
      if (written > 0) await this.changed(tx, plan.areas);
      return {
        stored: written,
        added: plan.added,
        revised: plan.revised,
        unchanged: plan.unchanged,
        areas: plan.areas,
        rejected: [],
      };
    });
  }

  /**
   * Spot prices for each hour of a series; quarter-hour prices are averaged to the hour,
   * and an hour missing a quarter stays unknown. Months are cached: prices change only when
   * a file is imported, which clears the cache here, and other processes' imports are seen
   * within SPOT_CACHE_MS.
   */
  async alignedSpot(area: PriceArea, startMs: Float64Array): Promise<AlignedSpot> {
    const n = startMs.length;
    const orePerKwh = new Float64Array(n).fill(Number.NaN);
    const estimated = new Uint8Array(n);
    let month: SpotMonth | undefined;
    for (let i = 0; i < n; i++) {
      const t = startMs[i] ?? 0;
      if (!month || t < month.startMs || t >= month.endMs)
        month = await this.spotMonth(area, osloMonthKey(t));
      const slot = (t - month.startMs) / HOUR_MS;
      orePerKwh[i] = month.orePerKwh[slot] ?? Number.NaN;
      estimated[i] = month.estimated[slot] ?? 0;
    }
    return { orePerKwh, estimated };
  }

  private async spotMonth(area: PriceArea, key: string): Promise<SpotMonth> {
    const cacheKey = `${area}:${key}`;
    const now = Date.now();
    const cached = this.spotCache.get(cacheKey);
    if (cached && now - cached.loadedAt < SPOT_CACHE_MS) return cached;
    const { year, month } = parseMonthKey(key);
    const next = nextMonth(year, month);
    const startMs = osloMonthStart(year, month);
    const endMs = osloMonthStart(next.year, next.month);
    const hours = (endMs - startMs) / HOUR_MS;
    const { orePerKwh, estimated } = hourlyPrices(
      await this.repo.spotRange(area, startMs, endMs),
      startMs,
      hours,
    );
    const value: SpotMonth = { startMs, endMs, orePerKwh, estimated, loadedAt: now };
    if (this.spotCache.size > 2000) this.spotCache.clear();
    this.spotCache.set(cacheKey, value);
    return value;
  }

  offersAvailable(
    area: PriceArea,
    customerType: PointCustomerType,
    at: Date = this.clock.now(),
  ): Promise<Offer[]> {
    return this.offersValidOn(area, osloDate(at.getTime()), customerType);
  }

  offer(id: string, at: Date = this.clock.now()): Promise<Offer | undefined> {
    return this.offerOn(id, osloDate(at.getTime()));
  }

  /** The offers on sale on a day (Oslo date) for a metering point of this type, each as priced that day. */
  async offersValidOn(area: PriceArea, date: string, customerType: PointCustomerType): Promise<Offer[]> {
    const { customerType: type, cabin } = offerAudience(customerType);
    return this.repo.offersOn(checkedDate(date), area, type, cabin);
  }

  /** An offer as priced on a day (Oslo date), also after it stopped being sold. */
  async offerOn(id: string, date: string): Promise<Offer | undefined> {
    return this.repo.offerOn(id, checkedDate(date));
  }

  /** Every version and revision stored for an offer, oldest first. */
  offerHistory(id: string): Promise<OfferRevision[]> {
    return this.repo.offerHistory(id);
  }

  spotCoverage() {
    return this.repo.spotCoverage();
  }

  countOffers(): Promise<number> {
    return this.repo.countOffers();
  }
}

const checkedDate = (date: string): string => {
  if (!parseIsoDate(date)) throw new AppError('validation_failed', 'A date is written YYYY-MM-DD.');
  return date;
};
