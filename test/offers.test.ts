import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../src/migrations/index.ts';
import { MarketRepository } from '../src/modules/market/market.repository.ts';
import type { MarketService } from '../src/modules/market/market.service.ts';
import { NO_CONDITIONS, parseOfferFile } from '../src/modules/market/offers.ts';
import { openStore } from '../src/platform/db/database.ts';
import { migrate } from '../src/platform/db/migrator.ts';
import { startTestApp, type TestApp } from './app.ts';
import { describeStores } from './stores.ts';

const v2 = (...offers: unknown[]) => JSON.stringify({ format: 'elvakt-offers/2', source: 'test', offers });
const v1 = (...offers: unknown[]) => JSON.stringify({ format: 'elvakt-offers/1', source: 'test v1', offers });

/** Each test uses offer ids of its own, so the suite's tests share one database. */
const spot = (id: string, patch: Record<string, unknown> = {}) => ({
  id,
  supplier: { name: 'Kraft AS', orgnr: '811143758' },
  name: 'Spot',
  type: 'spot',
  areas: ['NO1', 'NO5'],
  markupOrePerKwh: 2,
  monthlyFeeOre: 3900,
  validFrom: '2026-01-01',
  ...patch,
});

describeStores('the offer catalogue and its history', (kind) => {
  let t: TestApp;
  let market: MarketService;

  beforeAll(async () => {
    t = await startTestApp(kind);
    market = t.app.services.market;
  });
  afterAll(async () => t?.close());

  it('stores every field of a version 2 offer and reads it back as parsed', async () => {
    const offer = spot('full-plus', {
      type: 'plus',
      cabin: false,
      markupOrePerKwh: 5.9,
      elCertificate: { orePerKwh: 0.3, included: false },
      bindingMonths: 12,
      exitFee: { ore: 30000, per: 'once' },
      conditions: {
        membership: { organisation: 'Boligbyggelaget', yearlyFeeOre: 45000 },
        otherPurchase: 'Forsikring inngår.',
        payment: [
          { code: 'efaktura', text: 'Krever eFaktura.' },
          { code: 'avtalegiro', text: 'Krever AvtaleGiro.' },
        ],
      },
      validTo: '2026-12-31',
    });
    const fixed = spot('full-fixed', {
      type: 'fixed',
      energyPriceOrePerKwh: 89.9,
      markupOrePerKwh: 0,
      fixedPeriod: { until: '2027-06-30' },
      bindingMonths: 18,
      exitFee: { ore: 5000, per: 'remaining_month' },
    });
    const text = v2(offer, fixed);
    const r = await market.importOffers(text);
    expect(r).toMatchObject({ stored: 2, added: 2, revised: 0, unchanged: 0, areas: ['NO1', 'NO5'] });
    const parsed = parseOfferFile(text).offers;
    expect(await market.offerOn('full-plus', '2026-02-01')).toEqual(parsed[0]);
    expect(await market.offerOn('full-fixed', '2026-02-01')).toEqual(parsed[1]);
    expect((await market.offerOn('full-plus', '2026-02-01'))?.markupOrePerKwh).toBe(6.2);
  });

  it('imports the same file twice and the second time changes nothing', async () => {
    const text = v2(
      spot('same-a', { markupOrePerKwh: 5.9, elCertificate: { orePerKwh: 0.3, included: false } }),
      spot('same-a', { validFrom: '2026-06-01', markupOrePerKwh: 3 }),
      spot('same-b', { conditions: { payment: [{ code: 'efaktura', text: 'Krever eFaktura.' }] } }),
    );
    const first = await market.importOffers(text);
    expect(first).toMatchObject({ stored: 3, added: 3, unchanged: 0 });
    const count = await market.countOffers();
    const history = await market.offerHistory('same-a');
    t.clock.set('2026-11-27T10:00:00Z');
    const second = await market.importOffers(text);
    expect(second).toMatchObject({ stored: 0, added: 0, revised: 0, unchanged: 3, areas: [] });
    expect(await market.countOffers()).toBe(count);
    expect(await market.offerHistory('same-a')).toEqual(history);
  });

  it('knows a past price after a later version is imported, and nothing before the first', async () => {
    await market.importOffers(v2(spot('hist', { markupOrePerKwh: 2, monthlyFeeOre: 3900 })));
    await market.importOffers(
      v2(spot('hist', { validFrom: '2026-06-01', markupOrePerKwh: 4, monthlyFeeOre: 4900 })),
    );
    expect(await market.offerOn('hist', '2025-12-31')).toBeUndefined();
    expect(await market.offerOn('hist', '2026-01-01')).toMatchObject({
      markupOrePerKwh: 2,
      monthlyFeeOre: 3900,
    });
    expect(await market.offerOn('hist', '2026-05-31')).toMatchObject({
      markupOrePerKwh: 2,
      monthlyFeeOre: 3900,
    });
    expect(await market.offerOn('hist', '2026-06-01')).toMatchObject({
      markupOrePerKwh: 4,
      monthlyFeeOre: 4900,
    });
    const inMarch = (await market.offersValidOn('NO5', '2026-03-15', 'household')).find(
      (o) => o.id === 'hist',
    );
    expect(inMarch).toMatchObject({ validFrom: '2026-01-01', markupOrePerKwh: 2 });
    const inJuly = (await market.offersValidOn('NO5', '2026-07-15', 'household')).find(
      (o) => o.id === 'hist',
    );
    expect(inJuly).toMatchObject({ validFrom: '2026-06-01', markupOrePerKwh: 4 });
    // The engine's entry point asks by instant and reads the Oslo date: 22:30 UTC on 31 May is 1 June in Oslo.
    expect(await market.offer('hist', new Date('2026-05-31T22:30:00Z'))).toMatchObject({
      markupOrePerKwh: 4,
    });
  });

  it('refuses a changed price under a stored validFrom and stores nothing of that file', async () => {
    await market.importOffers(v2(spot('fixed-terms')));
    const count = await market.countOffers();
    const attempt = market.importOffers(
      v2(spot('brand-new'), spot('fixed-terms', { markupOrePerKwh: 2.5, monthlyFeeOre: 1000 })),
    );
    await expect(attempt).rejects.toMatchObject({
      code: 'conflict',
      details: [{ at: 'offers[1]', message: expect.stringMatching(/markupOrePerKwh, monthlyFeeOre/) }],
    });
    expect(await market.countOffers()).toBe(count);
    expect(await market.offerOn('brand-new', '2026-02-01')).toBeUndefined();
    expect(await market.offerOn('fixed-terms', '2026-02-01')).toMatchObject({ markupOrePerKwh: 2 });
  });

  it('takes a correction as a new revision and keeps the one it corrects', async () => {
    await market.importOffers(v2(spot('typo', { markupOrePerKwh: 29 })));
    const r = await market.importOffers(v2(spot('typo', { markupOrePerKwh: 2.9, correction: true })));
    expect(r).toMatchObject({ stored: 1, revised: 1, added: 0 });
    expect(await market.offerOn('typo', '2026-02-01')).toMatchObject({ markupOrePerKwh: 2.9 });
    const history = await market.offerHistory('typo');
    expect(history.map((h) => [h.revision, h.offer.markupOrePerKwh, h.supersededAt !== null])).toEqual([
      [1, 29, true],
      [2, 2.9, false],
    ]);
    // Repeating the corrected file is a repeat, not another correction.
    expect(
      await market.importOffers(v2(spot('typo', { markupOrePerKwh: 2.9, correction: true }))),
    ).toMatchObject({ stored: 0, unchanged: 1 });
  });

  it('ends an offer with a validTo: no longer on sale, still priced for those on it', async () => {
    await market.importOffers(v2(spot('ending')));
    const r = await market.importOffers(v2(spot('ending', { validTo: '2026-03-31' })));
    expect(r).toMatchObject({ revised: 1 });
    const ids = async (date: string) =>
      (await market.offersValidOn('NO1', date, 'household')).map((o) => o.id);
    expect(await ids('2026-03-31')).toContain('ending');
    expect(await ids('2026-04-01')).not.toContain('ending');
    expect(await market.offerOn('ending', '2026-04-01')).toMatchObject({ validTo: '2026-03-31' });
    expect((await market.offerHistory('ending')).map((h) => h.offer.validTo)).toEqual([null, '2026-03-31']);
  });

  it('uses the version in force before it filters: a version that leaves an area is not stood in for', async () => {
    await market.importOffers(v2(spot('moving', { areas: ['NO1', 'NO2'] })));
    const r = await market.importOffers(v2(spot('moving', { areas: ['NO1'], validFrom: '2026-05-01' })));
    expect(r.areas).toEqual(['NO1', 'NO2']);
    const inNo2 = async (date: string) =>
      (await market.offersValidOn('NO2', date, 'household')).map((o) => o.id);
    expect(await inNo2('2026-04-30')).toContain('moving');
    expect(await inNo2('2026-05-01')).not.toContain('moving');
  });

  it('offers cabin products to cabins only, and business offers to businesses only', async () => {
    await market.importOffers(
      v2(
        spot('aud-home', { areas: ['NO3'] }),
        spot('aud-cabin', { areas: ['NO3'], cabin: true }),
        spot('aud-business', { areas: ['NO3'], customerType: 'business' }),
      ),
    );
    const ids = async (type: 'household' | 'business' | 'cabin') =>
      (await market.offersValidOn('NO3', '2026-02-01', type))
        .map((o) => o.id)
        .filter((id) => id.startsWith('aud-'));
    expect(await ids('household')).toEqual(['aud-home']);
    expect(await ids('cabin')).toEqual(['aud-cabin']);
    expect(await ids('business')).toEqual(['aud-business']);
  });

  it('reads version 1 files into the same store, and a repeat of one changes nothing', async () => {
    const text = v1(
      { ...spot('old-cabin'), customerType: 'cabin' },
      { ...spot('old-fixed'), type: 'fixed', energyPriceOrePerKwh: 89.9, bindingMonths: 12 },
    );
    expect(await market.importOffers(text)).toMatchObject({ added: 2 });
    expect(await market.importOffers(text)).toMatchObject({ stored: 0, unchanged: 2 });
    expect(await market.offerOn('old-cabin', '2026-02-01')).toMatchObject({
      customerType: 'household',
      cabin: true,
    });
    expect(await market.offerOn('old-fixed', '2026-02-01')).toMatchObject({
      productType: 'fixed',
      energyPriceOrePerKwh: 89.9,
      fixedMonths: null,
      exitFee: null,
    });
    // The same offer restated in version 2 with nothing new is the same version.
    const same = v2({
      ...spot('old-fixed'),
      type: 'fixed',
      energyPriceOrePerKwh: 89.9,
      bindingMonths: 12,
      fixedPeriod: { months: 12 },
    });
    await expect(market.importOffers(same)).rejects.toMatchObject({
      code: 'conflict',
      details: [{ at: 'offers[0]', message: expect.stringMatching(/fixedMonths/) }],
    });
  });

  it('refuses a date that is not a date', async () => {
    await expect(market.offersValidOn('NO1', '2026-13-01', 'household')).rejects.toMatchObject({
      code: 'validation_failed',
    });
    await expect(market.offerOn('hist', 'yesterday')).rejects.toMatchObject({ code: 'validation_failed' });
  });

  it('keeps one current revision of a version, whatever a writer does', async () => {
    await market.importOffers(v2(spot('guarded')));
    const repo = new MarketRepository(t.app.store.db);
    const [changed] = parseOfferFile(v2(spot('guarded', { markupOrePerKwh: 7 }))).offers;
    if (!changed) throw new Error('the test offer did not parse');
    // Revision 3 finds no revision 2 to supersede, so it would stand beside revision 1 as current.
    await expect(
      repo.insertOfferVersions([{ offer: changed, revision: 3 }], 'test', new Date()),
    ).rejects.toThrow();
    expect((await market.offerHistory('guarded')).map((h) => h.revision)).toEqual([1]);
  });
});

