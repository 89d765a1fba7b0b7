import { describe, expect, it } from 'vitest';
import { osloToUtc } from '../../platform/time.ts';
import { readNorgesBankRates } from './spot.ts';
import { readSpotCsv } from './spot-csv.ts';
import { readSpotFile } from './spot-file.ts';

describe('spot prices from CSV', () => {
  it('reads a semicolon file with decimal commas and offsets, hourly and quarter-hourly', () => {
    const csv = [
      'start;end;area;price;unit',
      '2025-09-30T23:00:00+02:00;2025-10-01T00:00:00+02:00;NO1;0,8123;NOK/kWh',
      '2025-10-01T00:00:00+02:00;2025-10-01T00:15:00+02:00;NO1;45,5;øre/kWh',
    ].join('\r\n');
    const r = readSpotFile(`\uFEFF${csv}`);
    expect(r.rejected).toEqual([]);
    expect(
      r.points.map((p) => [new Date(p.startMs).toISOString(), p.resolutionMinutes, p.orePerKwh]),
    ).toEqual([
      ['2025-09-30T21:00:00.000Z', 60, 81.23],
      ['2025-09-30T22:00:00.000Z', 15, 45.5],
    ]);
  });

  it('takes the repeated hour of the October DST night as two hours', () => {
    const csv = [
      'start,end,area,price,unit',
      '2025-10-26T02:00:00+02:00,2025-10-26T02:00:00+01:00,NO5,0.5,NOK/kWh',
      '2025-10-26T02:00:00+01:00,2025-10-26T03:00:00+01:00,NO5,0.6,NOK/kWh',
    ].join('\n');
    const r = readSpotCsv(csv, undefined);
    expect(r.points.map((p) => p.startMs)).toEqual([
      osloToUtc(2025, 10, 26, 2) - 3_600_000,
      osloToUtc(2025, 10, 26, 2),
    ]);
  });

  it('converts EUR/MWh with the rate of the Oslo date, forward-filled over the weekend', () => {
    const rates = readNorgesBankRates(JSON.stringify({ daily: [{ date: '2026-01-09', rate: 11.5 }] }));
    const r = readSpotCsv(
      'start;end;area;price;unit\n2026-01-11T12:00:00+01:00;2026-01-11T13:00:00+01:00;NO2;100;EUR/MWh',
      rates,
    );
    expect(r.points[0]?.orePerKwh).toBeCloseTo(115, 9);
    expect(r.points[0]?.estimated).toBe(true);
  });

  it('refuses bad lines by number and keeps the rest', () => {
    const csv = [
      'start;end;area;price;unit',
      '2026-01-01T00:00:00+01:00;2026-01-01T01:00:00+01:00;NO9;1;NOK/kWh',
      '2026-01-01T00:00:00+01:00;2026-01-01T00:30:00+01:00;NO1;1;NOK/kWh',
      '2026-01-01T00:00:00+01:00;2026-01-01T01:00:00+01:00;NO1;;NOK/kWh',
      '2026-01-01T00:00:00+01:00;2026-01-01T01:00:00+01:00;NO1;1;USD/kWh',
      '2026-01-01T00:00:00+01:00;2026-01-01T01:00:00+01:00;NO1;1',
      '2026-01-01T01:00:00+01:00;2026-01-01T02:00:00+01:00;NO1;1,25;NOK/kWh',
      '2026-01-01T02:00:00+01:00;2026-01-01T03:00:00+01:00;NO1;90;EUR/MWh',
    ].join('\n');
    const r = readSpotCsv(csv, undefined);
    expect(r.rejected.map((x) => x.at)).toEqual(['line 2', 'line 3', 'line 4', 'line 5', 'line 6', 'line 8']);
    expect(r.points.map((p) => p.orePerKwh)).toEqual([125]);
  });
});
