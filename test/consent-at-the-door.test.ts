import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseCommand, runDataCommand } from '../src/cli/commands.ts';
import { type CliIo, describeError } from '../src/cli/io.ts';
import type { MessageSender } from '../src/modules/notifications/senders.ts';
import { ANALYSIS_CONSENT, fixture, startTestApp, TEXT_VERSION, type TestApp } from './app.ts';
import { describeStores } from './stores.ts';

/**
 * Consent, power of attorney and restrictions are asked by the services themselves, so the
 * web, the command line and the jobs meet the same door. Each entry point that processes
 * personal data is tried here without the consent and under a restriction.
 */
class Captured implements CliIo {
  readonly stdout: string[] = [];
  readonly stderr: string[] = [];
  out(text: string) {
    this.stdout.push(text);
  }
  err(text: string) {
    this.stderr.push(text);
  }
}

class CapturingSender implements MessageSender {
  readonly sent: string[] = [];
  constructor(readonly channel: 'email' | 'sms') {}
  async send(to: string): Promise<void> {
    this.sent.push(to);
  }
}

const CSV = fixture('conformance', 'hourly', 'elhub_april.csv');
const RECORDING = fixture('conformance', 'hourly', 'bkk_april_2026_hourly.json');
const monitoringConsent = (give: boolean) => [
  { kind: 'consent' as const, scope: 'continued_monitoring', textVersion: TEXT_VERSION, give },
];

