/**
 * Europe/Oslo calendar arithmetic. Everything is stored in UTC; months, days and hours of
 * day are Oslo-local. Norway follows the EU summer-time rule (since 1996): from the last
 * Sunday of March 01:00 UTC to the last Sunday of October 01:00 UTC the offset is +2 h,
 * otherwise +1 h. Computing it directly keeps hot loops free of Intl calls; a test compares
 * it with the platform's time-zone database hour by hour.
 */
export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

const lastSundayUtc = (year: number, monthIndex: number): number => {
  const lastDay = Date.UTC(year, monthIndex + 1, 0);
  const weekday = new Date(lastDay).getUTCDay();
  return lastDay - weekday * DAY_MS;
};

const dstCache = new Map<number, readonly [number, number]>();

const dstBounds = (year: number): readonly [number, number] => {
  let bounds = dstCache.get(year);
  if (!bounds) {
    bounds = [lastSundayUtc(year, 2) + HOUR_MS, lastSundayUtc(year, 9) + HOUR_MS];
    dstCache.set(year, bounds);
  }
  return bounds;
};

/** Oslo's offset from UTC, in milliseconds, at the UTC instant `utcMs`. */
export const osloOffsetMs = (utcMs: number): number => {
  const [start, end] = dstBounds(new Date(utcMs).getUTCFullYear());
  return utcMs >= start && utcMs < end ? 2 * HOUR_MS : HOUR_MS;
};

export interface LocalParts {
  readonly year: number;
  /** 1–12 */
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  /** 0 = Sunday */
  readonly weekday: number;
}

/**
 * Hot loops walk hours in time order and ask about the same Oslo day 24 times; the last
 * day asked about is remembered with its bounds, its date and month written out once. Only
 * a day of 24 hours is remembered, so one offset holds for all of it.
 */
interface OsloDay {
  readonly fromMs: number;
  readonly toMs: number;
  readonly offsetMs: number;
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly weekday: number;
  readonly date: string;
  readonly monthKey: string;
}

let lastDay: OsloDay | undefined;

const dayOf = (utcMs: number): OsloDay => {
  if (lastDay && utcMs >= lastDay.fromMs && utcMs < lastDay.toMs) return lastDay;
  const offsetMs = osloOffsetMs(utcMs);
  const d = new Date(utcMs + offsetMs);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth() + 1;
  const day = d.getUTCDate();
  const monthKey = `${year}-${String(month).padStart(2, '0')}`;
  const fromMs = Date.UTC(year, month - 1, day) - offsetMs;
  const toMs = fromMs + DAY_MS;
  const found: OsloDay = {
    fromMs,
    toMs,
    offsetMs,
    year,
    month,
    day,
    weekday: d.getUTCDay(),
    date: `${monthKey}-${String(day).padStart(2, '0')}`,
    monthKey,
  };
  // A day whose clocks change has 23 or 25 hours and two offsets: answered, never remembered.
  if (osloOffsetMs(fromMs) === offsetMs && osloOffsetMs(toMs - 1) === offsetMs) lastDay = found;
  return found;
};

export const osloParts = (utcMs: number): LocalParts => {
  const day = dayOf(utcMs);
  const local = utcMs + day.offsetMs;
  const msOfDay = local - Date.UTC(day.year, day.month - 1, day.day);
  return {
    year: day.year,
    month: day.month,
    day: day.day,
    hour: Math.floor(msOfDay / HOUR_MS),
    minute: Math.floor((msOfDay % HOUR_MS) / 60_000),
    weekday: day.weekday,
  };
};

/**
 * The UTC instant of an Oslo wall-clock time. Midnight always exists in Oslo (the clocks
 * change at 02:00 and 03:00), which is all that month and day boundaries need; for a
 * wall-clock time that falls in the spring gap the later reading is returned.
 */
export const osloToUtc = (year: number, month: number, day: number, hour = 0, minute = 0): number => {
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  const guess = asUtc - HOUR_MS;
  const offset = osloOffsetMs(guess);
  const candidate = asUtc - offset;
  return osloOffsetMs(candidate) === offset ? candidate : asUtc - osloOffsetMs(candidate);
};

export const osloMonthStart = (year: number, month: number): number => osloToUtc(year, month, 1);

export const nextMonth = (year: number, month: number): { year: number; month: number } =>
  month === 12 ? { year: year + 1, month: 1 } : { year, month: month + 1 };

/** 743, 744 or 745 in March, 31-day months and October; 671–720 otherwise. */
export const hoursInOsloMonth = (year: number, month: number): number => {
  const n = nextMonth(year, month);
  return (osloMonthStart(n.year, n.month) - osloMonthStart(year, month)) / HOUR_MS;
};

export const hoursInOsloDay = (year: number, month: number, day: number): number => {
  const next = new Date(Date.UTC(year, month - 1, day + 1));
  return (
    (osloToUtc(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate()) -
      osloToUtc(year, month, day)) /
    HOUR_MS
  );
};

/** 'YYYY-MM' of the Oslo month containing the instant. */
export const osloMonthKey = (utcMs: number): string => dayOf(utcMs).monthKey;

export const parseMonthKey = (key: string): { year: number; month: number } => {
  const m = /^(\d{4})-(\d{2})$/.exec(key);
  if (!m) throw new RangeError(`not a month: ${key}`);
  return { year: Number(m[1]), month: Number(m[2]) };
};

/**
 * Parse an ISO 8601 date-time that carries its own offset (`Z` or `±hh:mm`). Local times
 * without an offset are ambiguous on the October DST night, so they are refused.
 */
export const parseOffsetDateTime = (text: string): number | undefined => {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.exec(
    text.trim(),
  );
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, tz] = m;
  const base = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0));
  const check = new Date(base);
  if (check.getUTCDate() !== Number(d) || Number(h) > 23 || Number(mi) > 59) return undefined;
  if (tz === 'Z') return base;
  const sign = tz?.startsWith('-') ? -1 : 1;
  const digits = (tz ?? '').replace(/[+:-]/g, '');
  const offsetMs = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
  return base - offsetMs;
};

/** An Oslo calendar date written as 'YYYY-MM-DD'. */
export const osloDate = (utcMs: number): string => dayOf(utcMs).date;

/** Parse 'YYYY-MM-DD' strictly into its parts. */
export const parseIsoDate = (text: string): { year: number; month: number; day: number } | undefined => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCMonth() === month - 1 && d.getUTCDate() === day ? { year, month, day } : undefined;
};

const LONG_DATE = {
  nb: new Intl.DateTimeFormat('nb-NO', {
    timeZone: 'Europe/Oslo',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }),
  en: new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Oslo',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }),
};

/** A day as people read it on the Oslo calendar: "6. januar 2027", "6 January 2027". */
export const formatLongDate = (d: Date, locale: 'nb' | 'en'): string => LONG_DATE[locale].format(d);
