import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { HttpSmsSender, SmtpSender } from '../src/modules/notifications/senders.ts';
import { createLogger } from '../src/platform/logger.ts';
import { startTestApp, type TestApp } from './app.ts';
import { startSmsGateway, startSmtp } from './mail.ts';
import { describeStores } from './stores.ts';

describeStores('notifications', (kind) => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let gateway: Awaited<ReturnType<typeof startSmsGateway>>;
  let kari: string;

  beforeAll(async () => {
    smtp = await startSmtp();
    gateway = await startSmsGateway({ failFirst: 1 });
    t = await startTestApp(kind, {
      senders: {
        email: new SmtpSender(smtp.url, 'Elvakt <personvern@elvakt.no>'),
        sms: new HttpSmsSender(gateway.url, 'secret-token'),
      },
    });
    kari = await t.app.services.customers.signUp({
      name: 'Kari Varsel',
      email: 'kari.varsel@example.no',
      phone: '98765432',
      identityNumber: '14028512334',
      password: 'et langt og godt passord',
    });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
    await gateway?.close();
  });

  const enqueue = (channel: 'email' | 'sms', to: string, key: string) =>
    t.app.store.db.transaction().execute((tx) =>
      t.app.services.notifications.enqueue(tx, {
        customerId: kari,
        channel,
        to,
        template: 'request_code',
        params: { code: '424242', typeNb: 'Innsyn', typeEn: 'Access' },
        idempotencyKey: key,
      }),
    );

  it('delivers e-mail through a real SMTP server, once per idempotency key', async () => {
    expect(await enqueue('email', 'kari.varsel@example.no', 'k1')).toBe(true);
    expect(await enqueue('email', 'kari.varsel@example.no', 'k1')).toBe(false);
    const report = await t.app.services.notifications.deliverDue();
    expect(report.sent).toBe(1);
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]).toContain('To: kari.varsel@example.no');
    expect(smtp.messages[0]).toContain('Koden din er 424242');
    expect((await t.app.services.notifications.deliverDue()).sent).toBe(0);
  });

  it('retries an SMS with backoff when the gateway fails, then delivers it with the token', async () => {
    await enqueue('sms', '+4798765432', 'k2');
    const first = await t.app.services.notifications.deliverDue();
    expect(first).toMatchObject({ sent: 0, retried: 1 });
    const row = await t.app.store.db
      .selectFrom('outbox')
      .select(['attempts', 'last_error', 'status'])
      .where('idempotency_key', '=', 'k2')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ attempts: 1, status: 'pending', last_error: 'SMS gateway answered 500' });
    expect((await t.app.services.notifications.deliverDue()).sent).toBe(0);
    t.clock.set(new Date(t.clock.now().getTime() + 3 * 60_000));
    expect((await t.app.services.notifications.deliverDue()).sent).toBe(1);
    expect(gateway.received).toEqual([
      { auth: 'Bearer secret-token', body: { to: '+4798765432', text: expect.stringContaining('424242') } },
    ]);
  });

  it('discards what was queued for someone erased since: it can no longer be read or sent', async () => {
    await enqueue('email', 'kari.varsel@example.no', 'k3');
    await t.app.services.erasure.erase(kari);
    const report = await t.app.services.notifications.deliverDue();
    expect(report.discarded).toBe(0);
    // Erasure deleted the queued message outright (the outbox is deleted with the person).
    expect(
      await t.app.store.db.selectFrom('outbox').select('id').where('idempotency_key', '=', 'k3').execute(),
    ).toEqual([]);
  });
});

describeStores('a material change of the privacy policy', (kind) => {
  let t: TestApp;
  let dir: string;
  beforeAll(async () => {
    t = await startTestApp(kind);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'elvakt-proc-'));
  });
  afterAll(async () => {
    await t?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('publishes a new version and tells every customer with an e-mail address, once', async () => {
    const { customers, policy } = t.app.services;
    const first = await policy.publish();
    expect(first.policy.version).toBe(1);
    expect((await policy.publish()).created).toBe(false);
    for (const [i, fnr] of ['14028512334', '31070551228', '29020060040'].entries()) {
      await customers.signUp({
        name: `Kunde ${i}`,
        email: `kunde${i}@example.no`,
        identityNumber: fnr,
        password: 'et langt og godt passord',
      });
    }
    const file = path.join(dir, 'processors.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        processors: [
          {
            id: 'skyhall',
            name: 'Skyhall Drift AS',
            role: { nb: 'Drift og lagring', en: 'Hosting and storage' },
            categories: ['contact', 'consumption'],
            country: 'SE',
            agreementDate: '2026-11-01',
          },
        ],
      }),
    );
    // A second process, configured with one more processor, starts on the same database.
    const again = await createApp(
      loadConfig({ DATA_DIR: t.dataDir, ELVAKT_DEMO: '0', ELVAKT_PROCESSORS_FILE: file }),
      {
        store: t.app.store,
        clock: t.clock,
        logger: createLogger({ level: 'silent' }),
      },
    );
    const second = await again.services.policy.publish();
    expect(second.created).toBe(true);
    expect(second.policy.version).toBe(2);
    expect(second.changes).toEqual({ purposes: [], categories: [], processors: ['skyhall'] });
    expect(second.notified).toBe(3);
    expect((await again.services.policy.publish()).notified).toBe(0);
    const queued = await t.app.store.db.selectFrom('outbox').select(['template', 'status']).execute();
    expect(queued.filter((q) => q.template === 'policy_changed')).toHaveLength(3);
    const doc = second.policy.document;
    expect(doc.transfers).toEqual([]);
    expect(doc.processors.map((p) => p.id)).toEqual(['cgi-norge', 'kredinor', 'skyhall']);
  });
});
