import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../platform/errors.ts';
import { HOUR_MS, osloToUtc } from '../../platform/time.ts';
import { CONFORMANCE } from './grid-tariff.fixtures.ts';
import { type GridTariff, readGridTariffYaml, tariffFor } from './grid-tariff.ts';
import { classifyHour, energyPriceFor, exceptionApplies } from './grid-tariff-calendar.ts';
import { capacityBasis, stepFor, stepName } from './grid-tariff-capacity.ts';
import { loadGridTariffFile } from './grid-tariff-file.ts';

const DIR = path.join(CONFORMANCE, 'grid-tariffs');
const FILES = fs.readdirSync(DIR).filter((f) => f.endsWith('.yml'));
const load = (name: string) => loadGridTariffFile(path.join(DIR, name));
const details = (fn: () => unknown): string[] => {
  try {
    fn();
  } catch (e) {
    if (isAppError(e)) return e.details.map((d) => `${d.at}: ${d.message}`);
  }
  return [];
};

describe('reading Fri nettleie files', () => {
  it('reads all 77 files of the conformance copy', () => {
    expect(FILES).toHaveLength(77);
    const methods = new Map<string, number>();
    for (const f of FILES) {
      for (const t of load(f).tariffs) methods.set(t.fixed.method, (methods.get(t.fixed.method) ?? 0) + 1);
    }
    expect(Object.fromEntries(methods)).toEqual({
      TRE_DØGNMAX_MND: 192,
      OV_TREFASE: 6,
      FEM_VEKTET_ÅR: 5,
      MND_MAX: 1,
      UKJENT: 1,
    });
  });

  it('finds no hour of 2026 where two exceptions of one tariff apply at once', () => {
    const start = osloToUtc(2026, 1, 1);
    const classes = Array.from({ length: 8760 }, (_, h) => classifyHour(start + h * HOUR_MS));
    for (const f of FILES) {
      for (const t of load(f).tariffs) {
        const clash = classes.find(
          (c) => t.energy.exceptions.filter((e) => exceptionApplies(e, c)).length > 1,
        );
        expect(clash, `${f} ${t.validFrom}`).toBeUndefined();
      }
    }
  });

  it('trims the owner, keeps the GLNs and picks the tariff by customer type and date', () => {
    const bkk = load('bkk.yml');
    expect(bkk.owner).toBe('BKK AS');
    expect(bkk.gln).toEqual(['7080005051378']);
    const base = (type: 'household' | 'cabin' | 'business', date: string) =>
      tariffFor(bkk, type, date)?.energy.baseOreExVat;
    expect(base('household', '2025-08-31')).toBe(19.776);
    expect(base('household', '2025-09-01')).toBe(18.99);
    expect(base('cabin', '2025-12-31')).toBe(18.99);
    expect(base('household', '2026-01-01')).toBe(10.5);
    expect(base('business', '2025-08-31')).toBeUndefined();
    expect(base('business', '2026-07-01')).toBe(10.5);
  });

  it('reads spans across midnight, single hours and lists', () => {
    const yaml = (timer: string) =>
      `netteier: X\ngln: []\nsist_oppdatert: '2026-01-01'\nkilder: [https://example.org]\ntariffer:\n  - kundegrupper: [husholdning]\n    gyldig_fra: '2026-01-01'\n    fastledd: {metode: TRE_DØGNMAX_MND, terskel_inkludert: true, terskler: [{terskel: 0, pris: 1200}]}\n    energiledd: {grunnpris: 10, unntak: [{navn: U, pris: 20, timer: ${timer}}]}\n`;
    const hours = (timer: string) =>
      (readGridTariffYaml(yaml(timer)).tariffs[0]?.energy.exceptions[0]?.hours ?? [])
        .map((on, h) => (on ? h : -1))
        .filter((h) => h >= 0);
    expect(hours("'22-5'")).toEqual([0, 1, 2, 3, 4, 5, 22, 23]);
    expect(hours("'6-21'")).toHaveLength(16);
    expect(hours('7')).toEqual([7]);
    expect(hours("[7, '16-18']")).toEqual([7, 16, 17, 18]);
  });

  it('names every problem of a broken file with where it is', () => {
    const text = fs
      .readFileSync(path.join(DIR, 'bkk.yml'), 'utf8')
      .replace('timer: 6-21', 'timer: 6-25')
      .replace('dager: [virkedag]', 'dager: [virkedag, fridager]')
      .replace("gyldig_fra: '2025-09-01'", "gyldig_fra: '2025-08-01'")
      .replace('metode: TRE_DØGNMAX_MND', 'metode: TRE_TIMER')
      .replace('- terskel: 0\n          pris: 1536', '- terskel: 1\n          pris: 1536');
    expect(details(() => readGridTariffYaml(text, 'bkk.yml'))).toEqual([
      'tariffer[0].fastledd.metode: unknown method "TRE_TIMER"; known: TRE_DØGNMAX_MND, MND_MAX, OV_TREFASE, FEM_VEKTET_ÅR, UKJENT',
      'tariffer[0].fastledd.terskler: must start with a step at terskel 0',
      'tariffer[0].energiledd.unntak[0].timer: "6-25" is not an hour or span such as 6-21',
      'tariffer[0].energiledd.unntak[0].dager[1]: unknown day kind "fridager"',
      'tariffer[1]: overlaps tariffer[0] for the same customer group',
    ]);
  });

  it('refuses surcharges, a missing start date, text that is not YAML and a file without tariffs', () => {
    const one = fs.readFileSync(path.join(DIR, 'alut.yml'), 'utf8');
    expect(
      details(() =>
        readGridTariffYaml(
          one.replace('grunnpris: 13.1', 'grunnpris: 13.1\n      unntak: [{navn: T, tillegg: 5}]'),
        ),
      ),
    ).toEqual(
      expect.arrayContaining([
        'tariffer[0].energiledd.unntak[0].tillegg: surcharges are not part of the format; give pris',
      ]),
    );
    expect(details(() => readGridTariffYaml(one.replace("gyldig_fra: '2024-01-01'", '')))).toContain(
      'tariffer[0].gyldig_fra: must be a date YYYY-MM-DD',
    );
    expect(details(() => readGridTariffYaml('netteier: [unclosed', 'x.yml'))[0]).toMatch(/^line 1: /);
    expect(details(() => readGridTariffYaml('netteier: X\ngln: []\n'))).toEqual(
      expect.arrayContaining([
        'tariffer: must list at least one tariff',
        'kilder: must list at least one source',
      ]),
    );
  });
});

