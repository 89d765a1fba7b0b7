import { AppError } from '../../platform/errors.ts';
import { osloDate, osloMonthKey } from '../../platform/time.ts';
import { type Place, vatOn } from './tax-rules.ts';
import type { CustomerType, NorgesprisRule, StromstotteRule, TaxRules } from './tax-rules-data.ts';

/**
 * The state's two ways of softening the spot price, settled by the grid company per
 * metering point and Oslo month: strømstøtte (a share of the price above a threshold) and
 * Norgespris (a fixed price instead of spot, settled both ways). A customer has one or the
 * other. Amounts are øre in floating point with VAT where the customer pays VAT, positive
 * when the customer receives money; callers round once, where a line is shown.
 */

/** One Oslo month of hours in time order. `kwh` and `spotOre` (øre/kWh ex VAT) are NaN where unknown. */
export interface MonthHours {
  readonly startMs: ArrayLike<number>;
  readonly kwh: ArrayLike<number>;
  readonly spotOre: ArrayLike<number>;
}

export interface SupportMonth {
  readonly month: string;
  readonly scheme: 'stromstotte' | 'norgespris';
  /** Why nothing is paid: the customer type has no right to it, or no scheme existed then. */
  readonly none?: 'not-eligible' | 'no-scheme';
  readonly rule: StromstotteRule | NorgesprisRule | null;
  /** Per hour, what the customer receives (negative: pays), VAT included where it applies. */
  readonly perHourOre: Float64Array;
  readonly totalOre: number;
  /** kWh the scheme settled: for strømstøtte the kWh in hours above the threshold. */
  readonly settledKwh: number;
  /** kWh beyond the monthly cap, priced at the customer's own contract. */
  readonly cappedKwh: number;
  readonly hoursWithoutPrice: number;
  readonly hoursWithoutKwh: number;
}

const monthOf = (hours: MonthHours): string => {
  const first = hours.startMs[0];
  if (first === undefined) throw new AppError('validation_failed', 'A month of hours has no hours.');
  const month = osloMonthKey(first);
  const last = hours.startMs[hours.startMs.length - 1] as number;
  if (osloMonthKey(last) !== month) {
    throw new AppError(
      'validation_failed',
      `The hours run from ${month} into ${osloMonthKey(last)}; pass one month.`,
    );
  }
  return month;
};

/** The rule in force for the month; rules change on the first of a month. */
const ruleFor = <T extends { from: string; to: string | null }>(
  list: readonly T[],
  month: string,
  what: string,
): T | null => {
  const day = `${month}-01`;
  const rule = list.find((p) => p.from <= day && (p.to === null || day < p.to));
  if (rule) return rule;
  const ends = list.map((p) => p.to);
  const lastEnd = ends.reduce<string>((a, b) => (b !== null && b > a ? b : a), '');
  if (list.length > 0 && !ends.includes(null) && day >= lastEnd) {
    throw new AppError(
      'not_found',
      `No ${what} rule covers ${month}; add it to rules/electricity-taxes.json.`,
    );
  }
  return null;
};

const vatFactors = (rules: TaxRules, hours: MonthHours, place: Place, type: CustomerType): Float64Array => {
  const out = new Float64Array(hours.startMs.length);
  const byDay = new Map<string, number>();
  for (let i = 0; i < out.length; i++) {
    const date = osloDate(hours.startMs[i] as number);
    let f = byDay.get(date);
    if (f === undefined) {
      f = 1 + vatOn(rules, date, place, type).rate;
      byDay.set(date, f);
    }
    out[i] = f;
  }
  return out;
};

const empty = (
  month: string,
  scheme: SupportMonth['scheme'],
  n: number,
  none: SupportMonth['none'],
  rule: SupportMonth['rule'],
): SupportMonth => ({
  month,
  scheme,
  none,
  rule,
  perHourOre: new Float64Array(n),
  totalOre: 0,
  settledKwh: 0,
  cappedKwh: 0,
  hoursWithoutPrice: 0,
  hoursWithoutKwh: 0,
});

/**
 * Walks the month in time order and hands each hour the kWh that still fit under the cap,
 * so the hour that crosses it is split and every later hour is outside the scheme.
 */
