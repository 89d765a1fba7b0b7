import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { osloParts } from '../../platform/time.ts';
import {
  CONFORMANCE,
  type Invoice,
  invoiceMonth,
  invoiceNumber,
  invoicePriceOre,
  invoices,
  RECORDINGS,
  type RecordedMonth,
  recordedMonth,
} from './grid-tariff.fixtures.ts';
import { type BillLine, type GridBill, gridBill } from './grid-tariff-bill.ts';
import { extraFreeDaysFor } from './grid-tariff-calendar.ts';
import { loadGridCalendar, loadGridTariffFile } from './grid-tariff-file.ts';
import { loadTaxRules } from './tax-rules-file.ts';

/**
 * THE conformance test of the grid bill: the real BKK invoices of the household in
 * fixtures/conformance/hourly, line by line, within 0.05 NOK (5 øre). Lines that the
 * fixtures cannot reproduce are listed in KNOWN with the reason, and each reason has a
 * test of its own below that proves it; the tolerance itself is never widened.
 */
const TOLERANCE_ORE = 5;
const rules = loadTaxRules();
const bkk = loadGridTariffFile(path.join(CONFORMANCE, 'grid-tariffs', 'bkk.yml'));
const freeDays = extraFreeDaysFor(loadGridCalendar(), bkk.gln);
const BERGEN = { county: '46', municipality: '4601' };
const ALL = invoices();
const invoiceFor = (month: string): Invoice => ALL.find((i) => invoiceMonth(i) === month) as Invoice;

const bill = (month: string, rec: RecordedMonth = recordedMonth(month)): GridBill =>
  gridBill({
    tariffFile: bkk,
    taxRules: rules,
    customerType: 'household',
    place: BERGEN,
    hours: rec,
    // December 2025 still had strømstøtte (see below); the household has Norgespris from 2026.
    support: month < '2026-01' ? 'none' : 'norgespris',
    extraFreeDays: freeDays,
  });

const lineFor = (b: GridBill, element: string): BillLine | undefined => {
  const byKind = (kind: BillLine['kind']) => [...b.lines, ...b.supportLines].find((l) => l.kind === kind);
  if (element === 'Energiledd dag') return b.lines.find((l) => l.name === 'Energiledd Høylast virkedag');
  if (element === 'Energiledd natt/helg') return b.lines.find((l) => l.name === 'Energiledd grunnpris');
  if (element.startsWith('Kapasitet')) return byKind('capacity');
  if (element === 'Forbruksavgift') return byKind('elavgift');
  if (element === 'Enovaavgift') return byKind('enova');
  if (element === 'Norgespris') return byKind('norgespris');
  return undefined;
};

const amountFor = (b: GridBill, element: string): number | undefined => {
  if (element === 'Nettleie subtotal') return b.gridTotalOre;
  if (element === 'Herav MVA') return b.gridVatOre;
  if (element === 'Total' || element === 'Sum') return b.totalOre;
  return lineFor(b, element)?.amountOre;
};

const ore = (nok: number) => Math.round(nok * 100);

/** Lines the fixtures cannot reproduce, and the test below that shows why. */
const KNOWN: Readonly<Record<string, readonly string[]>> = {
  // Every Norgespris month: the recording's prices are not the ones BKK settles; see 'the Norgespris line'.
  ...Object.fromEntries(
    ['2026-02', '2026-04', '2026-05', '2026-06', '2026-07'].map((m) => [m, ['Norgespris', 'Total']]),
  ),
  // The meter counter froze for one day-rate hour; see 'the frozen hour of 5 March 2026'.
  '2026-03': [
    'Energiledd dag',
    'Energiledd natt/helg',
    'Nettleie subtotal',
    'Herav MVA',
    'Total',
    'Norgespris',
  ],
  // No spot price in any hour of the December recording; see grid-tariff-invoices-2025.test.ts.
  '2025-12': ['Midlert. strømstønad', 'Sum'],
};

describe('BKK grid invoices reproduced from the hourly recording', () => {
  it('has a recording for every invoice month except October and November 2025', () => {
    const months = ALL.map(invoiceMonth).sort();
    expect(months.filter((m) => !RECORDINGS[m])).toEqual(['2025-10', '2025-11']);
  });

  describe.each(Object.keys(RECORDINGS))('%s', (month) => {
    const ours = bill(month);
    const lines = invoiceFor(month).lines.filter((l) => !(KNOWN[month] ?? []).includes(l.element));

    it.each(lines.map((l) => [l.element, l] as const))('%s within 0.05 NOK', (_element, line) => {
      const amount = amountFor(ours, line.element);
      expect(amount, `no line for ${line.element}`).toBeDefined();
      expect(Math.abs((amount as number) - ore(line.amount_nok))).toBeLessThanOrEqual(TOLERANCE_ORE);
      const ourLine = lineFor(ours, line.element);
      if (!ourLine || line.quantity === '') return;
      // The invoice prints prices to 3 decimals of øre (or whole kroner a month).
      expect(Math.abs(ourLine.unitPriceOre - invoicePriceOre(line.price))).toBeLessThanOrEqual(0.0005 + 1e-9);
      const q = invoiceNumber(line.quantity);
      if (q.unit === 'dager') expect(ourLine.quantity).toBe(q.value);
      // The recorder reads the meter 13 s after the hour, so monthly kWh drift by a few Wh.
      else expect(Math.abs(ourLine.quantity - q.value)).toBeLessThanOrEqual(0.05);
    });

    it('names the capacity step the invoice names', () => {
      const cell = invoiceFor(month).lines.find((l) => l.element.startsWith('Kapasitet'))?.element ?? '';
      expect(ours.basis.capacity.step.replace('–', '-')).toBe(cell.replace(/^Kapasitet /, ''));
    });
  });
});

