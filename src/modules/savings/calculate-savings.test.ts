import { describe, expect, it } from 'vitest';
import { HOUR_MS, osloMonthStart } from '../../platform/time.ts';
import type { Offer } from '../market/offers.ts';
import { calculateSavings, type PricingInput } from './calculate-savings.ts';
import { testOffer } from './test-offers.ts';

const offer = testOffer;

/** `hours` hourly values from the start of an Oslo month. */
const series = (
  year: number,
  month: number,
  hours: number,
  kwh: (i: number) => number,
  spot: (i: number) => number,
) => {
  const start = osloMonthStart(year, month);
  const startMs = new Float64Array(hours);
  const k = new Float64Array(hours);
  const s = new Float64Array(hours);
  for (let i = 0; i < hours; i++) {
    startMs[i] = start + i * HOUR_MS;
    k[i] = kwh(i);
    s[i] = spot(i);
  }
  return { startMs, kwh: k, spotOre: s, spotEstimated: new Uint8Array(hours) };
};

const input = (
  base: ReturnType<typeof series>,
  offers: Offer[],
  current: string | null,
  vatRate = 0.25,
): PricingInput => ({
  ...base,
  offers,
  currentOfferId: current,
  vatRate,
});

describe('savings engine', () => {
  it('prices a spot offer hour by hour with markup, fee and VAT', () => {
    // April 2026: 720 hours, 1 kWh each, spot alternating 100 and 50 øre.
    const base = series(
      2026,
      4,
      720,
      () => 1,
      (i) => (i % 2 === 0 ? 100 : 50),
    );
    const r = calculateSavings(
      input(base, [offer({ id: 'a', markupOrePerKwh: 2, monthlyFeeOre: 4000 })], 'a'),
    );
    const a = r.offers[0];
    // energy 360×100 + 360×50 = 54 000; markup 720×2 = 1 440; fee 4 000; ex VAT 59 440; VAT 14 860.
    expect(a?.energyOre).toBe(54_000);
    expect(a?.markupOre).toBe(1_440);
    expect(a?.feeOre).toBe(4_000);
    expect(a?.vatOre).toBe(14_860);
    expect(a?.totalOre).toBe(74_300);
    // A year: (54 000 + 1 440) × 8 760 / 720 + 4 000 × 12 = 722 520, × 1.25 = 903 150.
    expect(a?.yearlyOre).toBe(903_150);
    expect(r.basis.annualisationFactor).toBeCloseTo(8760 / 720, 12);
    expect(r.basis.fullYear).toBe(false);
    expect(r.yearlySavingOre).toBe(0);
  });

  it('prices fixed and variable offers at their own price and ranks the cheapest first', () => {
    const base = series(
      2026,
      4,
      720,
      () => 2,
      () => 120,
    );
    const offers = [
      offer({ id: 'spot', markupOrePerKwh: 1, monthlyFeeOre: 3900 }),
      offer({ id: 'fixed', productType: 'fixed', energyPriceOrePerKwh: 90, monthlyFeeOre: 3900 }),
      offer({ id: 'variable', productType: 'variable', energyPriceOrePerKwh: 110, monthlyFeeOre: 0 }),
    ];
    const r = calculateSavings(input(base, offers, 'spot'));
    expect(r.offers.map((o) => o.offer.id)).toEqual(['fixed', 'variable', 'spot']);
    const fixed = r.offers[0];
    expect(fixed?.energyOre).toBe(1440 * 90);
    expect(r.best?.offer.id).toBe('fixed');
    expect(r.current?.offer.id).toBe('spot');
    expect(r.yearlySavingOre).toBe((r.current?.yearlyOre ?? 0) - (fixed?.yearlyOre ?? 0));
    expect(r.yearlySavingOre).toBeGreaterThan(0);
  });

  it('charges no VAT for households in North Norway (rate 0)', () => {
    const base = series(
      2026,
      4,
      720,
      () => 1,
      () => 100,
    );
    const r = calculateSavings(input(base, [offer({ id: 'a', monthlyFeeOre: 1000 })], 'a', 0));
    expect(r.offers[0]?.vatOre).toBe(0);
    expect(r.offers[0]?.totalOre).toBe(72_000 + 1000);
  });

  it('treats missing kWh and missing prices as gaps, never as zero, and says so', () => {
    const base = series(
      2026,
      4,
      720,
      (i) => (i < 100 ? Number.NaN : 1),
      (i) => (i >= 700 ? Number.NaN : 100),
    );
    base.spotEstimated[300] = 1;
    const r = calculateSavings(input(base, [offer({ id: 'a' })], null));
    expect(r.basis.missingKwhHours).toBe(100);
    expect(r.basis.missingPriceHours).toBe(20);
    expect(r.basis.pricedHours).toBe(600);
    expect(r.basis.estimatedPriceHours).toBe(1);
    expect(r.offers[0]?.energyOre).toBe(60_000);
    // Scaled by priced hours, not by hours in the month.
    expect(r.offers[0]?.yearlyOre).toBe(Math.round(60_000 * (8760 / 600) * 1.25));
    expect(r.yearlySavingOre).toBeNull();
  });

  it('leaves out a month with no spot price at all, and counts fees only for priced months', () => {
    const march = series(
      2026,
      3,
      743,
      () => 1,
      () => Number.NaN,
    );
    const april = series(
      2026,
      4,
      720,
      () => 1,
      () => 100,
    );
    const joined = {
      startMs: Float64Array.from([...march.startMs, ...april.startMs]),
      kwh: Float64Array.from([...march.kwh, ...april.kwh]),
      spotOre: Float64Array.from([...march.spotOre, ...april.spotOre]),
      spotEstimated: new Uint8Array(743 + 720),
    };
    const r = calculateSavings(input(joined, [offer({ id: 'a', monthlyFeeOre: 5000 })], 'a'));
    expect(r.basis.excludedMonths).toEqual([{ month: '2026-03', reason: 'no-spot-price' }]);
    expect(r.basis.months.map((m) => m.month)).toEqual(['2026-04']);
    expect(r.offers[0]?.feeOre).toBe(5000);
    expect(r.offers[0]?.months).toEqual([{ month: '2026-04', totalOre: Math.round((72_000 + 5000) * 1.25) }]);
  });

  it('uses the last twelve months when there is more than a year of data', () => {
    const hours = 400 * 24;
    const start = osloMonthStart(2025, 1);
    const startMs = new Float64Array(hours);
    for (let i = 0; i < hours; i++) startMs[i] = start + i * HOUR_MS;
    const kwh = new Float64Array(hours).fill(1);
    const spotOre = new Float64Array(hours).fill(100);
    const r = calculateSavings({
      startMs,
      kwh,
      spotOre,
      spotEstimated: new Uint8Array(hours),
      offers: [offer({ id: 'a' })],
      currentOfferId: 'a',
      vatRate: 0,
    });
    expect(r.basis.pricedHours).toBe(8760);
    expect(r.basis.fullYear).toBe(true);
    expect(r.offers[0]?.yearlyOre).toBe(876_000);
  });

  it('returns no offers and no saving without any priced hour', () => {
    const base = series(
      2026,
      4,
      10,
      () => Number.NaN,
      () => 100,
    );
    const r = calculateSavings(input(base, [offer({ id: 'a' })], 'a'));
    expect(r.offers).toEqual([]);
    expect(r.best).toBeNull();
    expect(r.yearlySavingOre).toBeNull();
    expect(r.basis.pricedHours).toBe(0);
  });
});

