import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { PERMISSION_TEXTS } from '../src/modules/consents/permission-texts.ts';
import { PersonalDataRepository } from '../src/modules/privacy/personal-data.repository.ts';
import { ANALYSIS_CONSENT, startTestApp, type TestApp } from './app.ts';
import { HttpSession, listenWeb } from './http.ts';
import { identityNumber } from './identity-numbers.ts';
import { mailText, startSmtp } from './mail.ts';
import { describeStores } from './stores.ts';

/**
 * Erasure under faults, on both stores: an error inside the erasure leaves the request open
 * and the person whole (signing in still works), and a retry or the sweeper completes it;
 * a request is never completed before `subject.erased` is in the audit log, on the
 * person's own path, at the desk, when the last legal hold is released and when the
 * consent the service depends on is withdrawn.
 */
const PASSWORD = 'et langt og godt passord';

/** Makes the erasure fail mid-way: every other table is already done when the account row's turn comes. */
const failOnAccountRow = () => {
  const original = PersonalDataRepository.prototype.clear;
  return vi.spyOn(PersonalDataRepository.prototype, 'clear').mockImplementation(function (
    this: PersonalDataRepository,
    table,
    ...rest
  ) {
    if (table === 'customers' && !('status' in rest[3] && rest[3].status === 'erasure_pending'))
      return Promise.reject(new Error('injected fault'));
    return original.call(this, table, ...rest);
  });
};

