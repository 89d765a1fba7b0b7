import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qrMatrix } from '../src/modules/auth/qr-code.ts';
import {
  base32Decode,
  base32Encode,
  hotp,
  matchTotp,
  otpauthUri,
  totp,
  totpStep,
} from '../src/modules/auth/totp.ts';
import { createWebServer } from '../src/web/server.ts';
import { startTestApp, type TestApp } from './app.ts';
import { HttpSession, visibleText } from './http.ts';
import { enrolmentUri } from './staff-sign-in.ts';
import { describeStores } from './stores.ts';

const ascii = (s: string) => new Uint8Array(Buffer.from(s, 'ascii'));

describe('TOTP (RFC 6238, SHA-1, 30 s, 6 digits)', () => {
  it('gives the RFC 6238 test vectors, cut to six digits', () => {
    const secret = ascii('12345678901234567890');
    const vectors: [number, string][] = [
      [59, '94287082'],
      [1111111109, '07081804'],
      [1111111111, '14050471'],
      [1234567890, '89005924'],
      [2000000000, '69279037'],
      [20000000000, '65353130'],
    ];
    for (const [seconds, eight] of vectors) {
      const at = new Date(seconds * 1000);
      expect(hotp(secret, totpStep(at), 8)).toBe(eight);
      expect(totp(secret, at)).toBe(eight.slice(2));
    }
  });

  it('gives the RFC 4226 HOTP values', () => {
    const secret = ascii('12345678901234567890');
    expect([0, 1, 2, 3, 9].map((c) => hotp(secret, c))).toEqual([
      '755224',
      '287082',
      '359152',
      '969429',
      '520489',
    ]);
  });

  it('writes and reads base32 as RFC 4648 does, without padding', () => {
    const vectors: [string, string][] = [
      ['', ''],
      ['f', 'MY'],
      ['fo', 'MZXQ'],
      ['foo', 'MZXW6'],
      ['foob', 'MZXW6YQ'],
      ['fooba', 'MZXW6YTB'],
      ['foobar', 'MZXW6YTBOI'],
    ];
    for (const [plain, encoded] of vectors) {
      expect(base32Encode(ascii(plain))).toBe(encoded);
      expect(Buffer.from(base32Decode(encoded) ?? []).toString('ascii')).toBe(plain);
    }
    expect(Buffer.from(base32Decode('mzxw 6ytb oi==') ?? []).toString('ascii')).toBe('foobar');
    expect(base32Decode('MZXW1')).toBeUndefined();
  });

  it('accepts the step before and after, and nothing further', () => {
    const secret = ascii('12345678901234567890');
    const now = new Date('2026-11-26T10:00:10Z');
    const step = totpStep(now);
    for (const d of [-1, 0, 1]) expect(matchTotp(secret, hotp(secret, step + d), now)).toBe(step + d);
    for (const d of [-2, 2]) expect(matchTotp(secret, hotp(secret, step + d), now)).toBeUndefined();
    expect(matchTotp(secret, `${hotp(secret, step).slice(0, 3)} ${hotp(secret, step).slice(3)}`, now)).toBe(
      step,
    );
    expect(matchTotp(secret, '12345', now)).toBeUndefined();
    expect(matchTotp(secret, 'abcdef', now)).toBeUndefined();
  });

  it('makes the otpauth:// URI authenticator apps read', () => {
    const uri = new URL(otpauthUri(ascii('12345678901234567890'), 'Elvakt', 'kundeservice'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/Elvakt:kundeservice');
    expect(Object.fromEntries(uri.searchParams)).toEqual({
      secret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ',
      issuer: 'Elvakt',
      algorithm: 'SHA1',
      digits: '6',
      period: '30',
    });
  });
});

describe('the QR code of the enrolment URI', () => {
  const URI =
    'otpauth://totp/Elvakt:kundeservice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Elvakt&algorithm=SHA1&digits=6&period=30';
  const bits = (m: boolean[][]) => m.map((r) => r.map((d) => (d ? '1' : '0')).join('')).join('\n');

  /** The 15 format bits read back from the first copy around the top-left finder. */
  const formatBits = (m: boolean[][]) => {
    const at = (r: number, c: number) => ((m[r] as boolean[])[c] ? 1 : 0);
    const cells: [number, number][] = [
      [0, 8],
      [1, 8],
      [2, 8],
      [3, 8],
      [4, 8],
      [5, 8],
      [7, 8],
      [8, 8],
      [8, 7],
      [8, 5],
      [8, 4],
      [8, 3],
      [8, 2],
      [8, 1],
      [8, 0],
    ];
    return cells.reduce((v, [r, c], i) => v | (at(r, c) << i), 0);
  };

  it('has the finder, timing and format patterns of a QR code, level M', () => {
    const m = qrMatrix(URI);
    expect(m.length).toBe(45); // version 7: 4 × 7 + 17
    const row = (r: number) => (m[r] as boolean[]).map((d) => (d ? '1' : '0')).join('');
    expect(row(0).slice(0, 7)).toBe('1111111');
    expect(row(2).slice(0, 7)).toBe('1011101');
    expect(row(6).slice(8, 37)).toBe('10101010101010101010101010101');
    // Format information: level M (00), a mask 0–7, protected by its BCH code and mask.
    const format = formatBits(m) ^ 0x5412;
    expect(format >> 13).toBe(0);
    let check = (format >> 10) << 10;
    for (let i = 14; i >= 10; i--) if ((check >> i) & 1) check ^= 0x537 << (i - 10);
    expect(check).toBe(format & 0x3ff);
  });

  it('draws the same modules as when an independent decoder read it back', () => {
    // Checked when written: every version from 1 to 10 and every mask decoded with no error
    // corrected. A change here must be checked the same way before the hash is renewed.
    expect(
      createHash('sha256')
        .update(bits(qrMatrix(URI)))
        .digest('hex'),
    ).toBe('879228639dd5b2ce1cfd721763d482b8e3dc22cdf4034624cbbd2e3103df6e5d');
    expect(
      createHash('sha256')
        .update(bits(qrMatrix('Elvakt')))
        .digest('hex'),
    ).toBe('653fc0dc19125e4076b3b7f1428d7376088e3a49d6cf856953f5f319e591b016');
  });

  it('refuses text longer than version 10 holds', () => {
    expect(() => qrMatrix('x'.repeat(214))).toThrow(RangeError);
    expect(qrMatrix('x'.repeat(213)).length).toBe(57);
  });
});

describeStores('staff sign-in with a second factor', (kind) => {
  let t: TestApp;
  let server: FastifyInstance;
  let base: string;
  const dpo = { username: 'dora', name: 'Dora Personvern', roles: ['dpo'], password: 'et passord for dora' };

  const listen = async () => {
    const s = await createWebServer(t.app);
    await s.listen({ port: 0, host: '127.0.0.1' });
    return { s, base: `http://127.0.0.1:${(s.server.address() as AddressInfo).port}` };
  };

  beforeAll(async () => {
    t = await startTestApp(kind);
    await t.app.services.staff.create(dpo);
    const started = await listen();
    server = started.s;
    base = started.base;
  });
  afterAll(async () => {
    await server?.close();
    await t?.close();
  });

  const row = () =>
    t.app.store.db
      .selectFrom('staff_users')
      .selectAll()
      .where('username', '=', dpo.username)
      .executeTakeFirstOrThrow();
  const audit = async () =>
    (await t.app.store.db.selectFrom('audit_log').select('action').orderBy('id').execute())
      .map((r) => r.action)
      .filter((a) => a.startsWith('staff.'));
  const password = async (http: HttpSession) => {
    await http.get('/ansatt/logg-inn');
    const r = await http.post('/ansatt/logg-inn', { username: dpo.username, password: dpo.password });
    expect(r.res.status).toBe(303);
    expect(r.res.headers.get('location')).toBe('/ansatt/logg-inn/kode');
    expect(http.cookie('staff_token')).toBeUndefined();
    return http.get('/ansatt/logg-inn/kode');
  };
  const waitForNextCode = () => t.clock.set(new Date(t.clock.now().getTime() + 30_000));
  let secret: Uint8Array;

  it('enrols an account without a second factor at its first sign-in, and lets it in only with a right code', async () => {
    const http = new HttpSession(base);
    const page = await password(http);
    expect(page.res.status).toBe(200);
    expect(visibleText(page.body)).toContain('Sett opp innlogging i to trinn');
    const uri = new URL(enrolmentUri(page.body) ?? '');
    expect(decodeURIComponent(uri.pathname)).toBe(`/Elvakt:${dpo.username}`);
    secret = base32Decode(uri.searchParams.get('secret') ?? '') ?? new Uint8Array();
    expect(secret.length).toBe(20);
    // The key in groups of four, and the QR code drawn inline.
    expect(page.body).toContain(base32Encode(secret).replace(/(.{4})(?=.)/g, '$1 '));
    expect(page.body).toMatch(/<svg class="qr"[^>]*role="img"/);
    // Stored sealed, not as the key; and not yet the account's.
    const stored = await row();
    expect(stored.totp_confirmed_at).toBeNull();
    expect(Buffer.from(stored.totp_secret_enc ?? []).includes(Buffer.from(secret))).toBe(false);
    // Nothing behind the desk before the code.
    expect((await http.get('/ansatt')).res.headers.get('location')).toBe('/ansatt/logg-inn');

    const wrongCode = totp(secret, new Date(t.clock.now().getTime() + 5 * 60_000));
    const wrong = await http.post('/ansatt/logg-inn/kode', { code: wrongCode });
    expect(wrong.res.status).toBe(400);
    expect(visibleText(wrong.body)).toContain('Feil kode');
    expect(enrolmentUri(wrong.body)).toBe(uri.href);
    expect(http.cookie('staff_token')).toBeUndefined();

    const right = await http.post('/ansatt/logg-inn/kode', { code: totp(secret, t.clock.now()) });
    expect(right.res.status).toBe(303);
    expect(right.res.headers.get('location')).toBe('/ansatt');
    expect(http.cookie('staff_2fa')).toBeUndefined();
    const desk = await http.get('/ansatt');
    expect(desk.res.status).toBe(200);
    expect(visibleText(desk.body)).toContain(`Innlogget som ${dpo.name}`);
    expect((await row()).totp_confirmed_at).not.toBeNull();
    expect(await audit()).toEqual([
      'staff.created',
      'staff.second_factor_refused',
      'staff.second_factor_enrolled',
      'staff.signed_in',
    ]);
  });

  it('asks an enrolled account for a code and never shows the key again', async () => {
    waitForNextCode();
    waitForNextCode();
    const http = new HttpSession(base);
    const page = await password(http);
    expect(visibleText(page.body)).toContain('Skriv inn den sekssifrede koden');
    expect(enrolmentUri(page.body)).toBeUndefined();
    expect(page.body).not.toContain(base32Encode(secret));
    // A code from the authenticator's clock a step behind still works.
    const r = await http.post('/ansatt/logg-inn/kode', {
      code: totp(secret, new Date(t.clock.now().getTime() - 30_000)),
    });
    expect(r.res.status).toBe(303);
    expect(http.cookie('staff_token')).toBeDefined();
  });

  it('forgets a lost phone by the command line, audited, and the account enrols anew', async () => {
    const { parseCommand, runDataCommand } = await import('../src/cli/commands.ts');
    const out: string[] = [];
    const io = { out: (x: string) => out.push(x), err: (x: string) => out.push(x) };
    expect(
      await runDataCommand(t.app, io, parseCommand(['staff', 'reset-totp', '--username', dpo.username])),
    ).toBe(0);
    expect((await row()).totp_confirmed_at).toBeNull();
    expect(await audit()).toContain('staff.second_factor_reset');
    waitForNextCode();
    const http = new HttpSession(base);
    const page = await password(http);
    const uri = enrolmentUri(page.body);
    expect(uri).toBeDefined();
    // A new key, not the old one.
    expect(new URL(uri as string).searchParams.get('secret')).not.toBe(base32Encode(secret));
    secret = base32Decode(new URL(uri as string).searchParams.get('secret') as string) as Uint8Array;
    const done = await http.post('/ansatt/logg-inn/kode', { code: totp(secret, t.clock.now()) });
    expect(done.res.status).toBe(303);
    await expect(
      runDataCommand(t.app, io, parseCommand(['staff', 'reset-totp', '--username', 'ingen'])),
    ).rejects.toMatchObject({ code: 'not_found' });
  });

  it('refuses a code used once already, in the same step or an earlier one', async () => {
    waitForNextCode();
    const first = new HttpSession(base);
    await password(first);
    const code = totp(secret, t.clock.now());
    expect((await first.post('/ansatt/logg-inn/kode', { code })).res.status).toBe(303);
    const second = new HttpSession(base);
    await password(second);
    const replay = await second.post('/ansatt/logg-inn/kode', { code });
    expect(replay.res.status).toBe(400);
    expect(second.cookie('staff_token')).toBeUndefined();
    const earlier = await second.post('/ansatt/logg-inn/kode', {
      code: totp(secret, new Date(t.clock.now().getTime() - 30_000)),
    });
    expect(earlier.res.status).toBe(400);
    // The next code is fine.
    waitForNextCode();
    expect(
      (await second.post('/ansatt/logg-inn/kode', { code: totp(secret, t.clock.now()) })).res.status,
    ).toBe(303);
  });

  it('forgets a right password after five minutes without a code', async () => {
    waitForNextCode();
    const http = new HttpSession(base);
    await password(http);
    t.clock.set(new Date(t.clock.now().getTime() + 6 * 60_000));
    const r = await http.post('/ansatt/logg-inn/kode', { code: totp(secret, t.clock.now()) });
    expect(r.res.status).toBe(303);
    expect(r.res.headers.get('location')).toBe('/ansatt/logg-inn');
    expect(http.cookie('staff_token')).toBeUndefined();
  });

  it('locks the second step for fifteen minutes after five wrong codes in a row, right code or not', async () => {
    waitForNextCode();
    const http = new HttpSession(base);
    await password(http);
    const wrong = totp(secret, new Date(t.clock.now().getTime() + 10 * 60_000));
    for (let i = 0; i < 4; i++)
      expect((await http.post('/ansatt/logg-inn/kode', { code: wrong })).res.status).toBe(400);
    const locked = await http.post('/ansatt/logg-inn/kode', { code: wrong });
    expect(locked.res.status).toBe(429);
    expect(visibleText(locked.body)).toContain('sperret i 15 minutter');
    expect(http.cookie('staff_2fa')).toBeUndefined();
    expect((await row()).totp_locked_until).not.toBeNull();
    // With the password again and the right code: still locked.
    await password(http);
    const stillLocked = await http.post('/ansatt/logg-inn/kode', { code: totp(secret, t.clock.now()) });
    expect(stillLocked.res.status).toBe(429);
    expect(http.cookie('staff_token')).toBeUndefined();
    // After the lock, the right code works and the count starts again.
    t.clock.set(new Date(t.clock.now().getTime() + 16 * 60_000));
    await password(http);
    expect((await http.post('/ansatt/logg-inn/kode', { code: totp(secret, t.clock.now()) })).res.status).toBe(
      303,
    );
    const after = await row();
    expect(after.totp_failures).toBe(0);
    expect(after.totp_locked_until).toBeNull();
    expect(await audit()).toContain('staff.second_factor_locked');
  });

  it('counts the code step against the address, whose allowance the passwords share', async () => {
    waitForNextCode();
    const http = new HttpSession(base);
    // A right password: its attempt is taken back from the address.
    await password(http);
    // Wrong passwords at other user names from the same address spend what is left.
    const other = new HttpSession(base);
    await other.get('/ansatt/logg-inn');
    let status = 401;
    for (let i = 0; status === 401 && i < 100; i++)
      status = (await other.post('/ansatt/logg-inn', { username: `gjest${i}`, password: 'feil passord' })).res
        .status;
    expect(status).toBe(429);
    // The right code for the password given before is refused for the address: no session.
    const r = await http.post('/ansatt/logg-inn/kode', { code: totp(secret, t.clock.now()) });
    expect(r.res.status).toBe(429);
    expect(http.cookie('staff_token')).toBeUndefined();
    // The window ends; the next test starts with the address's whole allowance.
    t.clock.set(new Date(t.clock.now().getTime() + 16 * 60_000));
  });

  it('keeps the key and the password out of the logs', () => {
    const logs = t.logs.text;
    expect(logs).not.toContain(base32Encode(secret));
    expect(logs).not.toContain(dpo.password);
  });
});
