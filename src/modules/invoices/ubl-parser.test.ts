import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { UblDocument } from './ubl.ts';
import { parseUbl } from './ubl-parser.ts';

const CONFORMANCE = path.join(import.meta.dirname, '..', '..', '..', 'fixtures', 'conformance');
const read = (...parts: string[]) => fs.readFileSync(path.join(CONFORMANCE, ...parts));

const accepted = (...parts: string[]): { value: UblDocument; rules: string[] } => {
  const r = parseUbl(read(...parts));
  if (!r.ok) throw new Error(`${parts.join('/')} refused: ${JSON.stringify(r.findings)}`);
  return { value: r.value, rules: r.findings.map((f) => `${f.severity}:${f.rule}`) };
};

const lines = (d: UblDocument) =>
  d.lines.map((l) => [
    l.id,
    l.quantity.text,
    l.unitCode,
    l.lineAmountOre,
    l.price?.text ?? null,
    l.taxCategory,
  ]);

describe('official EHF 3.0 forward-billing examples (grid rent)', () => {
  it('reads the consumer invoice whole, with the known traps as warnings', () => {
    const { value: d, rules } = accepted('ehf', 'Invoice_EHF3.0_forward-billing-nettleie-consumer_v2.0.xml');
    expect(d).toMatchObject({
      kind: 'invoice',
      variant: 'forward_billing',
      id: '0997462625',
      issueDate: '2019-04-01',
      dueDate: '2019-05-12',
      typeCode: '82',
      currency: 'NOK',
      buyerReference: 'NA',
      notes: ['Målernummer 008003761, Plassering: Sikringsskap'],
      endCustomerName: 'Ola Nordmann',
      meteringPointIds: ['707057500011223344'],
      deliveryAddress: { street: 'Anleggsadressen 12', city: 'Oslo', postalZone: '1144', country: 'NO' },
      paymentMeans: [
        { code: '31', paymentId: '0003434323213231', account: 'NO9386011117947', bic: 'DNBANOKK' },
      ],
      taxTotalOre: 30_863,
      taxSubtotals: [{ category: 'S', percent: 25, taxableOre: 123_471, taxOre: 30_863 }],
      totals: {
        lineExtensionOre: 123_471,
        taxExclusiveOre: 123_471,
        taxInclusiveOre: 154_334,
        payableOre: 154_334,
        prepaidOre: null,
      },
      attachments: [{ filename: 'originalinvoice.pdf', mimeCode: 'application/pdf', bytes: 22 }],
    });
    expect(d.seller).toMatchObject({
      orgnr: '811143758',
      vatId: 'NO811143758MVA',
      gln: ['7080001234567'],
      registrationName: 'Havblikk Nett AS',
      endpoint: { scheme: '0192', id: '811143758' },
      address: { street: 'Storoveien 4', city: 'Oslo', postalZone: '0542', country: 'NO' },
    });
    expect(d.buyer).toMatchObject({ orgnr: '123456789', registrationName: 'Kraftselskapet AS' });
    expect(lines(d)).toEqual([
      ['1', '61', 'DAY', 17_113, '1024', 'S'],
      ['2', '2561.00', 'KWH', 106_358, '0.4153', 'S'],
    ]);
    expect(d.lines[0]?.baseQuantity?.value).toBe(365);
    expect(d.lines[0]?.period).toEqual({ start: '2019-05-01', end: '2019-07-01' });
    expect(d.lines[1]?.period).toEqual({ start: '2019-03-01', end: '2019-05-01' });
    expect(d.lines[0]?.sellersItemId).toBe('a23454');
    // The traps: a wrong metering point check digit and a buyer org.nr failing mod 11 are findings, not refusals.
    expect(rules).toEqual([
      'warning:BR-CO-17',
      'warning:PEPPOL-COMMON-R040',
      'warning:PEPPOL-COMMON-R041',
      'warning:ELVAKT-MPID-CHECK',
    ]);
    // The end customer's birth date (the reference's ID) is not carried into the value.
    expect(JSON.stringify(d)).not.toContain('1985-02-14');
  });

  it('reads the corporate invoice and both credit notes', () => {
    const corporate = accepted('ehf', 'Invoice_EHF3.0_forward-billing-nettleie-corporate_v2.0.xml');
    expect(corporate.value.endCustomerName).toBeNull();
    expect(corporate.value.buyer.orgnr).toBe('987654325');
    expect(corporate.rules).not.toContain('warning:PEPPOL-COMMON-R041');
    for (const [file, customer] of [
      ['Creditnote_EHF3.0_forward-billing-nettleie-consumer_v2.0.xml', 'Kari Nordmann'],
      ['Creditnote_EHF3.0_forward-billing-nettleie-corporate_v2.0.xml', null],
    ] as const) {
      const { value: d, rules } = accepted('ehf', file);
      expect(d).toMatchObject({
        kind: 'credit_note',
        typeCode: '81',
        id: '0997462625',
        endCustomerName: customer,
        totals: { payableOre: 154_334 },
        paymentMeans: [{ code: '30' }],
      });
      expect(lines(d)).toEqual([
        ['1', '61', 'DAY', 17_113, '1024', 'S'],
        ['2', '2561.00', 'KWH', 106_358, '0.4153', 'S'],
      ]);
      expect(d.attachments[0]?.filename).toBe('originalcreditnote.pdf');
      expect(rules).toContain('warning:ELVAKT-MPID-CHECK');
    }
  });

  it('reads the EHF reminder as a reminder that refers to the invoice it reminds of', () => {
    const { value: d } = accepted('ehf', 'Reminder-Example.xml');
    expect(d).toMatchObject({
      kind: 'invoice',
      variant: 'reminder',
      id: '007',
      typeCode: null,
      billingReferences: ['006'],
      totals: {
        lineExtensionOre: 130_000,
        chargeTotalOre: 12_500,
        taxExclusiveOre: 142_500,
        payableOre: 175_625,
      },
      taxSubtotals: [
        { category: 'S', percent: 25, taxableOre: 132_500, taxOre: 33_125 },
        { category: 'E', percent: 0, taxableOre: 10_000, taxOre: 0 },
      ],
    });
    expect(d.allowanceCharges.map((a) => [a.charge, a.amountOre, a.taxCategory])).toEqual([
      [true, 2_500, 'S'],
      [true, 10_000, 'E'],
    ]);
  });
});

