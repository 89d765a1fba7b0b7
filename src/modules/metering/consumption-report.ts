import { csvDocument, numeric } from '../../platform/csv.ts';
import { DAY_MS, HOUR_MS, osloOffsetMs, osloParts, osloToUtc, parseIsoDate } from '../../platform/time.ts';
import type { HourlyArrays } from './series.ts';

/**
 * Consumption reported back to the household by Oslo day, month or year. Pure: the
 * decrypted hourly series in, rows out. Rows follow the Oslo calendar, so a day in March
 * when the clocks go forward has 23 hours and one in October 25; every row says how many
 * clock hours it spans and how many of them were measured, and an hour without a
 * measurement is a gap, never a zero. Sums are kept in whole watt-hours (what the series
 * stores), so a total is exact and does not drift with the order it was added in.
 */
export type Resolution = 'day' | 'month' | 'year';

export const RESOLUTIONS: readonly Resolution[] = ['day', 'month', 'year'];

/** Longer than the 16 months anything is kept, short enough to keep a report small. */
export const MAX_REPORT_DAYS = 800;

export interface ConsumptionRow {
  /** 'YYYY-MM-DD', 'YYYY-MM' or 'YYYY', Oslo calendar. */
  readonly period: string;
  /** The first hour of the row inside the chosen range (UTC milliseconds). */
  readonly startMs: number;
  /** The end of the row's last hour inside the range (exclusive). */
  readonly endMs: number;
  /** Clock hours of the row inside the range. */
  readonly hours: number;
  readonly measuredHours: number;
  /** Watt-hours over the measured hours. */
  readonly wh: number;
}

export interface ConsumptionReport {
  readonly resolution: Resolution;
  /** Oslo dates, both included. */
  readonly from: string;
  readonly to: string;
  readonly rows: readonly ConsumptionRow[];
  readonly hours: number;
  readonly measuredHours: number;
  readonly wh: number;
}

const pad = (n: number) => String(n).padStart(2, '0');

const periodOf = (utcMs: number, resolution: Resolution): string => {
  const p = osloParts(utcMs);
  if (resolution === 'year') return String(p.year);
  if (resolution === 'month') return `${p.year}-${pad(p.month)}`;
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
};

/** The UTC instant an Oslo date ('YYYY-MM-DD') begins, and the instant the day after it begins. */
export const osloDayBounds = (date: string): { startMs: number; endMs: number } => {
  const d = parseIsoDate(date);
  if (!d) throw new RangeError('not a date');
  const next = new Date(Date.UTC(d.year, d.month - 1, d.day + 1));
  return {
    startMs: osloToUtc(d.year, d.month, d.day),
    endMs: osloToUtc(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate()),
  };
};

/** Whole days from one Oslo date to another (calendar days, not 24-hour periods). */
export const daysBetween = (from: string, to: string): number => {
  const a = parseIsoDate(from);
  const b = parseIsoDate(to);
  if (!a || !b) throw new RangeError('not a date');
  return Math.round((Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / DAY_MS);
};

/** Kilowatt-hours at the series' own resolution, as integer watt-hours (NaN stays NaN). */
const whAt = (series: HourlyArrays, utcMs: number): number => {
  const first = series.startMs[0];
  if (first === undefined) return Number.NaN;
  const i = (utcMs - first) / HOUR_MS;
  if (!Number.isInteger(i) || i < 0 || i >= series.kwh.length) return Number.NaN;
  const kwh = series.kwh[i] ?? Number.NaN;
  return Number.isNaN(kwh) ? Number.NaN : Math.round(kwh * 1000);
};

/**
 * The rows for the Oslo dates `from` to `to` (both included) at a resolution. A month or a
 * year the range only partly covers counts only its hours inside the range, and says so by
 * its hours.
 */
export const consumptionReport = (
  series: HourlyArrays,
  resolution: Resolution,
  from: string,
  to: string,
): ConsumptionReport => {
  if (daysBetween(from, to) < 0) throw new RangeError('the range ends before it starts');
  if (daysBetween(from, to) >= MAX_REPORT_DAYS) throw new RangeError('the range is too long');
  const startMs = osloDayBounds(from).startMs;
  const endMs = osloDayBounds(to).endMs;
  const rows: ConsumptionRow[] = [];
  let row: { period: string; startMs: number; hours: number; measuredHours: number; wh: number } | undefined;
  const close = (at: number) => {
    if (row) rows.push({ ...row, endMs: at });
  };
  for (let t = startMs; t < endMs; t += HOUR_MS) {
    const period = periodOf(t, resolution);
    if (row?.period !== period) {
      close(t);
      row = { period, startMs: t, hours: 0, measuredHours: 0, wh: 0 };
    }
    row.hours++;
    const wh = whAt(series, t);
    if (!Number.isNaN(wh)) {
      row.measuredHours++;
      row.wh += wh;
    }
  }
  close(endMs);
  return {
    resolution,
    from,
    to,
    rows,
    hours: rows.reduce((a, r) => a + r.hours, 0),
    measuredHours: rows.reduce((a, r) => a + r.measuredHours, 0),
    wh: rows.reduce((a, r) => a + r.wh, 0),
  };
};

/** The first and last Oslo dates with a measured hour, or null for a series without any. */
export const measuredRange = (series: HourlyArrays): { from: string; to: string } | null => {
  let first = -1;
  let last = -1;
  for (let i = 0; i < series.kwh.length; i++) {
    if (Number.isNaN(series.kwh[i] ?? Number.NaN)) continue;
    if (first < 0) first = i;
    last = i;
  }
  if (first < 0) return null;
  return {
    from: periodOf(series.startMs[first] ?? 0, 'day'),
    to: periodOf(series.startMs[last] ?? 0, 'day'),
  };
};

/** An instant as Oslo local time with its offset, to the minute: '2026-03-29T00:00+01:00'. */
export const osloLocalIso = (utcMs: number): string => {
  const p = osloParts(utcMs);
  const offsetHours = osloOffsetMs(utcMs) / HOUR_MS;
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}+${pad(offsetHours)}:00`;
};

/** Watt-hours as kWh with three decimals and a decimal comma, the way a Norwegian spreadsheet reads numbers. */
export const kwhDecimalComma = (wh: number): string => {
  const sign = wh < 0 ? '-' : '';
  const abs = Math.abs(wh);
  return `${sign}${Math.floor(abs / 1000)},${String(abs % 1000).padStart(3, '0')}`;
};

/**
 * The report as CSV like the other exports: a byte-order mark, `;` between fields, CRLF, a
 * decimal comma. A row without any measured hour leaves its kWh empty (a gap, not 0).
 */
export const consumptionCsv = (report: ConsumptionReport): string =>
  csvDocument(
    ['periode', 'fra', 'til', 'timer', 'timer_med_maling', 'kwh'],
    report.rows.map((r) => [
      r.period,
      osloLocalIso(r.startMs),
      osloLocalIso(r.endMs),
      r.hours,
      r.measuredHours,
      r.measuredHours === 0 ? null : numeric(kwhDecimalComma(r.wh)),
    ]),
  );
