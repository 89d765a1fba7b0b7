import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HOUR_MS, hoursInOsloMonth, osloDate, osloMonthStart } from '../../platform/time.ts';
import {
  CONFORMANCE,
  type Invoice,
  invoiceMonth,
  invoiceNumber,
  invoices,
  recordedMonth,
} from './grid-tariff.fixtures.ts';
import { type GridTariff, tariffFor } from './grid-tariff.ts';
import { type GridBill, gridBill } from './grid-tariff-bill.ts';
import { classifyHour, energyPriceFor, extraFreeDaysFor } from './grid-tariff-calendar.ts';
import { loadGridCalendar, loadGridTariffFile } from './grid-tariff-file.ts';
import { loadTaxRules } from './tax-rules-file.ts';

/**
 * The 2025 invoices, when the household still had strømstøtte. October and November have
 * no hourly recording in the fixtures and December has no spot price in any hour, so what
 * can be checked is checked: the grid lines of October and November from a month shaped
 * to the invoice's own quantities, and for December that the strømstøtte line is the
 * only one missing from our bill.
 */
const TOLERANCE_ORE = 5;
const rules = loadTaxRules();
const bkk = loadGridTariffFile(path.join(CONFORMANCE, 'grid-tariffs', 'bkk.yml'));
const freeDays = extraFreeDaysFor(loadGridCalendar(), bkk.gln);
const BERGEN = { county: '46', municipality: '4601' };
const invoiceFor = (month: string): Invoice => invoices().find((i) => invoiceMonth(i) === month) as Invoice;
const cell = (inv: Invoice, element: string) => inv.lines.find((l) => l.element === element);
const ore = (nok: number) => Math.round(nok * 100);

/**
 * A month whose day-rate and other hours hold the invoice's day and night kWh evenly,
 * except for one 6 kWh night hour on each of its first three days, which puts the demand
 * in the 5–10 kW step the invoice bills.
 */
const shapedMonth = (month: string, dayKwh: number, nightKwh: number) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const n = hoursInOsloMonth(y, m);
  const startMs = Float64Array.from({ length: n }, (_, i) => osloMonthStart(y, m) + i * HOUR_MS);
  const tariff = tariffFor(bkk, 'household', `${month}-15`) as GridTariff;
  const isDay = Array.from(startMs, (t) => energyPriceFor(tariff, classifyHour(t, freeDays)).name !== null);
  const peaks = new Set([2, 26, 50]);
  const dayHours = isDay.filter(Boolean).length;
  const nightRest = (nightKwh - 3 * 6) / (n - dayHours - peaks.size);
  const kwh = Float64Array.from(isDay, (day, i) => (day ? dayKwh / dayHours : peaks.has(i) ? 6 : nightRest));
  return { startMs, kwh, spotOre: new Float64Array(n).fill(Number.NaN) };
};

const amounts = (b: GridBill): Record<string, number> => {
  const find = (pred: (name: string) => boolean) =>
    b.lines.find((l) => pred(l.name))?.amountOre ?? Number.NaN;
  return {
    'Energiledd dag': find((n) => n === 'Energiledd Høylast virkedag'),
    'Energiledd natt/helg': find((n) => n === 'Energiledd grunnpris'),
    'Kapasitet 5-10 kW': find((n) => n.startsWith('Kapasitetsledd 5–10')),
    Forbruksavgift: find((n) => n === 'Forbruksavgift'),
    Enovaavgift: find((n) => n === 'Enovaavgift'),
  };
};

describe.each(['2025-10', '2025-11'])('the %s invoice, from its own quantities', (month) => {
  const inv = invoiceFor(month);
  const day = invoiceNumber(cell(inv, 'Energiledd dag')?.quantity ?? '').value;
  const night = invoiceNumber(cell(inv, 'Energiledd natt/helg')?.quantity ?? '').value;
  const ours = gridBill({
    tariffFile: bkk,
    taxRules: rules,
    customerType: 'household',
    place: BERGEN,
    hours: shapedMonth(month, day, night),
    support: 'none',
    extraFreeDays: freeDays,
  });

  it.each(Object.entries(amounts(ours)))('%s within 0.05 NOK', (element, amount) => {
    expect(Math.abs(amount - ore(cell(inv, element)?.amount_nok ?? Number.NaN))).toBeLessThanOrEqual(
      TOLERANCE_ORE,
    );
  });

  it('adds up to the invoice sum with the invoice’s strømstøtte line, which needs spot prices we do not have', () => {
    const support = cell(inv, 'Midlert. strømstønad');
    const q = invoiceNumber(support?.quantity ?? '').value;
    const p = invoiceNumber(support?.price ?? '').value;
    // The line is the kWh of the hours above the threshold times their average support.
    expect(Math.abs(ore((q * p) / 100) - ore(support?.amount_nok ?? 0))).toBeLessThanOrEqual(1);
    expect(q).toBeLessThan(day + night);
    const sum = ours.gridTotalOre + ore(support?.amount_nok ?? 0);
    expect(Math.abs(sum - ore(cell(inv, 'Sum')?.amount_nok ?? Number.NaN))).toBeLessThanOrEqual(
      TOLERANCE_ORE,
    );
  });
});

describe('December 2025', () => {
  const rec = recordedMonth('2025-12');
  const ours = gridBill({
    tariffFile: bkk,
    taxRules: rules,
    customerType: 'household',
    place: BERGEN,
    hours: rec,
    extraFreeDays: freeDays,
  });
  const inv = invoiceFor('2025-12');

  it('has no spot price in any hour, so strømstøtte cannot be computed and the bill says so', () => {
    expect(rec.spotOre.every(Number.isNaN)).toBe(true);
    expect(ours.supportLines).toEqual([]);
    expect(ours.basis.support).toMatchObject({ scheme: 'stromstotte', hoursWithoutPrice: 744, totalOre: 0 });
  });

  it('matches the invoice sum once the invoice’s strømstøtte line is added', () => {
    const support = ore(cell(inv, 'Midlert. strømstønad')?.amount_nok ?? Number.NaN);
    expect(
      Math.abs(ours.gridTotalOre + support - ore(cell(inv, 'Sum')?.amount_nok ?? 0)),
    ).toBeLessThanOrEqual(TOLERANCE_ORE);
  });

  it('needs Christmas Eve and New Year’s Eve billed as holidays, as BKK does', () => {
    const plain = gridBill({
      tariffFile: bkk,
      taxRules: rules,
      customerType: 'household',
      place: BERGEN,
      hours: rec,
      support: 'none',
    });
    const dayOf = (b: GridBill) =>
      b.lines.find((l) => l.name === 'Energiledd Høylast virkedag')?.quantity ?? 0;
    const invoiced = invoiceNumber(cell(inv, 'Energiledd dag')?.quantity ?? '').value;
    expect(Math.abs(dayOf(ours) - invoiced)).toBeLessThan(0.05);
    expect(dayOf(plain) - invoiced).toBeGreaterThan(90);
    expect([...freeDays].sort()).toEqual(['12-24', '12-31']);
    expect(osloDate(rec.startMs[0] as number)).toBe('2025-12-01');
  });
});