describe('the energy price of an hour', () => {
  const bkk2026 = tariffFor(load('bkk.yml'), 'household', '2026-06-01') as GridTariff;
  const at = (t: GridTariff, y: number, m: number, d: number, h: number, extra?: Set<string>) =>
    energyPriceFor(t, classifyHour(osloToUtc(y, m, d, h), extra)).oreExVat;

  it('is BKK’s day price on working days 06–22 and the base price otherwise', () => {
    expect([5, 6, 21, 22].map((h) => at(bkk2026, 2026, 3, 30, h))).toEqual([10.5, 28.77, 28.77, 10.5]);
    expect(at(bkk2026, 2026, 3, 28, 12)).toBe(10.5);
  });

  it.each([
    [2026, 1, 1],
    [2026, 4, 2],
    [2026, 4, 3],
    [2026, 4, 6],
    [2026, 5, 1],
    [2026, 5, 14],
    [2026, 5, 25],
    [2025, 12, 25],
    [2025, 12, 26],
  ])('treats the public holiday %i-%i-%i as a day off', (y, m, d) => {
    const tariff = tariffFor(
      load('bkk.yml'),
      'household',
      `${y}-${String(m).padStart(2, '0')}-01`,
    ) as GridTariff;
    expect(at(tariff, y, m, d, 12)).toBe(tariff.energy.baseOreExVat);
  });

  it('treats Christmas Eve as a working day unless the grid company says otherwise', () => {
    const dec = tariffFor(load('bkk.yml'), 'household', '2025-12-24') as GridTariff;
    expect(at(dec, 2025, 12, 24, 12)).toBe(28.77);
    expect(at(dec, 2025, 12, 24, 12, new Set(['12-24']))).toBe(18.99);
  });

  it('uses wall-clock hours on DST days: two 02:00 hours in October, none in March', () => {
    const octStart = osloToUtc(2026, 10, 25);
    expect(
      Array.from({ length: 25 }, (_, i) => classifyHour(octStart + i * HOUR_MS).hour).slice(0, 5),
    ).toEqual([0, 1, 2, 2, 3]);
    const marStart = osloToUtc(2026, 3, 29);
    expect(Array.from({ length: 4 }, (_, i) => classifyHour(marStart + i * HOUR_MS).hour)).toEqual([
      0, 1, 3, 4,
    ]);
  });

  it('applies seasons by month and weekday lists (Area Lega, Vang)', () => {
    const lega = tariffFor(load('area-lega.yml'), 'household', '2026-01-01') as GridTariff;
    expect([
      at(lega, 2026, 1, 14, 12),
      at(lega, 2026, 1, 14, 23),
      at(lega, 2026, 7, 14, 23),
      at(lega, 2026, 7, 14, 12),
    ]).toEqual([26.9, 23.9, 21.9, 23.9]);
    const vang = tariffFor(load('vang.yml'), 'household', '2025-05-01') as GridTariff;
    // A Friday in October, a Thursday in October, a Friday in June.
    expect([at(vang, 2025, 10, 17, 12), at(vang, 2025, 10, 16, 12), at(vang, 2025, 6, 13, 12)]).toEqual([
      20, 10, 10,
    ]);
  });
});