describe('official PEPPOL BIS Billing 3.0 examples', () => {
  it('reads the Norwegian national example, with prepaid amount, rounding and three tax categories', () => {
    const { value: d, rules } = accepted('peppol', 'Norwegian-example-1.xml');
    expect(rules).toEqual([]);
    expect(d).toMatchObject({
      id: 'TOSL108',
      issueDate: '2013-06-30',
      currency: 'NOK',
      period: { start: '2013-06-01', end: '2013-06-30' },
      taxTotalOre: 36_528,
      totals: {
        lineExtensionOre: 143_650,
        allowanceTotalOre: 10_000,
        chargeTotalOre: 10_000,
        taxInclusiveOre: 180_178,
        prepaidOre: 100_000,
        roundingOre: 22,
        payableOre: 80_200,
      },
    });
    expect(d.seller).toMatchObject({ orgnr: '123456785', vatId: 'NO123456785MVA', gln: ['1238764941386'] });
    expect(d.taxSubtotals.map((s) => [s.category, s.percent, s.taxableOre, s.taxOre])).toEqual([
      ['S', 25, 146_050, 36_513],
      ['S', 15, 100, 15],
      ['E', 0, -2_500, 0],
    ]);
    expect(lines(d)).toEqual([
      ['1', '1', 'NAR', 127_300, '1273', 'S'],
      ['2', '-1', 'NAR', -396, '3.96', 'S'],
      ['3', '2', 'NAR', 496, '2.48', 'S'],
      ['4', '-1', 'NAR', -2_500, '25', 'E'],
      ['5', '250', 'MTR', 18_750, '0.75', 'S'],
    ]);
    expect(d.lines[0]?.allowanceCharges).toHaveLength(2);
    expect(d.attachments.map((a) => [a.filename, a.bytes, a.uri])).toEqual([
      [null, null, 'http://www.suppliersite.eu/sheet001.html'],
      ['Hours-spent.csv', 21, null],
    ]);
    // Contact persons, phone numbers and e-mail addresses are not read.
    expect(JSON.stringify(d)).not.toContain('antonio@salescompany.no');
  });

  it('reads allowances and charges at document and line level', () => {
    const { value: d } = accepted('peppol', 'Allowance-example.xml');
    expect(d.currency).toBe('EUR');
    expect(d.allowanceCharges.map((a) => [a.charge, a.amountOre])).toEqual([
      [true, 20_000],
      [false, 20_000],
    ]);
    expect(d.totals).toMatchObject({ lineExtensionOre: 590_000, prepaidOre: 100_000, payableOre: 612_500 });
    expect(d.lines.map((l) => [l.allowanceCharges.length, l.baseQuantity?.text ?? null])).toEqual([
      [2, '1'],
      [0, '2'],
      [2, null],
    ]);
  });

  it('reads every VAT category example', () => {
    expect(
      accepted('peppol', 'Vat-category-S.xml').value.taxSubtotals.map((s) => [s.category, s.percent]),
    ).toEqual([
      ['S', 25],
      ['S', 15],
    ]);
    for (const [file, category, percent, currency] of [
      ['vat-category-E.xml', 'E', 0, 'GBP'],
      ['vat-category-Z.xml', 'Z', 0, 'GBP'],
      ['vat-category-O.xml', 'O', null, 'SEK'],
    ] as const) {
      const { value: d, rules } = accepted('peppol', file);
      expect(rules).toEqual([]);
      expect(d.currency).toBe(currency);
      expect(d.taxSubtotals).toHaveLength(1);
      expect(d.taxSubtotals[0]).toMatchObject({ category, percent, taxOre: 0 });
    }
  });

  it('reads corrections: a credit note referring to its invoice and a negative invoice', () => {
    const credit = accepted('peppol', 'base-creditnote-correction.xml').value;
    expect(credit).toMatchObject({ kind: 'credit_note', typeCode: '381', billingReferences: ['Snippet1'] });
    expect(credit.totals.payableOre).toBe(165_625);
    const negative = accepted('peppol', 'base-negative-inv-correction.xml').value;
    expect(negative).toMatchObject({ kind: 'invoice', id: 'Correction1', billingReferences: ['Snippet1'] });
    expect(negative.totals).toMatchObject({ lineExtensionOre: -130_000, payableOre: -165_625 });
    expect(lines(negative)).toEqual([
      ['1', '-7', 'DAY', -280_000, '400', 'S'],
      ['2', '3', 'DAY', 150_000, '500', 'S'],
    ]);
  });

  it('reads the base example and the sales-order example', () => {
    for (const file of ['base-example.xml', 'sales-order-example.xml']) {
      const { value: d } = accepted('peppol', file);
      expect(d).toMatchObject({ id: 'Snippet1', issueDate: '2017-11-13', typeCode: '380', currency: 'EUR' });
      expect(d.totals).toMatchObject({
        taxExclusiveOre: 132_500,
        taxInclusiveOre: 165_625,
        payableOre: 165_625,
      });
    }
  });

  it('accepts every conformance file', () => {
    for (const dir of ['ehf', 'peppol']) {
      for (const file of fs.readdirSync(path.join(CONFORMANCE, dir))) {
        expect(parseUbl(read(dir, file)).ok, `${dir}/${file}`).toBe(true);
      }
    }
  });
});
