import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DemoMeteringSource } from '../src/demo/demo-household.ts';
import { seedDemo } from '../src/demo/seed.ts';
import { formatOreWhole } from '../src/modules/identity/money.ts';
import { ANALYSIS_CONSENT, readFixture, startTestApp, type TestApp } from './app.ts';
import { HttpSession, listenWeb, visibleText } from './http.ts';
import { describeStores } from './stores.ts';

const PERSON = {
  name: 'Frida Skjema',
  email: 'frida.skjema@example.no',
  identityNumber: '14028512334',
  password: 'et langt og godt passord',
};
/** The point the recorded April export belongs to. */
const METERING_POINT = '707057500123456785';

/** The recorded Elhub export of April 2026 (744 hours), and its first ten days alone. */
const APRIL = readFixture('conformance', 'hourly', 'elhub_april.csv');
const APRIL_FIRST_DAYS = APRIL.split('\n')
  .slice(0, 1 + 10 * 24)
  .join('\n');

describeStores('forms answer with a redirect', (kind) => {
  let t: TestApp;
  let server: FastifyInstance;
  let base: string;
  let customerId: string;

  beforeAll(async () => {
    t = await startTestApp(kind, { meteringSource: new DemoMeteringSource() });
    await seedDemo(t.app);
    customerId = await t.app.services.customers.signUp(PERSON);
    await t.app.services.permissions.change(customerId, ANALYSIS_CONSENT, 'test');
    ({ server, base } = await listenWeb(t.app));
  });
  afterAll(async () => {
    await server?.close();
    await t?.close();
  });

  /** The saving worked out now from what is stored, the cache set aside: what the page must show. */
  const freshSaving = async (point: string) => {
    t.app.services.savings.forget();
    const s = await t.app.services.savings.forMeteringPoint(customerId, point);
    return { ore: s.result.yearlySavingOre ?? 0, hours: s.result.basis.pricedHours };
  };

  const imports = async () =>
    (
      await t.app.store.db
        .selectFrom('audit_log')
        .select('action')
        .where('action', '=', 'consumption.imported')
        .execute()
    ).length;

  it('after an upload, shows the saving worked out from what was just stored, and a reload uploads nothing', async () => {
    const http = new HttpSession(base);
    await http.get('/logg-inn');
    expect(
      (await http.post('/logg-inn', { email: PERSON.email, password: PERSON.password })).res.status,
    ).toBe(303);
    await http.get('/min-side');
    const added = await http.post('/min-side/malepunkt', {
      meteringPointId: METERING_POINT,
      priceArea: 'NO5',
    });
    expect(added.res.status).toBe(303);
    const page = await http.get('/min-side');
    const point = /action="\/min-side\/malepunkt\/([0-9a-f-]{36})\/forbruk"/.exec(page.body)?.[1] ?? '';
    expect(
      (await http.post(`/min-side/malepunkt/${point}/avtale`, { offerId: 'demo-vestkyst-spot' })).res.status,
    ).toBe(303);

    const upload = async (content: string) => {
      const answer = await http.upload(`/min-side/malepunkt/${point}/forbruk`, 'file', {
        name: 'elhub.csv',
        content,
        type: 'text/csv',
      });
      // The answer is a redirect to a page, with nothing about the upload in its address.
      expect(answer.res.status).toBe(303);
      expect(answer.res.headers.get('location')).toBe('/min-side');
      expect(answer.body).toBe('');
      return http.get('/min-side');
    };

    // Ten days first: a saving from 240 hours.
    const first = await upload(APRIL_FIRST_DAYS);
    const ten = await freshSaving(point);
    expect(ten.hours).toBe(240);
    expect(visibleText(first.body)).toContain('Lagret 240 timer');
    expect(visibleText(first.body)).toContain(
      `Du kan spare ${formatOreWhole(ten.ore).replaceAll('\u00a0', ' ')}`,
    );

    // Then the whole month: the page after the redirect shows the new saving, not the one before.
    const second = await upload(APRIL);
    const month = await freshSaving(point);
    expect(month.hours).toBe(744);
    expect(month.ore).not.toBe(ten.ore);
    const text = visibleText(second.body);
    expect(text).toContain(`Du kan spare ${formatOreWhole(month.ore).replaceAll('\u00a0', ' ')}`);
    expect(text).not.toContain(`Du kan spare ${formatOreWhole(ten.ore).replaceAll('\u00a0', ' ')}`);
    expect(text).toContain('Regnet ut fra 744 timer');
    expect(await imports()).toBe(2);

    // A reload reads the page again: no upload, no notice of one, the same saving.
    const reload = await http.get('/min-side');
    expect(reload.res.status).toBe(200);
    expect(visibleText(reload.body)).not.toContain('Lagret');
    expect(visibleText(reload.body)).toContain(
      `Du kan spare ${formatOreWhole(month.ore).replaceAll('\u00a0', ' ')}`,
    );
    expect(await imports()).toBe(2);
  });

  // Two connections are needed to read beside an open transaction: PostgreSQL only.
  it.runIf(kind.name === 'postgres')(
    'never keeps a saving read while an upload was still uncommitted',
    async () => {
      const { customers, permissions, metering, savings } = t.app.services;
      const other = await customers.signUp({
        ...PERSON,
        email: 'frida.samtidig@example.no',
        identityNumber: '15076500565',
      });
      await permissions.change(other, ANALYSIS_CONSENT, 'test');
      const point = (
        await metering.addMeteringPoint(
          other,
          { meteringPointId: METERING_POINT, priceArea: 'NO5', currentOfferId: 'demo-vestkyst-spot' },
          'test',
        )
      ).id;
      await metering.importElhubCsv(other, point, APRIL_FIRST_DAYS);
      expect((await savings.forMeteringPoint(other, point)).result.basis.pricedHours).toBe(240);
      // A page read on another connection after the cache was cleared and before the commit:
      // it sees the ten days still, and must not leave them in the cache.
      let readBetween = -1;
      metering.onChanged(async (_tx, ids) => {
        if (readBetween !== -1 || !ids.includes(point)) return;
        readBetween = (await savings.forMeteringPoint(other, point)).result.basis.pricedHours;
      });
      await metering.importElhubCsv(other, point, APRIL);
      expect(readBetween).toBe(240);
      expect((await savings.forMeteringPoint(other, point)).result.basis.pricedHours).toBe(744);
    },
  );
});
