import { describe, expect, it } from 'vitest';
import { formatOre, formatOreWhole } from '../modules/identity/money.ts';
import { formatKwh, formatNumber, kwhDecimals } from './numbers.ts';

const NBSP = '\u00a0';

describe('numbers a person reads', () => {
  it('separates thousands: a no-break space in Norwegian, a comma in English', () => {
    expect(formatNumber(5831, 'nb')).toBe(`5${NBSP}831`);
    expect(formatNumber(1234567.891, 'nb', 2)).toBe(`1${NBSP}234${NBSP}567,89`);
    expect(formatNumber(5831, 'en')).toBe('5,831');
    expect(formatNumber(1234567.891, 'en', 2)).toBe('1,234,567.89');
    expect(formatNumber(999, 'nb')).toBe('999');
  });

  it('writes amounts with no ordinary space anywhere: "kr" stays with its figure', () => {
    const amounts = [
      formatOre(123456, 'nb'),
      formatOre(-239_212, 'nb'),
      formatOreWhole(1_109_000, 'nb'),
      formatOre(123456, 'en'),
      formatOreWhole(1_109_000, 'en'),
    ];
    expect(amounts).toEqual([
      `kr${NBSP}1${NBSP}234,56`,
      `kr${NBSP}\u22122${NBSP}392,12`,
      `kr${NBSP}11${NBSP}090`,
      `NOK${NBSP}1,234.56`,
      `NOK${NBSP}11,090`,
    ]);
    for (const a of amounts) expect(a).not.toMatch(/[ \t\n]/);
  });

  it.each([
    // Sums: whole from 100 kWh (a month, a year), one decimal below (a day).
    [12_345.678, 'sum', 'nb', `12${NBSP}346`],
    [12_345.678, 'sum', 'en', '12,346'],
    [100, 'sum', 'nb', '100'],
    [99.96, 'sum', 'nb', '100'],
    [99.94, 'sum', 'nb', '99,9'],
    [45.26, 'sum', 'en', '45.3'],
    [0, 'sum', 'nb', '0,0'],
    [-150.4, 'sum', 'nb', '\u2212150'],
    // An hour keeps the meter's watt-hours.
    [1.2345, 'hour', 'nb', '1,235'],
    [0.4, 'hour', 'en', '0.400'],
    [1234.5, 'hour', 'nb', `1${NBSP}234,500`],
  ] as const)('%d kWh as a %s in %s reads %s', (kwh, scale, locale, text) => {
    expect(formatKwh(kwh, locale, scale)).toBe(text);
  });

  it('gives sums 0 or 1 decimals and hours 3', () => {
    expect([
      kwhDecimals(5),
      kwhDecimals(99.9),
      kwhDecimals(100),
      kwhDecimals(8000),
      kwhDecimals(5, 'hour'),
    ]).toEqual([1, 1, 0, 0, 3]);
  });
});
