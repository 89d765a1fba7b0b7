import { describe, expect, it } from 'vitest';
import { electricityMeaning } from '../modules/invoices/electricity.ts';
import { earliestIssueDate } from '../modules/invoices/invoice-source.ts';
import { DEFAULT_REGISTER_PATH, loadRegisterIndex } from '../modules/invoices/seller-register.file.ts';
import { classifySeller } from '../modules/invoices/seller-register.ts';
import { parseUbl } from '../modules/invoices/ubl-parser.ts';
import { DEMO_METERING_POINT } from './demo-household.ts';
import { demoHouseholdInvoices } from './demo-invoice-source.ts';
import { buildDemoInvoice, DEMO_INVOICE_NOTE, DEMO_SUPPLIER, invoiceableMonths } from './demo-invoices.ts';

const MP = DEMO_METERING_POINT.meteringPointId;
// 1 May 2026 00:00 and 01:00 in Oslo (UTC+2).
const MAY_1 = Date.parse('2026-04-30T22:00:00Z');
const product = { name: 'Spotpris Pluss', markupOrePerKwh: 5.9, monthlyFeeOre: 4900 };

describe('the demo invoice builder', () => {
  it('prices the lines from consumption × price, to the øre, with 25 % VAT on their sum', () => {
    const inv = buildDemoInvoice({
      month: '2026-05',
      meteringPointId: MP,
      buyerName: 'Demo Husholdning',
      hours: [
        { startMs: MAY_1, kwh: 1.5, spotOrePerKwh: 100 },
        { startMs: MAY_1 + 3_600_000, kwh: 2.25, spotOrePerKwh: 50.4 },
      ],
      product,
      vatRate: 0.25,
    });
    // 1.5 × 100 + 2.25 × 50.4 = 263.4 øre; 3.75 kWh × 5.9 = 22.125 øre; one month's fee 49 kr.
    expect(inv.lineOre).toEqual({ energy: 263, markup: 22, fee: 4900 });
    expect(inv.netOre).toBe(5185);
    expect(inv.vatOre).toBe(1296);
    expect(inv.payableOre).toBe(6481);
    expect(inv.issueDate).toBe('2026-06-05');
    expect(inv.dueDate).toBe('2026-06-20');

    const parsed = parseUbl(inv.xml);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.findings));
    expect(parsed.findings).toEqual([]);
    const doc = parsed.value;
    expect(doc.totals.lineExtensionOre).toBe(5185);
    expect(doc.taxTotalOre).toBe(1296);
    expect(doc.totals.payableOre).toBe(6481);
    expect(doc.meteringPointIds).toEqual([MP]);
    expect(doc.period).toEqual({ start: '2026-05-01', end: '2026-05-31' });
    expect(doc.seller.orgnr).toBe(DEMO_SUPPLIER.orgnr);
    expect(doc.seller.registrationName).toBe('Vestkyst Kraft (demo)');
    expect(doc.notes).toContain(DEMO_INVOICE_NOTE);
    const meaning = electricityMeaning(doc, 'supplier');
    expect(meaning.lines.map((l) => l.kind)).toEqual(['energy', 'markup', 'monthly_fee']);
    expect(meaning.consumption).toEqual([
      { meteringPointId: MP, start: '2026-05-01', end: '2026-05-31', kwh: 3.75 },
    ]);
    expect(meaning.product?.type).toBe('spot');
    expect(meaning.monthlyFeeOre).toBe(4900);
  });

  it('writes a household exempt from VAT under category E with its reason, which the reader accepts', () => {
    const inv = buildDemoInvoice({
      month: '2026-05',
      meteringPointId: MP,
      buyerName: 'Demo',
      hours: [{ startMs: MAY_1, kwh: 2, spotOrePerKwh: 80 }],
      product,
      vatRate: 0,
    });
    expect(inv.vatOre).toBe(0);
    const parsed = parseUbl(inv.xml);
    expect(parsed.ok && parsed.findings).toEqual([]);
  });

  it('escapes the buyer name and refuses hours outside the month', () => {
    const inv = buildDemoInvoice({
      month: '2026-05',
      meteringPointId: MP,
      buyerName: 'Ås & <Sønner>',
      hours: [{ startMs: MAY_1, kwh: 1, spotOrePerKwh: 80 }],
      product,
      vatRate: 0.25,
    });
    expect(parseUbl(inv.xml).ok).toBe(true);
    expect(() =>
      buildDemoInvoice({
        month: '2026-05',
        meteringPointId: MP,
        buyerName: 'Demo',
        hours: [{ startMs: MAY_1 - 3_600_000, kwh: 1, spotOrePerKwh: 80 }],
        product,
        vatRate: 0.25,
      }),
    ).toThrow(/outside 2026-05/);
  });

  it('invoices only months whose every metered hour is priced and whose invoice falls inside the 16 months', () => {
    const hours = [
      { startMs: MAY_1, kwh: 1 },
      { startMs: MAY_1 + 31 * 86_400_000, kwh: 1 }, // 1 June
    ];
    const priced = (t: number) => (t === MAY_1 ? 50 : undefined);
    expect(invoiceableMonths(hours, priced, new Date('2026-07-01T00:00:00Z')).map((m) => m.month)).toEqual([
      '2026-05',
    ]);
    // Not yet issued on the day before the 5th; gone once the 16 months have passed it.
    expect(invoiceableMonths(hours, priced, new Date('2026-06-04T12:00:00Z'))).toEqual([]);
    expect(invoiceableMonths(hours, priced, new Date('2027-10-06T12:00:00Z'))).toEqual([]);
    expect(invoiceableMonths(hours, priced, new Date('2027-10-05T12:00:00Z'))).toHaveLength(1);
  });
});

