import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type CliIo, describeError } from '../src/cli/io.ts';
import { priceFiles } from '../src/cli/price-command.ts';
import { fixture } from './app.ts';

/*
 * `elvakt price` with a spot file that gives February 2026 both as exact hourly NOK prices
 * (the household recording's) and as quarter-hours in EUR (the real day-ahead prices), the
 * way a spreadsheet of both sources would: every hour is priced, by its exact price.
 */
const ROOT = path.resolve(import.meta.dirname, '..');
const HOURLY = fixture('conformance', 'hourly');
const recordingFile = path.join(HOURLY, 'bkk_februar_2026_hourly.json');
const recording = JSON.parse(fs.readFileSync(recordingFile, 'utf8')) as {
  hours: { start_local: string; kwh: number; spot_nok_kwh_eks_mva: number }[];
};
const eur = JSON.parse(fs.readFileSync(path.join(HOURLY, 'nordpool_eur_no5_2026.json'), 'utf8')) as {
  hourly: { start_local: string; eur_mwh: number }[];
};
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'elvakt-price-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const exactLines = recording.hours.map((h) => {
  const start = Date.parse(h.start_local);
  return `${iso(start)};${iso(start + 3_600_000)};NO5;${String(h.spot_nok_kwh_eks_mva).replace('.', ',')};NOK/kWh`;
});
const quarterLines = eur.hourly
  .filter((h) => h.start_local.startsWith('2026-02'))
  .flatMap((h) =>
    [0, 15, 30, 45].map((m) => {
      const start = Date.parse(h.start_local) + m * 60_000;
      return `${iso(start)};${iso(start + 900_000)};NO5;${String(h.eur_mwh).replace('.', ',')};EUR/MWh`;
    }),
  );
const write = (name: string, lines: readonly string[]) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `start;end;area;price;unit\n${lines.join('\n')}\n`);
  return file;
};

class Captured implements CliIo {
  readonly stdout: string[] = [];
  readonly stderr: string[] = [];
  out(text: string) {
    this.stdout.push(text);
  }
  err(text: string) {
    this.stderr.push(text);
  }
}

const price = (spot: string, json = true) => {
  const io = new Captured();
  try {
    const code = priceFiles(
      io,
      {
        consumption: recordingFile,
        spot,
        rates: path.join(HOURLY, 'nb_eur_nok_2026.json'),
        offers: path.join(ROOT, 'demo', 'offers.json'),
        json,
      },
      10_000_000,
    );
    return { code, io };
  } catch (e) {
    const d = describeError(e);
    io.err(d.text);
    return { code: d.code, io };
  }
};

