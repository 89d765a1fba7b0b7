import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_LOGIN, DEMO_PERSON, DemoMeteringSource } from '../src/demo/demo-household.ts';
import { seedDemo } from '../src/demo/seed.ts';
import { MeteringRepository } from '../src/modules/metering/metering.repository.ts';
import { MeteringService } from '../src/modules/metering/metering.service.ts';
import { Keyring } from '../src/platform/crypto/keyring.ts';
import { KeysRepository } from '../src/platform/crypto/keys.repository.ts';
import { loadMasterKey } from '../src/platform/crypto/master-key.ts';
import { type Db, transactor } from '../src/platform/db/database.ts';
import { HOUR_MS } from '../src/platform/time.ts';
import { ANALYSIS_AND_ELHUB, ANALYSIS_CONSENT, readFixture, startTestApp, type TestApp } from './app.ts';
import { describeStores } from './stores.ts';

const _V = '2026-11-26';

describeStores('services on a real database', (kind) => {
  let t: TestApp;
  let demo: string;
  let other: string;
  let otherPoint: string;

  beforeAll(async () => {
    t = await startTestApp(kind, { meteringSource: new DemoMeteringSource() });
    await seedDemo(t.app);
    const { customers, permissions, metering } = t.app.services;
    demo = await customers.authenticate(DEMO_LOGIN.email, DEMO_LOGIN.password);
    other = await customers.signUp({
      name: 'Per Hansen',
      email: 'per@example.no',
      identityNumber: '31070551228',
      password: 'passord-som-er-langt',
    });
    await permissions.change(other, ANALYSIS_CONSENT, 'test');
    otherPoint = (
      await metering.addMeteringPoint(
        other,
        { meteringPointId: '707057500123456785', priceArea: 'NO5' },
        'test',
      )
    ).id;
  });
  afterAll(async () => t?.close());

  it('refuses a second account for the same e-mail or the same person', async () => {
    const { customers } = t.app.services;
    await expect(
      customers.signUp({
        name: 'X Y',
        email: 'PER@example.no',
        identityNumber: '29020060040',
        password: 'passord-som-er-langt',
      }),
    ).rejects.toMatchObject({ code: 'conflict' });
    await expect(
      customers.signUp({
        name: 'X Y',
        email: 'ny@example.no',
        identityNumber: '31070551228',
        password: 'passord-som-er-langt',
      }),
    ).rejects.toMatchObject({ code: 'conflict' });
  });

  it('fetches nothing from Elhub without the powers of attorney, and everything with them', async () => {
    const { metering, permissions } = t.app.services;
    await expect(metering.fetchFromSource(demo, DEMO_PERSON.identityNumber)).rejects.toMatchObject({
      code: 'consent_required',
    });
    expect(await metering.pointsOf(demo)).toEqual([]);
    await permissions.change(demo, ANALYSIS_AND_ELHUB, 'test');
    expect(await metering.fetchFromSource(demo, DEMO_PERSON.identityNumber)).toEqual({
      points: 1,
      hours: 5726,
    });
  });

  it('stops analysis and deletes consent-bound data the moment consent is withdrawn', async () => {
    const { permissions, savings } = t.app.services;
    expect(await savings.forCustomer(demo)).toHaveLength(1);
    await permissions.change(
      demo,
      [{ kind: 'consent', scope: 'invoice_analysis', textVersion: '', give: false }],
      'test',
    );
    await expect(savings.forCustomer(demo)).rejects.toMatchObject({ code: 'consent_required' });
    // What existed only under that consent went with it, in the same transaction.
    expect(await t.app.services.metering.pointsOf(demo)).toEqual([]);
    const left = await t.app.store.db.selectFrom('consumption_series').select('month').execute();
    expect(left).toEqual([]);
    await permissions.change(demo, ANALYSIS_CONSENT, 'test');
    expect(await savings.forCustomer(demo)).toEqual([]);
    await t.app.services.metering.fetchFromSource(demo, DEMO_PERSON.identityNumber);
    expect(await savings.forCustomer(demo)).toHaveLength(1);
    const events = (await permissions.history(demo))
      .filter((e) => e.scope === 'invoice_analysis')
      .map((e) => e.action);
    expect(events).toEqual(['given', 'withdrawn', 'given']);
  });

  it('refuses consent to a text version the person did not see', async () => {
    await expect(
      t.app.services.permissions.change(
        other,
        [{ kind: 'consent', scope: 'continued_monitoring', textVersion: '2020-01-01', give: true }],
        'test',
      ),
    ).rejects.toMatchObject({ code: 'conflict' });
  });

  it("never lets one customer read or write another customer's metering point", async () => {
    const { metering, savings } = t.app.services;
    await expect(
      metering.importElhubCsv(demo, otherPoint, readFixture('conformance', 'hourly', 'elhub_april.csv')),
    ).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(savings.forMeteringPoint(demo, otherPoint)).rejects.toMatchObject({ code: 'not_found' });
    await expect(metering.hourly(demo, otherPoint)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('keeps nothing older than 16 months and nothing from the future', async () => {
    const now = t.clock.now().getTime();
    const old = Date.UTC(2025, 0, 1);
    const report = await t.app.services.metering.importRead(
      other,
      otherPoint,
      {
        points: [
          { startMs: old, kwh: 1, quality: 'measured' },
          { startMs: now + 10 * HOUR_MS - (now % HOUR_MS), kwh: 1, quality: 'measured' },
          { startMs: Date.UTC(2026, 5, 1, 10), kwh: 1, quality: 'measured' },
        ],
        rejected: [],
        gaps: 0,
      },
      'test',
    );
    expect(report.stored).toBe(1);
    expect(report.rejected.map((r) => r.reason)).toEqual(['older than 16 months; not kept', 'in the future']);
  });

  it('leaves nothing half-written when an import fails in the middle', async () => {
    let upserts = 0;
    class FailingRepository extends MeteringRepository {
      override with(tx: Db): MeteringRepository {
        const inner = super.with(tx);
        return Object.assign(Object.create(inner), {
          upsertMonth: async (m: Parameters<MeteringRepository['upsertMonth']>[0]) => {
            upserts++;
            if (upserts === 2) throw new Error('simulated crash after the first month');
            return inner.upsertMonth(m);
          },
        });
      }
    }
    const a = t.app;
    const failing = new MeteringService(
      transactor(a.store.db),
      new FailingRepository(a.store.db),
      new Keyring(loadMasterKey(undefined, t.dataDir), new KeysRepository(a.store.keys)),
      a.services.permissions,
      a.services.audit,
      t.clock,
      undefined,
      a.services.restrictions,
    );
    const before = await a.services.metering.hourly(other, otherPoint);
    await expect(
      failing.importElhubCsv(other, otherPoint, readFixture('conformance', 'hourly', 'elhub_april.csv')),
    ).rejects.toThrow('simulated crash');
    expect(upserts).toBe(2);
    const after = await a.services.metering.hourly(other, otherPoint);
    expect(after.kwh).toEqual(before.kwh);
  });

  it('stores an offer file whole or not at all', async () => {
    const { market } = t.app.services;
    const before = await market.countOffers();
    const bad = JSON.stringify({
      format: 'elvakt-offers/1',
      offers: [
        {
          id: 'ok-one',
          supplier: { name: 'A' },
          name: 'A',
          type: 'spot',
          areas: ['NO1'],
          validFrom: '2026-01-01',
        },
        {
          id: 'bad-one',
          supplier: { name: 'B' },
          name: 'B',
          type: 'fixed',
          areas: ['NO1'],
          validFrom: '2026-01-01',
        },
      ],
    });
    await expect(market.importOffers(bad)).rejects.toMatchObject({ code: 'validation_failed' });
    expect(await market.countOffers()).toBe(before);
  });

  it('keeps an exact NOK spot price over one converted from EUR, whichever comes first', async () => {
    const { market } = t.app.services;
    const start = '2027-01-04T00:00:00+01:00';
    const exact = JSON.stringify({
      format: 'elvakt-spot/1',
      area: 'NO2',
      unit: 'øre/kWh',
      resolution: 'PT60M',
      prices: [{ start, price: 55 }],
    });
    const eur = JSON.stringify({
      format: 'elvakt-spot/1',
      area: 'NO2',
      unit: 'EUR/MWh',
      resolution: 'PT60M',
      prices: [{ start, price: 100 }],
    });
    const { ExchangeRates } = await import('../src/modules/market/spot.ts');
    const rates = new ExchangeRates([{ date: '2027-01-04', rate: 11.5 }]);
    expect((await market.importSpot(eur, { rates })).stored).toBe(1);
    expect((await market.importSpot(exact)).stored).toBe(1);
    expect((await market.importSpot(eur, { rates })).keptBetter).toBe(1);
    const aligned = await market.alignedSpot('NO2', new Float64Array([Date.parse(start)]));
    expect(aligned.orePerKwh[0]).toBe(55);
    expect(aligned.estimated[0]).toBe(0);
  });

  it('averages quarter-hour prices to the hour, and leaves an hour with missing quarters unknown', async () => {
    const { market } = t.app.services;
    const t0 = Date.parse('2027-02-01T00:00:00+01:00');
    const prices = [0, 15, 30, 45, 60, 75, 90].map((m, i) => ({
      start: new Date(t0 + m * 60_000).toISOString(),
      price: 40 + i * 4,
    }));
    await market.importSpot(
      JSON.stringify({ format: 'elvakt-spot/1', area: 'NO3', unit: 'øre/kWh', resolution: 'PT15M', prices }),
    );
    const aligned = await market.alignedSpot('NO3', new Float64Array([t0, t0 + HOUR_MS]));
    expect(aligned.orePerKwh[0]).toBe((40 + 44 + 48 + 52) / 4);
    expect(Number.isNaN(aligned.orePerKwh[1])).toBe(true);
  });

  it('verifies the audit chain, and finds an edited row, a removed row and a removed last row', async () => {
    const { audit } = t.app.services;
    const db = t.app.store.db;
    const ok = await audit.verify();
    expect(ok.ok).toBe(true);
    const rows = ok.rows;
    expect(rows).toBeGreaterThan(5);

    await db
      .transaction()
      .execute(async (tx) => {
        await sql`update audit_log set action = 'nothing.happened' where id = 3`.execute(tx);
        const v = await t.app.services.audit.withTx(tx).verify();
        expect(v).toMatchObject({ ok: false, firstBadId: 3, reason: 'the row was changed' });
        throw new Error('undo');
      })
      .catch((e: Error) => expect(e.message).toBe('undo'));

    await db
      .transaction()
      .execute(async (tx) => {
        await sql`delete from audit_log where id = 4`.execute(tx);
        const v = await t.app.services.audit.withTx(tx).verify();
        expect(v).toMatchObject({ ok: false, firstBadId: 4, reason: 'row 4 is missing' });
        throw new Error('undo');
      })
      .catch((e: Error) => expect(e.message).toBe('undo'));

    await db
      .transaction()
      .execute(async (tx) => {
        await sql`delete from audit_log where id = ${rows}`.execute(tx);
        const v = await t.app.services.audit.withTx(tx).verify();
        expect(v).toMatchObject({ ok: false, firstBadId: rows, reason: 'rows at the end were removed' });
        throw new Error('undo');
      })
      .catch((e: Error) => expect(e.message).toBe('undo'));

    expect((await audit.verify()).ok).toBe(true);
  });
});
