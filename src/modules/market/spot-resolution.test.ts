import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HOUR_MS, osloToUtc } from '../../platform/time.ts';
import { readEntsoe } from './entsoe.ts';
import { readNorgesBankRates } from './spot.ts';
import { DISAGREEMENT_ORE, describeDisagreement, type PriceRow, resolveHours } from './spot-resolution.ts';

const t0 = Date.parse('2026-02-02T00:00:00+01:00');
const row = (
  source: string,
  arrival: number,
  minutes: number,
  orePerKwh: number,
  estimated: boolean,
  resolutionMinutes: 15 | 60,
): PriceRow => ({ startMs: t0 + minutes * 60_000, resolutionMinutes, orePerKwh, estimated, source, arrival });
const hourly = (source: string, arrival: number, hour: number, ore: number, estimated = false) =>
  row(source, arrival, hour * 60, ore, estimated, 60);
const quarters = (
  source: string,
  arrival: number,
  hour: number,
  prices: readonly number[],
  estimated = false,
  which: readonly number[] = [0, 1, 2, 3],
) => which.map((q) => row(source, arrival, hour * 60 + q * 15, prices[q] ?? 0, estimated, 15));
const sourceOf = (r: ReturnType<typeof resolveHours>, i: number) => {
  const s = r.source[i] ?? 0;
  return s === 0 ? undefined : r.sources[s - 1];
};

describe('which price an hour gets', () => {
  it('takes an exact hourly price over quarter-hours converted from EUR, whichever came first', () => {
    const exact = hourly('nord-pool', 1, 0, 80);
    const eur = quarters('entsoe-day-ahead', 2, 0, [70, 71, 72, 73], true);
    for (const rows of [
      [exact, ...eur],
      [...eur.map((r) => ({ ...r, arrival: 1 })), { ...exact, arrival: 2 }],
    ]) {
      const r = resolveHours(rows, t0, 1);
      expect(r.orePerKwh[0]).toBe(80);
      expect(r.estimated[0]).toBe(0);
      expect(sourceOf(r, 0)).toEqual({ source: 'nord-pool', estimated: false });
      expect(r.disagreements).toEqual([]);
    }
  });

  it('takes a full set of exact quarter-hours over an hourly price converted from EUR', () => {
    const r = resolveHours(
      [hourly('day-ahead-eur', 1, 0, 99, true), ...quarters('entsoe-day-ahead', 2, 0, [10, 20, 30, 41])],
      t0,
      1,
    );
    expect(r.orePerKwh[0]).toBeCloseTo(25.25, 12);
    expect(r.estimated[0]).toBe(0);
    expect(sourceOf(r, 0)).toEqual({ source: 'entsoe-day-ahead', estimated: false });
  });

  it('never prices an hour from part of its quarters: a whole estimate stands, and no price is better than a partial mean', () => {
    const partial = quarters('spot-csv', 1, 0, [10, 20, 30, 40], false, [0, 1, 3]);
    const r = resolveHours(
      [
        ...partial,
        hourly('day-ahead-eur', 2, 0, 55, true),
        ...quarters('spot-csv', 1, 1, [10, 20, 30, 40], false, [0, 2, 3]),
        hourly('meter-recording', 3, 2, 61),
        ...quarters('spot-csv', 1, 2, [1, 2, 3, 4], false, [1, 2]),
      ],
      t0,
      3,
    );
    expect(r.orePerKwh[0]).toBe(55);
    expect(r.estimated[0]).toBe(1);
    expect(sourceOf(r, 0)?.source).toBe('day-ahead-eur');
    expect(Number.isNaN(r.orePerKwh[1])).toBe(true);
    expect(r.source[1]).toBe(0);
    expect(r.estimated[1]).toBe(0);
    expect(r.orePerKwh[2]).toBe(61);
    expect(sourceOf(r, 2)?.source).toBe('meter-recording');
  });

  it('keeps the first of two exact prices that disagree and names both sources, hour by hour', () => {
    const rows = [
      hourly('meter-recording', 1, 0, 100),
      hourly('meter-recording', 1, 1, 100),
      hourly('meter-recording', 1, 2, 100),
      ...quarters('spot-file:Nord Pool', 2, 0, [100, 100, 100, 100]),
      ...quarters('spot-file:Nord Pool', 2, 1, [101, 101, 101, 105]),
      ...quarters('spot-file:Nord Pool', 2, 2, [100, 100, 100, 100.02]),
    ];
    const r = resolveHours(rows, t0, 3);
    expect([...r.orePerKwh]).toEqual([100, 100, 100]);
    expect(r.sources).toEqual([{ source: 'meter-recording', estimated: false }]);
    expect(r.disagreements).toEqual([
      {
        kept: 'meter-recording',
        keptResolutionMinutes: 60,
        other: 'spot-file:Nord Pool',
        otherResolutionMinutes: 15,
        hours: 1,
        firstMs: t0 + HOUR_MS,
        largestOre: 2,
        largestAtMs: t0 + HOUR_MS,
        keptOre: 100,
        otherOre: 102,
      },
    ]);
    // Hour 2 differs by 0.005 øre/kWh: rounding, not a disagreement.
    expect(0.02 / 4).toBeLessThan(DISAGREEMENT_ORE);
    expect(describeDisagreement(r.disagreements[0] as never)).toBe(
      '1 hour from 2026-02-02T00:00:00.000Z has two exact prices that disagree: meter-recording (hourly) is kept, ' +
        'spot-file:Nord Pool (quarter-hours) is not used (largest difference 2.0000 øre/kWh at 2026-02-02T00:00:00.000Z: ' +
        '100.0000 against 102.0000).',
    );
    // The other order keeps the other source, and still reports the pair.
    const swapped = resolveHours(
      rows.map((x) => ({ ...x, arrival: 3 - x.arrival })),
      t0,
      3,
    );
    expect(swapped.orePerKwh[1]).toBe(102);
    expect(swapped.disagreements.map((d) => [d.kept, d.other])).toEqual([
      ['spot-file:Nord Pool', 'meter-recording'],
    ]);
  });

  it('within one source, takes the hourly price before its quarters, and two estimates are no finding', () => {
    const r = resolveHours(
      [
        ...quarters('spot-csv', 1, 0, [50, 50, 50, 54]),
        hourly('spot-csv', 1, 0, 50),
        hourly('day-ahead-eur', 1, 1, 40, true),
        ...quarters('entsoe-day-ahead', 2, 1, [60, 60, 60, 60], true),
      ],
      t0,
      2,
    );
    expect(r.orePerKwh[0]).toBe(50);
    expect(r.orePerKwh[1]).toBe(40);
    expect(r.disagreements.map((d) => [d.keptResolutionMinutes, d.otherResolutionMinutes])).toEqual([
      [60, 15],
    ]);
  });

  it('in one source, takes an exact price over a converted one for the same interval, and the first of two exact ones', () => {
    const r = resolveHours(
      [
        hourly('spot-csv', 1, 0, 90, true),
        hourly('spot-csv', 1, 0, 80),
        hourly('spot-csv', 1, 1, 80),
        hourly('spot-csv', 1, 1, 81),
      ],
      t0,
      2,
    );
    expect(r.orePerKwh[0]).toBe(80);
    expect(r.estimated[0]).toBe(0);
    expect(r.orePerKwh[1]).toBe(80);
    expect(r.disagreements).toMatchObject([{ kept: 'spot-csv', other: 'spot-csv', hours: 1, otherOre: 81 }]);
  });
});

