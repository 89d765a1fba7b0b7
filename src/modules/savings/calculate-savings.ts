import { HOUR_MS, osloDate, osloMonthKey, osloParts } from '../../platform/time.ts';
import { roundOre } from '../identity/money.ts';
import type { Offer } from '../market/offers.ts';
import type { PriceSource } from '../market/spot-resolution.ts';
import { type BasisKind, basisKindOf } from './basis-kind.ts';
import { monthCoverage } from './month-coverage.ts';
import { type SavingRange, savingRange } from './saving-range.ts';

/**
 * The savings engine, first cut: the cost of a metering point's real hourly consumption
 * under each offer (hourly kWh × (hourly spot or the offer's energy price) + markup per
 * kWh + the monthly fee, plus VAT), the cost under the current contract, and the saving.
 * Pure: plain arrays in, plain values out, money rounded to øre once, at the end.
 *
 * Only hours with both a measured kWh and a spot price are priced, for every offer alike,
 * so offers are compared on the same hours. Missing values are gaps, never zeros.
 */
export const HOURS_PER_YEAR = 8760;

export interface PricingInput {
  readonly startMs: Float64Array;
  /** kWh per hour, NaN where not measured. */
  readonly kwh: Float64Array;
  /** Spot øre/kWh ex VAT per hour, NaN where unknown. */
  readonly spotOre: Float64Array;
  /** 1 where the spot price was converted from EUR rather than quoted in NOK. */
  readonly spotEstimated: Uint8Array;
  /** Per hour, 1 + the index into `spotSources` of the source that priced it; 0 where none did. */
  readonly spotSource?: Uint16Array;
  readonly spotSources?: readonly PriceSource[];
  readonly offers: readonly Offer[];
  readonly currentOfferId: string | null;
  /** When the current contract began, if known: what is left of its binding period depends on it. */
  readonly currentSince?: string | null;
  readonly vatRate: number;
  /** The hours are a standard profile scaled to a yearly kWh, not measurements. */
  readonly profile?: { readonly annualKwh: number; readonly source: 'invoices' | 'estimate' } | null;
}

export interface MonthCost {
  readonly month: string;
  readonly totalOre: number;
}

export interface OfferCost {
  readonly offer: Offer;
  /** Over the priced hours: energy (spot or the offer's price), markup, monthly fees, VAT. */
  readonly energyOre: number;
  readonly markupOre: number;
  readonly feeOre: number;
  readonly vatOre: number;
  readonly totalOre: number;
  /** Scaled to a year; see the basis. */
  readonly yearlyOre: number;
  readonly months: readonly MonthCost[];
}

/** How many of the priced hours one source priced. */
export interface PricedBy extends PriceSource {
  readonly hours: number;
}

export interface MonthBasis {
  readonly month: string;
  readonly hours: number;
  readonly pricedHours: number;
  readonly kwh: number;
  readonly missingKwhHours: number;
  readonly missingPriceHours: number;
  readonly estimatedPriceHours: number;
  /** Oslo days with a priced hour, and the days the month has. */
  readonly days: number;
  readonly monthDays: number;
  /** Too few of the month's hours were priced for it to count as a month of data (month-coverage.ts). */
  readonly partial: boolean;
  /** Which source priced the month's priced hours, most hours first; empty when the input does not say. */
  readonly priceSources: readonly PricedBy[];
}

export interface Basis {
  /** Measured hours or a standard profile: what every statement of the basis says. */
  readonly kind: BasisKind;
  readonly from: string | null;
  readonly to: string | null;
  readonly pricedHours: number;
  readonly kwh: number;
  readonly months: readonly MonthBasis[];
  /** Months that count as months of data (not partial): what the range and the wording go by. */
  readonly countedMonths: number;
  /** Months with no priced hour, and why. */
  readonly excludedMonths: readonly { month: string; reason: 'no-consumption' | 'no-spot-price' }[];
  readonly missingKwhHours: number;
  readonly missingPriceHours: number;
  readonly estimatedPriceHours: number;
  /** Which source priced the priced hours over the whole period, most hours first. */
  readonly priceSources: readonly PricedBy[];
  /** Energy costs are multiplied by this to make a year (8 760 / priced hours). */
  readonly annualisationFactor: number;
  readonly fullYear: boolean;
  readonly vatRate: number;
  readonly averageSpotOre: number | null;
}

