import { afterAll, describe, expect, it } from 'vitest';
import { HOUR_MS, osloToUtc } from '../../platform/time.ts';
import type { Offer } from '../market/offers.ts';
import { calculateSavings, type PricingInput } from './calculate-savings.ts';
import { createEnginePool } from './engine-pool.ts';

const offer = (id: string, over: Partial<Offer>): Offer =>
  ({
    id,
    supplierName: 'Test Kraft AS',
    supplierOrgnr: null,
    name: id,
    productType: 'spot',
    areas: ['NO5'],
    customerType: 'household',
    markupOrePerKwh: 0,
    energyPriceOrePerKwh: null,
    monthlyFeeOre: 0,
    bindingMonths: 0,
    validFrom: '2025-01-01',
    validTo: null,
    isDemo: true,
    ...over,
  }) as Offer;

const input = (seed: number): PricingInput => {
  const n = 24 * 60;
  const start = osloToUtc(2026, 1, 1);
  const startMs = Float64Array.from({ length: n }, (_, i) => start + i * HOUR_MS);
  const kwh = Float64Array.from({ length: n }, (_, i) => ((i * 7919 + seed * 104729) % 300) / 100);
  const spotOre = Float64Array.from({ length: n }, (_, i) => 40 + ((i * 31 + seed) % 90));
  return {
    startMs,
    kwh,
    spotOre,
    spotEstimated: new Uint8Array(n),
    offers: [
      offer('spot', { markupOrePerKwh: 4.9, monthlyFeeOre: 4900 }),
      offer('fixed', { productType: 'fixed', energyPriceOrePerKwh: 79.9, monthlyFeeOre: 3900 }),
    ],
    currentOfferId: 'spot',
    vatRate: 0.25,
  };
};

describe('the engine on worker threads', () => {
  const pool = createEnginePool(2);
  afterAll(() => pool.close());

  it('gives exactly what the engine gives in this thread, in the order asked', async () => {
    const inputs = Array.from({ length: 9 }, (_, i) => input(i));
    const expected = inputs.map(calculateSavings);
    const results = await pool.run(inputs);
    expect(results).toEqual(expected);
    expect(new Set(results.map((r) => r.yearlySavingOre)).size).toBeGreaterThan(1);
  });

  it('prices in this thread without workers', async () => {
    const inline = createEnginePool(0);
    expect(await inline.run([input(3)])).toEqual([calculateSavings(input(3))]);
  });
});
