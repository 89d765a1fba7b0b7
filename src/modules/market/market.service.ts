import type { Clock } from '../../platform/clock.ts';
import type { Transactor } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import {
  HOUR_MS,
  nextMonth,
  osloDate,
  osloMonthKey,
  osloMonthStart,
  parseMonthKey,
} from '../../platform/time.ts';
import type { PriceArea } from '../identity/price-area.ts';
import type { MarketRepository } from './market.repository.ts';
import { type Offer, parseOfferFile } from './offers.ts';
import {
  detectSpotFormat,
  type ExchangeRates,
  readEurHourly,
  readRecordingSpot,
  readSpotJson,
  type SpotRead,
} from './spot.ts';

export interface SpotImportReport {
  readonly stored: number;
  readonly keptBetter: number;
  readonly estimated: number;
  readonly from: string | null;
  readonly to: string | null;
  readonly rejected: { readonly at: string; readonly reason: string }[];
}

export interface OfferImportReport {
  readonly stored: number;
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

  /** Imports any supported spot file in one transaction. */
  async importSpot(
    text: string,
    options: { area?: PriceArea; rates?: ExchangeRates } = {},
  ): Promise<SpotImportReport> {
    const format = detectSpotFormat(text);
    let read: SpotRead;
    switch (format) {
      case 'spot-json':
        read = readSpotJson(text, options.rates);
        break;
      case 'eur-hourly':
        if (!options.rates) {
          throw new AppError(
            'validation_failed',
            'Prices in EUR need a Norges Bank exchange-rate file (--rates).',
          );
        }
        read = readEurHourly(text, options.rates, options.area);
        break;
      case 'meter-recording':
        if (!options.area)
          throw new AppError(
            'validation_failed',
            'A meter recording does not name its price area: give --area.',
          );
        read = readRecordingSpot(text, options.area);
        break;
      default:
        throw new AppError('unsupported_format', 'Not a spot price file this version knows.');
    }
    const points = read.points;
    const stored = await this.tx.run((tx) => this.repo.with(tx).upsertSpot(points));
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
    const stored = await this.tx.run((tx) =>
      this.repo.with(tx).upsertOffers(parsed.offers, parsed.source, this.clock.now()),
    );
    return { stored, rejected: [] };
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
    const sum = new Float64Array(hours);
    const minutes = new Float64Array(hours);
    const estimated = new Uint8Array(hours);
    for (const r of await this.repo.spotRange(area, startMs, endMs)) {
      const i = Math.floor((r.startMs - startMs) / HOUR_MS);
      sum[i] = (sum[i] ?? 0) + r.orePerKwh * r.resolutionMinutes;
      minutes[i] = (minutes[i] ?? 0) + r.resolutionMinutes;
      if (r.estimated) estimated[i] = 1;
    }
    const orePerKwh = new Float64Array(hours).fill(Number.NaN);
    for (let i = 0; i < hours; i++) if (minutes[i] === 60) orePerKwh[i] = (sum[i] ?? 0) / 60;
    const value: SpotMonth = { startMs, endMs, orePerKwh, estimated, loadedAt: now };
    if (this.spotCache.size > 2000) this.spotCache.clear();
    this.spotCache.set(cacheKey, value);
    return value;
  }

  offersAvailable(area: PriceArea, customerType: string, at: Date = this.clock.now()): Promise<Offer[]> {
    return this.repo.offersOn(osloDate(at.getTime()), area, customerType);
  }

  offer(id: string, at: Date = this.clock.now()): Promise<Offer | undefined> {
    return this.repo.offerOn(id, osloDate(at.getTime()));
  }

  spotCoverage() {
    return this.repo.spotCoverage();
  }

  countOffers(): Promise<number> {
    return this.repo.countOffers();
  }
}
