import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseCommand, runDataCommand } from '../src/cli/commands.ts';
import { StaffOidcRepository } from '../src/modules/auth/staff-oidc.repository.ts';
import { StaffOidcSignInService } from '../src/modules/auth/staff-oidc-sign-in.service.ts';
import { transactor } from '../src/platform/db/database.ts';
import { startTestApp, type TestApp } from './app.ts';
import { HttpSession, listenWeb, visibleText } from './http.ts';
import { signInStaffOverHttp } from './staff-sign-in.ts';
import { describeStores } from './stores.ts';

/**
 * A staff account ends with the employment: an administrator ends it on the desk or on the
 * command line, every session of it stops at once, nothing signs in to it (password,
 * code or single sign-on), and six months later the sweeper removes its personal fields,
 * leaving references that the desk reads as "former staff member".
 */
const ADMIN = {
  username: 'ada',
  name: 'Ada Administrator',
  roles: ['admin'],
  password: 'et langt admin-passord',
};
const DPO = {
  username: 'siri.slutter',
  name: 'Siri Slutter',
  roles: ['dpo'],
  password: 'et langt dpo-passord',
};
const STAYS = { username: 'dag.dpo', name: 'Dag Blir', roles: ['dpo'], password: 'et langt dpo-passord' };
const CS = {
  username: 'kai.kunde',
  name: 'Kai Kunde',
  roles: ['customer_service'],
  password: 'et langt kundepassord',
};
const PERSON = {
  name: 'Per Kunde',
  email: 'per.kunde@example.no',
  identityNumber: '14028512334',
  password: 'et langt og godt passord',
};

