import {
  HOUR_MS,
  hoursInOsloMonth,
  nextMonth,
  osloDate,
  osloMonthKey,
  osloMonthStart,
  parseMonthKey,
} from '../../platform/time.ts';

/**
 * Hourly consumption is stored per metering point and Oslo calendar month: one encrypted
 * blob of watt-hours per hour (743, 744 or 745 slots in DST months), which keeps a year of
 * one household in twelve small rows that export, erase and re-price quickly.
 */
export type Quality = 'missing' | 'measured' | 'estimated' | 'corrected';
const QUALITY_CODES: readonly Quality[] = ['missing', 'measured', 'estimated', 'corrected'];

export const MISSING_WH = -2_147_483_648;

export interface HourlyPoint {
  readonly startMs: number;
  readonly kwh: number;
  readonly quality: Exclude<Quality, 'missing'>;
}

export interface MonthSeries {
  readonly month: string;
  readonly startsAt: number;
  readonly hours: number;
  /** Watt-hours per hour slot, MISSING_WH where no value exists. */
  readonly wh: Int32Array;
  readonly quality: Uint8Array;
}

export const emptyMonth = (month: string): MonthSeries => {
  const { year, month: m } = parseMonthKey(month);
  const hours = hoursInOsloMonth(year, m);
  return {
    month,
    startsAt: osloMonthStart(year, m),
    hours,
    wh: new Int32Array(hours).fill(MISSING_WH),
    quality: new Uint8Array(hours),
  };
};

const MAGIC = 0x45565331; // 'EVS1'

export const encodeMonth = (s: MonthSeries): Uint8Array => {
  const buf = new ArrayBuffer(8 + s.hours * 5);
  const view = new DataView(buf);
  view.setUint32(0, MAGIC);
  view.setUint32(4, s.hours);
  for (let i = 0; i < s.hours; i++) view.setInt32(8 + i * 4, s.wh[i] ?? MISSING_WH, true);
  new Uint8Array(buf, 8 + s.hours * 4).set(s.quality);
  return new Uint8Array(buf);
};

export const decodeMonth = (month: string, bytes: Uint8Array): MonthSeries => {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const base = emptyMonth(month);
  if (bytes.byteLength < 8 || view.getUint32(0) !== MAGIC || view.getUint32(4) !== base.hours) {
    throw new RangeError(`stored series for ${month} has an unexpected layout`);
  }
  for (let i = 0; i < base.hours; i++) base.wh[i] = view.getInt32(8 + i * 4, true);
  base.quality.set(bytes.subarray(8 + base.hours * 4, 8 + base.hours * 5));
  return base;
};

export interface MergeResult {
  readonly months: MonthSeries[];
  readonly stored: number;
  readonly replaced: number;
}

/**
 * Puts points into month series. A later reading of the same hour replaces the earlier one
 * (Elhub corrects values after the fact); a point that is not on an hour boundary is refused
 * by the readers before it gets here.
 */
export const mergePoints = (
  existing: ReadonlyMap<string, MonthSeries>,
  points: readonly HourlyPoint[],
): MergeResult => {
  const touched = new Map<string, MonthSeries>();
  let stored = 0;
  let replaced = 0;
  for (const p of points) {
    const key = osloMonthKey(p.startMs);
    let series = touched.get(key);
    if (!series) {
      const prior = existing.get(key);
      series = prior
        ? { ...prior, wh: Int32Array.from(prior.wh), quality: Uint8Array.from(prior.quality) }
        : emptyMonth(key);
      touched.set(key, series);
    }
    const slot = (p.startMs - series.startsAt) / HOUR_MS;
    if (!Number.isInteger(slot) || slot < 0 || slot >= series.hours) continue;
    if (series.wh[slot] !== MISSING_WH) replaced++;
    series.wh[slot] = Math.round(p.kwh * 1000);
    series.quality[slot] = QUALITY_CODES.indexOf(p.quality);
    stored++;
  }
  return { months: [...touched.values()].sort((a, b) => a.startsAt - b.startsAt), stored, replaced };
};

export interface HourlyArrays {
  readonly startMs: Float64Array;
  /** kWh, NaN where missing. */
  readonly kwh: Float64Array;
}

/** Concatenates months into contiguous hourly arrays from the first to the last month, gaps as NaN. */
export const toHourlyArrays = (months: readonly MonthSeries[]): HourlyArrays => {
  const sorted = [...months].sort((a, b) => a.startsAt - b.startsAt);
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (!first || !last) return { startMs: new Float64Array(0), kwh: new Float64Array(0) };
  const total = (last.startsAt + last.hours * HOUR_MS - first.startsAt) / HOUR_MS;
  const startMs = new Float64Array(total);
  const kwh = new Float64Array(total).fill(Number.NaN);
  for (let i = 0; i < total; i++) startMs[i] = first.startsAt + i * HOUR_MS;
  for (const m of sorted) {
    const offset = (m.startsAt - first.startsAt) / HOUR_MS;
    for (let i = 0; i < m.hours; i++) {
      const v = m.wh[i] ?? MISSING_WH;
      if (v !== MISSING_WH) kwh[offset + i] = v / 1000;
    }
  }
  return { startMs, kwh };
};

export const qualityName = (code: number): Quality => QUALITY_CODES[code] ?? 'missing';

/** The Oslo months from `from` up to and including `to`, as 'YYYY-MM'. */
export const monthsBetween = (fromMonth: string, toMonth: string): string[] => {
  const out: string[] = [];
  let cur = parseMonthKey(fromMonth);
  for (let guard = 0; guard < 1200; guard++) {
    const key = `${cur.year}-${String(cur.month).padStart(2, '0')}`;
    out.push(key);
    if (key >= toMonth) break;
    cur = nextMonth(cur.year, cur.month);
  }
  return out;
};

/** How much of a month holds a value: hours with one, and Oslo days with at least one. */
export const monthPresence = (m: MonthSeries): { readonly hours: number; readonly days: number } => {
  let hours = 0;
  const days = new Set<string>();
  for (let i = 0; i < m.hours; i++) {
    if (m.wh[i] === MISSING_WH) continue;
    hours++;
    days.add(osloDate(m.startsAt + i * HOUR_MS));
  }
  return { hours, days: days.size };
};