describeStores('erasure under faults', (kind) => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let dpo: string;
  let next = 100;

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await startTestApp(kind, { env: { ELVAKT_SMTP_URL: smtp.url } });
    dpo = await t.app.services.staff.create({
      username: 'dpo',
      name: 'Personvernombudet',
      roles: ['dpo'],
      password: 'et langt staff-passord',
    });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });
  afterEach(() => vi.restoreAllMocks());

  /** A customer with a consent, a metering point and a session. */
  const person = async (name: string) => {
    const { customers, permissions, metering } = t.app.services;
    const email = `${name.toLowerCase()}@example.no`;
    const id = await customers.signUp({
      name: `${name} Testesen`,
      email,
      identityNumber: identityNumber(next),
      password: PASSWORD,
    });
    next += 7;
    await permissions.change(id, ANALYSIS_CONSENT, 'test');
    await metering.addMeteringPoint(id, { meteringPointId: '707057500123456785', priceArea: 'NO5' }, 'test');
    const { token } = await customers.createSession(id);
    return { id, email, token };
  };

  const actions = async (id: string) =>
    (
      await t.app.store.db
        .selectFrom('audit_log')
        .select('action')
        .where('subject_id', '=', id)
        .orderBy('id')
        .execute()
    ).map((r) => r.action);

  /** Everything that shows the person is untouched: the account, a session, sign-in, their data. */
  const expectWhole = async (p: { id: string; email: string; token: string }) => {
    const { customers, metering } = t.app.services;
    expect(await customers.status(p.id)).toBe('active');
    expect(await customers.authenticate(p.email, PASSWORD)).toBe(p.id);
    expect((await customers.resolveSession(p.token))?.customerId).toBe(p.id);
    expect((await customers.profile(p.id)).email).toBe(p.email);
    expect(await metering.pointsOf(p.id)).toHaveLength(1);
    expect(await actions(p.id)).not.toContain('subject.erased');
  };

  /** Erased, the request closed with it, and `subject.erased` before `request.completed`. */
  const expectErased = async (p: { id: string; email: string; token: string }, requestId?: string) => {
    const { customers, requests, audit } = t.app.services;
    expect(await customers.status(p.id)).toBe('erased');
    await expect(customers.authenticate(p.email, PASSWORD)).rejects.toMatchObject({
      code: 'unauthenticated',
    });
    expect(await customers.resolveSession(p.token)).toBeUndefined();
    const log = await actions(p.id);
    expect(log.filter((a) => a === 'subject.erased')).toHaveLength(1);
    if (requestId) {
      const r = (await requests.ofCustomer(p.id)).find((x) => x.id === requestId);
      expect(r?.state).toBe('completed');
      expect(log.indexOf('subject.erased')).toBeLessThan(log.indexOf('request.completed'));
    }
    const keys = await t.app.store.keys
      .selectFrom('subject_keys')
      .select(['purpose', 'destroyed_at'])
      .where('subject_id', '=', p.id)
      .where('purpose', '=', 'general')
      .execute();
    expect(keys.map((k) => k.destroyed_at !== null)).toEqual([true]);
    expect((await audit.verify()).ok).toBe(true);
  };

  it('leaves a self-service erasure open and the person whole when the erasure fails; the sweeper completes it', async () => {
    const { requests, retention } = t.app.services;
    const p = await person('Eira');
    failOnAccountRow();
    await expect(
      requests.submit(p.id, 'erasure', {}, { channel: 'web', authenticatedAt: t.clock.now() }),
    ).rejects.toThrow('injected fault');
    vi.restoreAllMocks();
    const [open] = await requests.ofCustomer(p.id);
    expect(open?.state).toBe('verified');
    expect(open?.completedAt).toBeNull();
    await expectWhole(p);
    const swept = await retention.run();
    expect(swept.erasuresCompleted).toBe(1);
    await expectErased(p, open?.id);
    // The person is told, before the key their message was sealed under is destroyed.
    const told = smtp.messages.map(mailText).filter((m) => m.includes(`To: ${p.email}`));
    expect(told.some((m) => m.includes('du er slettet / you have been erased'))).toBe(true);
  });

  it('leaves a desk erasure open when it fails, resumes nothing the DPO has not decided, and completes on a retry', async () => {
    const { requests, retention } = t.app.services;
    const p = await person('Dag');
    const { request } = await requests.submit(p.id, 'erasure', {}, { channel: 'letter', receivedBy: dpo });
    await requests.verifyByStaff(request.id, dpo, 'Signert brev med kopi av pass');
    // Verified but not decided: the sweeper leaves it to the data protection officer.
    await retention.run();
    await expectWhole(p);
    failOnAccountRow();
    await expect(requests.completeByStaff(request.id, dpo, '')).rejects.toThrow('injected fault');
    vi.restoreAllMocks();
    expect((await requests.byId(request.id)).state).toBe('verified');
    await expectWhole(p);
    const done = await requests.completeByStaff(request.id, dpo, '');
    expect(done.state).toBe('completed');
    expect((done.outcome as { erasure: { table: string }[] }).erasure.map((e) => e.table)).toContain(
      'customers',
    );
    await expectErased(p, request.id);
  });

  it('keeps an erasure request open under a legal hold, and the release that fails erases nothing', async () => {
    const { requests, holds, customers } = t.app.services;
    const p = await person('Hege');
    const hold = await holds.place(p.id, dpo, 'Tvist om sluttoppgjør, sak 2026-3');
    const { request } = await requests.submit(
      p.id,
      'erasure',
      {},
      { channel: 'web', authenticatedAt: t.clock.now() },
    );
    // Held: signed out and waiting, but not erased, so the request is not done either.
    expect(request.state).toBe('verified');
    expect(await customers.status(p.id)).toBe('erasure_pending');
    expect(await actions(p.id)).not.toContain('request.completed');
    failOnAccountRow();
    await expect(holds.release(hold, dpo)).rejects.toThrow('injected fault');
    vi.restoreAllMocks();
    expect(await customers.status(p.id)).toBe('erasure_pending');
    expect((await requests.byId(request.id)).state).toBe('verified');
    expect(await actions(p.id)).not.toContain('subject.erased');
    // The hold is still there, so a retry of the release is possible and finishes it.
    expect(await holds.hasActive(p.id)).toBe(true);
    expect(await holds.release(hold, dpo)).toEqual({ erasureCompleted: true });
    await expectErased(p, request.id);
  });

  it('leaves the consent given and the person whole when the erasure that ends the relationship fails', async () => {
    const { permissions } = t.app.services;
    const p = await person('Siv');
    const { server, base } = await listenWeb(t.app);
    try {
      const web = new HttpSession(base);
      await web.get('/logg-inn');
      const signedIn = await web.post('/logg-inn', { email: p.email, password: PASSWORD });
      expect(signedIn.res.status).toBe(303);
      const page = await web.get('/samtykke');
      const form: Record<string, string> = { confirmEnd: '1' };
      for (const text of PERMISSION_TEXTS) {
        const key = `${text.kind}-${text.scope}`;
        form[`version:${key}`] =
          new RegExp(`name="version:${key}" value="([^"]+)"`).exec(page.body)?.[1] ?? '';
      }
      failOnAccountRow();
      const failed = await web.post('/samtykke', form);
      expect(failed.res.status).toBe(500);
      vi.restoreAllMocks();
      expect(await permissions.isActive(p.id, 'consent', 'invoice_analysis')).toBe(true);
      await expectWhole(p);
      const ended = await web.post('/samtykke', form);
      expect(ended.res.status).toBe(303);
      expect(await permissions.isActive(p.id, 'consent', 'invoice_analysis')).toBe(false);
      await expectErased(p);
    } finally {
      await server.close();
    }
  });
});
