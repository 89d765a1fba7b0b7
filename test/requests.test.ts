import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_PERSON, DemoMeteringSource } from '../src/demo/demo-household.ts';
import { seedDemo } from '../src/demo/seed.ts';
import { demoWithData, startTestApp, type TestApp } from './app.ts';
import { MemorySender } from './mail.ts';
import { describeStores } from './stores.ts';

const _V = '2026-11-26';

/** Data-subject requests end to end on the services, with the one-time codes read from the outbox's e-mail. */
describeStores('data-subject requests', (kind) => {
  let t: TestApp;
  const email = new MemorySender('email');
  const sms = new MemorySender('sms');
  let demo: string;
  let per: string;
  let dpo: string;
  const deliver = () => t.app.services.notifications.deliverDue();

  beforeAll(async () => {
    t = await startTestApp(kind, { meteringSource: new DemoMeteringSource(), senders: { email, sms } });
    await seedDemo(t.app);
    const { customers, staff } = t.app.services;
    demo = await demoWithData(t.app);
    per = await customers.signUp({
      name: 'Per Hansen',
      email: 'per@example.no',
      phone: '41234567',
      identityNumber: '31070551228',
      password: 'passord-som-er-langt',
    });
    dpo = await staff.create({
      username: 'dpo',
      name: 'Personvernombudet',
      roles: ['dpo'],
      password: 'et langt staff-passord',
    });
  });
  afterAll(async () => t?.close());

  it('completes an access request at once after a fresh sign-in, with a 30-day deadline', async () => {
    const now = t.clock.now();
    const { request, needsCode } = await t.app.services.requests.submit(
      demo,
      'access',
      {},
      { channel: 'web', authenticatedAt: now },
    );
    expect(needsCode).toBe(false);
    expect(request.state).toBe('completed');
    expect(request.verificationMethod).toBe('fresh_login');
    expect(request.dueAt.getTime() - request.receivedAt.getTime()).toBe(30 * 86_400_000);
    expect(request.outcome).toEqual({ formats: ['json', 'csv', 'pdf'] });
  });

  it('sends a one-time code when the sign-in is not fresh, and refuses a wrong code', async () => {
    const { requests } = t.app.services;
    const old = new Date(t.clock.now().getTime() - 3_600_000);
    const { request, needsCode } = await requests.submit(
      per,
      'rectification',
      { changes: { name: 'Per Olav Hansen', phone: '' } },
      {
        channel: 'web',
        authenticatedAt: old,
      },
    );
    expect(needsCode).toBe(true);
    expect(request.state).toBe('received');
    expect((await deliver()).sent).toBeGreaterThanOrEqual(2);
    const code = email.lastCode('Retting');
    expect(code).toMatch(/^\d{6}$/);
    expect(email.sent.find((m) => m.text.includes(`Koden din er ${code}`))?.to).toBe('per@example.no');
    await expect(
      requests.verifyWithCode(per, request.id, code === '000000' ? '111111' : '000000'),
    ).rejects.toMatchObject({
      details: [{ at: 'code', message: 'code_wrong' }],
    });
    const done = await requests.verifyWithCode(per, request.id, code ?? '');
    expect(done.state).toBe('completed');
    expect(done.verificationMethod).toBe('code_email');
    expect(done.outcome).toEqual({ fields: ['name', 'phone'] });
    const profile = await t.app.services.customers.profile(per);
    expect(profile.name).toBe('Per Olav Hansen');
    expect(profile.phone).toBeNull();
  });

  it('spends the code after five wrong tries', async () => {
    const { requests } = t.app.services;
    const { request } = await requests.submit(per, 'access', {}, { channel: 'web' });
    await deliver();
    for (let i = 0; i < 5; i++)
      await expect(requests.verifyWithCode(per, request.id, 'nope')).rejects.toThrow();
    await expect(requests.verifyWithCode(per, request.id, email.lastCode() ?? '')).rejects.toMatchObject({
      details: [{ at: 'code', message: 'code_expired' }],
    });
  });

  it('sends the code by SMS when asked and a phone number is registered', async () => {
    const id = await t.app.services.customers.signUp({
      name: 'Siri Sms',
      email: 'siri@example.no',
      phone: '+47 912 34 567',
      identityNumber: '29020060040',
      password: 'passord-som-er-langt',
    });
    const { request } = await t.app.services.requests.submit(
      id,
      'access',
      {},
      { channel: 'web', codeChannel: 'sms' },
    );
    await deliver();
    expect(sms.sent.map((m) => m.to)).toContain('+4791234567');
    const done = await t.app.services.requests.verifyWithCode(id, request.id, sms.lastCode() ?? '');
    expect(done.verificationMethod).toBe('code_sms');
  });

  it('enforces a restriction: analysis stops until it is lifted', async () => {
    const { requests, savings, restrictions } = t.app.services;
    expect(await savings.forCustomer(demo)).toHaveLength(1);
    const { request } = await requests.submit(
      demo,
      'restriction',
      { text: 'Jeg bestrider forbruket' },
      {
        channel: 'web',
        authenticatedAt: t.clock.now(),
      },
    );
    expect(request.state).toBe('completed');
    await expect(savings.forCustomer(demo)).rejects.toMatchObject({ code: 'processing_restricted' });
    await expect(
      t.app.services.metering.fetchFromSource(demo, DEMO_PERSON.identityNumber),
    ).rejects.toMatchObject({
      code: 'processing_restricted',
    });
    const active = await restrictions.active(demo);
    await restrictions.lift(demo, active[0]?.id ?? '', `staff:${dpo}`);
    expect(await savings.forCustomer(demo)).toHaveLength(1);
  });

  it('stops direct marketing at once on objection', async () => {
    const { requests, restrictions } = t.app.services;
    expect(await restrictions.mayProcess(demo, 'marketing')).toBe(true);
    await requests.submit(
      demo,
      'objection_marketing',
      {},
      { channel: 'web', authenticatedAt: t.clock.now() },
    );
    expect(await restrictions.mayProcess(demo, 'marketing')).toBe(false);
    expect(await restrictions.mayProcess(demo, 'savings_analysis')).toBe(true);
  });

  it('lets staff verify by other means, extend by at most two months with a message, and decide an objection', async () => {
    const { requests, restrictions } = t.app.services;
    const { request } = await requests.submit(
      per,
      'objection',
      { text: 'Jeg vil ikke profileres', purposes: ['monitoring'] },
      {
        channel: 'letter',
      },
    );
    await expect(
      requests.completeByStaff(request.id, dpo, 'Tatt til følge.', { upheld: true }),
    ).rejects.toMatchObject({
      code: 'conflict',
    });
    await requests.verifyByStaff(
      request.id,
      dpo,
      'Signert brev med kopi av pass, sjekket mot folkeregisteradresse',
    );
    const tooLong = new Date(request.receivedAt.getTime() + 100 * 86_400_000);
    await expect(
      requests.extend(request.id, dpo, 'Trenger juridisk vurdering', tooLong),
    ).rejects.toMatchObject({
      details: [{ at: 'until', message: 'extension_too_long' }],
    });
    const extended = await requests.extend(request.id, dpo, 'Trenger juridisk vurdering');
    expect(extended.extended).toBe(true);
    expect(extended.extensionReason).toBe('Trenger juridisk vurdering');
    expect(extended.dueAt.toISOString().slice(0, 10)).toBe('2027-02-26');
    await deliver();
    expect(
      email.sent.some(
        (m) =>
          m.text.includes('Ny frist er 26. februar 2027.') &&
          m.text.includes('The new deadline is 26 February 2027.') &&
          m.text.includes('juridisk vurdering'),
      ),
    ).toBe(true);
    const done = await requests.completeByStaff(request.id, dpo, 'Protesten tas til følge.', {
      upheld: true,
      purposes: ['monitoring'],
    });
    expect(done.outcome).toMatchObject({ upheld: true });
    expect(await restrictions.mayProcess(per, 'monitoring')).toBe(false);
  });

  it('keeps the staff queue in deadline order', async () => {
    const { requests } = t.app.services;
    await requests.submit(per, 'complaint', { text: 'Klage på saksbehandlingen' }, { channel: 'web' });
    t.clock.set('2026-11-20T10:00:00Z');
    await requests.submit(
      per,
      'automated_decision_review',
      { text: 'Se på vurderingen' },
      { channel: 'web' },
    );
    t.clock.set('2026-11-26T10:00:00Z');
    const queue = await requests.queue();
    const dues = queue.map((r) => r.dueAt.getTime());
    expect(dues).toEqual([...dues].sort((a, b) => a - b));
    expect(queue[0]?.type).toBe('automated_decision_review');
  });

  it('records every step in the audit log', async () => {
    const steps = (
      await t.app.store.db.selectFrom('audit_log').select('action').where('subject_id', '=', per).execute()
    ).map((r) => r.action);
    for (const a of [
      'request.received',
      'request.code_sent',
      'request.code_wrong',
      'request.verified',
      'request.extended',
      'request.completed',
    ]) {
      expect(steps).toContain(a);
    }
    expect((await t.app.services.audit.verify()).ok).toBe(true);
  });

  it('erases after a verified erasure request, and the request record says what was done', async () => {
    const { requests } = t.app.services;
    const { request } = await requests.submit(per, 'erasure', {}, { channel: 'web' });
    await deliver();
    const code = email.lastCode('Sletting') ?? '';
    await requests.verifyWithCode(per, request.id, code);
    expect(await t.app.services.customers.status(per)).toBe('erased');
    const kept = await requests.ofCustomer(per);
    const erasure = kept.find((r) => r.id === request.id);
    expect(erasure?.state).toBe('completed');
    expect(erasure?.details).toBeNull();
    expect(
      ((erasure?.outcome ?? { erasure: [] }) as { erasure: { table: string }[] }).erasure.map((e) => e.table),
    ).toContain('customers');
  });
});
