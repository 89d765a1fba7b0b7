import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createWebServer } from '../src/web/server.ts';
import { startTestApp, type TestApp } from './app.ts';
import { HttpSession, listenWeb, visibleText } from './http.ts';
import { freePort, type OidcTestPerson, startOidcProvider, type TestOidcProvider } from './oidc-provider.ts';
import { describeStores, type StoreKind } from './stores.ts';

/** Identity numbers of made-up people (valid check digits). */
const EXISTING = { sub: 'idporten-sub-existing', pid: '15027510091', name: 'Eva Eksisterende' };
const NEWCOMER = { sub: 'idporten-sub-newcomer', pid: '24128810052', name: 'Nils Nykommer' };
const STRICT = { sub: 'strict-sub', pid: '30069910048', name: 'Siri Streng' };

interface Rig {
  readonly t: TestApp;
  readonly op: TestOidcProvider;
  readonly server: FastifyInstance;
  readonly base: string;
  /** Every URL the browser was sent to or asked for, to check that no identity number is in one. */
  readonly urls: string[];
  close(): Promise<void>;
}

const startRig = async (kind: StoreKind, claimsIn?: 'id_token' | 'userinfo'): Promise<Rig> => {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const op = await startOidcProvider({
    redirectUri: `${base}/logg-inn/oidc/tilbake`,
    ...(claimsIn ? { claimsIn } : {}),
  });
  const t = await startTestApp(kind, { env: { ...op.env, ELVAKT_PUBLIC_URL: base } });
  const server = await createWebServer(t.app);
  await server.listen({ port, host: '127.0.0.1' });
  return {
    t,
    op,
    server,
    base,
    urls: [],
    close: async () => {
      await server.close();
      await t.close();
      await op.close();
    },
  };
};

/** Starts a sign-in at Elvakt, lets the provider log the person in, and returns the callback URL unvisited. */
const throughProvider = async (
  rig: Rig,
  http: HttpSession,
  person: OidcTestPerson,
  /** Changes the authorization request on its way to the provider, as a meddler between them could. */
  meddle?: (authorize: URL) => void,
): Promise<URL> => {
  rig.op.nextLogin(person);
  const start = await http.get('/logg-inn/oidc');
  expect(start.res.status).toBe(303);
  let authorize = start.res.headers.get('location') ?? '';
  if (meddle) {
    const u = new URL(authorize);
    meddle(u);
    authorize = u.href;
  }
  expect(authorize.startsWith(rig.op.issuer)).toBe(true);
  const params = new URL(authorize).searchParams;
  expect(params.get('code_challenge_method')).toBe('S256');
  expect(params.get('state')).toBeTruthy();
  expect(params.get('nonce')).toBeTruthy();
  const callback = await rig.op.authorize(authorize);
  expect(callback.origin).toBe(rig.base);
  rig.urls.push(authorize, callback.href);
  return callback;
};

const visit = async (rig: Rig, http: HttpSession, url: URL | string) => {
  const path = typeof url === 'string' ? url : url.pathname + url.search;
  rig.urls.push(path);
  const r = await http.get(path);
  const location = r.res.headers.get('location');
  if (location) rig.urls.push(location);
  return r;
};

