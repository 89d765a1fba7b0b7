import { describe, expect, it } from 'vitest';
import { HOUR_MS, hoursInOsloMonth, osloMonthStart, osloToUtc } from '../../platform/time.ts';
import type { Place } from './tax-rules.ts';
import { loadTaxRules } from './tax-rules-file.ts';
import {
  type MonthHours,
  norgesprisSettlement,
  osloMonthRanges,
  stromstotteOre,
} from './tax-rules-support.ts';

const rules = loadTaxRules();
const BERGEN: Place = { county: '46', municipality: '4601' };
const BODO: Place = { county: '18', municipality: '1804' };

/** A whole Oslo month with the same kWh every hour and a spot price per hour from `spot`. */
const month = (year: number, m: number, kwh: number, spot: (i: number) => number): MonthHours => {
  const n = hoursInOsloMonth(year, m);
  const start = osloMonthStart(year, m);
  return {
    startMs: Float64Array.from({ length: n }, (_, i) => start + i * HOUR_MS),
    kwh: new Float64Array(n).fill(kwh),
    spotOre: Float64Array.from({ length: n }, (_, i) => spot(i)),
  };
};

/** One hour in ten at 150 øre, the rest at 40: the month's average (51 øre) stays under every threshold. */
const spiky = (i: number) => (i % 10 === 0 ? 150 : 40);

describe('strømstøtte: monthly average until August 2023, hour by hour from September 2023', () => {
  it('pays nothing in August 2023 when the average is under 70 øre, but pays the spiky hours in September', () => {
    const aug = stromstotteOre(rules, month(2023, 8, 1, spiky), BERGEN, 'household');
    expect(aug.rule).toMatchObject({ basis: 'monthly-average' });
    expect(aug.totalOre).toBe(0);
    const sep = month(2023, 9, 1, spiky);
    const paid = stromstotteOre(rules, sep, BERGEN, 'household');
    expect(paid.rule).toMatchObject({ basis: 'hourly' });
    const spikyHours = Math.ceil(sep.startMs.length / 10);
    expect(paid.totalOre).toBeCloseTo(spikyHours * 0.9 * (150 - 70) * 1.25, 9);
    expect(paid.settledKwh).toBe(spikyHours);
  });

  it('pays the share of the plain monthly average on every kWh when the average is over the threshold', () => {
    const hours = month(2023, 1, 2, (i) => (i % 2 === 0 ? 200 : 100));
    const r = stromstotteOre(rules, hours, BERGEN, 'household');
    expect(r.totalOre).toBeCloseTo(hours.startMs.length * 2 * 0.9 * (150 - 70) * 1.25, 6);
  });

  it.each([
    ['2021-12', 0.55, 70],
    ['2022-01', 0.8, 70],
    ['2022-08', 0.8, 70],
    ['2022-09', 0.9, 70],
    ['2023-03', 0.9, 70],
    ['2023-04', 0.8, 70],
    ['2023-05', 0.8, 70],
    ['2023-06', 0.9, 70],
    ['2023-12', 0.9, 70],
    ['2024-01', 0.9, 73],
    ['2024-12', 0.9, 73],
    ['2025-01', 0.9, 75],
    ['2025-12', 0.9, 75],
    ['2026-01', 0.9, 77],
  ])('in %s covers %s of the price above %s øre', (key, coverage, threshold) => {
    const [y, m] = key.split('-').map(Number) as [number, number];
    const r = stromstotteOre(
      rules,
      month(y, m, 1, () => 100),
      BERGEN,
      'household',
    );
    expect(r.rule).toMatchObject({ coverage, thresholdOrePerKwh: threshold });
    expect(r.totalOre).toBeCloseTo(hoursInOsloMonth(y, m) * coverage * (100 - threshold) * 1.25, 6);
  });

  it('did not exist before December 2021 and has no rule yet for 2027', () => {
    expect(
      stromstotteOre(
        rules,
        month(2021, 11, 1, () => 300),
        BERGEN,
        'household',
      ),
    ).toMatchObject({
      none: 'no-scheme',
      totalOre: 0,
    });
    expect(() =>
      stromstotteOre(
        rules,
        month(2027, 1, 1, () => 300),
        BERGEN,
        'household',
      ),
    ).toThrow(/2027-01/);
  });

  it('at 76 øre pays in December 2025 (threshold 75) and not in January 2026 (threshold 77)', () => {
    expect(
      stromstotteOre(
        rules,
        month(2025, 12, 1, () => 76),
        BERGEN,
        'household',
      ).totalOre,
    ).toBeCloseTo(744 * 0.9 * 1.25, 9);
    expect(
      stromstotteOre(
        rules,
        month(2026, 1, 1, () => 76),
        BERGEN,
        'household',
      ).totalOre,
    ).toBe(0);
  });

  it('stops at 5,000 kWh in the month, splitting the hour that crosses the cap', () => {
    const hours = month(2026, 1, 7, () => 177);
    const r = stromstotteOre(rules, hours, BERGEN, 'household');
    const crossing = Math.floor(5000 / 7);
    const perKwh = 0.9 * (177 - 77) * 1.25;
    expect(r.perHourOre[crossing - 1]).toBeCloseTo(7 * perKwh, 9);
    expect(r.perHourOre[crossing]).toBeCloseTo((5000 - crossing * 7) * perKwh, 9);
    expect(r.perHourOre[crossing + 1]).toBe(0);
    expect(r.settledKwh).toBeCloseTo(5000, 9);
    expect(r.cappedKwh).toBeCloseTo(744 * 7 - 5000, 9);
    expect(r.totalOre).toBeCloseTo(5000 * perKwh, 6);
  });

  it('caps the monthly-average months at 5,000 kWh too', () => {
    const r = stromstotteOre(
      rules,
      month(2022, 12, 10, () => 170),
      BERGEN,
      'household',
    );
    expect(r.totalOre).toBeCloseTo(5000 * 0.9 * 100 * 1.25, 6);
    expect(r.cappedKwh).toBeCloseTo(7440 - 5000, 9);
  });

  it('gives cabins and businesses nothing, and households in Nordland no VAT on top', () => {
    const hours = month(2026, 2, 1, () => 177);
    expect(stromstotteOre(rules, hours, BERGEN, 'cabin')).toMatchObject({
      none: 'not-eligible',
      totalOre: 0,
    });
    expect(stromstotteOre(rules, hours, BERGEN, 'business')).toMatchObject({
      none: 'not-eligible',
      totalOre: 0,
    });
    expect(stromstotteOre(rules, hours, BODO, 'household').totalOre).toBeCloseTo(672 * 0.9 * 100, 6);
  });

  it('counts an hour without a price toward the cap but pays nothing for it, and reports it', () => {
    const hours = month(2026, 3, 1, (i) => (i === 5 ? Number.NaN : 177));
    const r = stromstotteOre(rules, hours, BERGEN, 'household');
    expect(r.hoursWithoutPrice).toBe(1);
    expect(r.perHourOre[5]).toBe(0);
    expect(r.totalOre).toBeCloseTo(742 * 0.9 * 100 * 1.25, 6);
  });
});