/** What was assumed rather than measured, for the explanation. */
export type Assumption =
  | 'standard-profile'
  | 'scaled-to-year'
  | 'estimated-prices'
  | 'exit-fee-start-unknown'
  | 'membership-counted';

export interface SwitchCost {
  /** The fee for leaving the current contract now (0 when it binds no longer). */
  readonly exitFeeOre: number;
  /** Months of binding left; null when the contract's start is not known. */
  readonly bindingMonthsLeft: number | null;
}

export interface SavingsResult {
  readonly basis: Basis;
  readonly assumptions: readonly Assumption[];
  /** How much the yearly saving could move, from the spread between months. */
  readonly range: SavingRange | null;
  readonly switchCost: SwitchCost | null;
  /** Set when the hours were a standard profile: the yearly kWh it was scaled to, and from where. */
  readonly profile: PricingInput['profile'] | null;
  /** Cheapest first by yearly cost. */
  readonly offers: readonly OfferCost[];
  readonly current: OfferCost | null;
  readonly best: OfferCost | null;
  /**
   * Yearly cost under the current contract minus the cheapest offer, less the fee for
   * leaving a contract that still binds; null without a current contract.
   */
  readonly yearlySavingOre: number | null;
}

interface MonthAgg {
  month: string;
  hours: number;
  priced: number;
  kwh: number;
  kwhSpot: number;
  missingKwh: number;
  missingPrice: number;
  estimated: number;
  days: number;
  lastDay: string;
  /** Priced hours per 1 + index into the input's spotSources. */
  bySource: Map<number, number>;
}

/** The last twelve months of data when there is more than a year; everything otherwise. */
export const windowStart = (startMs: Float64Array, kwh: Float64Array): number => {
  let last = -1;
  for (let i = kwh.length - 1; i >= 0; i--) {
    if (!Number.isNaN(kwh[i] ?? Number.NaN)) {
      last = i;
      break;
    }
  }
  if (last < 0) return 0;
  const end = (startMs[last] ?? 0) + HOUR_MS;
  const yearBefore = new Date(end);
  yearBefore.setUTCFullYear(yearBefore.getUTCFullYear() - 1);
  let i = 0;
  while (i < startMs.length && (startMs[i] ?? 0) < yearBefore.getTime()) i++;
  return i;
};

const aggregate = (input: PricingInput): MonthAgg[] => {
  const months: MonthAgg[] = [];
  let current: MonthAgg | undefined;
  const from = windowStart(input.startMs, input.kwh);
  for (let i = from; i < input.startMs.length; i++) {
    const month = osloMonthKey(input.startMs[i] ?? 0);
    if (current?.month !== month) {
      current = {
        month,
        hours: 0,
        priced: 0,
        kwh: 0,
        kwhSpot: 0,
        missingKwh: 0,
        missingPrice: 0,
        estimated: 0,
        days: 0,
        lastDay: '',
        bySource: new Map(),
      };
      months.push(current);
    }
    current.hours++;
    const k = input.kwh[i] ?? Number.NaN;
    const s = input.spotOre[i] ?? Number.NaN;
    if (Number.isNaN(k)) {
      current.missingKwh++;
      continue;
    }
    if (Number.isNaN(s)) {
      current.missingPrice++;
      continue;
    }
    current.priced++;
    const day = osloDate(input.startMs[i] ?? 0);
    if (day !== current.lastDay) {
      current.days++;
      current.lastDay = day;
    }
    current.kwh += k;
    current.kwhSpot += k * s;
    if (input.spotEstimated[i]) current.estimated++;
    const source = input.spotSource?.[i] ?? 0;
    if (source > 0) current.bySource.set(source, (current.bySource.get(source) ?? 0) + 1);
  }
  return months;
};