describeStores('consent and restrictions asked at the door of every service', (kind) => {
  let t: TestApp;
  const email = new CapturingSender('email');
  /** Withdrew the consent while a legal hold kept the metering point. */
  let withdrawn: string;
  let withdrawnPoint: string;
  /** Has the consent and a metering point. */
  let kari: string;
  let kariPoint: string;

  const run = async (argv: string[]) => {
    const io = new Captured();
    try {
      return { code: await runDataCommand(t.app, io, parseCommand(argv)), io };
    } catch (e) {
      const d = describeError(e);
      io.err(d.text);
      return { code: d.code, io };
    }
  };
  const measuredHours = async (customerId: string, point: string) =>
    (await t.app.services.metering.hourly(customerId, point)).kwh.filter((k) => !Number.isNaN(k)).length;
  const imports = async (customerId: string) =>
    (
      await t.app.store.db
        .selectFrom('audit_log')
        .select('id')
        .where('subject_id', '=', customerId)
        .where('action', '=', 'consumption.imported')
        .execute()
    ).length;

  beforeAll(async () => {
    t = await startTestApp(kind, { senders: { email, sms: new CapturingSender('sms') } });
    const { customers, permissions, metering, holds, staff } = t.app.services;
    withdrawn = await customers.signUp({
      name: 'Per Uten Samtykke',
      email: 'per@example.no',
      identityNumber: '29020060040',
      password: 'et langt og godt passord',
    });
    await permissions.change(withdrawn, ANALYSIS_CONSENT, 'test');
    withdrawnPoint = (
      await metering.addMeteringPoint(
        withdrawn,
        { meteringPointId: '707057500123456785', priceArea: 'NO5' },
        'test',
      )
    ).id;
    // A dispute holds the data, so withdrawing the consent leaves the metering point where it was.
    const dpo = await staff.create({
      username: 'dpo',
      name: 'Dag Personvern',
      roles: ['dpo'],
      password: 'et langt og sterkt passord 2026',
    });
    await holds.place(withdrawn, dpo, 'A dispute about the April invoice');
    await permissions.change(
      withdrawn,
      [{ kind: 'consent', scope: 'invoice_analysis', textVersion: TEXT_VERSION, give: false }],
      'test',
    );
    kari = await customers.signUp({
      name: 'Kari Med Samtykke',
      email: 'kari@example.no',
      identityNumber: '14028512334',
      password: 'et langt og godt passord',
    });
    await permissions.change(kari, [...ANALYSIS_CONSENT, ...monitoringConsent(true)], 'test');
    kariPoint = (
      await metering.addMeteringPoint(
        kari,
        { meteringPointId: '707057500123456792', priceArea: 'NO5' },
        'test',
      )
    ).id;
  });
  afterAll(async () => t?.close());

  it('refuses elvakt import elhub-csv and meter-recording without the consent, and stores nothing', async () => {
    expect((await t.app.services.metering.pointsOf(withdrawn)).map((p) => p.id)).toEqual([withdrawnPoint]);
    for (const [kindOf, file] of [
      ['elhub-csv', CSV],
      ['meter-recording', RECORDING],
    ] as const) {
      const r = await run(['import', kindOf, file, '--metering-point', '707057500123456785']);
      expect(r.code).toBe(1);
      expect(r.io.stderr.join('\n')).toContain(
        'This needs a consent or power of attorney that is not active.',
      );
      expect(r.io.stderr.join('\n')).toContain('invoice_analysis: consent_missing');
    }
    expect(await measuredHours(withdrawn, withdrawnPoint)).toBe(0);
    expect(await imports(withdrawn)).toBe(0);
  });

  it('refuses the import under a restriction, stores nothing, and imports again once it is lifted', async () => {
    const { restrictions } = t.app.services;
    const restriction = await restrictions.place(kari, 'restriction', ['savings_analysis'], 'test');
    const refused = await run(['import', 'elhub-csv', CSV, '--metering-point', '707057500123456792']);
    expect(refused.code).toBe(1);
    expect(refused.io.stderr.join('\n')).toContain('Processing is restricted for this purpose.');
    expect(await measuredHours(kari, kariPoint)).toBe(0);
    expect(await imports(kari)).toBe(0);
    await restrictions.lift(kari, restriction, 'test');
    const stored = await run(['import', 'elhub-csv', CSV, '--metering-point', '707057500123456792']);
    expect(stored.code).toBe(0);
    expect(await measuredHours(kari, kariPoint)).toBe(744);
  });

  it('adds no metering point without the consent or under an objection', async () => {
    const { metering, restrictions } = t.app.services;
    await expect(
      metering.addMeteringPoint(
        withdrawn,
        { meteringPointId: '707057500123456808', priceArea: 'NO5' },
        'test',
      ),
    ).rejects.toMatchObject({ code: 'consent_required' });
    const objection = await restrictions.place(kari, 'objection', ['savings_analysis'], 'test');
    await expect(
      metering.addMeteringPoint(kari, { meteringPointId: '707057500123456808', priceArea: 'NO5' }, 'test'),
    ).rejects.toMatchObject({ code: 'processing_restricted' });
    await restrictions.lift(kari, objection, 'test');
    expect(await metering.pointsOf(kari)).toHaveLength(1);
  });

  it('refuses elvakt savings and the engine input without the consent; the re-pricing job skips, failing nobody', async () => {
    const { savings, monitoring } = t.app.services;
    const r = await run(['savings', '--metering-point', '707057500123456785']);
    expect(r.code).toBe(1);
    expect(r.io.stderr.join('\n')).toContain('invoice_analysis: consent_missing');
    await expect(savings.inputFor(withdrawn, withdrawnPoint)).rejects.toMatchObject({
      code: 'consent_required',
    });
    const restriction = await t.app.services.restrictions.place(
      kari,
      'restriction',
      ['savings_analysis'],
      'test',
    );
    await expect(savings.inputFor(kari, kariPoint)).rejects.toMatchObject({ code: 'processing_restricted' });
    const report = await monitoring.repriceDue();
    expect(report).toMatchObject({ priced: 0, failed: 0 });
    expect(report.skipped).toBeGreaterThanOrEqual(1);
    await t.app.services.restrictions.lift(kari, restriction, 'test');
  });

  it('does not send a saving notice queued before an objection to monitoring, nor one queued before the consent was withdrawn', async () => {
    const { notifications, restrictions, permissions } = t.app.services;
    const queue = (key: string) =>
      t.app.store.db.transaction().execute((tx) =>
        notifications.enqueue(tx, {
          customerId: kari,
          channel: 'email',
          to: 'kari@example.no',
          template: 'saving_found',
          params: {
            amountNb: '1 200 kr',
            amountEn: 'NOK 1,200',
            url: 'http://localhost:3000/min-side',
            unsubscribeUrl: 'http://localhost:3000/varsler/avmeld/x',
          },
          idempotencyKey: key,
        }),
      );
    await queue('door-1');
    const objection = await restrictions.place(kari, 'objection', ['monitoring'], 'test');
    expect(await notifications.deliverDue()).toMatchObject({ sent: 0, discarded: 1 });
    await restrictions.lift(kari, objection, 'test');
    await queue('door-2');
    await permissions.change(kari, monitoringConsent(false), 'test');
    expect(await notifications.deliverDue()).toMatchObject({ sent: 0, discarded: 1 });
    expect(email.sent).toEqual([]);
    // With the consent and no objection, the same notice goes out.
    await permissions.change(kari, monitoringConsent(true), 'test');
    await queue('door-3');
    expect(await notifications.deliverDue()).toMatchObject({ sent: 1 });
    expect(email.sent).toEqual(['kari@example.no']);
  });
});
