import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CONFORMANCE,
  invoiceMonth,
  invoices,
  recordedMonth,
} from '../src/modules/market/grid-tariff.fixtures.ts';
import { gridBill } from '../src/modules/market/grid-tariff-bill.ts';
import { extraFreeDaysFor } from '../src/modules/market/grid-tariff-calendar.ts';
import { loadGridCalendar, loadGridTariffFile } from '../src/modules/market/grid-tariff-file.ts';
import { loadTaxRules } from '../src/modules/market/tax-rules-file.ts';

/**
 * The README's table "Where the data comes from" states the dates the conformance files
 * hold; this reads both and compares, so the table cannot drift from the files.
 */
const ROOT = path.join(import.meta.dirname, '..');
const HOURLY = path.join(ROOT, 'fixtures', 'conformance', 'hourly');
const json = (name: string) => JSON.parse(fs.readFileSync(path.join(HOURLY, name), 'utf8'));

const dataTable = (): string[] => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Where the data comes from'));
  const table = section.slice(section.indexOf('\n|'), section.indexOf('\n\n', section.indexOf('\n|')));
  return table
    .split('\n')
    .filter((l) => l.startsWith('|'))
    .map((l) => l.split('|')[1]?.trim() ?? '');
};

/** The "Data" cell of the one row that starts with these words. */
const row = (start: string): string => {
  const found = dataTable().filter((c) => c.startsWith(start));
  expect(found, `one row starting "${start}"`).toHaveLength(1);
  return found[0] as string;
};

/** Every "A – B" range the text states right after these words. */
const rangeAfter = (text: string, words: string): [string, string] => {
  const at = text.indexOf(words);
  expect(at, `"${words}" in "${text}"`).toBeGreaterThanOrEqual(0);
  const m =
    /^[^–]*?(\d{4}-\d{2}(?:-\d{2}(?: \d{2}:\d{2})?)?) – (\d{4}-\d{2}(?:-\d{2}(?: \d{2}:\d{2})?)?)/.exec(
      text.slice(at + words.length),
    );
  expect(m, `a range after "${words}"`).not.toBeNull();
  return [m?.[1] ?? '', m?.[2] ?? ''];
};

const recordings = () =>
  fs
    .readdirSync(HOURLY)
    .filter((f) => /^bkk_.*_hourly\.json$/.test(f))
    .flatMap(
      (f) =>
        json(f).hours as { start_local: string; kwh: number | null; spot_nok_kwh_eks_mva: number | null }[],
    )
    .sort((a, b) => Date.parse(a.start_local) - Date.parse(b.start_local));

// The files write local Oslo time with its offset, so the date and time are the text's own.
const day = (local: string) => local.slice(0, 10);
const minute = (local: string) => `${local.slice(0, 10)} ${local.slice(11, 16)}`;

