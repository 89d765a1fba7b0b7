import { HOUR_MS, osloDate, parseOffsetDateTime } from '../../platform/time.ts';
import { type PriceArea, parsePriceArea } from '../identity/price-area.ts';
import { readMeterRecording } from '../metering/readers.ts';

/**
 * Day-ahead spot prices, normalised to øre/kWh excluding VAT at their own resolution
 * (60 minutes before 1 October 2025, 15 minutes after on the Nordic market). A price quoted
 * in NOK by the source is exact; one converted from EUR with Norges Bank's daily rate is
 * an estimate, ranks below an exact price for the same interval, and is marked as such.
 */
export interface SpotPoint {
  readonly area: PriceArea;
  readonly startMs: number;
  readonly resolutionMinutes: 15 | 60;
  readonly orePerKwh: number;
  readonly source: string;
  readonly priority: number;
  readonly estimated: boolean;
  readonly eurPerMwh: number | null;
  readonly eurNokRate: number | null;
}

export interface SpotRead {
  readonly points: SpotPoint[];
  readonly rejected: { readonly at: string; readonly reason: string }[];
}

export const PRIORITY_EXACT = 2;
export const PRIORITY_CONVERTED = 1;

/** Norges Bank EUR/NOK rates by date, forward-filled over weekends and holidays. */
export class ExchangeRates {
  private readonly dates: string[];
  private readonly rates: number[];

  constructor(daily: readonly { date: string; rate: number }[]) {
    const sorted = [...daily].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    this.dates = sorted.map((d) => d.date);
    this.rates = sorted.map((d) => d.rate);
  }

  /** The last published rate on or before the date, or undefined before the first one. */
  rateOn(date: string): number | undefined {
    let lo = 0;
    let hi = this.dates.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((this.dates[mid] ?? '') <= date) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found < 0) return undefined;
    // A rate more than a week old means the file does not cover the date; forward-filling further would be a guess.
    const gapDays = (Date.parse(date) - Date.parse(this.dates[found] ?? '')) / 86_400_000;
    return gapDays <= 7 ? this.rates[found] : undefined;
  }

  get size(): number {
    return this.dates.length;
  }
}

export const readNorgesBankRates = (text: string): ExchangeRates => {
  const doc = JSON.parse(text) as { daily?: { date?: unknown; rate?: unknown }[] };
  if (!Array.isArray(doc.daily)) throw new Error('no "daily" list of rates');
  const daily = doc.daily.flatMap((d) =>
    typeof d.date === 'string' &&
    /^\d{4}-\d{2}-\d{2}$/.test(d.date) &&
    typeof d.rate === 'number' &&
    d.rate > 0
      ? [{ date: d.date, rate: d.rate }]
      : [],
  );
  return new ExchangeRates(daily);
};

/** A price in EUR/MWh at the Oslo date's rate; undefined when the rate file does not cover that date. */
export const converted = (
  area: PriceArea,
  startMs: number,
  resolutionMinutes: 15 | 60,
  eurPerMwh: number,
  rates: ExchangeRates,
  source: string,
): SpotPoint | undefined => {
  const rate = rates.rateOn(osloDate(startMs));
  if (rate === undefined) return undefined;
  return {
    area,
    startMs,
    resolutionMinutes,
    // EUR/MWh × NOK/EUR = NOK/MWh = 0.1 øre/kWh
    orePerKwh: (eurPerMwh * rate) / 10,
    source,
    priority: PRIORITY_CONVERTED,
    estimated: true,
    eurPerMwh,
    eurNokRate: rate,
  };
};

/** The spot column of a household's meter recording (NOK/kWh ex VAT), for a given area. */
export const readRecordingSpot = (text: string, area: PriceArea): SpotRead => {
  const { hours, rejected } = readMeterRecording(text);
  const points: SpotPoint[] = [];
  for (const h of hours) {
    if (h.spotNokPerKwhExVat === null) continue;
    points.push({
      area,
      startMs: h.startMs,
      resolutionMinutes: 60,
      orePerKwh: h.spotNokPerKwhExVat * 100,
      source: 'meter-recording',
      priority: PRIORITY_EXACT,
      estimated: false,
      eurPerMwh: null,
      eurNokRate: null,
    });
  }
  return { points, rejected };
};

