import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../platform/clock.ts';
import type { Transactor } from '../../platform/db/database.ts';
import { HOUR_MS } from '../../platform/time.ts';
import { readEntsoe } from './entsoe.ts';
import type { MarketRepository, StoredSpot } from './market.repository.ts';
import { MarketService } from './market.service.ts';
import { parseOfferFile } from './offers.ts';
import {
  ExchangeRates,
  readEurHourly,
  readNorgesBankRates,
  readRecordingSpot,
  readSpotJson,
  type SpotPoint,
} from './spot.ts';
import { resolveHours } from './spot-resolution.ts';
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

describe('hourly prices for hourly consumption', () => {
  const t0 = Date.parse('2025-10-02T00:00:00+02:00');
  const q = (minutes: number, orePerKwh: number, estimated = false, resolutionMinutes = 15): StoredSpot => ({
    startMs: t0 + minutes * 60_000,
    resolutionMinutes,
    orePerKwh,
    estimated,
    source: resolutionMinutes === 60 ? 'hourly-file' : 'quarter-file',
    arrival: 1,
  });

  it('gives an hour priced in quarters the mean of its four, and an hour priced whole its price', () => {
    const rows = [q(0, 10.1), q(15, 20.2), q(30, 30.3), q(45, 40.4, true), q(60, 55.5, false, 60)];
    const h = resolveHours(rows, t0, 2);
    expect(h.orePerKwh[0]).toBeCloseTo((10.1 + 20.2 + 30.3 + 40.4) / 4, 9);
    expect(h.orePerKwh[1]).toBe(55.5);
    expect([...h.estimated]).toEqual([1, 0]);
  });

  it('leaves an hour with a quarter missing or off the grid unknown, and prices a whole hour beside stray quarters', () => {
    const rows = [
      ...[0, 15, 45].map((m) => q(m, 50, true)),
      q(60, 50, false, 60),
      q(75, 60),
      ...[120, 135, 150].map((m) => q(m, 50)),
      q(170, 50),
      ...[180, 195, 210, 225].map((m) => q(m, 7)),
    ];
    const h = resolveHours(rows, t0, 5);
    expect(Number.isNaN(h.orePerKwh[0])).toBe(true);
    // An hourly price is a whole hour; one quarter from another source is not, and does not unprice it.
    expect(h.orePerKwh[1]).toBe(50);
    expect(Number.isNaN(h.orePerKwh[2])).toBe(true);
    expect(h.orePerKwh[3]).toBe(7);
    // An unknown hour is not counted as an estimated price either.
    expect([...h.estimated]).toEqual([0, 0, 0, 0, 0]);
    expect(Number.isNaN(h.orePerKwh[4])).toBe(true);
  });

  it('prices the 25 hours of the autumn DST day from ENTSO-E quarter prices', async () => {
    const fixtures = path.join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'entsoe');
    const read = (name: string) => fs.readFileSync(path.join(fixtures, name), 'utf8');
    const rates = readNorgesBankRates(read('eur-nok.json'));
    const points = readEntsoe(read('dst-2025-10-26-pt15m-no5.xml'), rates).points.map((p) => ({
      ...p,
      arrival: 1,
    }));
    const service = (rows: readonly StoredSpot[]) => {
      const repo = {
        spotRange: async (_area: string, from: number, to: number) =>
          rows.filter((r) => r.startMs >= from && r.startMs < to),
      } as unknown as MarketRepository;
      return new MarketService({} as Transactor, repo, systemClock);
    };
    const dayStart = Date.parse('2025-10-25T22:00:00Z');
    const hours = Float64Array.from({ length: 25 }, (_, i) => dayStart + i * HOUR_MS);
    const rate = 11.6655;
    const all = await service(points).alignedSpot('NO5', hours);
    expect(all.orePerKwh[0]).toBeCloseTo((40 * rate) / 10, 9);
    expect(all.orePerKwh[1]).toBeCloseTo((((39 + 37 + 36 + 35) / 4) * rate) / 10, 9);
    // 01:00Z is the second 02:00 in Oslo; 22:00Z is 23:00, the 25th hour.
    expect(all.orePerKwh[3]).toBeCloseTo((38 * rate) / 10, 9);
    expect(all.orePerKwh[24]).toBeCloseTo((((38 * 3 + 61.4) / 4) * rate) / 10, 9);
    expect([...all.estimated].every((e) => e === 1)).toBe(true);

    const missing = Date.parse('2025-10-26T01:15:00Z');
    const gap = await service(points.filter((p) => p.startMs !== missing)).alignedSpot('NO5', hours);
    expect(Number.isNaN(gap.orePerKwh[3])).toBe(true);
    expect(gap.orePerKwh[2]).toBeCloseTo((35 * rate) / 10, 9);
    expect(gap.orePerKwh[4]).toBeCloseTo((38 * rate) / 10, 9);
  });
});

describe('importing an ENTSO-E document', () => {
  const fixtures = path.join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'entsoe');
  const read = (name: string) => fs.readFileSync(path.join(fixtures, name), 'utf8');
  const rates = readNorgesBankRates(read('eur-nok.json'));
  const withStore = () => {
    const stored: SpotPoint[] = [];
    const repo = {
      with: () => repo,
      nextSpotImport: async () => 1,
      upsertSpot: async (points: readonly SpotPoint[]) => {
        stored.push(...points);
        return points.length;
      },
      spotRange: async (area: string, from: number, to: number) =>
        stored
          .filter((p) => p.area === area && p.startMs >= from && p.startMs < to)
          .map((p) => ({ ...p, arrival: 1 })),
    } as unknown as MarketRepository;
    const tx = { run: (work: (db: never) => Promise<unknown>) => work({} as never) } as Transactor;
    return { stored, market: new MarketService(tx, repo, systemClock) };
  };

  it('stores the prices of every area the document names', async () => {
    const { stored, market } = withStore();
    const report = await market.importSpot(read('two-areas-no1-no5.xml'), { rates });
    expect(report).toMatchObject({
      stored: 72,
      estimated: 72,
      from: '2025-09-28T22:00:00.000Z',
      to: '2025-09-30T21:00:00.000Z',
      rejected: [],
    });
    expect(new Set(stored.map((p) => p.area))).toEqual(new Set(['NO1', 'NO5']));
  });

  it('refuses an acknowledgement with its reason, and EUR without rates, storing nothing', async () => {
    const { stored, market } = withStore();
    await expect(market.importSpot(read('acknowledgement.xml'), { rates })).rejects.toMatchObject({
      code: 'validation_failed',
      message: expect.stringMatching(/^ENTSO-E document refused: No matching data found for Data item/),
    });
    await expect(market.importSpot(read('pt60m-day-no1.xml'))).rejects.toMatchObject({
      message: 'ENTSO-E document refused: Prices in EUR need a Norges Bank exchange-rate file (--rates).',
    });
    expect(stored).toEqual([]);
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
    expect(r.offers).toHaveLength(9);
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
    ['cabin', '18', 0],
    ['business', '18', 0.25],
  ] as const)('%s in county %s pays %s', (type, county, rate) => {
    expect(vatFor(type, county, new Date('2026-06-01T10:00:00Z')).rate).toBe(rate);
  });

  it('follows the rules file through county reforms: Troms og Finnmark (54) until 2023', () => {
    expect(vatFor('household', '54', new Date('2023-06-01T10:00:00Z'))).toEqual({
      rate: 0,
      reason: 'north-norway-household',
      county: '54',
    });
    expect(vatFor('household', '55', new Date('2024-06-01T10:00:00Z')).rate).toBe(0);
  });
});
