import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseOfferFile } from './offers.ts';
import {
  ExchangeRates,
  readEurHourly,
  readNorgesBankRates,
  readRecordingSpot,
  readSpotJson,
} from './spot.ts';
import { vatFor } from './vat.ts';

const HOURLY = path.join(import.meta.dirname, '..', '..', '..', 'fixtures', 'conformance', 'hourly');
const read = (name: string) => fs.readFileSync(path.join(HOURLY, name), 'utf8');

describe('exchange rates', () => {
  const rates = readNorgesBankRates(read('nb_eur_nok_2026.json'));

  it('reads the Norges Bank file', () => {
    expect(rates.size).toBe(96);
    expect(rates.rateOn('2026-01-02')).toBe(11.7985);
  });

  it('forward-fills over weekends and holidays, and not before the first rate', () => {
    // 3–4 January 2026 is a weekend: Friday's rate stands.
    expect(rates.rateOn('2026-01-03')).toBe(11.7985);
    expect(rates.rateOn('2026-01-04')).toBe(11.7985);
    expect(rates.rateOn('2026-01-05')).toBe(11.7795);
    expect(rates.rateOn('2026-01-01')).toBeUndefined();
  });

  it('does not stretch a rate over more than a week', () => {
    const r = new ExchangeRates([{ date: '2026-01-01', rate: 11 }]);
    expect(r.rateOn('2026-01-08')).toBe(11);
    expect(r.rateOn('2026-01-09')).toBeUndefined();
  });
});

describe('spot price readers', () => {
  it("converts EUR/MWh at the day's rate into øre/kWh and marks it estimated", () => {
    const rates = readNorgesBankRates(read('nb_eur_nok_2026.json'));
    const r = readEurHourly(read('nordpool_eur_no5_2026.json'), rates);
    const jan2 = r.points.find((p) => p.startMs === Date.parse('2026-01-02T00:00:00+01:00'));
    expect(jan2?.area).toBe('NO5');
    expect(jan2?.estimated).toBe(true);
    expect(jan2?.orePerKwh).toBeCloseTo(((jan2?.eurPerMwh ?? 0) * 11.7985) / 10, 10);
    // 1 January has no published rate on or before it in the file: those 24 hours are refused, not guessed.
    expect(r.rejected.filter((x) => x.reason.includes('no EUR/NOK rate'))).toHaveLength(24);
  });

  it('takes the exact NOK price from a meter recording', () => {
    const r = readRecordingSpot(read('bkk_mars_2026_hourly.json'), 'NO5');
    expect(r.points).toHaveLength(743);
    expect(r.points[0]?.orePerKwh).toBeCloseTo(97.02, 10);
    expect(r.points[0]?.estimated).toBe(false);
  });

  it('reads our own format at 15 and 60 minutes, and refuses what is off the grid', () => {
    const doc = {
      format: 'elvakt-spot/1',
      area: 'NO1',
      unit: 'NOK/kWh',
      resolution: 'PT15M',
      prices: [
        { start: '2025-10-01T00:00:00+02:00', price: 0.5 },
        { start: '2025-10-01T00:15:00+02:00', price: 0.7 },
        { start: '2025-10-01T00:20:00+02:00', price: 0.7 },
        { start: '2025-10-01T00:30:00', price: 0.7 },
      ],
    };
    const r = readSpotJson(JSON.stringify(doc), undefined);
    expect(r.points.map((p) => [p.resolutionMinutes, p.orePerKwh])).toEqual([
      [15, 50],
      [15, 70],
    ]);
    expect(r.rejected.map((x) => x.at)).toEqual(['prices[2]', 'prices[3]']);
  });

  it('names every problem of a malformed file', () => {
    const r = readSpotJson(
      JSON.stringify({ format: 'elvakt-spot/1', area: 'NO9', unit: 'USD', resolution: 'P1D' }),
      undefined,
    );
    expect(r.points).toEqual([]);
    expect(r.rejected.map((x) => x.at)).toEqual(['area', 'resolution', 'unit', 'prices']);
  });
});

describe('offer files', () => {
  const valid = {
    id: 'x-spot',
    supplier: { name: 'X AS', orgnr: '811143758' },
    name: 'Spot',
    type: 'spot',
    areas: ['NO1'],
    markupOrePerKwh: 1.9,
    monthlyFeeOre: 3900,
    validFrom: '2026-01-01',
  };

  it('reads the demo catalogue', () => {
    const r = parseOfferFile(
      fs.readFileSync(path.join(import.meta.dirname, '..', '..', '..', 'demo', 'offers.json'), 'utf8'),
    );
    expect(r.rejected).toEqual([]);
    expect(r.offers).toHaveLength(5);
    expect(r.offers.every((o) => o.isDemo)).toBe(true);
  });

  it('fills defaults', () => {
    const r = parseOfferFile(JSON.stringify({ format: 'elvakt-offers/1', offers: [valid] }));
    expect(r.offers[0]).toMatchObject({
      customerType: 'household',
      bindingMonths: 0,
      validTo: null,
      isDemo: false,
    });
  });

  it.each([
    [{ type: 'fixed' }, 'offers[0].energyPriceOrePerKwh'],
    [{ areas: ['NO6'] }, 'offers[0].areas'],
    [{ monthlyFeeOre: 39.5 }, 'offers[0].monthlyFeeOre'],
    [{ validFrom: '2026-02-30' }, 'offers[0].validFrom'],
    [{ validTo: '2025-01-01' }, 'offers[0].validTo'],
    [{ id: 'Has Spaces' }, 'offers[0].id'],
    [{ supplier: { name: '' } }, 'offers[0].supplier.name'],
  ])('refuses %j at %s', (patch, at) => {
    const r = parseOfferFile(JSON.stringify({ format: 'elvakt-offers/1', offers: [{ ...valid, ...patch }] }));
    expect(r.offers).toEqual([]);
    expect(r.rejected.map((x) => x.at)).toContain(at);
  });

  it('refuses a file of another format', () => {
    expect(parseOfferFile('{"offers":[]}').fileProblem).toMatch(/format/);
    expect(parseOfferFile('not json').fileProblem).toBe('not JSON');
  });
});

describe('VAT on electricity', () => {
  it.each([
    ['household', '46', 0.25],
    ['household', null, 0.25],
    ['household', '18', 0],
    ['household', '55', 0],
    ['household', '56', 0],
    ['household', '54', 0],
    ['cabin', '18', 0],
    ['business', '18', 0.25],
  ] as const)('%s in county %s pays %s', (type, county, rate) => {
    expect(vatFor(type, county).rate).toBe(rate);
  });
});
