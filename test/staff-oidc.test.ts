import type { FastifyInstance } from 'fastify';
import { chromium } from 'playwright-core';
import { h } from 'preact';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COOKIES } from '../src/modules/privacy/cookies.ts';
import { translator } from '../src/web/i18n.ts';
import { renderPage, StaffSignInPage } from '../src/web/pages/staff.tsx';
import { authServicesOf } from '../src/web/routes/auth.ts';
import { createWebServer } from '../src/web/server.ts';
import { startTestApp, TEST_NOW, type TestApp } from './app.ts';
import { CHROMIUM_PATH, chromiumMissing } from './browser/browser.ts';
import { HttpSession, listenWeb, visibleText } from './http.ts';
import { freePort, type OidcTestPerson, startOidcProvider, type TestOidcProvider } from './oidc-provider.ts';
import { describeStores, type StoreKind, storeKinds } from './stores.ts';

const CALLBACK = '/ansatt/logg-inn/oidc/tilbake';
const PASSWORD = 'et langt og godt passord';

/** Staff accounts in Elvakt, and the people the company's provider knows. */
const KARI = { username: 'kari.kundeservice', name: 'Kari Kundeservice', roles: ['customer_service'] };
const ADA = { username: 'ada.administrator', name: 'Ada Administrator', roles: ['admin'] };
const PER = { username: 'per.personvern', name: 'Per Personvern', roles: ['dpo'] };
const OLA = { username: 'ola.sluttet', name: 'Ola Sluttet', roles: ['dpo'] };
const KARI_AT_COMPANY = {
  sub: 'company-sub-kari-7f3a',
  preferred_username: 'kari.kundeservice',
  email: 'kari@selskapet.example',
  // The provider's idea of her roles: Elvakt's roles are the ones that count.
  roles: ['admin'],
  amr: ['pwd', 'otp'],
} satisfies OidcTestPerson;

interface Rig {
  readonly t: TestApp;
  readonly op: TestOidcProvider;
  readonly server: FastifyInstance;
  readonly base: string;
  /** Staff ids by user name. */
  readonly ids: Record<string, string>;
  close(): Promise<void>;
}

const startRig = async (kind: StoreKind, claimsIn?: 'id_token' | 'userinfo'): Promise<Rig> => {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const op = await startOidcProvider({
    redirectUri: `${base}${CALLBACK}`,
    ...(claimsIn ? { claimsIn } : {}),
  });
  const t = await startTestApp(kind, { env: { ...op.staffEnv, ELVAKT_PUBLIC_URL: base } });
  const server = await createWebServer(t.app);
  await server.listen({ port, host: '127.0.0.1' });
  const ids: Record<string, string> = {};
  for (const s of [KARI, ADA, PER, OLA])
    ids[s.username] = await t.app.services.staff.create({ ...s, roles: [...s.roles], password: PASSWORD });
  await t.app.store.db
    .updateTable('staff_users')
    .set({ disabled_at: new Date(TEST_NOW) })
    .where('username', '=', OLA.username)
    .execute();
  return {
    t,
    op,
    server,
    base,
    ids,
    close: async () => {
      await server.close();
      await t.close();
      await op.close();
    },
  };
};

/** Starts the sign-on at Elvakt, lets the provider log the person in, and returns the callback URL unvisited. */
const throughProvider = async (rig: Rig, http: HttpSession, person: OidcTestPerson): Promise<URL> => {
  rig.op.nextLogin(person);
  const start = await http.get('/ansatt/logg-inn/oidc');
  expect(start.res.status).toBe(303);
  const authorize = start.res.headers.get('location') ?? '';
  expect(authorize.startsWith(rig.op.issuer)).toBe(true);
  const callback = await rig.op.authorize(authorize);
  expect(callback.origin + callback.pathname).toBe(`${rig.base}${CALLBACK}`);
  return callback;
};

const visit = (http: HttpSession, url: URL) => http.get(url.pathname + url.search);

