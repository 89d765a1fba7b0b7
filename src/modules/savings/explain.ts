import { osloMonthKey, osloParts } from '../../platform/time.ts';
import { roundOre } from '../identity/money.ts';
import type { Offer } from '../market/offers.ts';
import { type PricingInput, type SavingsResult, windowStart } from './calculate-savings.ts';

/**
 * How the engine's numbers came about, for the page that shows them: the parts of each
 * month's cost and of each yearly cost (energy, markup, fixed fees, VAT, over which hours
 * and kWh), and the consumption and spot prices the engine saw, by hour of day and by
 * month. Pure, and computed the way the engine computes (the same hours, the same order of
 * sums, money rounded once), so that every part adds up to the figure it explains; a test
 * holds each total to the engine's own.
 */

interface MonthSums {
  readonly month: string;
  hours: number;
  measuredHours: number;
  measuredKwh: number;
  pricedHours: number;
  /** Over the priced hours (both a kWh and a spot price). */
  kwh: number;
  kwhSpot: number;
  spotSum: number;
}

/**
 * The page explains every offer from the same hours; the sums depend on the input alone and
 * are made once per input (an input is never changed after the engine has priced it).
 */
const summed = new WeakMap<PricingInput, readonly Readonly<MonthSums>[]>();

const monthSums = (input: PricingInput): readonly Readonly<MonthSums>[] => {
  let sums = summed.get(input);
  if (!sums) {
    sums = sumMonths(input);
    summed.set(input, sums);
  }
  return sums;
};

const sumMonths = (input: PricingInput): MonthSums[] => {
  const out: MonthSums[] = [];
  let cur: MonthSums | undefined;
  for (let i = windowStart(input.startMs, input.kwh); i < input.startMs.length; i++) {
    const month = osloMonthKey(input.startMs[i] ?? 0);
    if (cur?.month !== month) {
      cur = {
        month,
        hours: 0,
        measuredHours: 0,
        measuredKwh: 0,
        pricedHours: 0,
        kwh: 0,
        kwhSpot: 0,
        spotSum: 0,
      };
      out.push(cur);
    }
    cur.hours++;
    const k = input.kwh[i] ?? Number.NaN;
    const s = input.spotOre[i] ?? Number.NaN;
    if (Number.isNaN(k)) continue;
    cur.measuredHours++;
    cur.measuredKwh += k;
    if (Number.isNaN(s)) continue;
    cur.pricedHours++;
    cur.kwh += k;
    cur.kwhSpot += k * s;
    cur.spotSum += s;
  }
  return out;
};

/** What the offer charges a month besides energy and markup: its fee and a twelfth of a required membership. */
export const monthlyFeeOf = (offer: Offer): number =>
  offer.monthlyFeeOre + (offer.conditions?.membership?.yearlyFeeOre ?? 0) / 12;

const energyOf = (offer: Offer, m: { kwh: number; kwhSpot: number }): number =>
  offer.energyPriceOrePerKwh === null ? m.kwhSpot : m.kwh * offer.energyPriceOrePerKwh;

export interface MonthParts {
  readonly month: string;
  /** Clock hours of the month in the data, and those priced (both a kWh and a spot price). */
  readonly hours: number;
  readonly pricedHours: number;
  readonly kwh: number;
  /** Each part rounded to øre on its own; the total is rounded once, as the engine does. */
  readonly energyOre: number;
  readonly markupOre: number;
  readonly feeOre: number;
  readonly vatOre: number;
  readonly totalOre: number;
}

/** The parts of each priced month's cost under one offer, in the engine's order of months. */
export const monthParts = (input: PricingInput, offer: Offer): MonthParts[] => {
  const monthly = monthlyFeeOf(offer);
  return monthSums(input)
    .filter((m) => m.pricedHours > 0)
    .map((m) => {
      const energy = energyOf(offer, m);
      const markup = m.kwh * offer.markupOrePerKwh;
      const exVat = energy + markup + monthly;
      return {
        month: m.month,
        hours: m.hours,
        pricedHours: m.pricedHours,
        kwh: m.kwh,
        energyOre: roundOre(energy),
        markupOre: roundOre(markup),
        feeOre: roundOre(monthly),
        vatOre: roundOre(exVat * input.vatRate),
        totalOre: roundOre(exVat * (1 + input.vatRate)),
      };
    });
};

