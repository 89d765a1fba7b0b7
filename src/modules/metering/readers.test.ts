import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readElhubCsv, readMeterRecording, recordingConsumption } from './readers.ts';
import { decodeMonth, encodeMonth, MISSING_WH, mergePoints, toHourlyArrays } from './series.ts';

const HOURLY = path.join(import.meta.dirname, '..', '..', '..', 'fixtures', 'conformance', 'hourly');
const read = (name: string) => fs.readFileSync(path.join(HOURLY, name), 'utf8');

describe('the Elhub "Min side" CSV', () => {
  it('reads the real export: BOM, semicolons, decimal comma, local times with offsets', () => {
    const r = readElhubCsv(read('elhub_april.csv'));
    expect(r.rejected).toEqual([]);
    expect(r.points).toHaveLength(744);
    expect(new Date(r.points[0]?.startMs ?? 0).toISOString()).toBe('2026-03-31T22:00:00.000Z');
    expect(r.points[0]?.kwh).toBe(2.949);
    expect(new Date(r.points[743]?.startMs ?? 0).toISOString()).toBe('2026-05-01T21:00:00.000Z');
    expect(r.points.every((p) => p.quality === 'measured')).toBe(true);
    const total = r.points.reduce((a, p) => a + Math.round(p.kwh * 1000), 0) / 1000;
    expect(total).toBeGreaterThan(1300);
  });

  it('refuses bad lines one by one with the line number, and never makes a gap a zero', () => {
    const csv = [
      '\uFEFFFra;Til;Målenavn;Volum;Enhet;Kvalitet;Registreringstidspunkt',
      '2026-04-01T00:00:00+02:00;2026-04-01T01:00:00+02:00;KWH 60 Forbruk;1,5;kWh;Målt;x',
      '2026-04-01T01:00:00;2026-04-01T02:00:00;KWH 60 Forbruk;1,5;kWh;Målt;x',
      '2026-04-01T02:00:00+02:00;2026-04-01T03:00:00+02:00;KWH 60 Produksjon;1,5;kWh;Målt;x',
      '2026-04-01T03:00:00+02:00;2026-04-01T04:00:00+02:00;KWH 60 Forbruk;abc;kWh;Målt;x',
      '2026-04-01T04:00:00+02:00;2026-04-01T05:00:00+02:00;KWH 60 Forbruk;;kWh;Målt;x',
      '2026-04-01T05:00:00+02:00;2026-04-01T06:00:00+02:00;KWH 60 Forbruk;2,0;MWh;Målt;x',
      '2026-04-01T06:00:00+02:00;2026-04-01T08:00:00+02:00;KWH 60 Forbruk;2,0;kWh;Målt;x',
      '2026-04-01T07:00:00+02:00;2026-04-01T08:00:00+02:00;KWH 60 Forbruk;2,0;kWh;Ukjent;x',
      '2026-04-01T08:00:00+02:00;2026-04-01T09:00:00+02:00;KWH 60 Forbruk;0,25;kWh;Estimert;x',
    ].join('\r\n');
    const r = readElhubCsv(csv);
    expect(r.points.map((p) => [p.kwh, p.quality])).toEqual([
      [1.5, 'measured'],
      [0.25, 'estimated'],
    ]);
    expect(r.gaps).toBe(1);
    expect(r.rejected.map((x) => x.at)).toEqual(['line 3', 'line 4', 'line 5', 'line 7', 'line 8', 'line 9']);
  });

  it('sums quarter hours into hours and refuses an incomplete hour', () => {
    const rows = ['Fra;Til;Målenavn;Volum;Enhet;Kvalitet'];
    for (let q = 0; q < 7; q++) {
      const from = new Date(Date.UTC(2026, 9, 1, 0, q * 15));
      const to = new Date(from.getTime() + 15 * 60_000);
      rows.push(`${from.toISOString()};${to.toISOString()};KWH 15 Forbruk;0,5;kWh;Målt`);
    }
    const r = readElhubCsv(rows.join('\n'));
    expect(r.points).toEqual([{ startMs: Date.UTC(2026, 9, 1), kwh: 2, quality: 'measured' }]);
    expect(r.gaps).toBe(1);
  });

  it('says clearly when a file is not an Elhub export', () => {
    expect(readElhubCsv('a,b,c\n1,2,3').rejected[0]?.reason).toMatch(/not an Elhub consumption export/);
  });
});

describe('the household meter recording', () => {
  it('reads March 2026 with its 743 hours', () => {
    const r = readMeterRecording(read('bkk_mars_2026_hourly.json'));
    expect(r.rejected).toEqual([]);
    expect(r.hours).toHaveLength(743);
  });

  it("keeps January's 105 missing readings as gaps", () => {
    const r = recordingConsumption(read('bkk_januar_2026_hourly.json'));
    expect(r.gaps).toBe(105);
    expect(r.points).toHaveLength(744 - 105);
  });
});

describe('monthly series', () => {
  it('round-trips through the stored encoding, gaps included', () => {
    const { points } = recordingConsumption(read('bkk_mars_2026_hourly.json'));
    const merged = mergePoints(new Map(), points);
    expect(merged.months.map((m) => [m.month, m.hours])).toEqual([['2026-03', 743]]);
    const month = merged.months[0];
    if (!month) throw new Error('no month');
    month.wh[5] = MISSING_WH;
    const back = decodeMonth('2026-03', encodeMonth(month));
    expect(back.wh).toEqual(month.wh);
    expect(back.quality).toEqual(month.quality);
    const arrays = toHourlyArrays([back]);
    expect(Number.isNaN(arrays.kwh[5])).toBe(true);
    expect(arrays.kwh[0]).toBe(points[0]?.kwh);
  });

  it('lets a later reading of the same hour replace the earlier one', () => {
    const t = Date.UTC(2026, 3, 1, 10);
    const first = mergePoints(new Map(), [{ startMs: t, kwh: 1, quality: 'estimated' }]);
    const existing = new Map(first.months.map((m) => [m.month, m]));
    const second = mergePoints(existing, [{ startMs: t, kwh: 1.25, quality: 'corrected' }]);
    expect(second.replaced).toBe(1);
    expect(toHourlyArrays(second.months).kwh.filter((v) => !Number.isNaN(v))).toEqual(
      new Float64Array([1.25]),
    );
  });
});