describe('Norgespris', () => {
  it('starts on 1 October 2025: September has no scheme, October settles spot minus 40 øre both ways', () => {
    expect(
      norgesprisSettlement(
        rules,
        month(2025, 9, 1, () => 100),
        BERGEN,
        'household',
      ).none,
    ).toBe('no-scheme');
    const hours = month(2025, 10, 1, (i) => (i < 100 ? 20 : 100));
    const r = norgesprisSettlement(rules, hours, BERGEN, 'household');
    expect(r.perHourOre[0]).toBeCloseTo((20 - 40) * 1.25, 12);
    expect(r.perHourOre[100]).toBeCloseTo((100 - 40) * 1.25, 12);
    expect(r.totalOre).toBeCloseTo(100 * -25 + 645 * 75, 6);
    expect(r.settledKwh).toBe(745);
  });

  it('covers 5,000 kWh for a household and 1,000 kWh for a cabin; spot applies above', () => {
    const hours = month(2026, 1, 10, () => 140);
    const house = norgesprisSettlement(rules, hours, BERGEN, 'household');
    expect(house.settledKwh).toBe(5000);
    expect(house.totalOre).toBeCloseTo(5000 * 100 * 1.25, 6);
    const cabin = norgesprisSettlement(rules, hours, BERGEN, 'cabin');
    expect(cabin.settledKwh).toBe(1000);
    expect(cabin.cappedKwh).toBe(6440);
    expect(cabin.perHourOre[99]).toBeCloseTo(10 * 125, 9);
    expect(cabin.perHourOre[100]).toBe(0);
    expect(norgesprisSettlement(rules, hours, BERGEN, 'business').none).toBe('not-eligible');
  });

  it('adds no VAT for a household in Nordland', () => {
    const r = norgesprisSettlement(
      rules,
      month(2026, 1, 1, () => 50),
      BODO,
      'household',
    );
    expect(r.totalOre).toBeCloseTo(744 * 10, 6);
  });

  it('leaves out the days before the agreement started, without using up the cap', () => {
    const hours = month(2025, 11, 10, () => 90);
    const r = norgesprisSettlement(rules, hours, BERGEN, 'cabin', '2025-11-16');
    expect(r.perHourOre[0]).toBe(0);
    const firstDay = 15 * 24;
    expect(r.perHourOre[firstDay]).toBeCloseTo(10 * 50 * 1.25, 9);
    expect(r.settledKwh).toBe(1000);
  });

  it('has no rule for 2027 yet', () => {
    expect(() =>
      norgesprisSettlement(
        rules,
        month(2027, 1, 1, () => 50),
        BERGEN,
        'household',
      ),
    ).toThrow(/2027-01/);
  });
});

describe('months of a series', () => {
  it('refuses hours from two months and splits a series at Oslo month boundaries, DST included', () => {
    const start = osloToUtc(2026, 3, 31, 22);
    const startMs = [0, 1, 2, 3].map((i) => start + i * HOUR_MS);
    const two: MonthHours = { startMs, kwh: [1, 1, 1, 1], spotOre: [1, 1, 1, 1] };
    expect(() => stromstotteOre(rules, two, BERGEN, 'household')).toThrow(/2026-03 into 2026-04/);
    expect(osloMonthRanges(startMs)).toEqual([
      { month: '2026-03', from: 0, to: 2 },
      { month: '2026-04', from: 2, to: 4 },
    ]);
  });
});
