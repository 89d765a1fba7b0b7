import { HOUR_MS, hoursInOsloMonth, osloParts } from '../../platform/time.ts';

/**
 * A standard load profile for a metering point without hourly values: the yearly kWh (from
 * invoices or an estimate) spread over the months and the hours of the day the way an
 * electrically heated Norwegian household uses power. It is an assumption, not a
 * measurement, and every result priced on it says so; it exists so that a household whose
 * grid company has not sent hourly values yet still sees a figure, with a wider range.
 *
 * Shares by Oslo month (January first): heating makes winter months weigh about three
 * times a summer month. Shares by hour of day: low at night, a morning and a larger evening
 * peak. Both are normalised here, so the numbers below are relative weights.
 */
export const PROFILE_SOURCE =
  'Elvakt standard household profile (assumption): monthly and hour-of-day weights';

const MONTH_WEIGHTS = [13.5, 12, 11, 8.5, 6.5, 5, 4.5, 5, 6, 8, 10, 12.5];
const HOUR_WEIGHTS = [
  2.8, 2.6, 2.5, 2.5, 2.6, 3.0, 3.8, 4.9, 5.2, 4.7, 4.3, 4.1, 4.0, 3.9, 3.9, 4.2, 4.9, 5.6, 5.9, 5.8, 5.4,
  4.9, 4.1, 3.3,
];
const sum = (xs: readonly number[]) => xs.reduce((a, x) => a + x, 0);
const monthShare = MONTH_WEIGHTS.map((w) => w / sum(MONTH_WEIGHTS));
const hourShare = HOUR_WEIGHTS.map((w) => w / sum(HOUR_WEIGHTS));

/**
 * kWh per hour for the hours starting at `startMs`, for a point that uses `annualKwh` a year.
 * Each Oslo month gets its share, spread over its hours by hour of day (a 23- or 25-hour
 * day takes the shares of the hours it has), so a full year adds up to `annualKwh`.
 */
export const profileSeries = (annualKwh: number, startMs: Float64Array): Float64Array => {
  const out = new Float64Array(startMs.length);
  const monthCache = new Map<string, number>();
  for (let i = 0; i < startMs.length; i++) {
    const p = osloParts(startMs[i] ?? 0);
    const key = `${p.year}-${p.month}`;
    let perDayHour = monthCache.get(key);
    if (perDayHour === undefined) {
      // The month's kWh over its days, so that one day's 24 hour shares give that day's kWh.
      perDayHour = (annualKwh * (monthShare[p.month - 1] ?? 0) * 24) / hoursInOsloMonth(p.year, p.month);
      monthCache.set(key, perDayHour);
    }
    out[i] = perDayHour * (hourShare[p.hour] ?? 0);
  }
  return out;
};

/** Hour starts of the twelve months before `endMs` (exclusive), for pricing a profile over a year. */
export const lastYearHours = (endMs: number): Float64Array => {
  const end = endMs - (endMs % HOUR_MS);
  const start = new Date(end);
  start.setUTCFullYear(start.getUTCFullYear() - 1);
  const n = Math.round((end - start.getTime()) / HOUR_MS);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = start.getTime() + i * HOUR_MS;
  return out;
};