/** Day-ahead prices in EUR/MWh per hour: `{ metadata: { area }, hourly: [{ start_local, eur_mwh }] }`. */
export const readEurHourly = (text: string, rates: ExchangeRates, areaOverride?: PriceArea): SpotRead => {
  const doc = JSON.parse(text) as { metadata?: { area?: string; unit?: string }; hourly?: unknown[] };
  const area = areaOverride ?? parsePriceArea(doc.metadata?.area ?? '');
  if (!area) return { points: [], rejected: [{ at: 'metadata.area', reason: 'no known price area' }] };
  if (doc.metadata?.unit && doc.metadata.unit !== 'EUR/MWh') {
    return { points: [], rejected: [{ at: 'metadata.unit', reason: 'unit is not EUR/MWh' }] };
  }
  const points: SpotPoint[] = [];
  const rejected: SpotRead['rejected'] = [];
  (doc.hourly ?? []).forEach((h, i) => {
    const r = h as { start_local?: unknown; eur_mwh?: unknown };
    const startMs = typeof r.start_local === 'string' ? parseOffsetDateTime(r.start_local) : undefined;
    if (startMs === undefined || startMs % HOUR_MS !== 0 || typeof r.eur_mwh !== 'number') {
      rejected.push({ at: `hourly[${i}]`, reason: 'not an hour with a price' });
      return;
    }
    const p = converted(area, startMs, 60, r.eur_mwh, rates, 'day-ahead-eur');
    if (p) points.push(p);
    else rejected.push({ at: `hourly[${i}]`, reason: 'no EUR/NOK rate for that date' });
  });
  return { points, rejected };
};

/**
 * Our own spot file (`docs/formats.md`): one area, one unit, one resolution, a list of
 * `{ start, price }` with offsets in the times.
 */
export const readSpotJson = (text: string, rates: ExchangeRates | undefined): SpotRead => {
  const doc = JSON.parse(text) as {
    format?: string;
    area?: string;
    unit?: string;
    resolution?: string;
    source?: string;
    prices?: unknown[];
  };
  const area = parsePriceArea(doc.area ?? '');
  const resolution = doc.resolution === 'PT15M' ? 15 : doc.resolution === 'PT60M' ? 60 : undefined;
  const unit = doc.unit;
  const problems: SpotRead['rejected'] = [];
  if (!area) problems.push({ at: 'area', reason: 'must be NO1 to NO5' });
  if (!resolution) problems.push({ at: 'resolution', reason: 'must be PT60M or PT15M' });
  if (unit !== 'NOK/kWh' && unit !== 'øre/kWh' && unit !== 'EUR/MWh') {
    problems.push({ at: 'unit', reason: 'must be NOK/kWh, øre/kWh or EUR/MWh' });
  }
  if (unit === 'EUR/MWh' && !rates)
    problems.push({ at: 'unit', reason: 'EUR prices need an exchange-rate file' });
  if (!Array.isArray(doc.prices)) problems.push({ at: 'prices', reason: 'must be a list' });
  if (problems.length > 0 || !area || !resolution) return { points: [], rejected: problems };
  const source = `spot-file${doc.source ? `:${String(doc.source).slice(0, 60)}` : ''}`;
  const points: SpotPoint[] = [];
  const rejected: SpotRead['rejected'] = [];
  (doc.prices ?? []).forEach((entry, i) => {
    const r = entry as { start?: unknown; price?: unknown };
    const startMs = typeof r.start === 'string' ? parseOffsetDateTime(r.start) : undefined;
    if (startMs === undefined || startMs % (resolution * 60_000) !== 0 || typeof r.price !== 'number') {
      rejected.push({
        at: `prices[${i}]`,
        reason: 'needs a start on the interval boundary and a numeric price',
      });
      return;
    }
    if (unit === 'EUR/MWh' && rates) {
      const p = converted(area, startMs, resolution, r.price, rates, source);
      if (p) points.push(p);
      else rejected.push({ at: `prices[${i}]`, reason: 'no EUR/NOK rate for that date' });
      return;
    }
    points.push({
      area,
      startMs,
      resolutionMinutes: resolution,
      orePerKwh: unit === 'NOK/kWh' ? r.price * 100 : r.price,
      source,
      priority: PRIORITY_EXACT,
      estimated: false,
      eurPerMwh: null,
      eurNokRate: null,
    });
  });
  return { points, rejected };
};

/** Decides which reader a file needs from its content, so `elvakt import spot` takes any of them. */
export const detectSpotFormat = (
  text: string,
): 'spot-json' | 'eur-hourly' | 'meter-recording' | 'entsoe-xml' | undefined => {
  // Any XML goes to the ENTSO-E reader, which names what it found when that is not a price document.
  if (/^\uFEFF?\s*</.test(text)) return 'entsoe-xml';
  try {
    const doc = JSON.parse(text) as Record<string, unknown>;
    if (typeof doc.format === 'string' && doc.format.startsWith('elvakt-spot/')) return 'spot-json';
    if (Array.isArray(doc.hourly)) return 'eur-hourly';
    if (Array.isArray(doc.hours)) return 'meter-recording';
  } catch {
    return undefined;
  }
  return undefined;
};