describe('which price an hour gets on the days clocks change', () => {
  const fixtures = path.join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'entsoe');
  const read = (name: string) => fs.readFileSync(path.join(fixtures, name), 'utf8');
  const rates = readNorgesBankRates(read('eur-nok.json'));

  for (const { file, day, hours } of [
    { file: 'dst-2026-03-29-pt15m-no1.xml', day: [2026, 3, 29] as const, hours: 23 },
    { file: 'dst-2025-10-26-pt15m-no5.xml', day: [2025, 10, 26] as const, hours: 25 },
  ]) {
    it(`prices all ${hours} hours of ${day.join('-')}: exact hours where given, converted quarters elsewhere`, () => {
      const from = osloToUtc(day[0], day[1], day[2]);
      expect((osloToUtc(day[0], day[1], day[2] + 1) - from) / HOUR_MS).toBe(hours);
      const eur = readEntsoe(read(file), rates).points.map((p) => ({ ...p, arrival: 1 }));
      expect(eur).toHaveLength(hours * 4);
      // An exact hourly file for every second hour, imported later.
      const exact = Array.from({ length: hours }, (_, i) => i)
        .filter((i) => i % 2 === 0)
        .map((i) => ({ ...hourly('nord-pool', 2, 0, 100 + i), startMs: from + i * HOUR_MS }));
      const r = resolveHours([...eur, ...exact], from, hours);
      expect([...r.orePerKwh].every((x) => !Number.isNaN(x))).toBe(true);
      for (let i = 0; i < hours; i++) {
        const quarterMean =
          eur
            .filter((p) => Math.floor((p.startMs - from) / HOUR_MS) === i)
            .reduce((a, p) => a + p.orePerKwh, 0) / 4;
        expect(r.orePerKwh[i]).toBeCloseTo(i % 2 === 0 ? 100 + i : quarterMean, 9);
        expect(sourceOf(r, i)).toEqual(
          i % 2 === 0
            ? { source: 'nord-pool', estimated: false }
            : { source: 'entsoe-day-ahead', estimated: true },
        );
      }
      expect(r.disagreements).toEqual([]);
    });
  }
});
