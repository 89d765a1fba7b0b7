import { describe, expect, it } from 'vitest';
import { createKernelMemory, instantiateKernel } from './kernel.ts';
import { computeLayout } from './layout.ts';
import { type BatchOffer, buildOfferTable, chooseBest } from './offers.ts';
import { random, randomOffers } from './test-helpers.ts';

const relative = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

/** Row sums the plain way, in float64. */
const scalarSums = (rows: Float32Array, areas: Uint8Array, prices: Float32Array, hours: number) => {
  const n = areas.length;
  const kwh = new Float64Array(n);
  const spot = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    const a = areas[r] as number;
    let k = 0;
    let s = 0;
    for (let h = 0; h < hours; h++) {
      const c = rows[r * hours + h] as number;
      k += c;
      s += c * (prices[a * hours + h] as number);
    }
    kwh[r] = k;
    spot[r] = s;
  }
  return { kwh, spot };
};

const runKernel = (rows: Float32Array, areas: Uint8Array, prices: Float32Array, hours: number) => {
  const n = areas.length;
  const layout = computeLayout({ maxHours: hours, chunkRows: n, slots: 1 });
  const slot = layout.slots[0];
  if (!slot) throw new Error('no slot');
  const memory = createKernelMemory(layout.bytes);
  const kernel = instantiateKernel(memory);
  new Float32Array(memory.buffer, layout.prices, 5 * hours).set(prices);
  new Uint8Array(memory.buffer, slot.areas, n).set(areas);
  new Float32Array(memory.buffer, slot.rows, n * hours).set(rows);
  kernel.rowSums(slot.rows, n, hours, layout.prices, slot.areas, slot.kwh, slot.spot);
  return {
    kwh: new Float64Array(memory.buffer, slot.kwh, n).slice(),
    spot: new Float64Array(memory.buffer, slot.spot, n).slice(),
  };
};

const randomData = (seed: number, n: number, hours: number) => {
  const next = random(seed);
  const rows = new Float32Array(n * hours).map(() => next() * 3);
  const areas = new Uint8Array(n).map(() => Math.floor(next() * 5));
  const prices = new Float32Array(5 * hours).map(() => next() * 2 - 0.2);
  return { rows, areas, prices };
};

describe('the SIMD row-sum kernel', () => {
  // 200 hours ends on a 4-value step after the 16-value steps; 203 and 7 leave single
  // values; 8760 is a year; 1 has neither vector loop.
  for (const [n, hours] of [
    [50, 200],
    [37, 203],
    [11, 7],
    [5, 1],
    [6, 8760],
  ] as const) {
    it(`equals a plain float64 loop to 1e-6 relative on random data (${n} rows × ${hours} hours)`, () => {
      const { rows, areas, prices } = randomData(n * 1000 + hours, n, hours);
      const got = runKernel(rows, areas, prices, hours);
      const want = scalarSums(rows, areas, prices, hours);
      for (let r = 0; r < n; r++) {
        expect(relative(got.kwh[r] as number, want.kwh[r] as number)).toBeLessThan(1e-6);
        // Spot sums can cancel (negative prices), so compare against the sum of magnitudes.
        let scale = 0;
        for (let h = 0; h < hours; h++) {
          scale += Math.abs(
            (rows[r * hours + h] as number) * (prices[(areas[r] as number) * hours + h] as number),
          );
        }
        expect(Math.abs((got.spot[r] as number) - (want.spot[r] as number)) / scale).toBeLessThan(1e-6);
      }
    });
  }

  it('reads each row against its own area and leaves rows outside the call alone', () => {
    const hours = 32;
    const rows = new Float32Array(3 * hours).fill(1);
    const areas = Uint8Array.from([4, 0, 2]);
    const prices = new Float32Array(5 * hours).map((_, i) => Math.floor(i / hours) + 1);
    const got = runKernel(rows, areas, prices, hours);
    expect([...got.kwh]).toEqual([32, 32, 32]);
    expect([...got.spot]).toEqual([5 * 32, 1 * 32, 3 * 32]);
  });

  it('refuses a memory beyond 4 GiB', () => {
    expect(() => createKernelMemory(2 ** 32)).toThrow(RangeError);
  });
});

/** The cheapest offer by the definition: every offer, every row, no table. */
const scalarBest = (
  offers: readonly BatchOffer[],
  areas: Uint8Array,
  kwh: Float64Array,
  spot: Float64Array,
) =>
  [...areas].map((a, r) => {
    let best = Number.POSITIVE_INFINITY;
    let index = -1;
    offers.forEach((o, i) => {
      if (!o.areas.includes(a)) return;
      const k = kwh[r] as number;
      const cost =
        o.type === 'spot'
          ? (spot[r] as number) + o.markup * k + 12 * o.monthlyFee
          : o.fixedPrice * k + 12 * o.monthlyFee;
      if (cost < best) {
        best = cost;
        index = i;
      }
    });
    return { best, index };
  });

describe('choosing the best offer', () => {
  it('equals the definition, offer by offer, on random sums', () => {
    const next = random(7);
    const n = 400;
    const offers = randomOffers(8, 20, 3);
    const areas = new Uint8Array(n).map(() => Math.floor(next() * 5));
    const kwh = new Float64Array(n).map(() => next() * 30_000);
    const spot = new Float64Array(n).map((_, r) => (kwh[r] as number) * (0.1 + next()));
    const best = new Float64Array(n);
    const bestIndex = new Int32Array(n);
    const { checksum, unpriced } = chooseBest(buildOfferTable(offers), n, areas, kwh, spot, best, bestIndex);
    const want = scalarBest(offers, areas, kwh, spot);
    let sum = 0;
    let missing = 0;
    want.forEach((w, r) => {
      expect(bestIndex[r]).toBe(w.index);
      expect(best[r]).toBe(w.best);
      if (w.index < 0) missing++;
      else sum += w.best;
    });
    // Area 3 (NO4) has no offer here.
    expect(missing).toBe(areas.filter((a) => a === 3).length);
    expect(missing).toBeGreaterThan(0);
    expect(unpriced).toBe(missing);
    expect(checksum).toBe(sum);
  });

  it('takes the first offer in list order on a tie', () => {
    const offers: BatchOffer[] = [
      { type: 'fixed', areas: [0], markup: 0, fixedPrice: 1, monthlyFee: 0 },
      { type: 'spot', areas: [0], markup: 0, fixedPrice: 0, monthlyFee: 0 },
    ];
    const best = new Float64Array(1);
    const bestIndex = new Int32Array(1);
    chooseBest(
      buildOfferTable(offers),
      1,
      Uint8Array.of(0),
      Float64Array.of(10),
      Float64Array.of(10),
      best,
      bestIndex,
    );
    expect([best[0], bestIndex[0]]).toEqual([10, 0]);
  });

  it('refuses offers it cannot price', () => {
    const ok: BatchOffer = { type: 'spot', areas: [0], markup: 0, fixedPrice: 0, monthlyFee: 0 };
    expect(() => buildOfferTable([{ ...ok, areas: [5] }])).toThrow(RangeError);
    expect(() => buildOfferTable([{ ...ok, markup: Number.NaN }])).toThrow(TypeError);
    expect(() => buildOfferTable([{ ...ok, type: 'variable' as 'spot' }])).toThrow(TypeError);
  });
});
