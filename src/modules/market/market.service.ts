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
import type { ExchangeRates, SpotPoint } from './spot.ts';
import { readSpotFile } from './spot-file.ts';
import { DISAGREEMENT_ORE, type Disagreement, type PriceSource, resolveHours } from './spot-resolution.ts';

export interface SpotImportReport {
  /** Prices written, each kept under the file's source beside any other source's. */
  readonly stored: number;
  /** Hours the file covers that its prices now stand for, by the priority rule. */
  readonly pricing: number;
  /** Hours the file covers that another source prices by the priority rule (an exact price, or one that came first). */
  readonly keptBetter: number;
  /** Hours the file covers that no source prices whole (a quarter missing everywhere). */
  readonly unpriced: number;
  readonly estimated: number;
  readonly from: string | null;
  readonly to: string | null;
  readonly rejected: { readonly at: string; readonly reason: string }[];
  /** Hours where the file and another source both quote an exact price and they differ. */
  readonly disagreements: Disagreement[];
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
  /** Per hour, 1 + the index into `sources` of the source that priced it; 0 where none did. */
  readonly source: Uint16Array;
  readonly sources: readonly PriceSource[];
}

/** How long another process's spot import may take to show here. */
export const SPOT_CACHE_MS = 5 * 60_000;

interface SpotMonth {
  readonly startMs: number;
  readonly endMs: number;
  readonly orePerKwh: Float64Array;
  readonly estimated: Uint8Array;
  readonly source: Uint16Array;
  readonly sources: readonly PriceSource[];
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