describeStores('household sign-in with OpenID Connect', (kind) => {
  let rig: Rig;
  beforeAll(async () => {
    rig = await startRig(kind);
  });
  afterAll(async () => rig?.close());

  it('offers BankID / ID-porten on the sign-in page', async () => {
    const page = await new HttpSession(rig.base).get('/logg-inn');
    expect(page.body).toContain('href="/logg-inn/oidc"');
    expect(visibleText(page.body)).toContain('Logg inn med BankID / ID-porten');
  });

  it('links an existing customer by identity number and signs them in like the password does', async () => {
    const { customers } = rig.t.app.services;
    const id = await customers.signUp({
      name: EXISTING.name,
      email: 'eva@example.no',
      identityNumber: EXISTING.pid,
      password: 'et langt og godt passord',
    });
    const http = new HttpSession(rig.base);
    await http.get('/logg-inn');
    const csrfBefore = http.cookie('csrf');
    const done = await visit(rig, http, await throughProvider(rig, http, EXISTING));
    expect(done.res.status).toBe(303);
    expect(done.res.headers.get('location')).toBe('/samtykke');
    // The same session cookie as the password path, with its attributes, and the same CSRF cookie.
    const cookie = done.res.headers.getSetCookie().find((c) => c.startsWith('auth_token=')) ?? '';
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//);
    expect((await rig.t.app.services.customers.resolveSession(http.cookie('auth_token')))?.customerId).toBe(
      id,
    );
    expect(http.cookie('csrf')).toBe(csrfBefore);
    expect(http.cookie('oidc_flow')).toBeUndefined();
    const page = await http.get('/samtykke');
    expect(page.res.status).toBe(200);
    // Signed in: the form posts work with the page's CSRF token, and signing out ends the session.
    const out = await http.post('/logg-ut', {});
    expect(out.res.status).toBe(303);
    expect(http.cookie('auth_token')).toBeUndefined();

    const links = await rig.t.app.store.db.selectFrom('customer_oidc_links').selectAll().execute();
    expect(links.map((l) => l.customer_id)).toEqual([id]);
    // Stored as a keyed hash: neither the subject nor the issuer is in the row.
    expect(Buffer.from(links[0]?.subject_bidx ?? []).toString('latin1')).not.toContain(EXISTING.sub);
    const audit = await rig.t.app.store.db
      .selectFrom('audit_log')
      .select(['action', 'subject_id'])
      .where('action', '=', 'customer.oidc_linked')
      .execute();
    expect(audit).toEqual([{ action: 'customer.oidc_linked', subject_id: id }]);

    // The next time the subject alone is enough, even from a provider that releases no identity number.
    const again = new HttpSession(rig.base);
    const second = await visit(rig, again, await throughProvider(rig, again, { sub: EXISTING.sub }));
    expect(second.res.headers.get('location')).toBe('/samtykke');
    expect((await rig.t.app.services.customers.resolveSession(again.cookie('auth_token')))?.customerId).toBe(
      id,
    );
    expect(await rig.t.app.store.db.selectFrom('customer_oidc_links').selectAll().execute()).toHaveLength(1);
  });

  it('sends a new person to sign-up with the verified identity filled in, kept out of every URL', async () => {
    const http = new HttpSession(rig.base);
    const arrived = await visit(rig, http, await throughProvider(rig, http, NEWCOMER));
    expect(arrived.res.status).toBe(303);
    expect(arrived.res.headers.get('location')).toBe('/logg-inn/oidc/registrer');
    expect(http.cookie('auth_token')).toBeUndefined();
    // The identity waits sealed in a cookie the browser cannot read.
    const pending = http.cookie('oidc_signup') ?? '';
    expect(pending).not.toBe('');
    expect(Buffer.from(pending, 'base64url').toString('latin1')).not.toContain(NEWCOMER.pid);
    const form = await visit(rig, http, '/logg-inn/oidc/registrer');
    expect(form.res.status).toBe(200);
    const text = visibleText(form.body);
    expect(text).toContain(`${NEWCOMER.pid.slice(0, 6)} *****`);
    expect(text).toContain('Bekreftet av BankID / ID-porten');
    expect(form.body).toContain(`value="${NEWCOMER.name}"`);
    // Shown masked, and not a field the browser could change and send back.
    expect(form.body).not.toContain(NEWCOMER.pid);
    expect(form.body).not.toContain('name="identityNumber"');

    const tooShort = await http.post('/logg-inn/oidc/registrer', {
      name: NEWCOMER.name,
      email: 'nils@example.no',
      password: 'kort',
    });
    expect(tooShort.res.status).toBe(400);
    expect(tooShort.body).not.toContain(NEWCOMER.pid);
    const created = await http.post('/logg-inn/oidc/registrer', {
      name: NEWCOMER.name,
      email: 'nils@example.no',
      phone: '',
      password: 'et langt og godt passord',
    });
    expect(created.res.status).toBe(303);
    expect(created.res.headers.get('location')).toBe('/samtykke');
    expect(http.cookie('oidc_signup')).toBeUndefined();
    const session = await rig.t.app.services.customers.resolveSession(http.cookie('auth_token'));
    const profile = await rig.t.app.services.customers.profile(session?.customerId ?? '');
    expect(profile.identityNumber).toBe(NEWCOMER.pid);
    expect(profile.email).toBe('nils@example.no');
    // The password works too, and the next sign-in with the provider goes straight in.
    expect(
      await rig.t.app.services.customers.authenticate('nils@example.no', 'et langt og godt passord'),
    ).toBe(profile.id);
    const again = new HttpSession(rig.base);
    const second = await visit(rig, again, await throughProvider(rig, again, NEWCOMER));
    expect(second.res.headers.get('location')).toBe('/samtykke');
    // The sign-up page is gone once used.
    expect((await http.get('/logg-inn/oidc/registrer')).res.status).toBe(400);

    for (const url of rig.urls) {
      expect(decodeURIComponent(url)).not.toContain(NEWCOMER.pid);
      expect(decodeURIComponent(url)).not.toContain(EXISTING.pid);
    }
  });

  it('refuses a tampered callback (state, issuer, code, nonce, PKCE), a replayed one and one from another browser, and signs nobody in', async () => {
    const tampered = async (change: (u: URL) => void) => {
      const http = new HttpSession(rig.base);
      const original = await throughProvider(rig, http, EXISTING);
      const forged = new URL(original);
      change(forged);
      const r = await visit(rig, http, forged);
      expect(http.cookie('auth_token')).toBeUndefined();
      return { http, r, original };
    };
    const badState = await tampered((u) => u.searchParams.set('state', 'forged-state'));
    expect(badState.r.res.status).toBe(401);
    expect(visibleText(badState.r.body)).toContain('Vi kunne ikke bekrefte innloggingen');
    expect(badState.r.body).toContain('href="/logg-inn/oidc"');
    // The flow was spent by the failed attempt: the genuine callback does not work afterwards either.
    expect(badState.http.cookie('oidc_flow')).toBeUndefined();
    const spent = await visit(rig, badState.http, badState.original);
    expect(spent.res.status).toBe(400);
    expect(visibleText(spent.body)).toContain('tok for lang tid');

    const badIssuer = await tampered((u) => u.searchParams.set('iss', 'https://evil.example'));
    expect(badIssuer.r.res.status).toBe(401);

    const noCode = await tampered((u) => u.searchParams.set('code', 'not-a-code'));
    expect(noCode.r.res.status).toBe(401);

    // A request whose nonce or PKCE challenge was swapped on the way: the state matches, the tokens do not.
    for (const [param, value, why] of [
      // The ID token carries the swapped nonce, which is not the one this browser's flow expects.
      ['nonce', 'a-nonce-of-someone-else', 'OAUTH_JWT_CLAIM_COMPARISON_FAILED'],
      // The provider refuses the code for a verifier that does not match the challenge it saw.
      ['code_challenge', 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', 'OAUTH_RESPONSE_BODY_ERROR'],
    ] as const) {
      const http = new HttpSession(rig.base);
      const callback = await throughProvider(rig, http, EXISTING, (u) => u.searchParams.set(param, value));
      const r = await visit(rig, http, callback);
      expect(r.res.status, param).toBe(401);
      expect(http.cookie('auth_token')).toBeUndefined();
      const refusal = rig.t.logs.lines.filter((l) => l.includes('oidc sign-in refused')).at(-1) ?? '';
      expect(refusal, param).toContain(why);
    }

    // A callback carried to another browser has no flow to match.
    const http = new HttpSession(rig.base);
    const callback = await throughProvider(rig, http, EXISTING);
    const other = new HttpSession(rig.base);
    const stolen = await visit(rig, other, callback);
    expect(stolen.res.status).toBe(400);
    expect(other.cookie('auth_token')).toBeUndefined();
    // The right browser still completes it.
    expect((await visit(rig, http, callback)).res.headers.get('location')).toBe('/samtykke');
  });

  it('says so when the provider releases no identity number for a person it has not seen', async () => {
    const http = new HttpSession(rig.base);
    const r = await visit(rig, http, await throughProvider(rig, http, { sub: 'someone-without-pid' }));
    expect(r.res.status).toBe(403);
    expect(visibleText(r.body)).toContain('ga oss ikke fødselsnummeret ditt');
    expect(http.cookie('auth_token')).toBeUndefined();
    expect(http.cookie('oidc_signup')).toBeUndefined();
  });

  it('writes no identity number, name or provider subject to the logs', () => {
    const logs = rig.t.logs.text;
    expect(logs).toContain('oidc sign-in refused');
    for (const p of [EXISTING, NEWCOMER]) {
      expect(logs).not.toContain(p.pid);
      expect(logs).not.toContain(p.name);
      expect(logs).not.toContain(p.sub);
    }
  });
});

describeStores('OpenID Connect sign-in from a provider that keeps claims in UserInfo', (kind) => {
  let rig: Rig;
  beforeAll(async () => {
    rig = await startRig(kind, 'userinfo');
  });
  afterAll(async () => rig?.close());

  it('reads the identity number from UserInfo when the ID token lacks it', async () => {
    const http = new HttpSession(rig.base);
    const r = await visit(rig, http, await throughProvider(rig, http, STRICT));
    expect(r.res.headers.get('location')).toBe('/logg-inn/oidc/registrer');
    const form = await http.get('/logg-inn/oidc/registrer');
    expect(visibleText(form.body)).toContain(`${STRICT.pid.slice(0, 6)} *****`);
    expect(rig.t.logs.text).not.toContain(STRICT.pid);
  });
});

describeStores('sign-in without OpenID Connect configured', (kind) => {
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

  it('shows only e-mail and password, and has no OpenID Connect routes', async () => {
    const http = new HttpSession(base);
    const page = await http.get('/logg-inn');
    expect(page.body).not.toContain('/logg-inn/oidc');
    expect((await http.get('/logg-inn/oidc')).res.status).toBe(404);
    expect((await http.get('/logg-inn/oidc/tilbake?code=x&state=y')).res.status).toBe(404);
  });
});
