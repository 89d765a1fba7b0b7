import { AppError } from '../../platform/errors.ts';
import { osloParts } from '../../platform/time.ts';
import type { DayKind, EnergyException, GridTariff } from './grid-tariff.ts';
import { isPublicHoliday } from './holidays.ts';

/**
 * Which energy price an hour gets. Hours are Oslo wall-clock hours, so on the autumn DST
 * night hour 2 occurs twice and in spring not at all, as the Fri nettleie format says.
 * A "fridag" is a weekend day, a public holiday (fixed or moving: Christmas Day bills
 * like Easter Monday) or one of the grid company's own extra days off.
 */
export interface HourClass {
  /** 1–12 */
  readonly month: number;
  readonly hour: number;
  /** 0 = Sunday */
  readonly weekday: number;
  readonly holiday: boolean;
}

const WEEKDAY: Partial<Record<DayKind, number>> = {
  søndag: 0,
  mandag: 1,
  tirsdag: 2,
  onsdag: 3,
  torsdag: 4,
  fredag: 5,
  lørdag: 6,
};

export const classifyHour = (utcMs: number, extraFreeDays: ReadonlySet<string> = new Set()): HourClass => {
  const p = osloParts(utcMs);
  const mmdd = `${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
  return {
    month: p.month,
    hour: p.hour,
    weekday: p.weekday,
    holiday: isPublicHoliday(p) || extraFreeDays.has(mmdd),
  };
};

const dayMatches = (kind: DayKind, c: HourClass): boolean => {
  const weekend = c.weekday === 0 || c.weekday === 6;
  switch (kind) {
    case 'alle':
      return true;
    case 'ukedag':
      return !weekend;
    case 'helg':
      return weekend;
    case 'helligdager':
      return c.holiday;
    case 'fridag':
      return weekend || c.holiday;
    case 'virkedag':
      return !weekend && !c.holiday;
    default:
      return WEEKDAY[kind] === c.weekday;
  }
};

export const exceptionApplies = (e: EnergyException, c: HourClass): boolean =>
  (e.months === null || e.months.includes(c.month)) &&
  (e.hours === null || e.hours[c.hour] === true) &&
  (e.days === null || e.days.some((d) => dayMatches(d, c)));

/**
 * The first exception that applies, else the base price. Files list exceptions that do
 * not overlap (a test holds every shipped file to that), so order only matters for a file
 * that breaks the rule, and then the first one written wins, as a reader would expect.
 */
export const energyPriceFor = (
  tariff: GridTariff,
  c: HourClass,
): { readonly name: string | null; readonly oreExVat: number } => {
  for (const e of tariff.energy.exceptions) {
    if (exceptionApplies(e, c)) return { name: e.name, oreExVat: e.oreExVat };
  }
  return { name: null, oreExVat: tariff.energy.baseOreExVat };
};

export const GRID_CALENDAR_FORMAT = 'elvakt/grid-company-calendar@1';

export interface GridCompanyDays {
  readonly gln: readonly string[];
  readonly owner: string;
  readonly extraFreeDays: readonly string[];
  readonly source: { readonly name: string; readonly url: string; readonly evidence?: string };
}

export const parseGridCalendar = (doc: unknown): readonly GridCompanyDays[] => {
  const root = (doc ?? {}) as { format?: unknown; companies?: unknown };
  const problems: { at: string; message: string }[] = [];
  if (root.format !== GRID_CALENDAR_FORMAT)
    problems.push({ at: 'format', message: `must be ${GRID_CALENDAR_FORMAT}` });
  const companies = Array.isArray(root.companies) ? (root.companies as Record<string, unknown>[]) : [];
  companies.forEach((c, i) => {
    const gln = c?.gln;
    if (!Array.isArray(gln) || gln.length === 0 || !gln.every((g) => /^7\d{12}$/.test(String(g)))) {
      problems.push({ at: `companies[${i}].gln`, message: 'must list 13-digit GLNs' });
    }
    const days = c?.extraFreeDays;
    if (
      !Array.isArray(days) ||
      !days.every((d) => /^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(String(d)))
    ) {
      problems.push({ at: `companies[${i}].extraFreeDays`, message: 'must list days as MM-DD' });
    }
    const source = c?.source as Record<string, unknown> | undefined;
    if (typeof source?.name !== 'string' || !/^https:\/\//.test(String(source?.url))) {
      problems.push({ at: `companies[${i}].source`, message: 'must name the evidence and link it' });
    }
  });
  if (problems.length > 0)
    throw new AppError('validation_failed', 'The grid company calendar is not valid.', problems);
  return companies as unknown as GridCompanyDays[];
};

/** The extra days off of the company with any of these GLNs. */
export const extraFreeDaysFor = (calendar: readonly GridCompanyDays[], gln: readonly string[]): Set<string> =>
  new Set(calendar.filter((c) => c.gln.some((g) => gln.includes(g))).flatMap((c) => c.extraFreeDays));