describe('elvakt price with exact hourly prices beside quarter-hours converted from EUR', () => {
  for (const [order, lines] of [
    ['exact first', [...exactLines, ...quarterLines]],
    ['quarter-hours first', [...quarterLines, ...exactLines]],
  ] as const) {
    it(`prices all 672 hours of February by their exact price (${order})`, () => {
      const r = price(write(`both-${order.replace(/ /g, '-')}.csv`, lines));
      expect(r.io.stderr).toEqual([]);
      expect(r.code).toBe(0);
      const out = JSON.parse(r.io.stdout.join('\n'));
      expect(out.basis.pricedHours).toBe(672);
      expect(out.basis.estimatedPriceHours).toBe(0);
      expect(out.basis.months).toHaveLength(1);
      expect(out.basis.months[0].priceSources).toEqual([
        { source: 'spot-csv', estimated: false, hours: 672 },
      ]);
      expect(out.disagreements).toEqual([]);
      // By hand: the energy of a spot offer is Σ kWh × the recording's exact price.
      const spotOre = recording.hours.reduce((a, h) => a + h.kwh * h.spot_nok_kwh_eks_mva * 100, 0);
      const spot = out.offers.find((o: { id: string }) => o.id === 'demo-vestkyst-spot');
      expect(spot.energyOre).toBe(Math.round(spotOre));
    });
  }

  it('says which source priced the hours, and where the quarter-hours alone price February', () => {
    const both = price(write('both.csv', [...quarterLines, ...exactLines]), false);
    expect(both.code).toBe(0);
    expect(both.io.stdout[0]).toMatch(/^NO5, 2026-02 to 2026-02: 672 hours priced/);
    expect(both.io.stdout).toContain('  2026-02: 672 of 672 hours priced (672 h spot price CSV, NOK, exact)');
    const entsoe = price(path.join(ROOT, 'test', 'fixtures', 'entsoe', 'pt15m-2026-02-no5.xml'), false);
    expect(entsoe.code).toBe(0);
    expect(entsoe.io.stdout).toContain(
      "  2026-02: 672 of 672 hours priced (672 h ENTSO-E day-ahead, EUR converted at Norges Bank's rate)",
    );
  });

  it('reports two exact prices that disagree as a finding naming both, and prices the hour by the first', () => {
    const changed = exactLines.slice(0, 2).map((l, i) => {
      const [start, end, area] = l.split(';');
      const ore = (recording.hours[i]?.spot_nok_kwh_eks_mva ?? 0) * 100 + 5;
      return `${start};${end};NO5;${String(ore).replace('.', ',')};øre/kWh`.replace(`;${area};`, ';NO5;');
    });
    // The same hour twice in one file: the first price is kept, and the second is a finding.
    const r = price(write('disagree.csv', [...exactLines, ...changed]));
    expect(r.code).toBe(0);
    const twice = JSON.parse(r.io.stdout.join('\n'));
    expect(twice.basis.pricedHours).toBe(672);
    expect(twice.disagreements).toMatchObject([
      {
        kept: 'spot-csv',
        keptResolutionMinutes: 60,
        other: 'spot-csv',
        otherResolutionMinutes: 60,
        hours: 2,
      },
    ]);
    const quarters = changed.flatMap((l) => {
      const [start, , , p] = l.split(';');
      const s = Date.parse(start as string);
      return [0, 1, 2, 3].map(
        (q) => `${iso(s + q * 900_000)};${iso(s + (q + 1) * 900_000)};NO5;${p};øre/kWh`,
      );
    });
    const q = price(write('disagree-quarters.csv', [...exactLines, ...quarters]));
    const out = JSON.parse(q.io.stdout.join('\n'));
    expect(out.basis.pricedHours).toBe(672);
    expect(out.disagreements).toEqual([
      expect.objectContaining({
        kept: 'spot-csv',
        keptResolutionMinutes: 60,
        other: 'spot-csv',
        otherResolutionMinutes: 15,
        hours: 2,
        finding: expect.stringMatching(
          /^2 hours from 2026-01-31T23:00:00.000Z have two exact prices that disagree: spot-csv \(hourly\) is kept, spot-csv \(quarter-hours\) is not used \(largest difference 5.0000 øre\/kWh/,
        ),
      }),
    ]);
    const text = price(write('disagree-quarters.csv', [...exactLines, ...quarters]), false);
    expect(text.io.stdout.some((l) => l.startsWith('Finding: 2 hours from 2026-01-31T23:00:00.000Z'))).toBe(
      true,
    );
  });

  it('exits non-zero with a reason when it prices no hour at all', () => {
    // April's prices for February's consumption: not one hour has both.
    const april = fixture('conformance', 'hourly', 'bkk_april_2026_hourly.json');
    const io = new Captured();
    let error: unknown;
    try {
      priceFiles(
        io,
        {
          consumption: recordingFile,
          spot: april,
          area: 'NO5',
          offers: path.join(ROOT, 'demo', 'offers.json'),
        },
        10_000_000,
      );
    } catch (e) {
      error = e;
    }
    expect(io.stdout).toEqual([]);
    const d = describeError(error);
    expect(d.code).not.toBe(0);
    expect(d.text).toMatch(/^No hour was priced: of the 672 hours from 2026-01-31T23:00:00.000Z/);
    // And the command itself, as a person runs it.
    const run = spawnSync(
      process.execPath,
      [
        path.join(ROOT, 'bin', 'elvakt.js'),
        'price',
        '--consumption',
        recordingFile,
        '--spot',
        april,
        '--area',
        'NO5',
        '--offers',
        path.join(ROOT, 'demo', 'offers.json'),
      ],
      {
        env: { ...process.env, DATA_DIR: dir, DATABASE_URL: '', ELVAKT_DEMO: '0', LOG_LEVEL: 'warn' },
        encoding: 'utf8',
        timeout: 90_000,
      },
    );
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('No hour was priced');
  });
});