describe("the README's data table states the dates the fixtures hold", () => {
  it('the hourly consumption, and the hours without a value', () => {
    const hours = recordings().filter((h) => h.kwh !== null);
    const cell = row("The demo household's hourly consumption");
    expect(rangeAfter(cell, 'hourly consumption,')).toEqual([
      day(hours[0]?.start_local ?? ''),
      day(hours.at(-1)?.start_local ?? ''),
    ]);
    const missing = recordings().filter((h) => h.kwh === null);
    const months = new Set(missing.map((h) => h.start_local.slice(0, 7)));
    expect(months).toEqual(new Set(['2026-01']));
    expect(cell).toContain(`${missing.length} hours of January 2026 without a value`);
  });

  it('the NOK spot prices of the recording, and the months without any', () => {
    const priced = recordings().filter((h) => h.spot_nok_kwh_eks_mva !== null);
    const cell = row('NO5 spot prices in NOK');
    const [from, to] = rangeAfter(cell, 'same recording,');
    expect([from, to]).toEqual([
      minute(priced[0]?.start_local ?? ''),
      minute(priced.at(-1)?.start_local ?? ''),
    ]);
    const december = recordings().filter((h) => h.start_local.startsWith('2025-12'));
    expect(december.length).toBeGreaterThan(0);
    expect(december.every((h) => h.spot_nok_kwh_eks_mva === null)).toBe(true);
    expect(cell).toContain('no spot price for December 2025');
  });

  it('the EUR day-ahead prices and the Norges Bank rates', () => {
    const cell = row('NO5 day-ahead prices in EUR/MWh');
    const eur = (json('nordpool_eur_no5_2026.json').hourly as { start_local: string }[]).map((h) =>
      day(h.start_local),
    );
    expect(rangeAfter(cell, 'EUR/MWh,')).toEqual([eur.sort()[0], eur.at(-1)]);
    const rates = (json('nb_eur_nok_2026.json').daily as { date: string }[]).map((d) => d.date).sort();
    expect(rangeAfter(cell, 'EUR/NOK rates,')).toEqual([rates[0], rates.at(-1)]);
  });

  it('the months of the BKK grid invoices and the dates of the Elhub export', () => {
    const cell = row("The household's real BKK grid invoices");
    const months = invoices().map(invoiceMonth).sort();
    const [from, to] = rangeAfter(cell, 'for the months');
    expect([from, to]).toEqual([months[0], months.at(-1)]);
    const all: string[] = [];
    for (
      let d = new Date(`${from}-01T00:00:00Z`);
      d.toISOString().slice(0, 7) <= to;
      d.setUTCMonth(d.getUTCMonth() + 1)
    )
      all.push(d.toISOString().slice(0, 7));
    const without = all.filter((m) => !months.includes(m));
    expect(cell).toContain(`without ${without.join(', ')}`);

    const csv = fs.readFileSync(path.join(HOURLY, 'elhub_april.csv'), 'utf8').replace(/^\uFEFF/, '');
    const starts = csv
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(';')[0] ?? '');
    expect(rangeAfter(cell, 'Elhub CSV export,')).toEqual([day(starts[0] ?? ''), day(starts.at(-1) ?? '')]);
  });
});

/**
 * The README's sentence on the BKK grid invoices quotes how far the exceptions are off;
 * the figures are measured here the way grid-tariff-invoices.test.ts bills the months.
 */
describe("the README's grid-invoice exceptions are the measured ones", () => {
  const bkk = loadGridTariffFile(path.join(CONFORMANCE, 'grid-tariffs', 'bkk.yml'));
  const freeDays = extraFreeDaysFor(loadGridCalendar(), bkk.gln);
  const rules = loadTaxRules();
  const invoiceLine = (month: string, element: string) =>
    Math.round(
      (invoices()
        .find((i) => invoiceMonth(i) === month)
        ?.lines.find((l) => l.element === element)?.amount_nok ?? Number.NaN) * 100,
    );
  const bill = (month: string) =>
    gridBill({
      tariffFile: bkk,
      taxRules: rules,
      customerType: 'household',
      place: { county: '46', municipality: '4601' },
      hours: recordedMonth(month),
      support: 'norgespris',
      extraFreeDays: freeDays,
    });
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8').replace(/\s+/g, ' ');
  const nok = (ore: number) => (ore / 100).toFixed(2);

  it('the Norgespris line: the smallest and largest monthly difference', () => {
    const off = ['2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07'].map((month) => {
      const ours = bill(month).supportLines.find((l) => l.kind === 'norgespris')?.amountOre ?? Number.NaN;
      return Math.abs(ours - invoiceLine(month, 'Norgespris'));
    });
    expect(readme).toContain(
      `the Norgespris line is off by ${nok(Math.min(...off))} to ${nok(Math.max(...off))} NOK a month`,
    );
  });

  it("March's frozen hour: the largest difference in the energy lines and the totals", () => {
    const b = bill('2026-03');
    const ours: Record<string, number | undefined> = {
      'Energiledd dag': b.lines.find((l) => l.name === 'Energiledd Høylast virkedag')?.amountOre,
      'Energiledd natt/helg': b.lines.find((l) => l.name === 'Energiledd grunnpris')?.amountOre,
      'Nettleie subtotal': b.gridTotalOre,
      'Herav MVA': b.gridVatOre,
    };
    const off = Object.entries(ours).map(([element, amount]) =>
      Math.abs((amount ?? Number.NaN) - invoiceLine('2026-03', element)),
    );
    expect(readme).toContain(`lines, the grid subtotal and its VAT up to ${nok(Math.max(...off))} NOK off`);
  });
});
