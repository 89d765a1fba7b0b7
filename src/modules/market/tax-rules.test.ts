import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../platform/errors.ts';
import { osloToUtc } from '../../platform/time.ts';
import { hourlyTaxes, inTiltakssone, type Place, taxesOn, vatOn } from './tax-rules.ts';
import { parseTaxRules } from './tax-rules-data.ts';
import { DEFAULT_TAX_RULES_PATH, loadTaxRules } from './tax-rules-file.ts';

const rules = loadTaxRules();
const BERGEN: Place = { county: '46', municipality: '4601' };
const BODO: Place = { county: '18', municipality: '1804' };
const TROMSO: Place = { county: '55', municipality: '5501' };
const NORDREISA: Place = { county: '55', municipality: '5544' };
const ALTA: Place = { county: '56', municipality: '5601' };

describe('elavgift by date', () => {
  it.each([
    ['2023-12-31', 15.84],
    ['2024-01-01', 9.51],
    ['2024-03-31', 9.51],
    ['2024-04-01', 16.44],
    ['2024-12-31', 16.44],
    ['2025-01-01', 9.79],
    ['2025-03-31', 9.79],
    ['2025-04-01', 16.93],
    ['2025-06-30', 16.93],
    ['2025-07-01', 12.53],
    ['2025-12-31', 12.53],
    ['2026-01-01', 7.13],
    ['2026-03-31', 7.13],
    ['2026-04-01', 7.13],
    ['2026-12-31', 7.13],
  ])('on %s a household in Bergen pays %s øre/kWh ex VAT', (date, ore) => {
    const t = taxesOn(rules, date, BERGEN, 'household');
    expect(t.elavgift).toMatchObject({ kind: 'general', orePerKwhExVat: ore });
    expect(t.elavgift.source.url).toMatch(/^https:\/\//);
  });

  it('refuses a year the rules do not cover yet, naming the file to extend', () => {
    expect(() => taxesOn(rules, '2027-01-01', BERGEN, 'household')).toThrow(
      /elavgift.*2027-01-01.*electricity-taxes/,
    );
  });

  it('agrees with the rates on the real BKK invoices once VAT is added (to the invoice’s 3 decimals)', () => {
    const incl = (date: string) => taxesOn(rules, date, BERGEN, 'household').elavgift.orePerKwhExVat * 1.25;
    expect(Math.abs(incl('2025-10-15') - 15.662)).toBeLessThanOrEqual(0.0005 + 1e-9);
    expect(Math.abs(incl('2026-04-15') - 8.913)).toBeLessThanOrEqual(0.0005 + 1e-9);
    const enova = taxesOn(rules, '2026-04-15', BERGEN, 'household').enova.orePerKwhExVat * 1.25;
    expect(enova).toBeCloseTo(1.25, 10);
  });

  it('switches at Oslo midnight on New Year, not at UTC midnight', () => {
    const start = osloToUtc(2025, 12, 31, 22);
    const hours = [0, 1, 2, 3].map((i) => start + i * 3_600_000);
    const t = hourlyTaxes(rules, hours, BERGEN, 'household');
    expect([...t.elavgiftOreExVat]).toEqual([12.53, 12.53, 7.13, 7.13]);
    expect([...t.vatRate]).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(t.undecidedDays).toEqual([]);
  });
});

describe('VAT and elavgift by place and customer type', () => {
  it.each([
    ['Bergen', BERGEN, 'household', 0.25, 'general'],
    ['Bergen', BERGEN, 'business', 0.25, 'general'],
    ['Bodø', BODO, 'household', 0, 'general'],
    ['Bodø', BODO, 'cabin', 0, 'general'],
    ['Bodø', BODO, 'business', 0.25, 'general'],
    ['Tromsø', TROMSO, 'household', 0, 'general'],
    ['Nordreisa', NORDREISA, 'household', 0, 'exempt'],
    ['Nordreisa', NORDREISA, 'cabin', 0, 'exempt'],
    ['Nordreisa', NORDREISA, 'business', 0.25, 'reduced'],
    ['Alta', ALTA, 'household', 0, 'exempt'],
    ['Alta', ALTA, 'business', 0.25, 'reduced'],
  ] as const)('%s, %s: VAT %s, elavgift %s (2026)', (_name, place, type, vat, kind) => {
    const t = taxesOn(rules, '2026-02-10', place, type);
    expect(t.vatRate).toBe(vat);
    expect(t.elavgift.kind).toBe(kind);
    expect(t.elavgift.orePerKwhExVat).toBe(kind === 'general' ? 7.13 : kind === 'reduced' ? 0.6 : 0);
  });

  it('knows a business in the tiltakssone pays the reduced rate only where the rules record it', () => {
    expect(taxesOn(rules, '2024-06-01', ALTA, 'business').elavgift.orePerKwhExVat).toBe(0.58);
    expect(() => taxesOn(rules, '2025-06-01', ALTA, 'business')).toThrow(/reduced elavgift.*2025-06-01/);
  });

  it('uses the merged county Troms og Finnmark (54) and its numbers until 2023', () => {
    expect(vatOn(rules, '2023-12-31', { county: '54', municipality: '5401' }, 'household').rate).toBe(0);
    expect(inTiltakssone(rules, '2023-12-31', { county: '54', municipality: '5428' })).toBe(true);
    expect(inTiltakssone(rules, '2023-12-31', { county: '54', municipality: '5401' })).toBe(false);
    expect(inTiltakssone(rules, '2024-01-01', { county: '55', municipality: '5428' })).toBe(false);
    expect(inTiltakssone(rules, '2024-01-01', { county: '55', municipality: '5544' })).toBe(true);
    expect(
      taxesOn(rules, '2023-02-01', { county: '54', municipality: '5403' }, 'household').elavgift.kind,
    ).toBe('exempt');
  });

  it('leaves Troms without a municipality undecided and charges the general rate, saying so', () => {
    const place = { county: '55' };
    expect(inTiltakssone(rules, '2026-01-05', place)).toBeNull();
    expect(inTiltakssone(rules, '2026-01-05', { county: '56' })).toBe(true);
    expect(inTiltakssone(rules, '2026-01-05', { county: '18' })).toBe(false);
    const t = hourlyTaxes(rules, [osloToUtc(2026, 1, 5, 12)], place, 'household');
    expect(t.elavgiftOreExVat[0]).toBe(7.13);
    expect(t.undecidedDays).toEqual(['2026-01-05']);
  });

  it('derives the county from the municipality when only that is known', () => {
    expect(vatOn(rules, '2026-01-05', { county: null, municipality: '1804' }, 'household').rate).toBe(0);
    expect(vatOn(rules, '2026-01-05', { county: null }, 'household').rate).toBe(0.25);
  });
});

describe('the Enova fee', () => {
  it('is 1 øre/kWh for households and cabins and 800 kr a year per metering point for others', () => {
    for (const type of ['household', 'cabin'] as const) {
      expect(taxesOn(rules, '2026-02-10', BERGEN, type).enova).toMatchObject({
        orePerKwhExVat: 1,
        nokPerYearExVat: 0,
      });
    }
    expect(taxesOn(rules, '2026-02-10', BERGEN, 'business').enova).toMatchObject({
      orePerKwhExVat: 0,
      nokPerYearExVat: 800,
    });
    expect(taxesOn(rules, '2026-02-10', ALTA, 'household').enova.orePerKwhExVat).toBe(1);
  });
});

describe('the rules document', () => {
  const shipped = () => JSON.parse(fs.readFileSync(DEFAULT_TAX_RULES_PATH, 'utf8'));

  it('gives every dated entry a legal source with a link', () => {
    const doc = shipped();
    for (const list of [doc.elavgift, doc.enova, doc.stromstotte, doc.norgespris, doc.vat.standardRate]) {
      for (const entry of list) expect(entry.source.url).toMatch(/^https:\/\//);
    }
  });

  it('refuses overlapping periods, a missing source and a malformed date, saying where', () => {
    const doc = shipped();
    doc.elavgift[1].from = '2022-03-01';
    delete doc.enova[0].source;
    doc.norgespris[0].to = '2025-13-01';
    try {
      parseTaxRules(doc);
      expect.unreachable();
    } catch (e) {
      expect(isAppError(e) && e.code).toBe('validation_failed');
      const at = isAppError(e) ? e.details.map((d) => d.at) : [];
      expect(at).toEqual(expect.arrayContaining(['elavgift', 'enova[0].source', 'norgespris[0].to']));
    }
  });

  it('refuses another format', () => {
    expect(() => parseTaxRules({ ...shipped(), format: 'other' })).toThrow(/not valid/);
  });
});
