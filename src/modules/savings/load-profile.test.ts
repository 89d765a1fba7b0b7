import { describe, expect, it } from 'vitest';
import { HOUR_MS, osloToUtc } from '../../platform/time.ts';
import { lastYearHours, profileSeries } from './load-profile.ts';

const hours = (from: number, to: number) => {
  const n = (to - from) / HOUR_MS;
  return Float64Array.from({ length: n }, (_, i) => from + i * HOUR_MS);
};
const total = (xs: Float64Array) => xs.reduce((a, x) => a + x, 0);

describe('the standard load profile', () => {
  it('adds up to the yearly kWh over a calendar year, DST days included', () => {
    const year = hours(osloToUtc(2025, 1, 1), osloToUtc(2026, 1, 1));
    expect(year.length).toBe(8760);
    expect(total(profileSeries(16_000, year))).toBeCloseTo(16_000, 0);
  });

  it('weighs winter about three times summer, and evenings over nights', () => {
    const jan = total(profileSeries(16_000, hours(osloToUtc(2025, 1, 1), osloToUtc(2025, 2, 1))));
    const jul = total(profileSeries(16_000, hours(osloToUtc(2025, 7, 1), osloToUtc(2025, 8, 1))));
    expect(jan / jul).toBeCloseTo(13.5 / 4.5, 5);
    const day = profileSeries(16_000, hours(osloToUtc(2025, 1, 15), osloToUtc(2025, 1, 16)));
    expect(day[18]).toBeGreaterThan((day[3] as number) * 2);
  });

  it('gives the hours of a 23-hour day their own shares', () => {
    const spring = profileSeries(16_000, hours(osloToUtc(2025, 3, 30), osloToUtc(2025, 3, 31)));
    expect(spring.length).toBe(23);
    const normal = profileSeries(16_000, hours(osloToUtc(2025, 3, 29), osloToUtc(2025, 3, 30)));
    expect(total(spring)).toBeLessThan(total(normal));
  });

  it('spans the last twelve months', () => {
    const h = lastYearHours(osloToUtc(2026, 11, 1));
    expect(h.length).toBe(8760);
    expect(h[0]).toBe(osloToUtc(2025, 11, 1));
  });
});