describe('the migration to the offer catalogue', () => {
  it('turns a stored cabin offer into a household cabin offer, the one current revision of its version', async () => {
    const store = await openStore({ kind: 'pglite-memory' });
    try {
      const before = migrations.findIndex((m) => m.name === '0004-offer-catalogue');
      await migrate(store.db, migrations.slice(0, before));
      await sql`insert into offers (id, valid_from, valid_to, supplier_name, supplier_orgnr, name, product_type,
          areas, customer_type, markup_ore_per_kwh, energy_price_ore_per_kwh, monthly_fee_ore, binding_months,
          is_demo, source, imported_at)
        values ('old-hytte', '2025-01-01', null, 'Kraft AS', null, 'Hytte', 'spot', '{NO1}', 'cabin', 2.5, null,
          1900, 0, false, 'v1', now())`.execute(store.db);
      await migrate(store.db, migrations);
      const repo = new MarketRepository(store.db);
      expect(await repo.offersOn('2026-01-01', 'NO1', 'household', true)).toMatchObject([
        {
          id: 'old-hytte',
          customerType: 'household',
          cabin: true,
          markupOrePerKwh: 2.5,
          conditions: NO_CONDITIONS,
        },
      ]);
      expect(await repo.offersOn('2026-01-01', 'NO1', 'household', false)).toEqual([]);
      expect(await repo.offerHistory('old-hytte')).toMatchObject([{ revision: 1, supersededAt: null }]);
    } finally {
      await store.close();
    }
  });
});