const pricedBy = (input: PricingInput, bySource: ReadonlyMap<number, number>): PricedBy[] =>
  [...bySource]
    .flatMap(([index, hours]) => {
      const s = input.spotSources?.[index - 1];
      return s ? [{ source: s.source, estimated: s.estimated, hours }] : [];
    })
    .sort((a, b) => b.hours - a.hours || (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));

export const calculateSavings = (input: PricingInput): SavingsResult => {
  const all = aggregate(input);
  const priced = all.filter((m) => m.priced > 0);
  const pricedHours = priced.reduce((a, m) => a + m.priced, 0);
  const kwh = priced.reduce((a, m) => a + m.kwh, 0);
  const kwhSpot = priced.reduce((a, m) => a + m.kwhSpot, 0);
  const coverage = new Map(priced.map((m) => [m.month, monthCoverage(m.month, m.priced, m.days)]));
  const counted = (month: string) => coverage.get(month)?.counts === true;
  const countedMonths = priced.filter((m) => counted(m.month)).length;
  const fullYear = countedMonths >= 12;
  // Energy scales with the hours priced; gaps and missing months are assumed to cost what the priced hours cost on average.
  const factor = pricedHours === 0 ? 0 : HOURS_PER_YEAR / pricedHours;
  const vat = 1 + input.vatRate;

  const costOf = (offer: Offer): OfferCost => {
    const unit = (m: { kwh: number; kwhSpot: number }) =>
      offer.energyPriceOrePerKwh === null ? m.kwhSpot : m.kwh * offer.energyPriceOrePerKwh;
    const energy = unit({ kwh, kwhSpot });
    const markup = kwh * offer.markupOrePerKwh;
    // A membership the offer requires is part of its price: a twelfth of the yearly fee a month.
    const monthly = offer.monthlyFeeOre + (offer.conditions?.membership?.yearlyFeeOre ?? 0) / 12;
    const fee = monthly * priced.length;
    const exVat = energy + markup + fee;
    const yearlyExVat = (energy + markup) * factor + monthly * 12;
    return {
      offer,
      energyOre: roundOre(energy),
      markupOre: roundOre(markup),
      feeOre: roundOre(fee),
      vatOre: roundOre(exVat * input.vatRate),
      totalOre: roundOre(exVat * vat),
      yearlyOre: pricedHours === 0 ? 0 : roundOre(yearlyExVat * vat),
      months: priced.map((m) => ({
        month: m.month,
        totalOre: roundOre((unit(m) + m.kwh * offer.markupOrePerKwh + monthly) * vat),
      })),
    };
  };

  const offers = pricedHours === 0 ? [] : input.offers.map(costOf).sort((a, b) => a.yearlyOre - b.yearlyOre);
  const current = offers.find((o) => o.offer.id === input.currentOfferId) ?? null;
  const best = offers[0] ?? null;
  const excludedMonths = all
    .filter((m) => m.priced === 0)
    .map((m) => ({
      month: m.month,
      reason: m.missingKwh === m.hours ? ('no-consumption' as const) : ('no-spot-price' as const),
    }));
  const switchCost = current ? exitFee(current.offer, input.currentSince ?? null, input.startMs) : null;
  const exit = switchCost ? roundOre(switchCost.exitFeeOre * vat) : 0;
  const yearlySavingOre = current && best ? current.yearlyOre - best.yearlyOre - exit : null;
  const range =
    current && best && yearlySavingOre !== null
      ? savingRange(
          yearlySavingOre,
          // A partial month's saving tells which days were measured, not how a month goes.
          current.months
            .map((m, i) => ({ month: m.month, savingOre: m.totalOre - (best.months[i]?.totalOre ?? 0) }))
            .filter((m) => counted(m.month)),
        )
      : null;
  const assumptions: Assumption[] = [];
  if (input.profile) assumptions.push('standard-profile');
  if (pricedHours > 0 && !fullYear) assumptions.push('scaled-to-year');
  if (priced.some((m) => m.estimated > 0)) assumptions.push('estimated-prices');
  if (switchCost && switchCost.bindingMonthsLeft === null && (current?.offer.bindingMonths ?? 0) > 0) {
    assumptions.push('exit-fee-start-unknown');
  }
  if (input.offers.some((o) => o.conditions?.membership)) assumptions.push('membership-counted');
  const widened = range && input.profile ? widen(range) : range;
  // Not knowing when the contract began, the worst case is a whole binding period left.
  const worstExit =
    current && switchCost?.bindingMonthsLeft === null && current.offer.exitFee
      ? roundOre(
          (current.offer.exitFee.per === 'once'
            ? current.offer.exitFee.ore
            : current.offer.exitFee.ore * current.offer.bindingMonths) * vat,
        )
      : 0;
  return {
    assumptions,
    range: widened && worstExit > 0 ? { ...widened, lowOre: widened.lowOre - worstExit } : widened,
    switchCost,
    profile: input.profile ?? null,
    basis: {
      kind: basisKindOf(input.profile),
      from: priced[0]?.month ?? null,
      to: priced[priced.length - 1]?.month ?? null,
      pricedHours,
      kwh,
      months: priced.map((m) => ({
        month: m.month,
        hours: m.hours,
        pricedHours: m.priced,
        kwh: m.kwh,
        missingKwhHours: m.missingKwh,
        missingPriceHours: m.missingPrice,
        estimatedPriceHours: m.estimated,
        days: m.days,
        monthDays: coverage.get(m.month)?.monthDays ?? 0,
        partial: !counted(m.month),
        priceSources: pricedBy(input, m.bySource),
      })),
      countedMonths,
      excludedMonths,
      missingKwhHours: all.reduce((a, m) => a + m.missingKwh, 0),
      missingPriceHours: all.reduce((a, m) => a + m.missingPrice, 0),
      estimatedPriceHours: priced.reduce((a, m) => a + m.estimated, 0),
      priceSources: pricedBy(
        input,
        priced.reduce((all, m) => {
          for (const [k, n] of m.bySource) all.set(k, (all.get(k) ?? 0) + n);
          return all;
        }, new Map<number, number>()),
      ),
      annualisationFactor: factor,
      fullYear,
      vatRate: input.vatRate,
      averageSpotOre: kwh > 0 ? kwhSpot / kwh : null,
    },
    offers,
    current,
    best,
    yearlySavingOre,
  };
};