export interface YearParts {
  readonly pricedHours: number;
  readonly kwh: number;
  /** Energy and markup over the priced hours. */
  readonly energyOre: number;
  readonly markupOre: number;
  /** 8 760 over the priced hours: energy and markup are scaled by it to make a year. */
  readonly factor: number;
  /** (energy + markup) × factor. */
  readonly scaledOre: number;
  readonly monthlyFeeOre: number;
  /** Twelve months of the fixed fee. */
  readonly feesOre: number;
  readonly vatRate: number;
  readonly vatOre: number;
  readonly totalOre: number;
}

/** The parts of one offer's yearly cost. */
export const yearParts = (input: PricingInput, result: SavingsResult, offer: Offer): YearParts => {
  const priced = monthSums(input).filter((m) => m.pricedHours > 0);
  const kwh = priced.reduce((a, m) => a + m.kwh, 0);
  const kwhSpot = priced.reduce((a, m) => a + m.kwhSpot, 0);
  const energy = energyOf(offer, { kwh, kwhSpot });
  const markup = kwh * offer.markupOrePerKwh;
  const factor = result.basis.annualisationFactor;
  const monthly = monthlyFeeOf(offer);
  const exVat = (energy + markup) * factor + monthly * 12;
  return {
    pricedHours: result.basis.pricedHours,
    kwh,
    energyOre: roundOre(energy),
    markupOre: roundOre(markup),
    factor,
    scaledOre: roundOre((energy + markup) * factor),
    monthlyFeeOre: roundOre(monthly),
    feesOre: roundOre(monthly * 12),
    vatRate: input.vatRate,
    vatOre: roundOre(exVat * input.vatRate),
    totalOre: result.basis.pricedHours === 0 ? 0 : roundOre(exVat * (1 + input.vatRate)),
  };
};

export interface HourOfDay {
  /** Oslo clock hour, 0–23. */
  readonly hour: number;
  readonly measuredHours: number;
  /** Average kWh in this hour of the day, over the measured hours; null without any. */
  readonly averageKwh: number | null;
  readonly pricedHours: number;
  /** Average spot price (øre/kWh ex VAT) over the priced hours; null without any. */
  readonly averageSpotOre: number | null;
}

export interface UsageMonth {
  readonly month: string;
  readonly hours: number;
  readonly measuredHours: number;
  readonly kwh: number;
  readonly pricedHours: number;
  /** The plain average spot price of the priced hours, and the one weighted by the household's kWh. */
  readonly averageSpotOre: number | null;
  readonly weightedSpotOre: number | null;
}

export interface Usage {
  readonly byHour: readonly HourOfDay[];
  readonly byMonth: readonly UsageMonth[];
}

/**
 * Consumption and spot prices over the engine's window. By hour of day, the average kWh is
 * taken over every measured hour and the spot price over every priced hour; a spring day's
 * missing 02:00 and an autumn day's second 02:00 count as the hours they are.
 */
export const usage = (input: PricingInput): Usage => {
  const hours = Array.from({ length: 24 }, () => ({ measured: 0, kwh: 0, priced: 0, spot: 0 }));
  for (let i = windowStart(input.startMs, input.kwh); i < input.startMs.length; i++) {
    const k = input.kwh[i] ?? Number.NaN;
    if (Number.isNaN(k)) continue;
    const h = hours[osloParts(input.startMs[i] ?? 0).hour];
    if (!h) continue;
    h.measured++;
    h.kwh += k;
    const s = input.spotOre[i] ?? Number.NaN;
    if (Number.isNaN(s)) continue;
    h.priced++;
    h.spot += s;
  }
  return {
    byHour: hours.map((h, hour) => ({
      hour,
      measuredHours: h.measured,
      averageKwh: h.measured > 0 ? h.kwh / h.measured : null,
      pricedHours: h.priced,
      averageSpotOre: h.priced > 0 ? h.spot / h.priced : null,
    })),
    byMonth: monthSums(input).map((m) => ({
      month: m.month,
      hours: m.hours,
      measuredHours: m.measuredHours,
      kwh: m.measuredKwh,
      pricedHours: m.pricedHours,
      averageSpotOre: m.pricedHours > 0 ? m.spotSum / m.pricedHours : null,
      weightedSpotOre: m.kwh > 0 ? m.kwhSpot / m.kwh : null,
    })),
  };
};
