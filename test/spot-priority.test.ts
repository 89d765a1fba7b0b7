import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { MarketRepository } from '../src/modules/market/market.repository.ts';
import { MarketService } from '../src/modules/market/market.service.ts';
import { readNorgesBankRates } from '../src/modules/market/spot.ts';
import { calculateSavings } from '../src/modules/savings/calculate-savings.ts';
import { systemClock } from '../src/platform/clock.ts';
import { type Store, transactor } from '../src/platform/db/database.ts';
import { HOUR_MS, osloToUtc } from '../src/platform/time.ts';
import { readFixture } from './app.ts';
import { describeStores } from './stores.ts';

/*
 * February 2026 in NO5 from two real sources: the household recording's exact hourly NOK
 * prices (Nord Pool's, as the recorder saw them) and the same month's day-ahead prices as
 * an ENTSO-E PT15M document in EUR. Whichever comes first, every hour keeps its exact price.
 */
const recording = readFixture('conformance', 'hourly', 'bkk_februar_2026_hourly.json');
const entsoe = readFixture('..', 'test', 'fixtures', 'entsoe', 'pt15m-2026-02-no5.xml');
const rates = readNorgesBankRates(readFixture('conformance', 'hourly', 'nb_eur_nok_2026.json'));
const FEB = osloToUtc(2026, 2, 1);
const HOURS = 672;
const februaryHours = Float64Array.from({ length: HOURS }, (_, i) => FEB + i * HOUR_MS);
const exactPrices = (JSON.parse(recording) as { hours: { spot_nok_kwh_eks_mva: number }[] }).hours.map(
  (h) => h.spot_nok_kwh_eks_mva * 100,
);

describeStores('exact spot prices beside quarter-hours converted from EUR', (kind) => {
  let store: Store;
  let market: MarketService;

  beforeAll(async () => {
    store = await kind.open();
  });
  afterAll(async () => store?.close());
  beforeEach(async () => {
    await store.db.deleteFrom('spot_prices').execute();
    market = new MarketService(transactor(store.db), new MarketRepository(store.db), systemClock);
  });

  const importRecording = () => market.importSpot(recording, { area: 'NO5' });
  const importEntsoe = () => market.importSpot(entsoe, { rates });

  const expectFebruaryExact = async () => {
    const spot = await market.alignedSpot('NO5', februaryHours);
    expect([...spot.orePerKwh].filter((p) => !Number.isNaN(p))).toHaveLength(HOURS);
    expect([...spot.estimated].every((e) => e === 0)).toBe(true);
    expect(spot.sources).toEqual([{ source: 'meter-recording', estimated: false }]);
    expect([...spot.source].every((s) => s === 1)).toBe(true);
    for (let i = 0; i < HOURS; i++) expect(spot.orePerKwh[i]).toBeCloseTo(exactPrices[i] as number, 6);
    // The basis says who priced the hours.
    const r = calculateSavings({
      startMs: februaryHours,
      kwh: new Float64Array(HOURS).fill(1),
      spotOre: spot.orePerKwh,
      spotEstimated: spot.estimated,
      spotSource: spot.source,
      spotSources: spot.sources,
      offers: [],
      currentOfferId: null,
      vatRate: 0.25,
    });
    expect(r.basis.pricedHours).toBe(HOURS);
    expect(r.basis.months[0]?.priceSources).toEqual([
      { source: 'meter-recording', estimated: false, hours: HOURS },
    ]);
    expect(r.assumptions).not.toContain('estimated-prices');
  };

  it('keeps all 672 hours of February exact when the ENTSO-E document comes after the exact file', async () => {
    expect(await importRecording()).toMatchObject({ stored: HOURS, pricing: HOURS, keptBetter: 0 });
    const second = await importEntsoe();
    expect(second).toMatchObject({
      stored: HOURS * 4,
      estimated: HOURS * 4,
      pricing: 0,
      keptBetter: HOURS,
      unpriced: 0,
      disagreements: [],
    });
    await expectFebruaryExact();
  });

  it('keeps all 672 hours of February exact when the ENTSO-E document comes first', async () => {
    const first = await importEntsoe();
    expect(first).toMatchObject({ stored: HOURS * 4, pricing: HOURS, keptBetter: 0 });
    // Until the exact file comes, the converted quarter-hours price the month, and say so.
    const before = await market.alignedSpot('NO5', februaryHours);
    expect([...before.orePerKwh].every((p) => !Number.isNaN(p))).toBe(true);
    expect(before.sources).toEqual([{ source: 'entsoe-day-ahead', estimated: true }]);
    expect(await importRecording()).toMatchObject({ stored: HOURS, pricing: HOURS, keptBetter: 0 });
    await expectFebruaryExact();
    // Importing the document again changes nothing: the exact prices still stand.
    expect(await importEntsoe()).toMatchObject({ pricing: 0, keptBetter: HOURS });
    await expectFebruaryExact();
  });

  it('reports two exact sources that disagree, naming both, and keeps the first', async () => {
    const start = '2026-02-10T08:00:00+01:00';
    const nordPool = (price: number) =>
      JSON.stringify({
        format: 'elvakt-spot/1',
        area: 'NO5',
        unit: 'øre/kWh',
        resolution: 'PT15M',
        source: 'Nord Pool',
        prices: [0, 15, 30, 45].map((m) => ({
          start: new Date(Date.parse(start) + m * 60_000).toISOString(),
          price,
        })),
      });
    await importRecording();
    const hour = (Date.parse(start) - FEB) / HOUR_MS;
    const recorded = exactPrices[hour] as number;
    const report = await market.importSpot(nordPool(recorded + 3));
    expect(report).toMatchObject({ stored: 4, pricing: 0, keptBetter: 1 });
    expect(report.disagreements).toEqual([
      expect.objectContaining({
        kept: 'meter-recording',
        other: 'spot-file:Nord Pool',
        hours: 1,
        firstMs: Date.parse(start),
      }),
    ]);
    expect(report.disagreements[0]?.largestOre).toBeCloseTo(3, 6);
    const spot = await market.alignedSpot('NO5', februaryHours);
    expect(spot.orePerKwh[hour]).toBeCloseTo(recorded, 6);
    // The same prices again agree: no finding.
    expect((await market.importSpot(nordPool(recorded))).disagreements).toEqual([]);
  });
});