const underCap = (
  hours: MonthHours,
  capKwh: number,
  settles: 'every-kwh' | 'paid-kwh',
  each: (i: number, coveredKwh: number, spot: number) => number,
  outside?: (i: number) => boolean,
): Omit<SupportMonth, 'month' | 'scheme' | 'rule' | 'none'> => {
  const n = hours.startMs.length;
  const perHourOre = new Float64Array(n);
  let used = 0;
  let totalOre = 0;
  let settledKwh = 0;
  let cappedKwh = 0;
  let hoursWithoutPrice = 0;
  let hoursWithoutKwh = 0;
  for (let i = 0; i < n; i++) {
    const kwh = hours.kwh[i] as number;
    if (outside?.(i)) continue;
    if (Number.isNaN(kwh)) {
      hoursWithoutKwh++;
      continue;
    }
    const covered = Math.min(kwh, Math.max(0, capKwh - used));
    used += kwh;
    cappedKwh += kwh - covered;
    const spot = hours.spotOre[i] as number;
    if (Number.isNaN(spot)) {
      hoursWithoutPrice++;
      continue;
    }
    const ore = each(i, covered, spot);
    perHourOre[i] = ore;
    totalOre += ore;
    if (settles === 'every-kwh' || ore !== 0) settledKwh += covered;
  }
  return { perHourOre, totalOre, settledKwh, cappedKwh, hoursWithoutPrice, hoursWithoutKwh };
};

/**
 * Strømstøtte for one metering point and month. Until August 2023 the share was paid on
 * the price area's plain monthly average (every hour of the month counts, not only the
 * customer's); from September 2023 hour by hour. Norgespris customers get none: call
 * `norgesprisSettlement` for them instead.
 */
export const stromstotteOre = (
  rules: TaxRules,
  hours: MonthHours,
  place: Place,
  customerType: CustomerType,
): SupportMonth => {
  const month = monthOf(hours);
  const n = hours.startMs.length;
  const rule = ruleFor(rules.stromstotte, month, 'strømstøtte');
  if (!rule) return empty(month, 'stromstotte', n, 'no-scheme', null);
  if (!rule.customerTypes.includes(customerType)) return empty(month, 'stromstotte', n, 'not-eligible', rule);
  const vat = vatFactors(rules, hours, place, customerType);
  let average = 0;
  if (rule.basis === 'monthly-average') {
    let sum = 0;
    let count = 0;
    for (let i = 0; i < n; i++) {
      const spot = hours.spotOre[i] as number;
      if (!Number.isNaN(spot)) {
        sum += spot;
        count++;
      }
    }
    average = count > 0 ? sum / count : Number.NaN;
  }
  const result = underCap(hours, rule.monthlyCapKwh, 'paid-kwh', (i, covered, spot) => {
    const price = rule.basis === 'hourly' ? spot : average;
    return covered * rule.coverage * Math.max(0, price - rule.thresholdOrePerKwh) * (vat[i] as number);
  });
  return { month, scheme: 'stromstotte', rule, ...result };
};

/**
 * Norgespris for one metering point and month: the grid company pays the customer spot
 * minus the Norgespris price for every covered kWh, and charges the difference when spot
 * is below it. `since` is the first Oslo day of the customer's agreement.
 */
export const norgesprisSettlement = (
  rules: TaxRules,
  hours: MonthHours,
  place: Place,
  customerType: CustomerType,
  since?: string,
): SupportMonth => {
  const month = monthOf(hours);
  const n = hours.startMs.length;
  const rule = ruleFor(rules.norgespris, month, 'Norgespris');
  if (!rule) return empty(month, 'norgespris', n, 'no-scheme', null);
  const cap = rule.monthlyCapKwh[customerType];
  if (cap === undefined) return empty(month, 'norgespris', n, 'not-eligible', rule);
  const vat = vatFactors(rules, hours, place, customerType);
  const before = since ? (i: number) => osloDate(hours.startMs[i] as number) < since : undefined;
  const result = underCap(
    hours,
    cap,
    'every-kwh',
    (i, covered, spot) => covered * (spot - rule.priceOrePerKwh) * (vat[i] as number),
    before,
  );
  return { month, scheme: 'norgespris', rule, ...result };
};

/** Index ranges of the Oslo months in a series of hour starts in time order. */
export const osloMonthRanges = (
  startMs: ArrayLike<number>,
): { month: string; from: number; to: number }[] => {
  const out: { month: string; from: number; to: number }[] = [];
  for (let i = 0; i < startMs.length; i++) {
    const month = osloMonthKey(startMs[i] as number);
    const last = out[out.length - 1];
    if (last && last.month === month) last.to = i + 1;
    else out.push({ month, from: i, to: i + 1 });
  }
  return out;
};