const setCookie = (res: Response, name: string): string =>
  res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`)) ?? '';

const auditRows = (rig: Rig, action: string) =>
  rig.t.app.store.db
    .selectFrom('audit_log')
    .select(['actor', 'details'])
    .where('action', '=', action)
    .orderBy('id')
    .execute();

describeStores('staff single sign-on with OpenID Connect', (kind) => {
  let rig: Rig;
  beforeAll(async () => {
    rig = await startRig(kind);
  });
  afterAll(async () => rig?.close());

  /** A refused sign-on: the sign-in page with the reason in words, both ways in, nobody signed in. */
  const expectRefused = async (person: OidcTestPerson, reason: string) => {
    const before = (await auditRows(rig, 'staff.oidc_refused')).length;
    const http = new HttpSession(rig.base);
    const r = await visit(http, await throughProvider(rig, http, person));
    expect(r.res.status, reason).toBe(403);
    expect(visibleText(r.body)).toContain('gir ikke tilgang');
    expect(r.body).toContain('href="/ansatt/logg-inn/oidc"');
    expect(r.body).toContain('action="/ansatt/logg-inn"');
    expect(http.cookie('staff_token')).toBeUndefined();
    expect((await http.get('/ansatt')).res.headers.get('location')).toBe('/ansatt/logg-inn');
    const rows = await auditRows(rig, 'staff.oidc_refused');
    expect(rows).toHaveLength(before + 1);
    expect(rows.at(-1)?.details).toMatchObject({ reason });
    return rows.at(-1);
  };

  it('signs an existing account in with its roles from Elvakt, as the one-time code does, and lands on its home', async () => {
    const http = new HttpSession(rig.base);
    rig.op.nextLogin(KARI_AT_COMPANY);
    const start = await http.get('/ansatt/logg-inn/oidc');
    expect(start.res.status).toBe(303);
    const params = new URL(start.res.headers.get('location') ?? '').searchParams;
    expect(params.get('redirect_uri')).toBe(`${rig.base}${CALLBACK}`);
    expect(params.get('scope')).toBe('openid profile email');
    expect(params.get('code_challenge_method')).toBe('S256');
    expect(params.get('state')).toBeTruthy();
    expect(params.get('nonce')).toBeTruthy();
    const flowCookie = setCookie(start.res, 'staff_oidc_flow');
    expect(flowCookie).toMatch(/HttpOnly/i);
    expect(flowCookie).toMatch(/SameSite=Lax/i);
    expect(flowCookie).toMatch(/Path=\/ansatt\/logg-inn\/oidc(;|$)/);
    expect(flowCookie).toMatch(/Max-Age=600/);

    const callback = await rig.op.authorize(start.res.headers.get('location') ?? '');
    const done = await visit(http, callback);
    // A page that moves on by itself, since a SameSite=Strict cookie would not follow a redirect from the provider.
    expect(done.res.status).toBe(200);
    expect(done.res.headers.get('refresh')).toBe('0; url=/ansatt');
    expect(done.res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(done.body).toContain('href="/ansatt"');
    expect(visibleText(done.body)).toContain('Du er logget inn');
    const session = setCookie(done.res, 'staff_token');
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Strict/i);
    expect(session).toMatch(/Path=\/ansatt(;|$)/);
    expect(session).toMatch(/Max-Age=28800/);
    expect(http.cookie('staff_oidc_flow')).toBeUndefined();

    const member = await rig.t.app.services.staff.resolveSession(http.cookie('staff_token'));
    expect(member?.id).toBe(rig.ids[KARI.username]);
    expect(member?.roles).toEqual(['customer_service']);
    expect((await http.get('/ansatt')).res.status).toBe(200);
    // The provider said admin; Elvakt says customer service.
    expect((await http.get('/ansatt/ansatte')).res.status).toBe(403);

    const row = await rig.t.app.store.db
      .selectFrom('staff_users')
      .select(['oidc_subject_bidx', 'oidc_linked_at', 'oidc_last_used_at'])
      .where('username', '=', KARI.username)
      .executeTakeFirstOrThrow();
    // Stored as a keyed hash: neither the subject nor the issuer is in the row.
    const stored = Buffer.from(row.oidc_subject_bidx ?? []);
    expect(stored.length).toBeGreaterThanOrEqual(16);
    expect(stored.toString('latin1')).not.toContain(KARI_AT_COMPANY.sub);
    expect(stored.toString('latin1')).not.toContain(rig.op.issuer);
    expect(row.oidc_linked_at).not.toBeNull();

    const id = rig.ids[KARI.username];
    expect(await auditRows(rig, 'staff.oidc_linked')).toEqual([
      { actor: `staff:${id}`, details: { staff: id } },
    ]);
    expect(await auditRows(rig, 'staff.signed_in_oidc')).toEqual([
      { actor: `staff:${id}`, details: { staff: id, amr: ['pwd', 'otp'] } },
    ]);
    expect((await auditRows(rig, 'staff.signed_in')).map((r) => r.actor)).toEqual([`staff:${id}`]);

    // The next time: the same provider account, its user name written differently, no amr.
    const again = new HttpSession(rig.base);
    const second = await visit(
      again,
      await throughProvider(rig, again, {
        sub: KARI_AT_COMPANY.sub,
        preferred_username: ' Kari.Kundeservice ',
      }),
    );
    expect(second.res.headers.get('refresh')).toBe('0; url=/ansatt');
    expect((await rig.t.app.services.staff.resolveSession(again.cookie('staff_token')))?.id).toBe(id);
    expect(await auditRows(rig, 'staff.oidc_linked')).toHaveLength(1);
    expect((await auditRows(rig, 'staff.signed_in_oidc')).at(-1)?.details).toEqual({ staff: id, amr: null });
  });

  it('sends a role without the request queue to its own home', async () => {
    const http = new HttpSession(rig.base);
    const done = await visit(
      http,
      await throughProvider(rig, http, { sub: 'company-sub-ada-19c2', preferred_username: ADA.username }),
    );
    expect(done.res.headers.get('refresh')).toBe('0; url=/ansatt/behandlingsprotokoll');
    expect((await http.get('/ansatt/behandlingsprotokoll')).res.status).toBe(200);
    const list = await http.get('/ansatt/ansatte');
    expect(list.res.status).toBe(200);
    // The administrator sees how each account signs in, and nothing secret about it.
    const row = (username: string) =>
      visibleText(new RegExp(`<tr data-staff="${username}">([\\s\\S]*?)</tr>`).exec(list.body)?.[1] ?? '');
    expect(row(KARI.username)).toContain('Knyttet til felles innlogging');
    expect(row(PER.username)).toContain('To trinn ikke satt opp ennå');
    expect(row(PER.username)).not.toContain('felles innlogging');
    expect(row(OLA.username)).toContain('Deaktivert');
    expect(list.body).not.toMatch(/\$argon2/);
  });

  it('refuses a user name with no account in Elvakt, and writes no name down', async () => {
    const row = await expectRefused(
      { sub: 'company-sub-ukjent-0b1e', preferred_username: 'ukjent.person', amr: ['pwd'] },
      'unknown_account',
    );
    expect(row).toEqual({ actor: 'system', details: { reason: 'unknown_account' } });
  });

  it('refuses a disabled account', async () => {
    const row = await expectRefused(
      { sub: 'company-sub-ola-5d7e', preferred_username: OLA.username },
      'disabled',
    );
    expect(row?.details).toEqual({ reason: 'disabled', staff: rig.ids[OLA.username] });
  });

  it('refuses a provider that does not release the claim', async () => {
    await expectRefused({ sub: 'company-sub-anonymous-88aa', name: 'Uten Brukernavn' }, 'claim_missing');
  });

  it('refuses the same user name from another provider account once the account is tied', async () => {
    const row = await expectRefused(
      { sub: 'company-sub-impostor-4c4c', preferred_username: KARI.username },
      'subject_mismatch',
    );
    expect(row?.details).toEqual({ reason: 'subject_mismatch', staff: rig.ids[KARI.username] });
    // Nor may Kari's provider account, renamed, open an account it was never tied to.
    await expectRefused({ sub: KARI_AT_COMPANY.sub, preferred_username: PER.username }, 'subject_taken');
    const per = await rig.t.app.store.db
      .selectFrom('staff_users')
      .select('oidc_subject_bidx')
      .where('username', '=', PER.username)
      .executeTakeFirstOrThrow();
    expect(per.oidc_subject_bidx).toBeNull();
  });

  it('ties the account anew after an administrator forgets a replaced provider account', async () => {
    const { parseCommand, runDataCommand } = await import('../src/cli/commands.ts');
    const io = { out: () => undefined, err: () => undefined };
    const unlink = () =>
      runDataCommand(rig.t.app, io, parseCommand(['staff', 'unlink-sso', '--username', KARI.username]));
    const replaced = { sub: 'company-sub-kari-new-7a7a', preferred_username: KARI.username };
    await expectRefused(replaced, 'subject_mismatch');
    expect(await unlink()).toBe(0);
    expect((await auditRows(rig, 'staff.oidc_unlinked')).at(-1)?.details).toEqual({
      staff: rig.ids[KARI.username],
    });
    const http = new HttpSession(rig.base);
    const done = await visit(http, await throughProvider(rig, http, replaced));
    expect(done.res.status).toBe(200);
    expect((await http.get('/ansatt')).res.status).toBe(200);
    // And now the old provider account is the stranger; tie Kari back for the tests below.
    await expectRefused(KARI_AT_COMPANY, 'subject_mismatch');
    expect(await unlink()).toBe(0);
    const back = new HttpSession(rig.base);
    expect((await visit(back, await throughProvider(rig, back, KARI_AT_COMPANY))).res.status).toBe(200);
    await expect(
      runDataCommand(rig.t.app, io, parseCommand(['staff', 'unlink-sso', '--username', 'ingen'])),
    ).rejects.toMatchObject({ code: 'not_found' });
  });

  it('refuses a tampered, replayed or carried-off callback, and signs nobody in', async () => {
    // A forged state: refused, and the flow is spent, so the genuine callback fails afterwards too.
    const http = new HttpSession(rig.base);
    const original = await throughProvider(rig, http, KARI_AT_COMPANY);
    const forged = new URL(original);
    forged.searchParams.set('state', 'forged-state');
    const badState = await visit(http, forged);
    expect(badState.res.status).toBe(401);
    expect(visibleText(badState.body)).toContain('Vi kunne ikke bekrefte innloggingen med selskapets konto');
    expect(http.cookie('staff_token')).toBeUndefined();
    expect(http.cookie('staff_oidc_flow')).toBeUndefined();
    const spent = await visit(http, original);
    expect(spent.res.status).toBe(400);
    expect(visibleText(spent.body)).toContain('tok for lang tid');

    // A replay with the flow cookie and the callback both captured: the code works once.
    const victim = new HttpSession(rig.base);
    const callback = await throughProvider(rig, victim, KARI_AT_COMPANY);
    const flow = victim.cookie('staff_oidc_flow') ?? '';
    expect((await visit(victim, callback)).res.status).toBe(200);
    const replay = await fetch(`${rig.base}${callback.pathname}${callback.search}`, {
      redirect: 'manual',
      headers: { cookie: `staff_oidc_flow=${flow}` },
    });
    expect(replay.status).toBe(401);
    expect(setCookie(replay, 'staff_token')).toBe('');

    // A callback carried to another browser has no flow to match; the right browser still completes it.
    const owner = new HttpSession(rig.base);
    const carried = await throughProvider(rig, owner, KARI_AT_COMPANY);
    const other = new HttpSession(rig.base);
    expect((await visit(other, carried)).res.status).toBe(400);
    expect(other.cookie('staff_token')).toBeUndefined();
    expect((await visit(owner, carried)).res.status).toBe(200);
    expect(owner.cookie('staff_token')).toBeDefined();

    // A household's flow token is not a staff flow token.
    const household = new HttpSession(rig.base);
    const stray = await throughProvider(rig, household, KARI_AT_COMPANY);
    const sealed = await authServicesOf(rig.t.app).tokens.seal(
      'oidc-flow',
      { state: stray.searchParams.get('state'), nonce: 'n', verifier: 'v' },
      600,
    );
    const foreign = await fetch(`${rig.base}${stray.pathname}${stray.search}`, {
      redirect: 'manual',
      headers: { cookie: `staff_oidc_flow=${sealed}` },
    });
    expect(foreign.status).toBe(400);
  });

  it('shows the company account on the refusal page and keeps the password form', async () => {
    const http = new HttpSession(rig.base);
    const r = await visit(
      http,
      await throughProvider(rig, http, {
        sub: 'company-sub-ukjent-0b1e',
        preferred_username: 'ukjent.person',
      }),
    );
    expect(visibleText(r.body)).toContain('Logg inn med selskapets konto');
  });

  it('offers the company account on the staff sign-in page', async () => {
    const page = await new HttpSession(rig.base).get('/ansatt/logg-inn');
    expect(page.body).toContain('href="/ansatt/logg-inn/oidc"');
    expect(visibleText(page.body)).toContain('Logg inn med selskapets konto');
  });

  it('writes no claim value, provider subject, code or token to the logs or the audit log', async () => {
    const logs = rig.t.logs.text;
    expect(logs).toContain('staff oidc sign-in refused');
    const audit = JSON.stringify(
      await rig.t.app.store.db.selectFrom('audit_log').select(['actor', 'details']).execute(),
    );
    for (const secret of [
      'ukjent.person',
      'kari@selskapet.example',
      KARI_AT_COMPANY.sub,
      'company-sub-impostor-4c4c',
      'company-sub-kari-new-7a7a',
      'company-sub-ukjent-0b1e',
      'Uten Brukernavn',
    ]) {
      expect(logs).not.toContain(secret);
      expect(audit).not.toContain(secret);
    }
    // No JSON Web Token (ID or access token) anywhere in the log.
    expect(logs).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/);
    expect(logs).not.toMatch(/[?&](code|state)=/);
  });
});

describeStores('staff single sign-on from a provider that keeps claims in UserInfo', (kind) => {
  let rig: Rig;
  beforeAll(async () => {
    rig = await startRig(kind, 'userinfo');
  });
  afterAll(async () => rig?.close());

  it('reads the user name from UserInfo when the ID token lacks it', async () => {
    const http = new HttpSession(rig.base);
    const done = await visit(
      http,
      await throughProvider(rig, http, { sub: 'company-sub-per-2e2e', preferred_username: PER.username }),
    );
    expect(done.res.status).toBe(200);
    expect((await rig.t.app.services.staff.resolveSession(http.cookie('staff_token')))?.id).toBe(
      rig.ids[PER.username],
    );
  });
});

describeStores('staff sign-in without single sign-on configured', (kind) => {
  let t: TestApp;
  let server: FastifyInstance;
  let base: string;
  beforeAll(async () => {
    t = await startTestApp(kind);
    ({ server, base } = await listenWeb(t.app));
  });
  afterAll(async () => {
    await server?.close();
    await t?.close();
  });

  it('shows only the password form, and has no single sign-on routes', async () => {
    const http = new HttpSession(base);
    const page = await http.get('/ansatt/logg-inn');
    expect(page.res.status).toBe(200);
    expect(page.body).not.toContain('/ansatt/logg-inn/oidc');
    expect((await http.get('/ansatt/logg-inn/oidc')).res.status).toBe(404);
    expect((await http.get(`${CALLBACK}?code=x&state=y`)).res.status).toBe(404);
  });
});

describe('the staff sign-in page and the cookie list', () => {
  const ctx = (locale: 'nb' | 'en') => ({
    locale,
    t: translator(locale),
    csrf: 'csrf-token',
    signedIn: false,
    path: '/ansatt/logg-inn',
    cookieBanner: false,
  });

  it('shows the company account button only when single sign-on is configured', () => {
    const on = renderPage(h(StaffSignInPage, { ctx: ctx('nb'), oidc: true }));
    expect(on).toContain('href="/ansatt/logg-inn/oidc"');
    expect(visibleText(on)).toContain('Logg inn med selskapets konto');
    expect(visibleText(renderPage(h(StaffSignInPage, { ctx: ctx('en'), oidc: true })))).toContain(
      'Sign in with the company account',
    );
    expect(renderPage(h(StaffSignInPage, { ctx: ctx('nb') }))).not.toContain('/ansatt/logg-inn/oidc');
  });

  it('lists the flow cookie', () => {
    const flow = COOKIES.find((c) => c.name === 'staff_oidc_flow');
    expect(flow?.necessary).toBe(true);
  });
});

const browserMissing = chromiumMissing();
if (browserMissing && process.env.ELVAKT_BROWSER_TESTS === 'required') throw new Error(browserMissing);

describe.skipIf(browserMissing !== null)('staff single sign-on in a browser', () => {
  it("arrives signed in at its home when the way back starts on the provider's site", async () => {
    // Elvakt on `localhost`, the provider on 127.0.0.1: two sites, as in production, so
    // SameSite=Strict applies to the way back.
    const port = await freePort();
    const base = `http://localhost:${port}`;
    const op = await startOidcProvider({ redirectUri: `${base}${CALLBACK}` });
    const t = await startTestApp(storeKinds()[0] as StoreKind, {
      env: { ...op.staffEnv, ELVAKT_PUBLIC_URL: base },
    });
    const server = await createWebServer(t.app);
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox'] });
    try {
      await t.app.services.staff.create({ ...KARI, roles: [...KARI.roles], password: PASSWORD });
      await server.listen({ port, host: '127.0.0.1' });
      const context = await browser.newContext();
      context.setDefaultTimeout(10_000);
      op.nextLogin({ sub: KARI_AT_COMPANY.sub, preferred_username: KARI.username });
      const start = await context.request.get(`${base}/ansatt/logg-inn/oidc`, { maxRedirects: 0 });
      const authorize = start.headers().location ?? '';
      // The provider's login page, where the person clicks: the test provider logs in without one.
      await context.route(`${op.issuer}/innlogging`, (route) =>
        route.fulfill({
          contentType: 'text/html',
          body: `<a id="login" href="${authorize.replaceAll('&', '&amp;')}">Logg inn</a>`,
        }),
      );
      const page = await context.newPage();
      await page.goto(`${op.issuer}/innlogging`);
      await page.click('#login');
      await page.waitForURL(`${base}/ansatt`);
      expect(await page.textContent('body')).toContain('Innlogget som Kari Kundeservice');
    } finally {
      await browser.close();
      await server.close();
      await t.close();
      await op.close();
    }
  });
});
