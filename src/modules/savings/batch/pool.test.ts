import { afterAll, describe, expect, it } from 'vitest';
import { createPricingPool, type PricingPool, type PricingResult } from './pool.ts';
import { random, randomOffers } from './test-helpers.ts';

const n = 50;
const hours = 200;
const next = random(42);
const rows = new Float32Array(n * hours).map(() => next() * 3);
const areaOfRow = new Uint8Array(n).map(() => Math.floor(next() * 5));
const prices = new Float32Array(5 * hours).map(() => next());
const offers = randomOffers(43, 20);
const batch = { rows, areaOfRow, hours };

const pools: PricingPool[] = [];
const pool = (options: Parameters<typeof createPricingPool>[0]) => {
  const p = createPricingPool(options);
  pools.push(p);
  return p;
};
afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
});

/** Every row's cost under every offer of its area, in float64, the plain way. */
const definition = () =>
  [...areaOfRow].map((a, r) => {
    let kwh = 0;
    let spot = 0;
    for (let h = 0; h < hours; h++) {
      const c = rows[r * hours + h] as number;
      kwh += c;
      spot += c * (prices[a * hours + h] as number);
    }
    const costs = offers.map((o) =>
      !o.areas.includes(a)
        ? Number.POSITIVE_INFINITY
        : o.type === 'spot'
          ? spot + o.markup * kwh + 12 * o.monthlyFee
          : o.fixedPrice * kwh + 12 * o.monthlyFee,
    );
    return { kwh, spot, costs, best: Math.min(...costs) };
  });

const expectSame = (a: PricingResult, b: PricingResult) => {
  expect(a.best).toEqual(b.best);
  expect(a.bestIndex).toEqual(b.bestIndex);
  expect(a.kwh).toEqual(b.kwh);
  expect(a.spotCost).toEqual(b.spotCost);
  expect(a.checksum).toBe(b.checksum);
};

describe('the pricing pool', () => {
  it('prices every row as the definition does', async () => {
    const got = await pool({ workers: 1, maxHours: hours }).price(batch, prices, offers);
    const want = definition();
    expect(got.unpriced).toBe(0);
    want.forEach((w, r) => {
      expect(Math.abs((got.kwh[r] as number) - w.kwh) / w.kwh).toBeLessThan(1e-6);
      expect(Math.abs((got.best[r] as number) - w.best) / w.best).toBeLessThan(1e-6);
      // The chosen offer is the cheapest by the definition too, or within rounding of it.
      const chosen = w.costs[got.bestIndex[r] as number] as number;
      expect((chosen - w.best) / w.best).toBeLessThan(1e-6);
    });
    const sum = want.reduce((s, w) => s + w.best, 0);
    expect(Math.abs(got.checksum - sum) / sum).toBeLessThan(1e-6);
  });

  it('gives the same results with 1 and 2 workers, and with chunks smaller than a share', async () => {
    const one = await pool({ workers: 1, maxHours: hours }).price(batch, prices, offers);
    const two = await pool({ workers: 2, maxHours: hours }).price(batch, prices, offers);
    // 3 workers of 17 rows in chunks of 4: several chunks per worker through both slots,
    // and a last worker with a shorter share.
    const chunked = await pool({ workers: 3, maxHours: 256, chunkRows: 4 }).price(batch, prices, offers);
    expectSame(two, one);
    expectSame(chunked, one);
  });

  it('prices batches one after another on the same pool, with different offers', async () => {
    const p = pool({ workers: 2, maxHours: hours, chunkRows: 8 });
    const fewer = offers.slice(0, 5);
    const [a, b, c] = await Promise.all([
      p.price(batch, prices, offers),
      p.price(batch, prices, fewer),
      p.price(batch, prices, offers),
    ]);
    expectSame(c as PricingResult, a as PricingResult);
    for (let r = 0; r < n; r++) expect(b?.best[r]).toBeGreaterThanOrEqual(a?.best[r] as number);
  });

  it('marks rows of an area no offer covers', async () => {
    const onlyNo1 = offers.map((o) => ({ ...o, areas: [0] }));
    const got = await pool({ workers: 2, maxHours: hours }).price(batch, prices, onlyNo1);
    const outside = [...areaOfRow].filter((a) => a !== 0).length;
    expect(got.unpriced).toBe(outside);
    for (let r = 0; r < n; r++) {
      if (areaOfRow[r] !== 0) {
        expect(got.bestIndex[r]).toBe(-1);
        expect(got.best[r]).toBe(Number.POSITIVE_INFINITY);
      }
    }
  });

  it('refuses malformed batches and works after a refusal', async () => {
    const p = pool({ workers: 1, maxHours: hours });
    await expect(p.price({ ...batch, rows: rows.subarray(1) }, prices, offers)).rejects.toThrow(
      /rows must hold/,
    );
    await expect(p.price({ ...batch, hours: hours + 1 }, prices, offers)).rejects.toThrow(/hours must be/);
    await expect(p.price(batch, prices.subarray(1), offers)).rejects.toThrow(/prices must hold/);
    const badArea = areaOfRow.slice();
    badArea[3] = 5;
    await expect(p.price({ ...batch, areaOfRow: badArea }, prices, offers)).rejects.toThrow(/area must be/);
    expect((await p.price(batch, prices, offers)).unpriced).toBe(0);
  });

  it('refuses work once closed', async () => {
    const p = createPricingPool({ workers: 1, maxHours: hours });
    await p.ready();
    await p.close();
    await expect(p.price(batch, prices, offers)).rejects.toThrow(/closed/);
  });
});

