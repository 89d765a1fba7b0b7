import { AppError } from '../../platform/errors.ts';
import { osloDate } from '../../platform/time.ts';
import type { CapacityStep, FixedMethod, GridTariff } from './grid-tariff.ts';

/**
 * The fixed part of a grid tariff is a step chosen by the customer's demand for power in
 * the month. An hour's kWh is its average kW, which is what Elhub reports and the grid
 * companies use. Supported methods: TRE_DØGNMAX_MND (the mean of the three highest daily
 * maxima, on three different days), MND_MAX (the month's highest hour) and OV_TREFASE (the
 * main fuse in amperes, which no meter shows, so the caller must say it). FEM_VEKTET_ÅR
 * (Fjellnett: five season-weighted weekly maxima over twelve months) needs the company's
 * monthly season factors, which the format does not carry; UKJENT is what it says.
 */
export interface Peak {
  readonly date: string;
  readonly startMs: number;
  readonly kw: number;
}

export interface CapacityBasis {
  readonly method: FixedMethod;
  /** kW, or amperes for OV_TREFASE; NaN when the month has no measured hour. */
  readonly value: number;
  readonly unit: 'kW' | 'A';
  /** The hours the value was taken from, highest first. */
  readonly peaks: readonly Peak[];
}

export interface ChosenStep extends CapacityStep {
  readonly index: number;
  /** The next step's threshold, for a name such as "2–5 kW". */
  readonly upper: number | null;
}

const dailyMaxima = (startMs: ArrayLike<number>, kwh: ArrayLike<number>): Peak[] => {
  const byDay = new Map<string, Peak>();
  for (let i = 0; i < startMs.length; i++) {
    const kw = kwh[i] as number;
    if (Number.isNaN(kw)) continue;
    const date = osloDate(startMs[i] as number);
    const best = byDay.get(date);
    if (!best || kw > best.kw) byDay.set(date, { date, startMs: startMs[i] as number, kw });
  }
  return [...byDay.values()].sort((a, b) => b.kw - a.kw || a.startMs - b.startMs);
};

export const capacityBasis = (
  method: FixedMethod,
  startMs: ArrayLike<number>,
  kwh: ArrayLike<number>,
  mainFuseAmpere?: number,
): CapacityBasis => {
  switch (method) {
    case 'TRE_DØGNMAX_MND': {
      const peaks = dailyMaxima(startMs, kwh).slice(0, 3);
      const value = peaks.length ? peaks.reduce((s, p) => s + p.kw, 0) / peaks.length : Number.NaN;
      return { method, value, unit: 'kW', peaks };
    }
    case 'MND_MAX': {
      const peaks = dailyMaxima(startMs, kwh).slice(0, 1);
      return { method, value: peaks[0]?.kw ?? Number.NaN, unit: 'kW', peaks };
    }
    case 'OV_TREFASE':
      if (mainFuseAmpere === undefined || !(mainFuseAmpere > 0)) {
        throw new AppError(
          'validation_failed',
          'This tariff is set by the main fuse; give its size in amperes.',
        );
      }
      return { method, value: mainFuseAmpere, unit: 'A', peaks: [] };
    default:
      throw new AppError(
        'unsupported_format',
        method === 'FEM_VEKTET_ÅR'
          ? 'FEM_VEKTET_ÅR needs the grid company’s monthly season factors and twelve months of weekly peaks; it is not supported.'
          : `The capacity method ${method} is not published by the grid company; it is not supported.`,
      );
  }
};

/** A value exactly on a threshold takes the higher step when the threshold is included. */
export const stepFor = (fixed: GridTariff['fixed'], value: number): ChosenStep => {
  const steps = fixed.steps;
  let index = 0;
  for (let i = 1; i < steps.length; i++) {
    const t = (steps[i] as CapacityStep).threshold;
    if (value > t || (value === t && fixed.thresholdIncluded !== false)) index = i;
  }
  const step = steps[index] as CapacityStep;
  return { ...step, index, upper: steps[index + 1]?.threshold ?? null };
};

export const stepName = (step: ChosenStep, unit: 'kW' | 'A'): string =>
  step.upper === null ? `over ${step.threshold} ${unit}` : `${step.threshold}–${step.upper} ${unit}`;
