import type { PriceArea } from '../identity/price-area.ts';
import type { HourlyPoint } from './series.ts';

/** Master data of one metering point as Elhub knows it. */
export interface MeteringPointInfo {
  readonly meteringPointId: string;
  readonly priceArea: PriceArea;
  readonly countyCode: string | null;
  readonly customerType: 'household' | 'business' | 'cabin';
  /** The contract the customer is on, where the source knows it (Elhub knows the supplier, not the product). */
  readonly currentOfferId?: string;
  /** The grid company (netteier) by GLN, as Elhub's master data names it. */
  readonly gridGln?: string;
}

/**
 * Where metering points and hourly values come from once the customer has given a power of
 * attorney: Elhub's third-party access in production. Callers check the power of attorney
 * before they call; an implementation never decides that on its own.
 */
export interface MeteringSource {
  readonly name: string;
  meteringPoints(identityNumber: string): Promise<MeteringPointInfo[]>;
  consumption(
    meteringPointId: string,
    fromMs: number,
    toMs: number,
  ): Promise<{ points: HourlyPoint[]; gaps: number }>;
}
