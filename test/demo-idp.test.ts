import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DemoMeteringSource } from '../src/demo/demo-household.ts';
import { type DemoIdp, startDemoIdp } from '../src/demo/demo-idp.ts';
import { seedDemo } from '../src/demo/seed.ts';
import { createWebServer } from '../src/web/server.ts';
import { startTestApp, type TestApp } from './app.ts';
import { freePort } from './oidc-provider.ts';
import { describeStores } from './stores.ts';

/** The demo's stand-in for BankID / ID-porten, as `npm start` runs it: both demo people sign in through it. */
describeStores('the demo identity provider', (kind) => {
  let t: TestApp;
  let idp: DemoIdp;
  let server: FastifyInstance;
  let base: string;

  beforeAll(async () => {
    const port = await freePort();
    base = `http://localhost:${port}`;
    idp = await startDemoIdp({
      port: await freePort(),
      redirectUri: `${base}/logg-inn/oidc/tilbake`,
      staffRedirectUri: `${base}/ansatt/logg-inn/oidc/tilbake`,
    });
    t = await startTestApp(kind, {
      meteringSource: new DemoMeteringSource(),
      env: { ...idp.env, ELVAKT_PUBLIC_URL: base },
    });
    await seedDemo(t.app);
    server = await createWebServer(t.app);
    await server.listen({ port, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await server?.close();
    await t?.close();
    await idp?.close();
  });

  /** Follows every redirect by hand, choosing `who` on the provider's page; returns where it lands in Elvakt and the app's cookies. */
  const signIn = async (
    who: string,
    start = '/logg-inn/oidc',
    jars = new Map<string, Map<string, string>>(),
  ) => {
    const jar = (u: string) => {
      const origin = new URL(u).origin;
      if (!jars.has(origin)) jars.set(origin, new Map());
      return jars.get(origin) as Map<string, string>;
    };
    const headers = (u: string) => ({ cookie: [...jar(u)].map(([k, v]) => `${k}=${v}`).join('; ') });
    const keep = (u: string, r: Response) => {
      for (const c of r.headers.getSetCookie()) {
        const [pair] = c.split(';');
        const [k, ...v] = (pair ?? '').split('=');
        jar(u).set((k ?? '').trim(), v.join('='));
      }
    };
    let url = `${base}${start}`;
    const visited: string[] = [];
    for (let hop = 0; hop < 15; hop++) {
      let r = await fetch(url, { redirect: 'manual', headers: headers(url) });
      keep(url, r);
      const body = await r.text();
      visited.push(url);
      // Signing in as someone else at Demo-ID first ends the session there, by a form the browser posts.
      const form = /<form method="post" action="([^"]+\/session\/end\/confirm)">/.exec(body);
      if (r.status === 200 && form) {
        const action = form[1] as string;
        const fields = [...body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"\/>/g)];
        r = await fetch(action, {
          method: 'POST',
          redirect: 'manual',
          headers: { ...headers(action), 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(fields.map((f) => [f[1] as string, f[2] as string])).toString(),
        });
        keep(action, r);
      }
      if (r.status === 200 && url.includes('/interaction/')) {
        expect(body).toContain('Demo-ID');
        const action = new URL(/action="([^"]+)"/.exec(body)?.[1] as string, url).toString();
        r = await fetch(action, {
          method: 'POST',
          redirect: 'manual',
          headers: { ...headers(action), 'content-type': 'application/x-www-form-urlencoded' },
          body: `who=${who}`,
        });
        keep(action, r);
      }
      // The staff callback answers with a page of its own that moves on by a Refresh header.
      const location = r.headers.get('location') ?? r.headers.get('refresh')?.replace(/^0; url=/, '');
      if (!location) throw new Error(`stopped at ${url} with ${r.status}`);
      url = new URL(location, url).toString();
      if (
        url.startsWith(base) &&
        !url.includes('/logg-inn/oidc/tilbake') &&
        !url.endsWith('/logg-inn/oidc') &&
        url !== `${base}${start}`
      ) {
        return { landed: new URL(url).pathname, visited, cookie: headers(base).cookie, jars };
      }
    }
    throw new Error('too many redirects');
  };

  it('signs the demo household in by its identity number', async () => {
    const { landed, visited, cookie } = await signIn('demo-household');
    expect(landed).toBe('/samtykke');
    const page = await fetch(`${base}/min-side`, { headers: { cookie } });
    expect(page.status).toBe(200);
    // No identity number in any address on the way.
    for (const u of visited) expect(u).not.toMatch(/\d{11}/);
  });

  it('sends a person without an account to sign-up', async () => {
    const { landed } = await signIn('demo-newcomer');
    expect(landed).toBe('/logg-inn/oidc/registrer');
  });

  it('signs the demo staff in through the company single sign-on, each with the roles Elvakt gives', async () => {
    const cs = await signIn('demo-staff-kundeservice', '/ansatt/logg-inn/oidc');
    expect(cs.landed).toBe('/ansatt');
    const desk = await fetch(`${base}/ansatt`, { headers: { cookie: cs.cookie } });
    expect(desk.status).toBe(200);
    expect(await desk.text()).toContain('Kari Kundeservice');
    const admin = await signIn('demo-staff-admin', '/ansatt/logg-inn/oidc');
    expect(admin.landed).toBe('/ansatt/behandlingsprotokoll');
  });

  it('asks again at Demo-ID when the person signed in there is of the other kind', async () => {
    const household = await signIn('demo-household');
    // Same browser: Demo-ID remembers the household, but shows its page again for the staff client.
    const staff = await signIn('demo-staff-personvernombud', '/ansatt/logg-inn/oidc', household.jars);
    expect(staff.visited.some((u) => u.includes('/interaction/'))).toBe(true);
    expect(staff.landed).toBe('/ansatt');
  });

  it('offers the staff only staff people, and households only households', async () => {
    await expect(signIn('demo-household', '/ansatt/logg-inn/oidc')).rejects.toThrow(/400/);
    await expect(signIn('demo-staff-kundeservice')).rejects.toThrow(/400/);
  });
});