describe('catalogue offers in the batch engine', () => {
  it('prices them as the full engine does, membership and all', async () => {
    const { toBatchOffer } = await import('./offers.ts');
    const { calculateSavings } = await import('../calculate-savings.ts');
    const base = {
      supplierName: 'S',
      supplierOrgnr: null,
      customerType: 'household' as const,
      cabin: false,
      elCertificate: null,
      fixedMonths: null,
      fixedUntil: null,
      bindingMonths: 0,
      exitFee: null,
      validFrom: '2025-01-01',
      validTo: null,
      isDemo: false,
      areas: ['NO5' as const],
    };
    const offers = [
      {
        ...base,
        id: 'spot',
        name: 'spot',
        productType: 'hourly_spot' as const,
        markupOrePerKwh: 3.5,
        energyPriceOrePerKwh: null,
        monthlyFeeOre: 4900,
        conditions: { membership: null, otherPurchase: null, payment: [] },
      },
      {
        ...base,
        id: 'plus',
        name: 'plus',
        productType: 'plus' as const,
        markupOrePerKwh: 0,
        energyPriceOrePerKwh: null,
        monthlyFeeOre: 0,
        conditions: {
          membership: { organisation: 'L', yearlyFeeOre: 45_000 },
          otherPurchase: null,
          payment: [],
        },
      },
      {
        ...base,
        id: 'fixed',
        name: 'fixed',
        productType: 'fixed' as const,
        markupOrePerKwh: 1,
        energyPriceOrePerKwh: 89.9,
        monthlyFeeOre: 2900,
        conditions: { membership: null, otherPurchase: null, payment: [] },
      },
    ];
    const hours = 8760;
    const start = Date.UTC(2024, 11, 31, 23);
    const kwh = Float64Array.from({ length: hours }, (_, i) => 0.5 + ((i * 37) % 19) / 10);
    const spot = Float64Array.from({ length: hours }, (_, i) => 30 + ((i * 53) % 140));
    const full = calculateSavings({
      startMs: Float64Array.from({ length: hours }, (_, i) => start + i * 3_600_000),
      kwh,
      spotOre: spot,
      spotEstimated: new Uint8Array(hours),
      offers,
      currentOfferId: null,
      vatRate: 0,
    });
    const pool = createPricingPool({ workers: 1, maxHours: hours, chunkRows: 4 });
    try {
      const prices = new Float32Array(5 * hours);
      prices.set(Float32Array.from(spot), 4 * hours);
      const r = await pool.price(
        { rows: Float32Array.from(kwh), areaOfRow: Uint8Array.of(4), hours },
        prices,
        offers.map(toBatchOffer),
      );
      const cheapest = full.offers[0];
      expect(offers[r.bestIndex[0] as number]?.id).toBe(cheapest?.offer.id);
      expect(r.best[0]).toBeCloseTo(cheapest?.yearlyOre as number, -1);
    } finally {
      await pool.close();
    }
  });
});
