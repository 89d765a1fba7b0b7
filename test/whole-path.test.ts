import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_PERSON, DemoMeteringSource } from '../src/demo/demo-household.ts';
import { seedDemo } from '../src/demo/seed.ts';
import { DATA_MAP, personalColumns } from '../src/modules/privacy/data-map.ts';
import { Keyring } from '../src/platform/crypto/keyring.ts';
import { KeysRepository } from '../src/platform/crypto/keys.repository.ts';
import { loadMasterKey } from '../src/platform/crypto/master-key.ts';
import { createWebServer } from '../src/web/server.ts';
import { readFixture, startTestApp, type TestApp } from './app.ts';
import { dumpDatabase } from './db-dump.ts';
import { HttpSession, visibleText } from './http.ts';
import { personalDataIn } from './log-scan.ts';
import { describeStores } from './stores.ts';

/**
 * The walking skeleton's whole path over real HTTP: sign up, consent, add a metering point,
 * upload the real Elhub export, see a saving with its chart and explanation, download
 * everything, erase, and check what is left, in the database and in the logs.
 */
const KARI = {
  name: 'Kari Nordmann Testesen',
  email: 'kari.testesen@example.no',
  phone: '98765432',
  phoneStored: '+4798765432',
  identityNumber: '14028512334',
  password: 'et langt og godt passord',
  meteringPointId: '707057500123456785',
};