  /**
   * Imports any supported spot file in one transaction. Every price is kept under the
   * file's source; the report says, by the priority rule, which of the hours the file
   * covers it now prices and which another source keeps, and where two exact prices differ.
   */
  async importSpot(
    text: string,
    options: { area?: PriceArea; rates?: ExchangeRates } = {},
  ): Promise<SpotImportReport> {
    const read = readSpotFile(text, options);
    const { points, findings } = oncePerInterval(read.points);
    const outcome = await this.tx.run(async (tx) => {
      const repo = this.repo.with(tx);
      const written = await repo.upsertSpot(points, await repo.nextSpotImport());
      if (written > 0) await this.changed(tx, [...new Set(points.map((p) => p.area))]);
      return { written, ...(await standing(repo, points)) };
    });
    this.spotCache.clear();
    let from = Number.POSITIVE_INFINITY;
    let to = Number.NEGATIVE_INFINITY;
    for (const p of points) {
      from = Math.min(from, p.startMs);
      to = Math.max(to, p.startMs);
    }
    return {
      stored: outcome.written,
      pricing: outcome.pricing,
      keptBetter: outcome.keptBetter,
      unpriced: outcome.unpriced,
      estimated: points.filter((p) => p.estimated).length,
      from: points.length ? new Date(from).toISOString() : null,
      to: points.length ? new Date(to).toISOString() : null,
      rejected: [...read.rejected, ...findings],
      disagreements: outcome.disagreements,
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
   * Spot prices for each hour of a series, and the source of each, by the priority rule
   * (`spot-resolution.ts`): quarter-hour prices are averaged to the hour, and an hour no
   * source prices whole stays unknown. Months are cached: prices change only when
   * a file is imported, which clears the cache here, and other processes' imports are seen
   * within SPOT_CACHE_MS.
   */
  async alignedSpot(area: PriceArea, startMs: Float64Array): Promise<AlignedSpot> {
    const n = startMs.length;
    const orePerKwh = new Float64Array(n).fill(Number.NaN);
    const estimated = new Uint8Array(n);
    const source = new Uint16Array(n);
    const sources: PriceSource[] = [];
    const sourceIndex = new Map<string, number>();
    let month: SpotMonth | undefined;
    // Each month numbers its own sources; the series numbers them once.
    let local: number[] = [];
    for (let i = 0; i < n; i++) {
      const t = startMs[i] ?? 0;
      if (!month || t < month.startMs || t >= month.endMs) {
        month = await this.spotMonth(area, osloMonthKey(t));
        local = month.sources.map((s) => {
          const key = `${s.source}\u0000${s.estimated ? 1 : 0}`;
          let k = sourceIndex.get(key);
          if (k === undefined) {
            k = sources.length;
            sources.push(s);
            sourceIndex.set(key, k);
          }
          return k + 1;
        });
      }
      const slot = (t - month.startMs) / HOUR_MS;
      orePerKwh[i] = month.orePerKwh[slot] ?? Number.NaN;
      estimated[i] = month.estimated[slot] ?? 0;
      const m = month.source[slot] ?? 0;
      source[i] = m === 0 ? 0 : (local[m - 1] ?? 0);
    }
    return { orePerKwh, estimated, source, sources };
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
    const resolved = resolveHours(await this.repo.spotRange(area, startMs, endMs), startMs, hours);
    const value: SpotMonth = {
      startMs,
      endMs,
      orePerKwh: resolved.orePerKwh,
      estimated: resolved.estimated,
      source: resolved.source,
      sources: resolved.sources,
      loadedAt: now,
    };
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

/**
 * One price per source and interval, as `resolveHours` would choose within a file: an exact
 * price over a converted one, else the first. A second price that differs is a finding.
 */
const oncePerInterval = (
  points: readonly SpotPoint[],
): { points: SpotPoint[]; findings: SpotImportReport['rejected'] } => {
  const kept = new Map<string, SpotPoint>();
  const findings: SpotImportReport['rejected'] = [];
  for (const p of points) {
    const key = `${p.area}|${p.startMs}|${p.resolutionMinutes}|${p.source}`;
    const seen = kept.get(key);
    if (!seen || (seen.estimated && !p.estimated)) kept.set(key, p);
    else if (seen.estimated === p.estimated && Math.abs(seen.orePerKwh - p.orePerKwh) > DISAGREEMENT_ORE) {
      findings.push({
        at: `${p.area} ${new Date(p.startMs).toISOString()}`,
        reason: `the file prices this interval twice (${seen.orePerKwh.toFixed(4)} and ${p.orePerKwh.toFixed(4)} øre/kWh); the first is kept`,
      });
    }
  }
  return { points: [...kept.values()], findings };
};

/**
 * What the imported prices now stand for: the hours they touch, resolved with every
 * source stored, counted by who prices them, and the exact prices that disagree.
 */
const standing = async (repo: MarketRepository, points: readonly SpotPoint[]) => {
  // A source is its name and whether its prices are exact: two files may share a name.
  const key = (s: { source: string; estimated: boolean }) => `${s.source}|${s.estimated ? 1 : 0}`;
  const fileSources = new Set(points.map(key));
  let pricing = 0;
  let keptBetter = 0;
  let unpriced = 0;
  const disagreements: Disagreement[] = [];
  for (const area of new Set(points.map((p) => p.area))) {
    let fromMs = Number.POSITIVE_INFINITY;
    let toMs = Number.NEGATIVE_INFINITY;
    for (const p of points) {
      if (p.area !== area) continue;
      fromMs = Math.min(fromMs, Math.floor(p.startMs / HOUR_MS) * HOUR_MS);
      toMs = Math.max(toMs, p.startMs + p.resolutionMinutes * 60_000);
    }
    const hours = Math.ceil((toMs - fromMs) / HOUR_MS);
    const resolved = resolveHours(
      await repo.spotRange(area, fromMs, fromMs + hours * HOUR_MS),
      fromMs,
      hours,
    );
    const covered = new Set<number>();
    for (const p of points) if (p.area === area) covered.add(Math.floor((p.startMs - fromMs) / HOUR_MS));
    for (const i of covered) {
      const s = resolved.source[i] ?? 0;
      if (s === 0) unpriced++;
      else if (fileSources.has(key(resolved.sources[s - 1] ?? { source: '', estimated: false }))) pricing++;
      else keptBetter++;
    }
    disagreements.push(
      // Disagreements are between exact prices only.
      ...resolved.disagreements.filter(
        (d) =>
          fileSources.has(key({ source: d.kept, estimated: false })) ||
          fileSources.has(key({ source: d.other, estimated: false })),
      ),
    );
  }
  return { pricing, keptBetter, unpriced, disagreements };
};
