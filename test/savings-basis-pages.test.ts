import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../src/demo/seed.ts';
import { STANDARD_ANNUAL_KWH } from '../src/modules/savings/savings.service.ts';
import { createWebServer } from '../src/web/server.ts';
import { ANALYSIS_CONSENT, readFixture, startTestApp, TEXT_VERSION, type TestApp } from './app.ts';
import { HttpSession, visibleText } from './http.ts';
import { identityNumber } from './identity-numbers.ts';
import { MemorySender } from './mail.ts';
import { describeStores } from './stores.ts';

const PASSWORD = 'et langt og godt passord';

/** Every element that states the basis of a saving (Min side and the explanation mark them). */
const basisStatements = (html: string): string[] =>
  [...html.matchAll(/<(p|li)[^>]*data-basis="([^"]+)"[^>]*>([\s\S]*?)<\/\1>/g)].map(
    (m) => `${m[2]}: ${visibleText(m[3] ?? '').trim()}`,
  );

/**
 * What a newcomer meets: a metering point without hourly values is priced on the standard
 * profile and every statement of the basis says so; an Elhub file from 1 April to the end
 * of 1 May is one month of data with May shown as partial.
 */
describeStores('the basis of a saving on the household pages', (kind) => {
  let t: TestApp;
  let server: FastifyInstance;
  let base: string;
  const email = new MemorySender('email');
  const signIn = async (email: string) => {
    const http = new HttpSession(base);
    await http.get('/logg-inn');
    const res = await http.post('/logg-inn', { email, password: PASSWORD });
    expect(res.res.headers.get('location')).toBe('/min-side');
    return http;
  };
  const newcomer = async (n: number, email: string, gsrn: string) => {
    const { customers, permissions, metering } = t.app.services;
    const id = await customers.signUp({
      name: `Ny Kunde ${n}`,
      email,
      identityNumber: identityNumber(n),
      password: PASSWORD,
    });
    await permissions.change(id, ANALYSIS_CONSENT, 'test');
    const mp = await metering.addMeteringPoint(
      id,
      { meteringPointId: gsrn, priceArea: 'NO5', countyCode: '46' },
      'test',
    );
    await metering.setCurrentOffer(id, mp.id, 'demo-vestkyst-spot');
    return { id, pointId: mp.id };
  };

  beforeAll(async () => {
    t = await startTestApp(kind, { senders: { email } });
    await seedDemo(t.app);
    server = await createWebServer(t.app, { demoLogin: null });
    await server.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await server?.close();
    await t?.close();
  });

  describe('a newcomer with a metering point and no consumption', () => {
    let http: HttpSession;
    let pointId: string;
    let newcomerId: string;
    beforeAll(async () => {
      ({ id: newcomerId, pointId } = await newcomer(201, 'ny.profil@example.no', '707057500987654324'));
      http = await signIn('ny.profil@example.no');
    });

    it('says standard profile in every statement of the basis, never measured, in both languages', async () => {
      const standard = STANDARD_ANNUAL_KWH.toLocaleString('nb-NO').replace(/\s/g, ' ');
      for (const p of ['/min-side', `/min-side/malepunkt/${pointId}`]) {
        const page = await http.get(p);
        expect(page.res.status).toBe(200);
        const statements = basisStatements(page.body);
        expect(statements.length, p).toBeGreaterThan(0);
        for (const s of statements) {
          expect(s).toMatch(/^profile-estimate: .*standard forbruksprofil/);
          expect(s.replace(/\s/g, ' ')).toContain(`${standard} kWh i året`);
          expect(s).not.toMatch(/målt/i);
        }
        expect(visibleText(page.body)).not.toContain('målt forbruk');
      }
      await http.get('/sprak/en?til=/min-side');
      for (const p of ['/min-side', `/min-side/malepunkt/${pointId}`]) {
        const page = await http.get(p);
        const statements = basisStatements(page.body);
        expect(statements.length, p).toBeGreaterThan(0);
        for (const s of statements) {
          expect(s).toMatch(/^profile-estimate: .*standard (household )?load profile/);
          expect(s).not.toMatch(/measured/i);
        }
        expect(visibleText(page.body)).not.toContain('measured consumption');
      }
      await http.get('/sprak/nb?til=/min-side');
    });

    it('says standard profile in the notice it is sent and in the export of its data', async () => {
      const { monitoring, permissions, notifications } = t.app.services;
      await permissions.change(
        newcomerId,
        [{ kind: 'consent', scope: 'continued_monitoring', textVersion: TEXT_VERSION, give: true }],
        'test',
      );
      await monitoring.setPreferences(
        newcomerId,
        { channel: 'email', thresholdOre: 100, paused: false },
        'test',
      );
      expect(await monitoring.repriceDue()).toMatchObject({ notified: 1 });
      await notifications.deliverDue();
      const mail = email.sent.find((m) => m.to === 'ny.profil@example.no');
      expect(mail?.text).toContain(
        'Vi har verken timeverdier fra måleren din eller fakturaer ennå: tallet bygger på en standard forbruksprofil og et standardforbruk, og er bare et anslag.',
      );
      expect(mail?.text).toContain(
        'the figure is based on a standard load profile and a standard consumption',
      );
      expect(mail?.text).not.toContain('målte timeverdier');

      const file = await http.get('/mine-data/eksport.json');
      expect(file.res.status).toBe(200);
      const data = JSON.parse(file.body) as { tables: Record<string, { rows: Record<string, unknown>[] }> };
      expect(data.tables.savings_snapshots?.rows.map((r) => r.basis)).toEqual(['profile-estimate']);
    });
  });

  describe('an Elhub file from 1 April to the end of 1 May', () => {
    let http: HttpSession;
    let id: string;
    let pointId: string;
    beforeAll(async () => {
      ({ id, pointId } = await newcomer(202, 'ny.april@example.no', '707057500123456785'));
      const report = await t.app.services.metering.importElhubCsv(
        id,
        pointId,
        readFixture('conformance', 'hourly', 'elhub_april.csv'),
      );
      expect(report.stored).toBe(744);
      http = await signIn('ny.april@example.no');
    });

    it('says one month of data, shows May as partial, and leaves May out of the range', async () => {
      const page = await http.get('/min-side');
      const text = visibleText(page.body);
      const [statement] = basisStatements(page.body);
      expect(statement).toMatch(/^measured: Regnet ut fra 744 timer med målt forbruk/);
      expect(statement).toContain('Vi har 1 måned med data.');
      expect(statement).toContain(
        'Mai 2026 er bare delvis med (1 av 31 dager) og regnes ikke som en måned med data.',
      );
      expect(text).not.toMatch(/\b\d+ måneder med data/);
      // The month table and the chart mark May as partial.
      expect(text).toContain('mai 2026 (1 av 31 dager)');
      expect(page.body).toMatch(/<text[^>]*>mai\.? 26 \(1\/31 d\.\)<\/text>/);
      // The range is April's alone: one month says nothing about spread, ±50 % of the figure.
      const { result } = await t.app.services.savings.forMeteringPoint(id, pointId);
      expect(result.range?.method).toBe('one-month');
      const y = result.yearlySavingOre ?? 0;
      const half = Math.abs(y) / 2;
      expect(page.body).toContain(`data-range="${Math.round(y - half)}-${Math.round(y + half)}"`);

      const detail = await http.get(`/min-side/malepunkt/${pointId}`);
      const detailText = visibleText(detail.body);
      expect(basisStatements(detail.body)).toEqual([
        'measured: Grunnlag: målte timeverdier fra måleren din.',
      ]);
      expect(detailText).toContain('Mai 2026 er bare delvis med (1 av 31 dager)');
      expect(detailText).toContain('Med bare én måned vet vi ikke hvor mye månedene varierer');
    });

    it('says the same in English', async () => {
      await http.get('/sprak/en?til=/min-side');
      const page = await http.get('/min-side');
      const [statement] = basisStatements(page.body);
      expect(statement).toMatch(/^measured: Worked out from 744 hours of measured consumption/);
      expect(statement).toContain('We have 1 month of data.');
      expect(statement).toContain('May 2026 is only partly covered (1 of 31 days)');
      expect(visibleText(page.body)).toContain('May 2026 (1 of 31 days)');
      await http.get('/sprak/nb?til=/min-side');
    });
  });
});