describe('the capacity step', () => {
  const day = (d: number, h: number) => osloToUtc(2026, 2, d, h);

  it('averages the highest hours of three different days; a second peak on the same day does not count', () => {
    const startMs = [day(1, 8), day(1, 9), day(2, 8), day(3, 8), day(4, 8)];
    const b = capacityBasis('TRE_DØGNMAX_MND', startMs, [9, 8.5, 4, 2, Number.NaN]);
    expect(b.value).toBeCloseTo(5, 12);
    expect(b.peaks.map((p) => p.date)).toEqual(['2026-02-01', '2026-02-02', '2026-02-03']);
    expect(capacityBasis('MND_MAX', startMs, [9, 8.5, 4, 2, 1]).value).toBe(9);
  });

  it('puts a value exactly on a threshold in the higher step only when the threshold is included', () => {
    const bkk = tariffFor(load('bkk.yml'), 'household', '2026-01-01') as GridTariff;
    expect(stepName(stepFor(bkk.fixed, 5), 'kW')).toBe('5–10 kW');
    expect(stepName(stepFor({ ...bkk.fixed, thresholdIncluded: false }, 5), 'kW')).toBe('2–5 kW');
    expect(stepName(stepFor(bkk.fixed, 4.999), 'kW')).toBe('2–5 kW');
    expect(stepName(stepFor(bkk.fixed, 250), 'kW')).toBe('over 100 kW');
    expect(stepFor(bkk.fixed, 0).nokPerYearExVat).toBe(1488);
  });

  it('takes the main fuse for OV_TREFASE and refuses the methods it cannot compute', () => {
    const alut = tariffFor(load('alut.yml'), 'household', '2026-01-01') as GridTariff;
    expect(stepFor(alut.fixed, capacityBasis('OV_TREFASE', [], [], 125).value).nokPerYearExVat).toBe(3500);
    expect(stepFor(alut.fixed, 126).nokPerYearExVat).toBe(4500);
    expect(() => capacityBasis('OV_TREFASE', [], [])).toThrow(/main fuse/);
    expect(() => capacityBasis('FEM_VEKTET_ÅR', [], [])).toThrow(/season factors/);
    expect(() => capacityBasis('UKJENT', [], [])).toThrow(/not published/);
  });
});