describe("the demo household's invoices", () => {
  const register = loadRegisterIndex([
    DEFAULT_REGISTER_PATH,
    `${import.meta.dirname}/../../demo/example-sellers.json`,
  ]);

  for (const asOf of ['2026-11-26T10:00:00Z', '2026-06-10T08:00:00Z', '2027-09-01T08:00:00Z']) {
    it(`made on ${asOf.slice(0, 10)}: dated inside the 16 months before it, each read unchanged by the strict reader`, () => {
      const now = new Date(asOf);
      const invoices = demoHouseholdInvoices(now);
      expect(invoices.length).toBeGreaterThan(0);
      for (const inv of invoices) {
        expect(inv.issueDate >= earliestIssueDate(now)).toBe(true);
        expect(inv.issueDate <= asOf.slice(0, 10)).toBe(true);
        const parsed = parseUbl(inv.xml);
        if (!parsed.ok) throw new Error(JSON.stringify(parsed.findings));
        expect(parsed.findings).toEqual([]);
        expect(parsed.value.totals.payableOre).toBe(inv.payableOre);
        expect(parsed.value.seller.registrationName).toMatch(/\(demo\)$/);
        // The demo register knows the seller as a power supplier: no bypass of the classification.
        expect(classifySeller(register, { orgnr: parsed.value.seller.orgnr, glns: [] }).kind).toBe(
          'supplier',
        );
      }
    });
  }

  it('on 26 November 2026: February to July 2026, the months with a price for every metered hour', () => {
    const invoices = demoHouseholdInvoices(new Date('2026-11-26T10:00:00Z'));
    // December 2025 has no spot price; 1 January has a EUR price but no Norges Bank rate.
    expect(invoices.map((i) => i.month)).toEqual([
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
      '2026-07',
    ]);
    for (const inv of invoices) {
      expect(inv.vatOre).toBe(Math.round(inv.netOre * 0.25));
      expect(inv.netOre).toBe(inv.lineOre.energy + inv.lineOre.markup + inv.lineOre.fee);
      // The household's current contract since 2025: 5.9 øre/kWh markup and 49 kr a month.
      expect(inv.lineOre.fee).toBe(4900);
      expect(inv.lineOre.markup).toBe(Math.round(inv.kwh * 5.9));
    }
  });
});
