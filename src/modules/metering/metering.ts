import type { Refusal } from '../../platform/errors.ts';
import { addMonths } from '../consents/permission.ts';
import type { HourlyPoint } from './series.ts';

/** A metering point as the customer and the engine see it, with the ID decrypted. */
export interface MeteringPoint {
  readonly id: string;
  readonly meteringPointId: string;
  readonly checkDigitOk: boolean;
  readonly priceArea: string;
  readonly countyCode: string | null;
  readonly customerType: 'household' | 'business' | 'cabin';
  readonly currentOfferId: string | null;
  /** The grid company's GLN, from the source's master data. */
  readonly gridGln: string | null;
  readonly source: string;
}

export interface ImportReport {
  readonly stored: number;
  readonly replaced: number;
  readonly gaps: number;
  readonly months: string[];
  /**
   * Per month touched, how much of it now holds values (this import and what was there
   * before), so an answer can tell a month of data from one day of it.
   */
  readonly presence: readonly { readonly month: string; readonly hours: number; readonly days: number }[];
  readonly rejected: Refusal[];
}

/** "Not more than we need": nothing older than 16 months is fetched or kept. */
export const LOOKBACK_MONTHS = 16;

export const lookbackStart = (now: Date): number => addMonths(now, -LOOKBACK_MONTHS).getTime();

/** Splits points into those inside the allowed window and a count of those outside it. */
export const withinWindow = (
  points: readonly HourlyPoint[],
  now: Date,
): { kept: HourlyPoint[]; tooOld: number; future: number } => {
  const from = lookbackStart(now);
  const to = now.getTime();
  const kept: HourlyPoint[] = [];
  let tooOld = 0;
  let future = 0;
  for (const p of points) {
    if (p.startMs < from) tooOld++;
    else if (p.startMs >= to) future++;
    else kept.push(p);
  }
  return { kept, tooOld, future };
};

/** The field name that ties an encrypted month to its metering point and month. */
export const seriesField = (meteringPointId: string, month: string): string =>
  `consumption_series.values_enc/${meteringPointId}/${month}`;
