import { describe, expect, it } from 'vitest';
import { HOUR_MS, osloMonthStart } from '../../platform/time.ts';
import type { Offer } from '../market/offers.ts';
import { calculateSavings, type PricingInput } from './calculate-savings.ts';
import { monthParts, usage, yearParts } from './explain.ts';
import { testOffer } from './test-offers.ts';

const offer = testOffer;

const OFFERS = [
  offer({ id: 'spot', markupOrePerKwh: 4.9, monthlyFeeOre: 3900 }),
  offer({
    id: 'member',
    markupOrePerKwh: 0.7,
    monthlyFeeOre: 0,
    conditions: {
      membership: { organisation: 'Lag', yearlyFeeOre: 50_000 },
      otherPurchase: null,
      payment: [],
    },
  }),
  offer({ id: 'fixed', productType: 'fixed', energyPriceOrePerKwh: 89.5, monthlyFeeOre: 4900 }),
];

/** March and April 2026 in Oslo (743 + 720 hours, the spring change in March), with gaps in both series. */
const INPUT = ((): PricingInput => {
  const start = osloMonthStart(2026, 3);
  const n = 743 + 720;
  const startMs = new Float64Array(n);
  const kwh = new Float64Array(n);
  const spotOre = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    startMs[i] = start + i * HOUR_MS;
    kwh[i] = i % 97 === 0 ? Number.NaN : 0.4 + ((i * 7) % 23) / 10;
    spotOre[i] = i % 101 === 5 ? Number.NaN : 30 + ((i * 13) % 41) * 2.5;
  }
  return {
    startMs,
    kwh,
    spotOre,
    spotEstimated: new Uint8Array(n),
    offers: OFFERS,
    currentOfferId: 'spot',
    vatRate: 0.25,
  };
})();

describe('the explanation of the savings figures', () => {
  const result = calculateSavings(INPUT);

  it('rebuilds every month cost and every yearly cost of every offer exactly from its parts', () => {
    expect(result.offers).toHaveLength(3);
    for (const cost of result.offers) {
      const parts = monthParts(INPUT, cost.offer);
      expect(parts.map((p) => [p.month, p.totalOre])).toEqual(cost.months.map((m) => [m.month, m.totalOre]));
      const year = yearParts(INPUT, result, cost.offer);
      expect(year.totalOre).toBe(cost.yearlyOre);
      // The parts over the priced period are the engine's.
      expect(year.energyOre).toBe(cost.energyOre);
      expect(year.markupOre).toBe(cost.markupOre);
      // Each rounded part is within a rounding of the total it explains.
      for (const p of parts) {
        expect(Math.abs(p.energyOre + p.markupOre + p.feeOre + p.vatOre - p.totalOre)).toBeLessThanOrEqual(2);
      }
      expect(Math.abs(year.scaledOre + year.feesOre + year.vatOre - year.totalOre)).toBeLessThanOrEqual(2);
    }
  });

  it('counts the hours and kWh the basis counts, month by month', () => {
    const parts = monthParts(INPUT, OFFERS[0] as Offer);
    expect(parts.map((p) => [p.month, p.hours, p.pricedHours])).toEqual(
      result.basis.months.map((m) => [m.month, m.hours, m.pricedHours]),
    );
    expect(parts[0]?.hours).toBe(743);
    expect(parts.reduce((a, p) => a + p.kwh, 0)).toBeCloseTo(result.basis.kwh, 9);
    // A membership is a twelfth of its yearly fee a month.
    expect(monthParts(INPUT, OFFERS[1] as Offer)[0]?.feeOre).toBe(4167);
  });

  it('averages consumption and spot by Oslo hour of day and by month', () => {
    const u = usage(INPUT);
    expect(u.byHour).toHaveLength(24);
    // The spring day has no 02:00: 30 days of March and 30 of April have one.
    const hour2 = u.byHour[2];
    const expected = { measured: 0, kwh: 0 };
    for (let i = 0; i < INPUT.startMs.length; i++) {
      const local = new Intl.DateTimeFormat('en-GB', {
        timeZone: 'Europe/Oslo',
        hour: '2-digit',
        hourCycle: 'h23',
      }).format(new Date(INPUT.startMs[i] ?? 0));
      const k = INPUT.kwh[i] ?? Number.NaN;
      if (local === '02' && !Number.isNaN(k)) {
        expected.measured++;
        expected.kwh += k;
      }
    }
    expect(hour2?.measuredHours).toBe(expected.measured);
    expect(hour2?.averageKwh).toBeCloseTo(expected.kwh / expected.measured, 9);
    expect(u.byHour.reduce((a, h) => a + h.measuredHours, 0)).toBe(
      [...INPUT.kwh].filter((k) => !Number.isNaN(k)).length,
    );
    expect(u.byMonth.map((m) => [m.month, m.hours])).toEqual([
      ['2026-03', 743],
      ['2026-04', 720],
    ]);
    const march = u.byMonth[0];
    const basis = result.basis.months[0];
    expect(march?.weightedSpotOre).toBeCloseTo(
      (monthParts(INPUT, OFFERS[0] as Offer)[0]?.energyOre ?? 0) / (basis?.kwh ?? 1),
      2,
    );
  });
});