describeStores('ending a staff account', (kind) => {
  let t: TestApp;
  let server: FastifyInstance;
  let base: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp(kind);
    for (const s of [ADMIN, DPO, STAYS, CS]) ids[s.username] = await t.app.services.staff.create(s);
    ({ server, base } = await listenWeb(t.app));
  });
  afterAll(async () => {
    await server.close();
    await t.close();
  });

  const row = (id: string) =>
    t.app.store.db.selectFrom('staff_users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const auditActions = async () =>
    (
      await t.app.store.db.selectFrom('audit_log').select(['action', 'details']).orderBy('id').execute()
    ).filter((r) => r.action === 'staff.disabled' || r.action === 'staff.enabled');
  const sso = () =>
    new StaffOidcSignInService(
      transactor(t.app.store.db),
      new StaffOidcRepository(t.app.store.db),
      t.app.services.staff,
      t.app.keyring,
      t.app.services.audit,
      t.app.clock,
      'preferred_username',
    );
  const passwordStep = async (user: { username: string; password: string }) => {
    const http = new HttpSession(base);
    await http.get('/ansatt/logg-inn');
    return http.post('/ansatt/logg-inn', { username: user.username, password: user.password });
  };

  it('ends every session at once on the desk, stops password and single sign-on, and is audited', async () => {
    const admin = new HttpSession(base);
    await signInStaffOverHttp(admin, t, ADMIN);
    const dpo = new HttpSession(base);
    await signInStaffOverHttp(dpo, t, DPO);
    // The DPO places a hold: a reference the desk must still read once the account is gone.
    const customerId = await t.app.services.customers.signUp(PERSON);
    await dpo.get('/ansatt/sperrer');
    expect(
      (await dpo.post('/ansatt/sperrer', { customerId, reason: 'Tvist om fakturaen for mai' })).res.status,
    ).toBe(303);
    const open = await dpo.get('/ansatt/sperrer');
    expect(open.res.status).toBe(200);

    const list = await admin.get('/ansatt/ansatte');
    expect(list.body).toContain(`action="/ansatt/ansatte/${ids[DPO.username]}/avslutt"`);
    expect(visibleText(list.body)).toContain('Din egen konto');
    const ended = await admin.post(`/ansatt/ansatte/${ids[DPO.username]}/avslutt`, {});
    expect(ended.res.status).toBe(303);

    // The open desk session: its next request is sent to sign in, and a form is refused.
    const next = await dpo.get('/ansatt/sperrer');
    expect(next.res.status).toBe(303);
    expect(next.res.headers.get('location')).toBe('/ansatt/logg-inn');
    const post = await dpo.post('/ansatt/sperrer', { customerId, reason: 'Enda en' });
    expect(post.res.status).toBe(303);
    expect(post.res.headers.get('location')).toBe('/ansatt/logg-inn');
    expect(
      await t.app.store.db
        .selectFrom('staff_sessions')
        .select('token_hash')
        .where('staff_id', '=', ids[DPO.username] as string)
        .execute(),
    ).toEqual([]);
    // Nothing signs in: not the password, not the company's single sign-on.
    expect((await passwordStep(DPO)).res.status).toBe(401);
    const verdict = await sso().signIn({
      issuer: 'https://sso.selskapet.example',
      subject: 'sub-siri',
      claims: { preferred_username: DPO.username },
    });
    expect(verdict).toEqual({ kind: 'refused', reason: 'disabled' });
    const [audited] = await auditActions();
    expect(audited?.details).toEqual({ staff: ids[DPO.username], sessionsEnded: 1, removeOn: '2027-05-26' });

    const after = visibleText((await admin.get('/ansatt/ansatte')).body);
    expect(after).toContain('Deaktivert 26. november 2026. Personopplysningene slettes 26. mai 2027.');
  });

  it('lets an administrator restore an account ended in error, before its data is removed', async () => {
    const admin = new HttpSession(base);
    await signInStaffOverHttp(admin, t, ADMIN);
    await admin.get('/ansatt/ansatte');
    expect((await admin.post(`/ansatt/ansatte/${ids[STAYS.username]}/avslutt`, {})).res.status).toBe(303);
    expect((await passwordStep(STAYS)).res.status).toBe(401);
    await admin.get('/ansatt/ansatte');
    expect((await admin.post(`/ansatt/ansatte/${ids[STAYS.username]}/gjenopprett`, {})).res.status).toBe(303);
    expect((await passwordStep(STAYS)).res.status).toBe(303);
    expect((await row(ids[STAYS.username] as string)).disabled_at).toBeNull();
    // Customer service may not end accounts; nor may anyone end an account twice or their own.
    const cs = new HttpSession(base);
    await signInStaffOverHttp(cs, t, CS);
    await cs.get('/ansatt');
    expect((await cs.post(`/ansatt/ansatte/${ids[STAYS.username]}/avslutt`, {})).res.status).toBe(403);
    await expect(
      t.app.services.staff.disable(ids[ADMIN.username] as string, `staff:${ids[ADMIN.username]}`),
    ).rejects.toMatchObject({ code: 'conflict' });
    expect((await admin.post('/ansatt/ansatte/ikke-en-id/avslutt', {})).res.status).toBe(404);
    expect((await row(ids[STAYS.username] as string)).disabled_at).toBeNull();
  });

  it('ends an account on the command line, and restores one ended in error', async () => {
    const out: string[] = [];
    const io = { out: (s: string) => out.push(s), err: (s: string) => out.push(s) };
    const code = await runDataCommand(
      t.app,
      io,
      parseCommand(['staff', 'disable', '--username', CS.username]),
    );
    expect(code).toBe(0);
    expect(out.join('\n')).toContain('2027-05-26');
    expect((await row(ids[CS.username] as string)).disabled_at).not.toBeNull();
    expect((await passwordStep(CS)).res.status).toBe(401);
    await expect(
      runDataCommand(t.app, io, parseCommand(['staff', 'disable', '--username', 'finnes.ikke'])),
    ).rejects.toMatchObject({ code: 'not_found' });
    // Ended in error: restored on the command line, and the password opens it again.
    expect(
      await runDataCommand(t.app, io, parseCommand(['staff', 'enable', '--username', CS.username])),
    ).toBe(0);
    expect((await row(ids[CS.username] as string)).disabled_at).toBeNull();
    expect((await passwordStep(CS)).res.status).not.toBe(401);
    expect(
      await runDataCommand(t.app, io, parseCommand(['staff', 'disable', '--username', CS.username])),
    ).toBe(0);
  });

  it('removes the personal fields on the date and not before, and the desk then says "former staff member"', async () => {
    const id = ids[DPO.username] as string;
    t.clock.set('2027-05-25T23:00:00Z');
    await t.app.services.retention.run();
    expect((await row(id)).username).toBe(DPO.username);
    expect((await row(id)).removed_at).toBeNull();

    t.clock.set('2027-05-26T06:00:00Z');
    const report = await t.app.services.retention.run();
    expect(report.byTable.staff_users).toBe(2);
    const gone = await row(id);
    expect(gone).toMatchObject({
      username: null,
      name: null,
      password_hash: null,
      totp_secret_enc: null,
      totp_confirmed_at: null,
      oidc_subject_bidx: null,
      roles: [],
    });
    expect(gone.removed_at).not.toBeNull();
    // Nothing of the name is left anywhere in the row.
    expect(JSON.stringify(gone)).not.toMatch(/siri|slutter/i);
    // The account that was restored keeps everything.
    expect((await row(ids[STAYS.username] as string)).username).toBe(STAYS.username);

    const dpo = new HttpSession(base);
    await signInStaffOverHttp(dpo, t, STAYS);
    const holds = visibleText((await dpo.get('/ansatt/sperrer')).body);
    expect(holds).toContain('satt av tidligere ansatt');
    expect(holds).not.toContain('Siri');
    const log = visibleText((await dpo.get('/ansatt/logg')).body);
    expect(log).toContain('tidligere ansatt');
    expect(log).toContain('Dag Blir (dag.dpo)');
    expect(log).not.toContain(`staff:${id}`);
    await dpo.get('/sprak/en?til=/ansatt/logg');
    expect(visibleText((await dpo.get('/ansatt/logg')).body)).toContain('former staff member');
    // No account is left to restore.
    await expect(t.app.services.staff.enable(id, 'cli')).rejects.toMatchObject({ code: 'not_found' });
  });
});