describe('the frozen hour of 5 March 2026', () => {
  const rec = recordedMonth('2026-03');
  const frozen = [...rec.kwh.keys()].filter((i) => rec.kwh[i] === 0 && (rec.pMaxW[i] as number) >= 1000);
  const i = frozen[0] as number;

  it('is the one hour with 0 kWh at a peak of over 1 kW: a Thursday day-rate hour followed by a night hour', () => {
    expect(frozen).toHaveLength(1);
    expect(osloParts(rec.startMs[i] as number)).toMatchObject({ month: 3, day: 5, hour: 21, weekday: 4 });
    expect(rec.pMaxW[i]).toBe(2958);
    expect(rec.kwh[i + 1]).toBe(3.476);
  });

  it('explains all five lines at once when the energy booked at 22:00 is moved back to 21:00', () => {
    const dayLine = invoiceFor('2026-03').lines.find((l) => l.element === 'Energiledd dag');
    const moved =
      invoiceNumber(dayLine?.quantity ?? '').value -
      (lineFor(bill('2026-03'), 'Energiledd dag')?.quantity ?? 0);
    // Physically possible: no more than the hour's peak power for an hour, nor more than 22:00 received.
    expect(moved).toBeGreaterThan(0);
    expect(moved).toBeLessThanOrEqual(Math.min((rec.pMaxW[i] as number) / 1000, rec.kwh[i + 1] as number));
    const kwh = Float64Array.from(rec.kwh);
    kwh[i] = moved;
    kwh[i + 1] = (kwh[i + 1] as number) - moved;
    const repaired = bill('2026-03', { ...rec, kwh });
    const lines = invoiceFor('2026-03').lines;
    const norgespris = ore(lines.find((l) => l.element === 'Norgespris')?.amount_nok ?? Number.NaN);
    const total = ore(lines.find((l) => l.element === 'Total')?.amount_nok ?? Number.NaN);
    expect(Math.abs(repaired.gridTotalOre + norgespris - total)).toBeLessThanOrEqual(TOLERANCE_ORE);
    for (const element of ['Energiledd dag', 'Energiledd natt/helg', 'Nettleie subtotal', 'Herav MVA']) {
      const line = lines.find((l) => l.element === element);
      expect(
        Math.abs((amountFor(repaired, element) as number) - ore(line?.amount_nok ?? 0)),
        element,
      ).toBeLessThanOrEqual(TOLERANCE_ORE);
    }
  });
});

describe('the Norgespris line', () => {
  const months = ['2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07'];
  const amount = (month: string, element: string) =>
    ore(invoiceFor(month).lines.find((l) => l.element === element)?.amount_nok ?? Number.NaN);

  /*
   * BKK settles (Norgespris − spot) × kWh hour by hour with Nord Pool's final NOK prices.
   * The recording holds the prices a home automation system stored when they were
   * published; on some days these are a preliminary NOK conversion. Nord Pool's final NOK
   * prices are not in the fixtures, so the line cannot be reproduced to 5 øre. What the
   * fixtures can show: the rule is right to within 0.25 % every month, it beats every
   * plausible other rule, and the total differs from the invoice by exactly this line.
   */
  it.each(months)('%s is within 0.25 per cent of the invoice and covers every kWh', (month) => {
    const ours = bill(month);
    const line = lineFor(ours, 'Norgespris') as BillLine;
    const theirs = amount(month, 'Norgespris');
    expect(Math.abs(line.amountOre - theirs)).toBeLessThanOrEqual(Math.abs(theirs) * 0.0025);
    expect(line.quantity).toBeCloseTo(ours.basis.kwh, 9);
    // March's grid total is off by the frozen hour, checked with the repair above.
    if (month !== '2026-03') {
      expect(Math.abs(ours.gridTotalOre + theirs - amount(month, 'Total'))).toBeLessThanOrEqual(
        TOLERANCE_ORE,
      );
    }
  });

  it('is closer with the symmetric hourly rule than with a one-way, monthly-average or VAT-free rule', () => {
    const error = { ours: 0, oneWay: 0, monthlyAverage: 0, noVat: 0 };
    for (const month of months) {
      const rec = recordedMonth(month);
      const theirs = -amount(month, 'Norgespris');
      let oneWay = 0;
      let noVat = 0;
      let kwh = 0;
      let spot = 0;
      rec.kwh.forEach((k, h) => {
        const s = rec.spotOre[h] as number;
        oneWay += k * Math.max(0, s - 40) * 1.25;
        noVat += k * (s - 40);
        kwh += k;
        spot += s;
      });
      error.ours += Math.abs(-(lineFor(bill(month), 'Norgespris')?.amountOre ?? 0) - theirs);
      error.oneWay += Math.abs(oneWay - theirs);
      error.noVat += Math.abs(noVat - theirs);
      error.monthlyAverage += Math.abs(kwh * (spot / rec.kwh.length - 40) * 1.25 - theirs);
    }
    expect(error.ours).toBeLessThan(error.oneWay / 10);
    expect(error.ours).toBeLessThan(error.monthlyAverage / 10);
    expect(error.ours).toBeLessThan(error.noVat / 100);
  });
});
