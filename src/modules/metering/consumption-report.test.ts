import { describe, expect, it } from 'vitest';
import { HOUR_MS } from '../../platform/time.ts';
import {
  consumptionCsv,
  consumptionReport,
  kwhDecimalComma,
  measuredRange,
  osloLocalIso,
} from './consumption-report.ts';
import type { HourlyArrays } from './series.ts';

/** `hours` hourly values from a UTC instant; `kwh(i)` NaN for a gap. */
const series = (fromUtc: string, hours: number, kwh: (i: number) => number): HourlyArrays => {
  const start = Date.parse(fromUtc);
  const startMs = new Float64Array(hours);
  const values = new Float64Array(hours);
  for (let i = 0; i < hours; i++) {
    startMs[i] = start + i * HOUR_MS;
    values[i] = kwh(i);
  }
  return { startMs, kwh: values };
};

describe('consumption by Oslo day, month and year', () => {
  // 1 March 2026 00:00 in Oslo is 28 February 23:00 UTC; 1 April is 31 March 22:00 UTC.
  const march = series('2026-02-28T23:00:00Z', 743, () => 1.001);

  it('gives the spring day 23 hours and the autumn day 25, with the sums of exactly those hours', () => {
    const spring = consumptionReport(march, 'day', '2026-03-28', '2026-03-30');
    expect(spring.rows.map((r) => [r.period, r.hours, r.measuredHours, r.wh])).toEqual([
      ['2026-03-28', 24, 24, 24_024],
      ['2026-03-29', 23, 23, 23_023],
      ['2026-03-30', 24, 24, 24_024],
    ]);
    // October 2025: 1 October 00:00 Oslo is 30 September 22:00 UTC; the month has 745 hours.
    const october = series('2025-09-30T22:00:00Z', 745, (i) => i);
    const autumn = consumptionReport(october, 'day', '2025-10-26', '2025-10-26');
    expect(autumn.rows).toHaveLength(1);
    expect(autumn.rows[0]).toMatchObject({ period: '2025-10-26', hours: 25, measuredHours: 25 });
    // Hours 600 to 624 of the month are that day (25 days × 24 hours before it).
    let expected = 0;
    for (let i = 600; i < 625; i++) expected += i * 1000;
    expect(autumn.rows[0]?.wh).toBe(expected);
    expect(osloLocalIso(autumn.rows[0]?.startMs ?? 0)).toBe('2025-10-26T00:00+02:00');
    expect(osloLocalIso(autumn.rows[0]?.endMs ?? 0)).toBe('2025-10-27T00:00+01:00');
  });

  it('keeps gaps as gaps: an hour without a value is counted as missing, not as zero', () => {
    const gappy = series('2026-02-28T23:00:00Z', 743, (i) => (i < 24 ? Number.NaN : 2));
    const r = consumptionReport(gappy, 'day', '2026-02-28', '2026-03-02');
    expect(r.rows.map((x) => [x.period, x.hours, x.measuredHours, x.wh])).toEqual([
      ['2026-02-28', 24, 0, 0],
      ['2026-03-01', 24, 0, 0],
      ['2026-03-02', 24, 24, 48_000],
    ]);
    const csv = consumptionCsv(r);
    expect(csv.split('\r\n')[1]).toBe('2026-02-28;2026-02-28T00:00+01:00;2026-03-01T00:00+01:00;24;0;');
  });

  it('sums months and years over the part of them the range covers', () => {
    const months = consumptionReport(march, 'month', '2026-02-15', '2026-04-02');
    expect(months.rows.map((r) => [r.period, r.hours, r.measuredHours])).toEqual([
      ['2026-02', 14 * 24, 0],
      ['2026-03', 743, 743],
      ['2026-04', 48, 0],
    ]);
    expect(months.rows[1]?.wh).toBe(743 * 1001);
    const years = consumptionReport(march, 'year', '2025-12-31', '2026-12-31');
    expect(years.rows.map((r) => [r.period, r.hours])).toEqual([
      ['2025', 24],
      ['2026', 8760],
    ]);
    expect(years.wh).toBe(743 * 1001);
    expect(years.measuredHours).toBe(743);
  });

  it('refuses a range that ends before it starts or is longer than a report may be', () => {
    expect(() => consumptionReport(march, 'day', '2026-03-02', '2026-03-01')).toThrow(RangeError);
    expect(() => consumptionReport(march, 'day', '2023-12-01', '2026-03-01')).toThrow(RangeError);
  });

  it('writes CSV with a byte-order mark, semicolons and a decimal comma, and finds the measured range', () => {
    const r = consumptionReport(march, 'month', '2026-03-01', '2026-03-31');
    expect(consumptionCsv(r)).toBe(
      '\uFEFFperiode;fra;til;timer;timer_med_maling;kwh\r\n2026-03;2026-03-01T00:00+01:00;2026-04-01T00:00+02:00;743;743;743,743\r\n',
    );
    expect(kwhDecimalComma(5)).toBe('0,005');
    expect(kwhDecimalComma(-1500)).toBe('-1,500');
    expect(measuredRange(march)).toEqual({ from: '2026-03-01', to: '2026-03-31' });
    expect(measuredRange(series('2026-02-28T23:00:00Z', 3, () => Number.NaN))).toBeNull();
  });
});
