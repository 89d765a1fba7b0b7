import { afterAll, beforeAll, expect, it } from 'vitest';
import { DemoMeteringSource } from '../src/demo/demo-household.ts';
import { seedDemo } from '../src/demo/seed.ts';
import { ANALYSIS_CONSENT, demoWithData, readFixture, startTestApp, type TestApp } from './app.ts';
import { dumpDatabase } from './db-dump.ts';
import { describeStores } from './stores.ts';

const _V = '2026-11-26';

/**
 * Retention over years, with a clock the test moves: what the law keeps stays readable
 * until its date and then is gone, a legal hold blocks deletion until released, and the
 * sweeper is idempotent.
 */
describeStores('retention over the years', (kind) => {
  let t: TestApp;
  let kari: string;
  let demo: string;
  let staff: string;

  beforeAll(async () => {
    t = await startTestApp(kind, { meteringSource: new DemoMeteringSource(), now: '2026-11-26T10:00:00Z' });
    await seedDemo(t.app);
    const { customers, permissions, metering, invoices } = t.app.services;
    demo = await demoWithData(t.app);
    kari = await customers.signUp({
      name: 'Kari Nordmann Testesen',
      email: 'kari@example.no',
      identityNumber: '14028512334',
      password: 'et langt og godt passord',
    });
    await permissions.change(kari, ANALYSIS_CONSENT, 'test');
    const mp = await metering.addMeteringPoint(
      kari,
      { meteringPointId: '707057500123456785', priceArea: 'NO5' },
      'test',
    );
    await metering.importElhubCsv(kari, mp.id, readFixture('conformance', 'hourly', 'elhub_april.csv'));
    await invoices.importEhf(
      kari,
      readFixture('..', 'test', 'fixtures', 'ehf', 'supplier-invoice-2026-05.xml'),
    );
    await customers.createSession(kari);
    staff = await t.app.services.staff.create({
      username: 'dpo',
      name: 'Test DPO',
      roles: ['dpo'],
      password: 'a long staff password',
    });
  });
  afterAll(async () => t?.close());

  it('finds nothing to delete on a fresh database, and a dry run changes nothing', async () => {
    const dry = await t.app.services.retention.run({ dryRun: true });
    expect(dry.byTable).toEqual({});
    const dump = await dumpDatabase(t.app.store.db);
    await t.app.services.retention.run({ dryRun: true });
    expect(await dumpDatabase(t.app.store.db)).toBe(dump);
  });

  it('lets sessions expire, and drops consumption months that left the 16-month window', async () => {
    t.clock.set('2027-08-15T00:00:00Z');
    const dry = await t.app.services.retention.run({ dryRun: true });
    expect(dry.byTable.sessions).toBe(1);
    // 16 months before is 15 April 2026: the demo's December 2025 to March 2026 go, April stays.
    expect(dry.byTable.consumption_series).toBe(4);
    const real = await t.app.services.retention.run();
    expect(real.byTable).toEqual(dry.byTable);
    expect(real.byCategory.consumption).toBe(4);
    expect(real.byCategory.device).toBe(1);
    const again = await t.app.services.retention.run();
    expect(again.byTable).toEqual({});
  });

  it('keeps what the law requires of an erased customer until each date, then deletes it and destroys the keys', async () => {
    const { erasure, invoices, retention } = t.app.services;
    const events = () =>
      t.app.store.db.selectFrom('permission_events').select('id').where('customer_id', '=', kari).execute();
    t.clock.set('2027-09-01T00:00:00Z');
    const receipt = await erasure.erase(kari);
    expect(receipt.completed).toBe(true);
    expect(receipt.items.find((i) => i.table === 'invoices')).toMatchObject({
      outcome: 'keep',
      keptUntil: '2031-12-31',
      rule: 'bookkeeping_5y',
    });
    expect(receipt.items.find((i) => i.table === 'permission_events')).toMatchObject({
      outcome: 'keep',
      keptUntil: '2031-06-30',
      rule: 'agreements_3_5y',
    });
    // Consent records: three and a half years after the end of the accounting year of the erasure.
    t.clock.set('2031-06-30T12:00:00Z');
    await retention.run();
    expect((await events()).length).toBeGreaterThan(0);
    t.clock.set('2031-07-01T12:00:00Z');
    // The dry run the DPO's schedule shows counts what the real run then deletes, table by table.
    const forecast = await retention.run({ dryRun: true });
    const swept = await retention.run();
    expect(swept.byTable.permission_events).toBeGreaterThan(0);
    expect(swept.byTable).toEqual(forecast.byTable);
    expect(await events()).toEqual([]);
    // Invoices: five years after the end of the accounting year, readable to the last day.
    t.clock.set('2031-12-31T12:00:00Z');
    await retention.run();
    const stillThere = await invoices.ofCustomer(kari);
    expect(stillThere).toHaveLength(1);
    expect(stillThere[0]?.summary.number).toBe('TK-2026-0501-77');
    t.clock.set('2032-01-01T12:00:00Z');
    const sweptInvoices = await retention.run();
    expect(sweptInvoices.byTable.invoices).toBe(1);
    expect(sweptInvoices.keysDestroyed).toBe(1);
    expect(await invoices.ofCustomer(kari)).toEqual([]);
    const keys = await t.app.store.keys
      .selectFrom('subject_keys')
      .select(['purpose', 'destroyed_at'])
      .where('subject_id', '=', kari)
      .orderBy('purpose')
      .execute();
    expect(keys.map((k) => [k.purpose, k.destroyed_at !== null])).toEqual([
      ['bookkeeping', true],
      ['general', true],
    ]);
    // Nothing refers to the account row any more, and its own rule has run out: it goes too.
    expect(
      await t.app.store.db.selectFrom('customers').select('id').where('id', '=', kari).execute(),
    ).toEqual([]);
  });

  it('lets a legal hold block erasure and every deletion until it is released', async () => {
    const { holds, erasure, retention, metering } = t.app.services;
    t.clock.set('2031-08-01T00:00:00Z');
    const hold = await holds.place(demo, staff, 'Tvist om sluttoppgjør, sak 2031-17');
    const before = await dumpDatabase(t.app.store.db);
    const receipt = await erasure.erase(demo);
    expect(receipt.completed).toBe(false);
    expect(new Set(receipt.items.filter((i) => i.rows > 0).map((i) => i.outcome))).toEqual(new Set(['held']));
    expect(await t.app.services.customers.status(demo)).toBe('erasure_pending');
    // Years later, with every rule run out, the sweeper still leaves the held customer's data alone.
    t.clock.set('2036-01-01T00:00:00Z');
    await retention.run();
    const points = await t.app.store.db
      .selectFrom('metering_points')
      .select('id')
      .where('customer_id', '=', demo)
      .execute();
    expect(points).toHaveLength(1);
    expect(before.length).toBeGreaterThan(0);
    const released = await holds.release(hold, staff);
    expect(released.erasureCompleted).toBe(true);
    expect(await t.app.services.customers.status(demo)).toBe('erased');
    await expect(metering.pointsOf(demo)).resolves.toEqual([]);
  });

  it('prunes audit rows older than five years and the chain still verifies', async () => {
    t.clock.set('2037-01-01T00:00:00Z');
    const swept = await t.app.services.retention.run();
    expect(swept.byTable.audit_log).toBeGreaterThan(0);
    expect(await t.app.services.audit.verify()).toMatchObject({ ok: true });
    expect((await t.app.services.retention.run()).byTable).toEqual({});
  });
});