describe('what switching really costs', () => {
  // A year from January 2025, 1 kWh an hour, spot 100 øre; winter months cost more by design below.
  const year = series(
    2025,
    1,
    8760,
    (i) => (i < 24 * 59 || i > 24 * 334 ? 2 : 1),
    () => 100,
  );
  const current = offer({ id: 'current', markupOrePerKwh: 10, monthlyFeeOre: 4900 });
  const cheap = offer({ id: 'cheap', markupOrePerKwh: 2, monthlyFeeOre: 2900 });

  it('counts a required membership as a twelfth of its yearly fee each month', () => {
    const member = offer({
      id: 'member',
      markupOrePerKwh: 0,
      monthlyFeeOre: 0,
      conditions: {
        membership: { organisation: 'Laget', yearlyFeeOre: 60_000 },
        otherPurchase: null,
        payment: [],
      },
    });
    const r = calculateSavings(input(year, [member], null, 0));
    const m = r.offers[0];
    // 8760 hours priced: the energy is exactly a year; the membership adds 600 kr.
    expect(m?.feeOre).toBe(60_000);
    expect(m?.yearlyOre).toBe(roundTotal(year) + 60_000);
    expect(r.assumptions).toContain('membership-counted');
  });

  it('takes the exit fee of a contract that still binds off the saving', () => {
    const bound = { ...current, bindingMonths: 12, exitFee: { ore: 5000, per: 'remaining_month' as const } };
    const base = input(year, [bound, cheap], 'current', 0);
    const free = calculateSavings({ ...base, offers: [current, cheap] });
    // Began in July 2025; the data end with December: 6 of 12 months left, 50 kr each.
    const r = calculateSavings({ ...base, currentSince: '2025-07-01' });
    expect(r.switchCost).toEqual({ exitFeeOre: 30_000, bindingMonthsLeft: 6 });
    expect(r.yearlySavingOre).toBe((free.yearlySavingOre as number) - 30_000);
    // Past its binding: nothing to pay.
    const done = calculateSavings({ ...base, currentSince: '2024-01-01' });
    expect(done.switchCost).toEqual({ exitFeeOre: 0, bindingMonthsLeft: 0 });
    expect(done.yearlySavingOre).toBe(free.yearlySavingOre);
    // Start unknown: not charged, but the low end of the range carries a whole period's fee.
    const unknown = calculateSavings(base);
    expect(unknown.switchCost).toEqual({ exitFeeOre: 0, bindingMonthsLeft: null });
    expect(unknown.assumptions).toContain('exit-fee-start-unknown');
    expect(unknown.range?.lowOre).toBe((free.range?.lowOre as number) - 60_000);
  });

  it('gives a range from the months, and says when a year was made of less', () => {
    const r = calculateSavings(input(year, [current, cheap], 'current', 0));
    expect(r.range?.method).toBe('twelve-month-windows');
    // Winter months save more (more kWh at 8 øre less markup): the band is not a point.
    expect(r.range?.lowOre).toBeLessThan(r.yearlySavingOre as number);
    expect(r.range?.highOre).toBeGreaterThan(r.yearlySavingOre as number);
    expect(r.assumptions).not.toContain('scaled-to-year');
    const april = series(
      2026,
      4,
      720,
      () => 1,
      () => 100,
    );
    expect(calculateSavings(input(april, [current, cheap], 'current')).assumptions).toContain(
      'scaled-to-year',
    );
  });

  it('widens the range and says so when the hours are a standard profile', () => {
    const measured = calculateSavings(input(year, [current, cheap], 'current', 0));
    const profiled = calculateSavings({
      ...input(year, [current, cheap], 'current', 0),
      profile: { annualKwh: 12_000, source: 'estimate' },
    });
    expect(profiled.assumptions).toContain('standard-profile');
    const width = (r: typeof measured) => (r.range?.highOre ?? 0) - (r.range?.lowOre ?? 0);
    expect(width(profiled)).toBeGreaterThanOrEqual(width(measured));
    expect(width(profiled)).toBeGreaterThanOrEqual(
      Math.round(Math.abs(profiled.yearlySavingOre as number) * 0.5) - 1,
    );
  });
});

/** Spot energy of a series at 0 % VAT, rounded once. */
const roundTotal = (s: ReturnType<typeof series>) => {
  let sum = 0;
  for (let i = 0; i < s.kwh.length; i++) sum += (s.kwh[i] as number) * (s.spotOre[i] as number);
  return Math.round(sum);
};
