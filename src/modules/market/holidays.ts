/**
 * Norwegian public holidays, computed rather than listed so that no year runs out. The law
 * on holidays (helligdagsfredloven § 2) names the church holidays, most of which hang on
 * Easter; 1 and 17 May are public days by their own law. Sundays are left out: every
 * caller already treats the weekend apart.
 */

export interface CalendarDate {
  readonly year: number;
  /** 1–12 */
  readonly month: number;
  readonly day: number;
}

/** Easter Sunday in the Gregorian calendar (the anonymous algorithm, valid for any year). */
export const easterSunday = (year: number): CalendarDate => {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return { year, month, day };
};

export const dateKey = (d: CalendarDate): string =>
  `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;

const shift = (d: CalendarDate, days: number): CalendarDate => {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + days));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
};

/** Days from Easter Sunday, so the table reads like a church calendar. */
const EASTER_OFFSETS: readonly (readonly [number, string])[] = [
  [-3, 'Skjærtorsdag'],
  [-2, 'Langfredag'],
  [0, 'Første påskedag'],
  [1, 'Andre påskedag'],
  [39, 'Kristi himmelfartsdag'],
  [49, 'Første pinsedag'],
  [50, 'Andre pinsedag'],
];

const FIXED: readonly (readonly [number, number, string])[] = [
  [1, 1, 'Første nyttårsdag'],
  [5, 1, 'Offentlig høytidsdag (1. mai)'],
  [5, 17, 'Grunnlovsdag'],
  [12, 25, 'Første juledag'],
  [12, 26, 'Andre juledag'],
];

const cache = new Map<number, ReadonlyMap<string, string>>();

/** The year's public holidays as 'YYYY-MM-DD' → Norwegian name, in date order. */
export const publicHolidays = (year: number): ReadonlyMap<string, string> => {
  const hit = cache.get(year);
  if (hit) return hit;
  const easter = easterSunday(year);
  const days: [string, string][] = [
    ...FIXED.map(([month, day, name]): [string, string] => [dateKey({ year, month, day }), name]),
    ...EASTER_OFFSETS.map(([offset, name]): [string, string] => [dateKey(shift(easter, offset)), name]),
  ];
  days.sort((x, y) => (x[0] < y[0] ? -1 : 1));
  const map = new Map(days);
  cache.set(year, map);
  return map;
};

export const isPublicHoliday = (d: CalendarDate): boolean => publicHolidays(d.year).has(dateKey(d));
