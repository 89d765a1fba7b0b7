import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DemoMeteringSource } from '../src/demo/demo-household.ts';
import { seedDemo } from '../src/demo/seed.ts';
import { HttpSmsSender, SmtpSender } from '../src/modules/notifications/senders.ts';
import { translator } from '../src/web/i18n.ts';
import { createWebServer } from '../src/web/server.ts';
import { demoWithData, startTestApp, TEXT_VERSION, type TestApp } from './app.ts';
import { HttpSession, visibleText } from './http.ts';
import { mailText, startSmsGateway, startSmtp } from './mail.ts';
import { describeStores } from './stores.ts';

const monitoringConsent = (give: boolean) => [
  { kind: 'consent' as const, scope: 'continued_monitoring', textVersion: TEXT_VERSION, give },
];

describeStores('monitoring: re-pricing on change and telling the customer', (kind) => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let gateway: Awaited<ReturnType<typeof startSmsGateway>>;
  let server: FastifyInstance;
  let base: string;
  let demo: string;
  let point: string;

  const outbox = () =>
    t.app.store.db.selectFrom('outbox').select(['template', 'channel', 'idempotency_key']).execute();
  const deliver = () => t.app.services.notifications.deliverDue();

  beforeAll(async () => {
    smtp = await startSmtp();
    gateway = await startSmsGateway();
    t = await startTestApp(kind, {
      meteringSource: new DemoMeteringSource(),
      senders: {
        email: new SmtpSender(smtp.url, 'Elvakt <varsel@elvakt.no>'),
        sms: new HttpSmsSender(gateway.url, 'gateway-token'),
      },
      env: { ELVAKT_PUBLIC_URL: 'https://elvakt.example' },
    });
    await seedDemo(t.app);
    demo = await demoWithData(t.app);
    const [mp] = await t.app.services.metering.pointsOf(demo);
    point = mp?.id as string;
    server = await createWebServer(t.app);
    await server.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await server?.close();
    await t?.close();
    await smtp?.close();
    await gateway?.close();
  });

  it('prices every metering point once, and again only when something it depends on changes', async () => {
    const { monitoring } = t.app.services;
    const first = await monitoring.repriceDue();
    expect(first).toMatchObject({ priced: 1, notified: 0, failed: 0 });
    expect((await monitoring.repriceDue()).priced).toBe(0);
    await monitoring.marketChanged(['NO1']);
    expect((await monitoring.repriceDue()).priced).toBe(0);
    await monitoring.marketChanged(['NO5']);
    expect((await monitoring.repriceDue()).priced).toBe(1);
    // A new current contract is a change of the point's own.
    await t.app.services.metering.setCurrentOffer(demo, point, 'demo-vestkyst-spot');
    expect((await monitoring.repriceDue()).priced).toBe(1);
    // Importing offers changes the market of the areas they cover, and only of those.
    const offer = (id: string, areas: string[]) =>
      JSON.stringify({
        format: 'elvakt-offers/2',
        source: 'test',
        offers: [
          {
            id,
            supplier: { name: 'Testkraft AS', orgnr: null },
            name: 'Test',
            type: 'spot',
            areas,
            customerType: 'household',
            markupOrePerKwh: 200,
            monthlyFeeOre: 9900,
            validFrom: '2026-01-01',
            validTo: null,
          },
        ],
      });
    await t.app.services.market.importOffers(offer('test-dyr-no1', ['NO1']));
    expect((await monitoring.repriceDue()).priced).toBe(0);
    await t.app.services.market.importOffers(offer('test-dyr-no5', ['NO5']));
    expect((await monitoring.repriceDue()).priced).toBe(1);
    // The same file again changes nothing, so nothing is priced again.
    await t.app.services.market.importOffers(offer('test-dyr-no5', ['NO5']));
    expect((await monitoring.repriceDue()).priced).toBe(0);
    const [snapshot] = await monitoring.snapshots(demo);
    expect(snapshot?.yearlySavingOre).toBeGreaterThan(50_000);
    // The demo household's hours are measured, and the stored saving says so.
    expect(snapshot?.basis).toBe('measured');
    expect(snapshot?.notifiedAbove).toBe(false);
    // Without the consent to monitoring nobody is told, whatever the saving.
    expect(await outbox()).toEqual([]);
  });

  it('tells a customer with the consent once when the saving is above the threshold, with an unsubscribe link', async () => {
    const { monitoring, permissions } = t.app.services;
    await permissions.change(demo, monitoringConsent(true), 'test');
    await monitoring.marketChanged(['NO5']);
    expect(await monitoring.repriceDue()).toMatchObject({ priced: 1, notified: 1 });
    expect(await outbox()).toEqual([expect.objectContaining({ template: 'saving_found', channel: 'email' })]);
    expect(await deliver()).toMatchObject({ sent: 1 });
    const mail = mailText(smtp.messages.at(-1) ?? '');
    expect(mail).toContain('https://elvakt.example/min-side');
    expect(mail).toContain('Tallet bygger på målte timeverdier fra måleren din.');
    expect(mail).toMatch(/https:\/\/elvakt\.example\/varsler\/avmeld\/[A-Za-z0-9_-]{43}/);

    // Still above after the next change: not told again.
    await monitoring.marketChanged(['NO5']);
    expect(await monitoring.repriceDue()).toMatchObject({ priced: 1, notified: 0 });
    expect(await outbox()).toHaveLength(1);
  });

  it('tells again after the saving fell below the threshold and rose, by text message when chosen', async () => {
    const { monitoring } = t.app.services;
    const [snapshot] = await monitoring.snapshots(demo);
    const saving = snapshot?.yearlySavingOre as number;
    await monitoring.setPreferences(
      demo,
      { channel: 'sms', thresholdOre: saving + 100, paused: false },
      'test',
    );
    await monitoring.marketChanged(['NO5']);
    expect(await monitoring.repriceDue()).toMatchObject({ priced: 1, notified: 0 });
    expect((await monitoring.snapshots(demo))[0]?.notifiedAbove).toBe(false);
    await monitoring.setPreferences(
      demo,
      { channel: 'sms', thresholdOre: saving - 100, paused: false },
      'test',
    );
    await monitoring.marketChanged(['NO5']);
    expect(await monitoring.repriceDue()).toMatchObject({ notified: 1 });
    expect(await deliver()).toMatchObject({ sent: 1 });
    expect(gateway.received.at(-1)?.body.text).toMatch(/varsler\/avmeld\//);
  });

  it('stops telling under an objection to monitoring, and for good after the unsubscribe link', async () => {
    const { monitoring, restrictions } = t.app.services;
    const [snapshot] = await monitoring.snapshots(demo);
    const threshold = (snapshot?.yearlySavingOre as number) + 100;
    // Changing the threshold keeps whatever the unsubscribe link decided.
    const paused = async () => (await monitoring.preferences(demo)).paused;
    const above = async () => {
      // Falls below, then rises: a crossing each time.
      await monitoring.setPreferences(
        demo,
        { channel: 'email', thresholdOre: threshold, paused: await paused() },
        'test',
      );
      await monitoring.marketChanged(['NO5']);
      await monitoring.repriceDue();
      await monitoring.setPreferences(
        demo,
        { channel: 'email', thresholdOre: threshold - 200, paused: await paused() },
        'test',
      );
      await monitoring.marketChanged(['NO5']);
      return monitoring.repriceDue();
    };
    const objection = await restrictions.place(demo, 'objection', ['monitoring'], 'test');
    expect(await above()).toMatchObject({ notified: 0 });
    await restrictions.lift(demo, objection, 'test');
    expect(await above()).toMatchObject({ notified: 1 });
    expect(await deliver()).toMatchObject({ sent: 1 });
    const mail = mailText(smtp.messages.at(-1) ?? '');
    const link = /https:\/\/elvakt\.example(\/varsler\/avmeld\/[A-Za-z0-9_-]{43})/.exec(mail)?.[1];
    expect(link).toBeDefined();

    // The link works without signing in; following it changes nothing until the button is pressed.
    const browser = new HttpSession(base);
    const page = await browser.get(link as string);
    expect(page.res.status).toBe(200);
    expect(page.res.headers.get('referrer-policy')).toBe('no-referrer');
    expect((await monitoring.preferences(demo)).paused).toBe(false);
    const done = await browser.post(link as string, {});
    expect(done.res.status).toBe(303);
    expect(done.res.headers.get('location')).toBe('/varsler/avmeldt');
    const after = await browser.get('/varsler/avmeldt');
    expect(after.res.status).toBe(200);
    expect(visibleText(after.body)).toContain(translator('nb')('unsubscribe.done'));
    // Shown once: a reload has nothing more to say and goes to the front page.
    expect((await browser.get('/varsler/avmeldt')).res.headers.get('location')).toBe('/');
    expect((await monitoring.preferences(demo)).paused).toBe(true);
    expect(await above()).toMatchObject({ notified: 0 });
    expect(
      (await browser.post('/varsler/avmeld/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', {})).res.status,
    ).toBe(404);
    // The token never reaches the log.
    expect(t.logs.text).not.toContain((link as string).split('/').at(-1));
  });

  it('forgets the choices and stops when the consent to monitoring is withdrawn', async () => {
    const { monitoring, permissions } = t.app.services;
    await permissions.change(demo, monitoringConsent(false), 'test');
    expect(await t.app.store.db.selectFrom('monitoring_preferences').selectAll().execute()).toEqual([]);
    await monitoring.marketChanged(['NO5']);
    expect(await monitoring.repriceDue()).toMatchObject({ priced: 1, notified: 0 });
    await expect(
      monitoring.setPreferences(demo, { channel: 'email', thresholdOre: 0, paused: false }, 'test'),
    ).rejects.toMatchObject({ code: 'consent_required' });
  });
});
