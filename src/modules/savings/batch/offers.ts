import { PRICE_AREAS } from '../../identity/price-area.ts';
import { followsSpot, type Offer } from '../../market/offers.ts';

/**
 * The offers as the batch engine prices them. Per-kWh amounts are in the unit of the spot
 * prices handed to the engine (NOK/kWh in the benchmark, øre/kWh in the catalogue); the
 * monthly fee in the matching currency unit. Areas are 0–4 for NO1–NO5.
 *
 *   spot:  Σ c·p + markup·Σ c + feeMonths·monthlyFee
 *   fixed: fixedPrice·Σ c + feeMonths·monthlyFee
 */
export interface BatchOffer {
  readonly type: 'spot' | 'fixed';
  readonly areas: readonly number[];
  readonly markup: number;
  readonly fixedPrice: number;
  readonly monthlyFee: number;
}

export const AREA_COUNT = 5;

/**
 * The offers regrouped by area, in catalogue order within an area, as flat arrays that a
 * worker receives once per batch and walks per row without allocating. `spot` is 1 or 0,
 * multiplied rather than branched on, so the per-row loop has no unpredictable branch.
 */
export interface OfferTable {
  /** Entries of area a are [areaStart[a], areaStart[a + 1]). */
  readonly areaStart: Int32Array;
  /** Position of the entry's offer in the list given to the engine. */
  readonly index: Int32Array;
  readonly spot: Float64Array;
  readonly perKwh: Float64Array;
  readonly fixedCost: Float64Array;
}

export const buildOfferTable = (offers: readonly BatchOffer[], feeMonths = 12): OfferTable => {
  const entries: number[][] = Array.from({ length: AREA_COUNT }, () => []);
  offers.forEach((o, i) => {
    if (o.type !== 'spot' && o.type !== 'fixed')
      throw new TypeError(`offer ${i}: type must be spot or fixed`);
    for (const v of [o.markup, o.fixedPrice, o.monthlyFee]) {
      if (!Number.isFinite(v)) throw new TypeError(`offer ${i}: prices and fees must be finite numbers`);
    }
    for (const a of new Set(o.areas)) {
      if (!Number.isInteger(a) || a < 0 || a >= AREA_COUNT)
        throw new RangeError(`offer ${i}: area ${a} is not 0–4`);
      (entries[a] as number[]).push(i);
    }
  });
  const total = entries.reduce((s, e) => s + e.length, 0);
  const table = {
    areaStart: new Int32Array(AREA_COUNT + 1),
    index: new Int32Array(total),
    spot: new Float64Array(total),
    perKwh: new Float64Array(total),
    fixedCost: new Float64Array(total),
  };
  let j = 0;
  for (let a = 0; a < AREA_COUNT; a++) {
    table.areaStart[a] = j;
    for (const i of entries[a] as number[]) {
      const o = offers[i] as BatchOffer;
      table.index[j] = i;
      table.spot[j] = o.type === 'spot' ? 1 : 0;
      table.perKwh[j] = o.type === 'spot' ? o.markup : o.fixedPrice;
      table.fixedCost[j] = feeMonths * o.monthlyFee;
      j++;
    }
  }
  table.areaStart[AREA_COUNT] = j;
  return table;
};

/**
 * The cheapest offer of each row from its two sums: best[r] and its offer's position
 * (the first in list order on a tie; -1 and Infinity when no offer covers the area, or
 * when the row's sums are not numbers). Returns the float64 sum of the priced rows' best
 * costs, in row order, and how many rows had no price.
 */
export const chooseBest = (
  table: OfferTable,
  n: number,
  areaOfRow: Uint8Array,
  kwh: Float64Array,
  spotCost: Float64Array,
  best: Float64Array,
  bestIndex: Int32Array,
): { checksum: number; unpriced: number } => {
  const { areaStart, index, spot, perKwh, fixedCost } = table;
  let checksum = 0;
  let unpriced = 0;
  for (let r = 0; r < n; r++) {
    const a = areaOfRow[r] as number;
    const k = kwh[r] as number;
    const s = spotCost[r] as number;
    const hi = areaStart[a + 1] as number;
    let b = Number.POSITIVE_INFINITY;
    let bi = -1;
    for (let j = areaStart[a] as number; j < hi; j++) {
      // Summed in the order of the definition: energy, then the per-kWh part, then fees.
      const cost = (spot[j] as number) * s + (perKwh[j] as number) * k + (fixedCost[j] as number);
      if (cost < b) {
        b = cost;
        bi = j;
      }
    }
    best[r] = b;
    if (bi < 0) {
      bestIndex[r] = -1;
      unpriced++;
    } else {
      bestIndex[r] = index[bi] as number;
      checksum += b;
    }
  }
  return { checksum, unpriced };
};

/**
 * A catalogue offer as the batch engine prices it, in øre: an offer without a price of its
 * own follows spot (spot, hourly spot, most plus products); a required membership is a
 * twelfth of its yearly fee on the monthly fee, as the full engine counts it.
 */
export const toBatchOffer = (o: Offer): BatchOffer => {
  const spot = followsSpot(o);
  return {
    type: spot ? 'spot' : 'fixed',
    areas: o.areas.map((a) => PRICE_AREAS.indexOf(a)),
    markup: spot ? o.markupOrePerKwh : 0,
    fixedPrice: spot ? 0 : (o.energyPriceOrePerKwh ?? 0) + o.markupOrePerKwh,
    monthlyFee: o.monthlyFeeOre + (o.conditions.membership?.yearlyFeeOre ?? 0) / 12,
  };
};
