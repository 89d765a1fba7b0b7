import { describe, expect, it } from 'vitest';
import { HOUR_MS, osloMonthStart } from '../../platform/time.ts';
import { calculateSavings } from './calculate-savings.ts';
import { COUNTED_SHARE, monthCoverage } from './month-coverage.ts';
import { testOffer } from './test-offers.ts';

describe('when a month of data counts as a month', () => {
  it('is half the Oslo clock hours of the month', () => {
    expect(COUNTED_SHARE).toBe(0.5);
  });

  // month, priced hours, days with a priced hour → the month's hours and days, and whether it counts
  const table: [string, number, number, number, number, boolean][] = [
    ['2026-04', 720, 30, 720, 30, true],
    ['2026-05', 24, 1, 744, 31, false],
    ['2026-05', 372, 16, 744, 31, true],
    ['2026-05', 371, 16, 744, 31, false],
    // March has the spring night of 23 hours (743): half is 371.5.
    ['2026-03', 372, 16, 743, 31, true],
    ['2026-03', 371, 16, 743, 31, false],
    // October has the autumn night of 25 hours (745): half is 372.5.
    ['2026-10', 373, 16, 745, 31, true],
    ['2026-10', 372, 16, 745, 31, false],
    ['2024-02', 348, 15, 696, 29, true],
    ['2026-02', 335, 14, 672, 28, false],
    ['2026-02', 0, 0, 672, 28, false],
  ];
  it.each(table)('%s with %i priced hours over %i days', (month, priced, days, hours, monthDays, counts) => {
    expect(monthCoverage(month, priced, days)).toEqual({
      month,
      monthHours: hours,
      pricedHours: priced,
      days,
      monthDays,
      counts,
    });
  });
});

/** Hourly kWh and spot from the start of April 2026 for `hours` hours. */
const fromApril = (hours: number, spot: (i: number) => number) => {
  const start = osloMonthStart(2026, 4);
  return {
    startMs: Float64Array.from({ length: hours }, (_, i) => start + i * HOUR_MS),
    kwh: Float64Array.from({ length: hours }, (_, i) => 1 + (i % 3)),
    spotOre: Float64Array.from({ length: hours }, (_, i) => spot(i)),
    spotEstimated: new Uint8Array(hours),
  };
};

describe('a day is not a month', () => {
  const offers = [
    testOffer({ id: 'dear', markupOrePerKwh: 9, monthlyFeeOre: 4900 }),
    testOffer({ id: 'cheap', markupOrePerKwh: 1, monthlyFeeOre: 0 }),
  ];
  // April and the first day of May (744 hours): May's day is far dearer than April.
  const spot = (i: number) => (i < 720 ? 80 : 400);
  const withMay = calculateSavings({
    ...fromApril(744, spot),
    offers,
    currentOfferId: 'dear',
    vatRate: 0.25,
  });
  const aprilOnly = calculateSavings({
    ...fromApril(720, spot),
    offers,
    currentOfferId: 'dear',
    vatRate: 0.25,
  });

  it('shows May as a partial month of 1 day in 31, and counts one month', () => {
    expect(withMay.basis.months.map((m) => [m.month, m.pricedHours, m.days, m.monthDays, m.partial])).toEqual(
      [
        ['2026-04', 720, 30, 30, false],
        ['2026-05', 24, 1, 31, true],
      ],
    );
    expect(withMay.basis.countedMonths).toBe(1);
    expect(withMay.basis.pricedHours).toBe(744);
    expect(withMay.basis.fullYear).toBe(false);
  });

  it('leaves the partial month out of the range, which is April alone', () => {
    expect(withMay.range?.method).toBe('one-month');
    expect(withMay.range?.months).toBe(1);
    // The one-month band is ±50 % of the yearly figure, which still prices May's hours.
    expect(withMay.basis.kwh).toBeGreaterThan(aprilOnly.basis.kwh);
    const half = Math.abs(withMay.yearlySavingOre ?? 0) / 2;
    expect(withMay.range?.lowOre).toBe(Math.round((withMay.yearlySavingOre ?? 0) - half));
    expect(withMay.range?.highOre).toBe(Math.round((withMay.yearlySavingOre ?? 0) + half));
  });

  it('calls measured hours measured and a profile a profile', () => {
    expect(withMay.basis.kind).toEqual({ kind: 'measured' });
    const profiled = calculateSavings({
      ...fromApril(720, spot),
      offers,
      currentOfferId: 'dear',
      vatRate: 0.25,
      profile: { annualKwh: 16_000, source: 'estimate' },
    });
    expect(profiled.basis.kind).toEqual({ kind: 'profile', annualKwh: 16_000, source: 'estimate' });
  });
});
