import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_LOGIN } from '../src/demo/demo-household.ts';
import { seedDemo } from '../src/demo/seed.ts';
import type { InvoiceListing } from '../src/modules/invoices/invoice-source.ts';
import { createWebServer } from '../src/web/server.ts';
import { startTestApp, type TestApp } from './app.ts';
import { HttpSession } from './http.ts';
import { describeStores } from './stores.ts';

/** A bank that is down: every search fails. */
const downBank = {
  name: 'down-bank',
  // biome-ignore lint/correctness/useYield: the bank fails before it lists anything
  async *list(): AsyncIterable<InvoiceListing> {
    throw new Error('connect ECONNREFUSED');
  },
  fetchDocument: async (): Promise<string> => {
    throw new Error('connect ECONNREFUSED');
  },
};

describeStores('invoices fetched when the power of attorney is given', (kind) => {
  let t: TestApp;
  let server: FastifyInstance;
  let http: HttpSession;

  beforeAll(async () => {
    t = await startTestApp(kind, { invoiceSource: downBank });
    await seedDemo(t.app);
    server = await createWebServer(t.app, { demoLogin: { ...DEMO_LOGIN } });
    await server.listen({ port: 0, host: '127.0.0.1' });
    http = new HttpSession(`http://127.0.0.1:${(server.server.address() as AddressInfo).port}`);
  });
  afterAll(async () => {
    await server?.close();
    await t?.close();
  });

  it('keeps what the household gave when the bank does not answer, and says so in the log', async () => {
    await http.get('/logg-inn');
    await http.post('/logg-inn', { email: DEMO_LOGIN.email, password: DEMO_LOGIN.password });
    const page = await http.get('/samtykke');
    const v = (id: string) => new RegExp(`name="version:${id}" value="([^"]+)"`).exec(page.body)?.[1] ?? '';
    const form: Record<string, string> = {};
    for (const k of ['consent-invoice_analysis', 'power_of_attorney-invoice_fetching'])
      Object.assign(form, { [k]: '1', [`version:${k}`]: v(k) });
    const r = await http.post('/samtykke', form);
    expect(r.res.status).toBe(303);
    expect(r.res.headers.get('location')).toBe('/min-side');
    const id = (await t.app.services.customers.findIdByEmail(DEMO_LOGIN.email)) ?? '';
    expect(await t.app.services.permissions.isActive(id, 'power_of_attorney', 'invoice_fetching')).toBe(true);
    // The search was tried at once, and recorded as a use of the power of attorney.
    const uses = (await t.app.services.permissions.uses(id)).filter((u) => u.scope === 'invoice_fetching');
    expect(uses.length).toBeGreaterThan(0);
    expect(t.logs.text).toContain('invoice fetch after a new power of attorney failed');
  });
});
