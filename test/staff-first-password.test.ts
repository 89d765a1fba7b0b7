import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseCommand, runDataCommand } from '../src/cli/commands.ts';
import { base32Decode, totp } from '../src/modules/auth/totp.ts';
import { startTestApp, type TestApp } from './app.ts';
import { HttpSession, listenWeb, visibleText } from './http.ts';
import { enrolmentUri } from './staff-sign-in.ts';
import { describeStores } from './stores.ts';

describeStores('a staff account’s first password', (kind) => {
  let t: TestApp;
  let server: FastifyInstance;
  let base: string;
  const printed: string[] = [];
  const io = { out: (x: string) => printed.push(x), err: (x: string) => printed.push(x) };
  /** The password a command printed last ("…: <password>"), as the administrator reads it off the screen. */
  const lastPassword = () => {
    const line = [...printed].reverse().find((l) => /password/i.test(l) && /: \S+$/.test(l)) ?? '';
    return line.slice(line.lastIndexOf(': ') + 2);
  };
  const cli = (...args: string[]) => runDataCommand(t.app, io, parseCommand(args));

  beforeAll(async () => {
    t = await startTestApp(kind, { now: '2026-12-07T09:00:00Z' });
    ({ server, base } = await listenWeb(t.app));
  });
  afterAll(async () => {
    await server?.close();
    await t?.close();
  });

  const row = (username: string) =>
    t.app.store.db
      .selectFrom('staff_users')
      .selectAll()
      .where('username', '=', username)
      .executeTakeFirstOrThrow();
  const audit = async () =>
    (
      await t.app.store.db.selectFrom('audit_log').select(['action', 'details']).orderBy('id').execute()
    ).filter((r) => r.action.startsWith('staff.'));
  const signIn = async (http: HttpSession, username: string, password: string) => {
    await http.get('/ansatt/logg-inn');
    return http.post('/ansatt/logg-inn', { username, password });
  };
  const later = (ms: number) => t.clock.set(new Date(t.clock.now().getTime() + ms));

  let ownPassword = '';
  let secret: Uint8Array = new Uint8Array();

  it('must be replaced before anything else, and then stops working', async () => {
    expect(await cli('staff', 'add', '--username', 'nora', '--name', 'Nora Ny', '--role', 'dpo')).toBe(0);
    const first = lastPassword();
    expect(first.length).toBeGreaterThanOrEqual(20);
    expect(printed.join('\n')).toContain('72 hours');
    expect((await row('nora')).password_expires_at).toEqual(new Date('2026-12-10T09:00:00Z'));
    // The administrator's list says the password is a first one, and until when.
    const listed = (await t.app.services.staff.signInStatus()).find((m) => m.username === 'nora');
    expect(listed).toMatchObject({
      firstPasswordUntil: new Date('2026-12-10T09:00:00Z'),
      secondFactorSince: null,
    });

    const http = new HttpSession(base);
    const r = await signIn(http, 'nora', first);
    expect(r.res.status).toBe(303);
    expect(r.res.headers.get('location')).toBe('/ansatt/logg-inn/nytt-passord');
    expect(http.cookie('staff_token')).toBeUndefined();
    // The second factor's step and the desk stay shut, and no key is made yet.
    expect((await http.get('/ansatt/logg-inn/kode')).res.headers.get('location')).toBe(
      '/ansatt/logg-inn/nytt-passord',
    );
    expect((await http.post('/ansatt/logg-inn/kode', { code: '123456' })).res.headers.get('location')).toBe(
      '/ansatt/logg-inn/nytt-passord',
    );
    expect((await http.get('/ansatt')).res.headers.get('location')).toBe('/ansatt/logg-inn');
    expect((await row('nora')).totp_secret_enc).toBeNull();

    const page = await http.get('/ansatt/logg-inn/nytt-passord');
    expect(page.res.status).toBe(200);
    expect(visibleText(page.body)).toContain('Velg ditt eget passord');

    const tooShort = await http.post('/ansatt/logg-inn/nytt-passord', { password: 'kort', repeat: 'kort' });
    expect(tooShort.res.status).toBe(400);
    expect(visibleText(tooShort.body)).toContain('fra 12 til 256 tegn');
    const mismatch = await http.post('/ansatt/logg-inn/nytt-passord', {
      password: 'nora sitt eget passord',
      repeat: 'nora sitt andre passord',
    });
    expect(mismatch.res.status).toBe(400);
    expect(visibleText(mismatch.body)).toContain('ikke like');
    const same = await http.post('/ansatt/logg-inn/nytt-passord', { password: first, repeat: first });
    expect(same.res.status).toBe(400);
    expect(visibleText(same.body)).toContain('annet passord enn det du fikk');
    // Nothing changed by the refusals.
    expect((await row('nora')).password_expires_at).not.toBeNull();

    ownPassword = 'nora sitt eget passord';
    const changed = await http.post('/ansatt/logg-inn/nytt-passord', {
      password: ownPassword,
      repeat: ownPassword,
    });
    expect(changed.res.status).toBe(303);
    expect(changed.res.headers.get('location')).toBe('/ansatt/logg-inn/kode');
    expect((await row('nora')).password_expires_at).toBeNull();
    expect(
      (await t.app.services.staff.signInStatus()).find((m) => m.username === 'nora')?.firstPasswordUntil,
    ).toBeNull();
    // Then the second factor is set up, and only then is there a session.
    const enrol = await http.get('/ansatt/logg-inn/kode');
    const uri = enrolmentUri(enrol.body);
    expect(uri).toBeDefined();
    secret = base32Decode(new URL(uri as string).searchParams.get('secret') ?? '') ?? new Uint8Array();
    const done = await http.post('/ansatt/logg-inn/kode', { code: totp(secret, t.clock.now()) });
    expect(done.res.status).toBe(303);
    expect((await http.get('/ansatt')).res.status).toBe(200);

    // The first password opens nothing any more; the own one does.
    const old = await signIn(new HttpSession(base), 'nora', first);
    expect(old.res.status).toBe(401);
    expect(visibleText(old.body)).toContain('Feil brukernavn eller passord');
    const own = await signIn(new HttpSession(base), 'nora', ownPassword);
    expect(own.res.headers.get('location')).toBe('/ansatt/logg-inn/kode');

    const changes = (await audit()).filter((a) => a.action === 'staff.password_changed');
    expect(changes).toHaveLength(1);
    expect(changes[0]?.details).toMatchObject({ wasFirstPassword: true });
  });

  it('runs out after 72 hours unused, saying so only to whoever knows it', async () => {
    expect(
      await cli('staff', 'add', '--username', 'ola', '--name', 'Ola Sen', '--role', 'customer_service'),
    ).toBe(0);
    const first = lastPassword();
    later(72 * 3_600_000 + 1000);
    const http = new HttpSession(base);
    const late = await signIn(http, 'ola', first);
    expect(late.res.status).toBe(401);
    expect(visibleText(late.body)).toContain('Førstegangspassordet har gått ut');
    expect(http.cookie('staff_2fa')).toBeUndefined();
    // A wrong password for the same account says nothing about the first one.
    const wrong = await signIn(new HttpSession(base), 'ola', 'et helt annet passord');
    expect(visibleText(wrong.body)).toContain('Feil brukernavn eller passord');
    expect(visibleText(wrong.body)).not.toContain('gått ut');

    // An administrator makes a new one; it works, and the expired one does not.
    expect(await cli('staff', 'reset-password', '--username', 'ola')).toBe(0);
    const second = lastPassword();
    expect(second).not.toBe(first);
    expect((await signIn(new HttpSession(base), 'ola', first)).res.status).toBe(401);
    expect((await signIn(new HttpSession(base), 'ola', second)).res.headers.get('location')).toBe(
      '/ansatt/logg-inn/nytt-passord',
    );
    await expect(cli('staff', 'reset-password', '--username', 'ingen')).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('ends every session of the account when a forgotten password is replaced', async () => {
    later(60_000);
    const http = new HttpSession(base);
    await signIn(http, 'nora', ownPassword);
    await http.post('/ansatt/logg-inn/kode', { code: totp(secret, t.clock.now()) });
    expect((await http.get('/ansatt')).res.status).toBe(200);

    expect(await cli('staff', 'reset-password', '--username', 'nora')).toBe(0);
    expect((await http.get('/ansatt')).res.headers.get('location')).toBe('/ansatt/logg-inn');
    // The own password is gone too: the new first password leads to choosing another.
    expect((await signIn(new HttpSession(base), 'nora', ownPassword)).res.status).toBe(401);
    const issued = (await audit()).filter((a) => a.action === 'staff.first_password_issued');
    // The session of the first test and this one.
    expect(issued.at(-1)?.details).toMatchObject({ sessionsEnded: 2 });
  });

  it('keeps every password out of the logs and the audit trail', async () => {
    const passwords = printed.flatMap((l) =>
      /: \S{20,}$/.test(l) ? [l.slice(l.lastIndexOf(': ') + 2)] : [],
    );
    expect(passwords.length).toBe(4);
    const trail = JSON.stringify(await audit());
    for (const p of [...passwords, ownPassword]) {
      expect(t.logs.text).not.toContain(p);
      expect(trail).not.toContain(p);
    }
  });
});
