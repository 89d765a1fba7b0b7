import { describe, expect, it } from 'vitest';
import { savingRange } from './saving-range.ts';

const months = (values: number[]) =>
  values.map((savingOre, i) => ({ month: `2025-${String(i + 1).padStart(2, '0')}`, savingOre }));

describe('the range around a yearly saving', () => {
  it('is a point when every month saved the same', () => {
    expect(savingRange(12_000, months(Array(12).fill(1000)))).toEqual({
      lowOre: 12_000,
      highOre: 12_000,
      method: 'twelve-month-windows',
      months: 12,
      windows: 1,
    });
  });

  it('widens with the spread between months: ±1.28·√12·sd for a year of data', () => {
    const r = savingRange(12_000, months([0, 2000, 0, 2000, 0, 2000, 0, 2000, 0, 2000, 0, 2000]));
    // sd of the twelve months is 1044.47; 1.2816 × √12 × 1044.47 = 4637.0
    expect(r?.lowOre).toBe(12_000 - 4637);
    expect(r?.highOre).toBe(12_000 + 4637);
  });

  it('covers every twelve-month run that actually happened', () => {
    const values = [...Array(12).fill(1000), 5000, 5000, 5000, 5000];
    const r = savingRange(28_000, months(values));
    expect(r?.windows).toBe(5);
    // The first run saved 12,000, the last 28,000.
    expect(r?.lowOre).toBeLessThanOrEqual(12_000);
    expect(r?.highOre).toBeGreaterThanOrEqual(28_000);
  });

  it('stretches when fewer months stand for a year', () => {
    const six = savingRange(12_000, months([0, 2000, 0, 2000, 0, 2000]));
    const twelve = savingRange(12_000, months([0, 2000, 0, 2000, 0, 2000, 0, 2000, 0, 2000, 0, 2000]));
    expect(six?.method).toBe('monthly-spread');
    expect((six?.highOre ?? 0) - (six?.lowOre ?? 0)).toBeGreaterThan(
      (twelve?.highOre ?? 0) - (twelve?.lowOre ?? 0),
    );
  });

  it('says ±50 % for one month, and nothing without months', () => {
    expect(savingRange(12_000, months([1000]))).toMatchObject({
      lowOre: 6000,
      highOre: 18_000,
      method: 'one-month',
    });
    expect(savingRange(0, [])).toBeNull();
  });
});