/**
 * The fee for leaving the current contract now. With the contract's start known, what is
 * left of the binding period decides; without it the fee is not charged against the saving
 * (most contracts are past their binding), but the low end of the range carries it.
 */
const exitFee = (offer: Offer, since: string | null, startMs: Float64Array): SwitchCost => {
  const fee = offer.exitFee;
  if (!fee || offer.bindingMonths === 0) return { exitFeeOre: 0, bindingMonthsLeft: 0 };
  if (since === null) return { exitFeeOre: 0, bindingMonthsLeft: null };
  // Whole Oslo months from the contract's start to the end of the data (when switching is decided).
  const end = osloParts((startMs[startMs.length - 1] ?? 0) + HOUR_MS);
  const [y, m] = since.split('-').map(Number) as [number, number];
  const elapsed = (end.year - y) * 12 + (end.month - m);
  const left = Math.max(0, offer.bindingMonths - elapsed);
  return {
    exitFeeOre: left === 0 ? 0 : fee.per === 'once' ? fee.ore : fee.ore * left,
    bindingMonthsLeft: left,
  };
};

/** A profile is a guess about every hour: the band is at least ±25 % of the figure. */
const widen = (r: SavingRange): SavingRange => {
  const mid = (r.lowOre + r.highOre) / 2;
  const half = Math.max((r.highOre - r.lowOre) / 2, Math.abs(mid) * 0.25);
  return { ...r, lowOre: Math.round(mid - half), highOre: Math.round(mid + half) };
};