describeStores('the whole path over HTTP', (kind) => {
  let t: TestApp;
  let server: FastifyInstance;
  let http: HttpSession;
  let customerId = '';
  let meteringPoint = '';

  beforeAll(async () => {
    t = await startTestApp(kind, { meteringSource: new DemoMeteringSource() });
    await seedDemo(t.app);
    server = await createWebServer(t.app);
    await server.listen({ port: 0, host: '127.0.0.1' });
    http = new HttpSession(`http://127.0.0.1:${(server.server.address() as AddressInfo).port}`);
  });
  afterAll(async () => {
    await server?.close();
    await t?.close();
  });

  it('signs up and lands on the consents page with an HttpOnly, SameSite session cookie', async () => {
    await http.get('/registrer');
    const { res } = await http.post('/registrer', {
      name: KARI.name,
      email: KARI.email,
      phone: KARI.phone,
      identityNumber: KARI.identityNumber,
      password: KARI.password,
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/samtykke');
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('auth_token='));
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    customerId = (await t.app.services.customers.findIdByEmail(KARI.email)) ?? '';
    expect(customerId).not.toBe('');
  });

  it('refuses a form post without the CSRF token and changes nothing', async () => {
    const before = await t.app.services.permissions.history(customerId);
    const res = await fetch(`${(http as unknown as { base: string }).base}/samtykke`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: `auth_token=${http.cookie('auth_token')}`,
      },
      body: 'consent-invoice_analysis=1',
      redirect: 'manual',
    });
    expect(res.status).toBe(403);
    expect(await t.app.services.permissions.history(customerId)).toEqual(before);
  });

  it('records consent and powers of attorney with the text version shown', async () => {
    const page = await http.get('/samtykke');
    const version = /name="version:consent-invoice_analysis" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    expect(version).toBe('2026-11-26');
    const { res } = await http.post('/samtykke', {
      'consent-invoice_analysis': '1',
      'version:consent-invoice_analysis': version,
      'power_of_attorney-elhub_master_data': '1',
      'version:power_of_attorney-elhub_master_data': version,
      'power_of_attorney-elhub_metering_values': '1',
      'version:power_of_attorney-elhub_metering_values': version,
      'version:consent-continued_monitoring': version,
      'version:power_of_attorney-invoice_fetching': version,
    });
    expect(res.status).toBe(303);
    const events = await t.app.services.permissions.history(customerId);
    expect(events.map((e) => `${e.scope}:${e.action}:${e.textVersion}:${e.channel}`).sort()).toEqual([
      'elhub_master_data:given:2026-11-26:web',
      'elhub_metering_values:given:2026-11-26:web',
      'invoice_analysis:given:2026-11-26:web',
    ]);
  });

  it('adds a metering point and uploads the real Elhub export', async () => {
    await http.get('/min-side');
    const add = await http.post('/min-side/malepunkt', {
      meteringPointId: KARI.meteringPointId,
      priceArea: 'NO5',
      countyCode: '46',
    });
    expect(add.res.status).toBe(303);
    const page = await http.get('/min-side');
    meteringPoint = /action="\/min-side\/malepunkt\/([0-9a-f-]{36})\/forbruk"/.exec(page.body)?.[1] ?? '';
    expect(meteringPoint).not.toBe('');
    const upload = await http.upload(`/min-side/malepunkt/${meteringPoint}/forbruk`, 'file', {
      name: 'elhub_april.csv',
      content: readFixture('conformance', 'hourly', 'elhub_april.csv'),
      type: 'text/csv',
    });
    expect(upload.res.status).toBe(303);
    const shown = await http.get(upload.res.headers.get('location') ?? '');
    // April and the one day of May: a month of data, and May named as partial.
    expect(visibleText(shown.body)).toContain('Lagret 744 timer i 1 måned. Ingen linjer ble avvist.');
    expect(visibleText(shown.body)).toContain('Mai 2026 er bare delvis med (1 av 31 dager)');
    const set = await http.post(`/min-side/malepunkt/${meteringPoint}/avtale`, {
      offerId: 'demo-vestkyst-spot',
    });
    expect(set.res.status).toBe(303);
  });

  it('shows the yearly saving with a chart on Min side, and its explanation', async () => {
    const page = await http.get('/min-side');
    const text = visibleText(page.body);
    expect(text).toContain(`Hei, ${KARI.name}`);
    expect(text).toMatch(/Du kan spare kr [\d\s\u00a0]+ per år/);
    expect(page.body).toContain('<svg role="img"');
    expect(page.body).not.toContain(' style="');
    const saving = await t.app.services.savings.forMeteringPoint(customerId, meteringPoint);
    expect(saving.result.yearlySavingOre).toBeGreaterThan(0);
    expect(saving.result.basis.pricedHours).toBe(744);
    const detail = await http.get(`/min-side/malepunkt/${meteringPoint}`);
    expect(detail.res.status).toBe(200);
    expect(visibleText(detail.body)).toContain('Timer med både forbruk og spotpris: 744');
  });

  it('stores a collected invoice under the bookkeeping key', async () => {
    const report = await t.app.services.invoices.importEhf(
      customerId,
      readFixture('..', 'test', 'fixtures', 'ehf', 'supplier-invoice-2026-05.xml'),
    );
    expect(report.stored).toBe(true);
  });

  it('keeps every personal value encrypted at rest', async () => {
    const dump = await dumpDatabase(t.app.store.db);
    for (const secret of [
      KARI.email,
      KARI.name,
      KARI.phoneStored,
      KARI.identityNumber,
      KARI.meteringPointId,
    ]) {
      expect(dump).not.toContain(secret);
    }
  });

  it('downloads everything held about the person, and nothing about anyone else', async () => {
    const { res, body } = await http.get('/mine-data/eksport.json');
    expect(res.headers.get('content-disposition')).toContain('attachment');
    const data = JSON.parse(body);
    expect(data.subjectId).toBe(customerId);
    const text = JSON.stringify(data);
    for (const value of [
      KARI.email,
      KARI.name,
      KARI.phoneStored,
      KARI.identityNumber,
      KARI.meteringPointId,
    ]) {
      expect(text).toContain(value);
    }
    expect(text).not.toContain(DEMO_PERSON.identityNumber);
    // Every personal column of every table this person has rows in is present and readable.
    for (const [table, rows] of Object.entries(data.tables) as [
      string,
      { rows: Record<string, unknown>[] },
    ][]) {
      const spec = DATA_MAP[table];
      expect(spec).toBeDefined();
      for (const [column] of personalColumns(spec as NonNullable<typeof spec>)) {
        for (const row of rows.rows) {
          expect(row).toHaveProperty(column);
          expect(String(row[column])).not.toContain('unreadable');
        }
      }
    }
    expect(Object.keys(data.tables).sort()).toEqual(
      [
        'audit_log',
        'consumption_series',
        'customers',
        // The download itself, running; its access request is recorded when the file is whole.
        'export_runs',
        'invoices',
        'metering_points',
        'permission_events',
        'power_of_attorney_uses',
        'sessions',
      ].sort(),
    );
    const hours = (data.tables.consumption_series.rows as { values_enc: { kwh: number | null }[] }[]).flatMap(
      (r) => r.values_enc,
    );
    expect(hours.filter((h) => h.kwh !== null)).toHaveLength(744);
  });

  it('shows what erasure will delete and what the bookkeeping law keeps, before confirming', async () => {
    const { body } = await http.get('/slett-meg');
    expect(body).toMatch(/data-table="invoices" data-outcome="keep"/);
    expect(visibleText(body)).toContain('Beholdes til 31. desember 2031');
    expect(body).toMatch(/data-table="consumption_series" data-outcome="delete"/);
    expect(body).toMatch(/data-table="metering_points" data-outcome="delete"/);
  });

  it('refuses erasure with a wrong password and erases with the right one', async () => {
    await http.get('/slett-meg');
    const wrong = await http.post('/slett-meg', { password: 'not the password' });
    expect(wrong.res.status).toBe(401);
    expect(await t.app.services.customers.findIdByEmail(KARI.email)).toBe(customerId);
    const before = await dumpDatabase(t.app.store.db);
    const ok = await http.postFollowing('/slett-meg', { password: KARI.password });
    expect(ok.redirectedFrom?.status).toBe(303);
    expect(ok.res.status).toBe(200);
    expect(visibleText(ok.body)).toContain('Du er slettet');
    // The receipt is shown once: a reload goes to the front page and erases nothing more.
    expect((await http.get('/slettet')).res.headers.get('location')).toBe('/');
    expect(http.cookie('auth_token')).toBeUndefined();
    const after = await http.get('/min-side');
    expect(after.res.status).toBe(303);
    expect(await t.app.services.customers.findIdByEmail(KARI.email)).toBeUndefined();
    expect(before.length).toBeGreaterThan(0);
  });

  it('leaves no readable personal data: the general key is gone, only the kept invoice opens', async () => {
    const keyring = new Keyring(loadMasterKey(undefined, t.dataDir), new KeysRepository(t.app.store.keys));
    await expect(keyring.cipherFor(customerId, 'general', new Date())).rejects.toThrow(/destroyed/);
    const invoices = await t.app.services.invoices.ofCustomer(customerId);
    expect(invoices).toHaveLength(1);
    expect(invoices[0]?.keepUntil).toBe('2031-12-31');
    expect(invoices[0]?.summary.meteringPointIds[0]).toBe(KARI.meteringPointId);
    const exported = await t.app.services.exports.exportSubject(customerId, 'test');
    expect(Object.keys(exported.tables).sort()).toEqual([
      'audit_log',
      'customers',
      'invoices',
      'permission_events',
      'power_of_attorney_uses',
      'privacy_requests',
    ]);
    const account = exported.tables.customers?.rows[0] as Record<string, unknown>;
    for (const column of [
      'email_enc',
      'name_enc',
      'phone_enc',
      'fnr_enc',
      'fnr_bidx',
      'email_bidx',
      'password_hash',
    ]) {
      expect(account[column]).toBeNull();
    }
  });

  it('never wrote a personal value into the logs', () => {
    const logs = t.logs.text;
    expect(logs.length).toBeGreaterThan(0);
    for (const value of [
      KARI.email,
      KARI.name,
      KARI.phone,
      KARI.phoneStored,
      KARI.identityNumber,
      KARI.meteringPointId,
      KARI.password,
    ]) {
      expect(logs).not.toContain(value);
    }
    // The one scanner of the suite: a decimal such as a response time is not an identity number.
    expect(personalDataIn(logs.split('\n'))).toEqual([]);
  });
});
