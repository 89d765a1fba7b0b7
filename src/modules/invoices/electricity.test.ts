import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyLine, electricityMeaning, type LineKind, type SellerKind } from './electricity.ts';
import type { Line, UblDocument } from './ubl.ts';
import { parseUbl } from './ubl-parser.ts';

const ROOT = path.join(import.meta.dirname, '..', '..', '..');
const doc = (...parts: string[]): UblDocument => {
  const r = parseUbl(fs.readFileSync(path.join(ROOT, ...parts)));
  if (!r.ok) throw new Error(JSON.stringify(r.findings));
  return r.value;
};

const line = (itemName: string, unitCode: string | null): Line => ({
  id: '1',
  quantity: { text: '1', value: 1 },
  unitCode,
  lineAmountOre: 100,
  price: null,
  baseQuantity: null,
  itemName,
  description: null,
  sellersItemId: null,
  taxCategory: 'S',
  taxPercent: 25,
  period: null,
  meteringPointId: null,
  allowanceCharges: [],
  note: null,
});

describe('what an invoice line is', () => {
  it.each<[string, string | null, SellerKind, LineKind]>([
    ['Energiledd dag', 'KWH', 'grid', 'grid_energy'],
    ['Energiledd natt/helg', 'KWH', 'grid', 'grid_energy'],
    ['Energiledd, nettleie', 'KWH', 'grid', 'grid_energy'],
    ['Kapasitet 2-5 kW', 'DAY', 'grid', 'grid_fixed'],
    ['Kapasitetsledd trinn 2', 'MON', 'grid', 'grid_fixed'],
    ['Fastledd', 'MON', 'grid', 'grid_fixed'],
    ['Fastbeløp, nettleie', 'DAY', 'grid', 'grid_fixed'],
    ['Fastbeløp', 'MON', 'grid', 'grid_fixed'],
    ['Fastbeløp', 'MON', 'supplier', 'monthly_fee'],
    ['Månedsavgift', 'MON', 'supplier', 'monthly_fee'],
    ['Forbruksavgift', 'KWH', 'grid', 'consumption_tax'],
    ['Elavgift', 'KWH', 'grid', 'consumption_tax'],
    ['Enovaavgift', 'KWH', 'grid', 'enova'],
    ['Enovapåslag', 'KWH', 'supplier', 'enova'],
    ['Strømstøtte', 'KWH', 'grid', 'stromstotte'],
    ['Norgespris', 'KWH', 'grid', 'norgespris'],
    ['Påslag', 'KWH', 'supplier', 'markup'],
    ['Påslag spotpris', 'KWH', 'supplier', 'markup'],
    ['Strøm, spotpris med påslag', 'KWH', 'supplier', 'energy'],
    ['Spotpris', 'KWH', 'supplier', 'energy'],
    ['Fastpris 12 mnd', 'KWH', 'supplier', 'energy'],
    ['Elsertifikater', 'KWH', 'supplier', 'certificates'],
    ['Opprinnelsesgarantier', 'KWH', 'supplier', 'certificates'],
    ['Rabatt', null, 'supplier', 'discount'],
    // A kWh kind without kWh is not guessed.
    ['Spotpris', 'MON', 'supplier', 'unknown'],
    ['Gebyr papirfaktura', 'EA', 'supplier', 'unknown'],
    ['Forsikring', 'MON', 'supplier', 'unknown'],
  ])('%s (%s, %s) is %s', (name, unit, seller, kind) => {
    expect(classifyLine(line(name, unit), seller)).toBe(kind);
  });
});

describe('the electricity meaning of an invoice', () => {
  it('reads a grid invoice with Norgespris: kWh counted once, every part of the grid rent', () => {
    const e = electricityMeaning(doc('test', 'fixtures', 'ehf', 'grid-invoice-2026-04.xml'), 'grid');
    expect(e.consumption).toEqual([
      { meteringPointId: '707057500123456785', start: '2026-04-01', end: '2026-04-30', kwh: 1381.83 },
    ]);
    expect(e.grid).toEqual({
      energyOre: 17_861 + 7_990,
      energyOrePerKwh: 18.71,
      fixedOre: 20_000,
      consumptionTaxOre: 9_853,
      enovaOre: 1_382,
    });
    expect(e.onNorgespris).toBe(true);
    expect(e.norgesprisOre).toBe(-114_231);
    expect(e.product).toBeNull();
    expect(e.payableOre).toBe(-71_431);
    expect(e.vatOre).toBe(-14_286);
    expect(e.unknownLines).toBe(0);
  });

  it('reads a supplier invoice: energy price, monthly fee and the product with its confidence', () => {
    const e = electricityMeaning(doc('test', 'fixtures', 'ehf', 'supplier-invoice-2026-05.xml'), 'supplier');
    expect(e.consumption).toEqual([
      { meteringPointId: '707057500123456785', start: '2026-04-01', end: '2026-04-30', kwh: 1381.83 },
    ]);
    expect(e.energyOrePerKwh).toBe(110.92);
    expect(e.monthlyFeeOre).toBe(3_920);
    expect(e.markupOrePerKwh).toBeNull();
    expect(e.product).toEqual({ type: 'spot', confidence: 'high', basis: 'spot' });
    expect(e.grid).toBeNull();
  });

  it('reads the official EHF grid invoice and counts its credit note against it', () => {
    const invoice = electricityMeaning(
      doc('fixtures', 'conformance', 'ehf', 'Invoice_EHF3.0_forward-billing-nettleie-consumer_v2.0.xml'),
      'grid',
    );
    expect(invoice.consumption).toEqual([
      { meteringPointId: '707057500011223344', start: '2019-03-01', end: '2019-05-01', kwh: 2561 },
    ]);
    expect(invoice.grid).toMatchObject({ energyOre: 106_358, energyOrePerKwh: 41.53, fixedOre: 17_113 });
    const credit = electricityMeaning(
      doc('fixtures', 'conformance', 'ehf', 'Creditnote_EHF3.0_forward-billing-nettleie-consumer_v2.0.xml'),
      'grid',
    );
    expect(credit.consumption[0]?.kwh).toBe(-2561);
    expect(credit.payableOre).toBe(-invoice.payableOre);
    expect(credit.grid?.energyOre).toBe(-106_358);
  });

  it('keeps unknown lines as unknown and counts nothing from them', () => {
    const d = doc('fixtures', 'conformance', 'peppol', 'Norwegian-example-1.xml');
    const e = electricityMeaning(d, 'supplier');
    expect(e.unknownLines).toBe(d.lines.length);
    expect(e.consumption).toEqual([]);
    expect(e.energyOrePerKwh).toBeNull();
    expect(e.product).toBeNull();
  });

  it('reads a reminder as a reminder, with no consumption', () => {
    const e = electricityMeaning(doc('fixtures', 'conformance', 'ehf', 'Reminder-Example.xml'), 'supplier');
    expect(e.lines.every((l) => l.kind === 'reminder')).toBe(true);
    expect(e.consumption).toEqual([]);
    expect(e.product).toBeNull();
  });
});
