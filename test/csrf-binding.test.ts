import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './app.ts';
import { HttpSession, listenWeb } from './http.ts';
import { signInStaffOverHttp } from './staff-sign-in.ts';
import { describeStores } from './stores.ts';

/**
 * The CSRF token is bound to the session it was made for. Someone who can plant cookies
 * in a victim's browser (a sibling subdomain, a network on plain http) and copies a
 * token and its cookie from a session of their own gets nothing: the token is refused
 * in the victim's session. Signing in gives a new token.
 */
const PASSWORD = 'et langt og godt passord';
const ANNE = {
  name: 'Anne Angriper',
  email: 'anne@example.no',
  identityNumber: '14028512334',
  password: PASSWORD,
};
const OLE = { name: 'Ole Offer', email: 'ole@example.no', identityNumber: '15076500565', password: PASSWORD };
const DPO = { username: 'dina', name: 'Dina Personvern', roles: ['dpo'], password: 'et langt dpo-passord' };
const DPO2 = { username: 'dag', name: 'Dag Personvern', roles: ['dpo'], password: 'et langt dpo-passord' };

describeStores('CSRF tokens bound to the session', (kind) => {
  let t: TestApp;
  let server: FastifyInstance;
  let base: string;

  beforeAll(async () => {
    t = await startTestApp(kind);
    await t.app.services.customers.signUp(ANNE);
    await t.app.services.customers.signUp(OLE);
    await t.app.services.staff.create(DPO);
    await t.app.services.staff.create(DPO2);
    ({ server, base } = await listenWeb(t.app));
  });
  afterAll(async () => {
    await server.close();
    await t.close();
  });

  const household = async (person: { email: string; password: string }) => {
    const http = new HttpSession(base);
    await http.get('/logg-inn');
    expect(
      (await http.post('/logg-inn', { email: person.email, password: person.password })).res.status,
    ).toBe(303);
    await http.get('/personvern');
    return http;
  };

  it("refuses a household session's token, with its cookie planted, in another household session", async () => {
    const anne = await household(ANNE);
    const ole = await household(OLE);
    expect(anne.csrfToken).not.toBe(ole.csrfToken);
    // Everything of Anne's that a cookie-planting attacker could copy into Ole's browser.
    ole.setCookie('csrf', anne.cookie('csrf') ?? '');
    ole.useCsrfToken(anne.csrfToken);
    expect((await ole.post('/logg-ut', {})).res.status).toBe(403);
    expect(ole.cookie('auth_token')).toBeDefined();
    // Ole's own token still works in Ole's session.
    await ole.get('/personvern');
    expect((await ole.post('/logg-ut', {})).res.status).toBe(303);
  });

  it('gives a new token at sign-in: the one from before refuses, the new one works', async () => {
    const http = new HttpSession(base);
    await http.get('/logg-inn');
    const before = http.csrfToken;
    expect((await http.post('/logg-inn', { email: OLE.email, password: PASSWORD })).res.status).toBe(303);
    // The pre-session cookie is still there; its token is not this session's.
    expect(http.cookie('csrf')).toBeDefined();
    expect((await http.post('/logg-ut', {})).res.status).toBe(403);
    await http.get('/personvern');
    expect(http.csrfToken).not.toBe(before);
    expect((await http.post('/logg-ut', {})).res.status).toBe(303);
  });

  it("refuses a desk session's token in another desk session, and a token from before the desk sign-in", async () => {
    const dina = new HttpSession(base);
    await dina.get('/ansatt/logg-inn');
    const beforeSignIn = dina.csrfToken;
    await signInStaffOverHttp(dina, t, DPO);
    const dag = new HttpSession(base);
    await signInStaffOverHttp(dag, t, DPO2);
    await dina.get('/ansatt/sperrer');
    await dag.get('/ansatt/sperrer');
    dag.setCookie('csrf', dina.cookie('csrf') ?? '');
    dag.useCsrfToken(dina.csrfToken);
    expect((await dag.post('/ansatt/logg-ut', {})).res.status).toBe(403);
    dina.useCsrfToken(beforeSignIn);
    expect((await dina.post('/ansatt/logg-ut', {})).res.status).toBe(403);
    // Within their own sessions the tokens work.
    await dag.get('/ansatt/sperrer');
    expect((await dag.post('/ansatt/logg-ut', {})).res.status).toBe(303);
    await dina.get('/ansatt/sperrer');
    expect((await dina.post('/ansatt/logg-ut', {})).res.status).toBe(303);
  });
});
