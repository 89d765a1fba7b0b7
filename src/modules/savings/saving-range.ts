/**
 * How sure a yearly saving is. A saving is measured month by month (what the current
 * contract cost against what the best offer would have cost, on the same hours), and
 * months differ: winter saves more on a spot product's markup, a cheap summer less. The
 * range says how much the yearly figure could move if next year's months vary as these did.
 *
 * - With a year or more, every run of twelve consecutive months is a yearly saving that
 *   actually happened; the range covers all of them.
 * - Around the figure itself: ±1.28 standard deviations of a yearly sum of months that vary
 *   like these (an 80 % band if months vary independently), widened when fewer than twelve
 *   months had to stand for a year.
 * - One month alone says nothing about spread: ±50 % of the figure, and it says so.
 */
export interface MonthlySaving {
  readonly month: string;
  readonly savingOre: number;
}

export type RangeMethod = 'twelve-month-windows' | 'monthly-spread' | 'one-month';

export interface SavingRange {
  readonly lowOre: number;
  readonly highOre: number;
  readonly method: RangeMethod;
  readonly months: number;
  /** Runs of twelve consecutive months seen (0 with less than a year of data). */
  readonly windows: number;
}

const Z80 = 1.2816;

export const savingRange = (yearlyOre: number, months: readonly MonthlySaving[]): SavingRange | null => {
  const n = months.length;
  if (n === 0) return null;
  if (n === 1) {
    const half = Math.abs(yearlyOre) / 2;
    return {
      lowOre: Math.round(yearlyOre - half),
      highOre: Math.round(yearlyOre + half),
      method: 'one-month',
      months: 1,
      windows: 0,
    };
  }
  const values = months.map((m) => m.savingOre);
  const mean = values.reduce((a, v) => a + v, 0) / n;
  const sd = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1));
  // A year of months like these varies by √12·sd; standing twelve on fewer months stretches it by √(12/n).
  const half = Z80 * sd * Math.sqrt(12) * Math.sqrt(Math.max(1, 12 / n));
  let low = yearlyOre - half;
  let high = yearlyOre + half;
  let windows = 0;
  for (let i = 0; i + 12 <= n; i++) {
    const sum = values.slice(i, i + 12).reduce((a, v) => a + v, 0);
    low = Math.min(low, sum);
    high = Math.max(high, sum);
    windows++;
  }
  return {
    lowOre: Math.round(low),
    highOre: Math.round(high),
    method: windows > 0 ? 'twelve-month-windows' : 'monthly-spread',
    months: n,
    windows,
  };
};
