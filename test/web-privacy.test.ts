import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createWebServer } from '../src/web/server.ts';
import { startTestApp, type TestApp } from './app.ts';
import { HttpSession, visibleText } from './http.ts';
import { MemorySender } from './mail.ts';
import { describeStores } from './stores.ts';

/** Cookies, consented statistics and the rights pages, over HTTP. */
describeStores('privacy in the browser path', (kind) => {
  let t: TestApp;
  let server: FastifyInstance;
  let base: string;
  const email = new MemorySender('email');

  beforeAll(async () => {
    t = await startTestApp(kind, { senders: { email } });
    server = await createWebServer(t.app);
    await server.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await server?.close();
    await t?.close();
  });

  const views = async () => t.app.services.statistics.views(t.app.services.statistics.today());

  it('asks about cookies on every page, with "only necessary" exactly as prominent as "accept"', async () => {
    const http = new HttpSession(base);
    for (const path of ['/', '/logg-inn', '/personvern']) {
      const { body } = await http.get(path);
      const buttons = [
        ...body.matchAll(/<button type="submit" name="analytics" value="([01])" class="([^"]+)">/g),
      ];
      expect(buttons.map((b) => b[1])).toEqual(['0', '1']);
      expect(buttons[0]?.[2]).toBe(buttons[1]?.[2]);
      expect(body).toContain('href="/informasjonskapsler"');
    }
    expect(http.cookie('elvakt_stats')).toBeUndefined();
    expect(await views()).toEqual([]);
  });

  it('records the choice with its version, then counts pages only with consent', async () => {
    const http = new HttpSession(base);
    await http.get('/');
    const chose = await http.post('/informasjonskapsler', { analytics: '1', til: '/' });
    expect(chose.res.status).toBe(303);
    expect(http.cookie('cookie_choice')).toMatch(/^2026-11-26\.1\.[0-9a-f-]{36}$/);
    const rows = await t.app.store.db.selectFrom('cookie_choices').selectAll().execute();
    expect(rows.map((r) => [r.version, r.analytics, r.signal])).toEqual([['2026-11-26', true, null]]);
    const page = await http.get('/logg-inn');
    expect(page.body).not.toContain('class="cookie-banner"');
    expect(http.cookie('elvakt_stats')).toBe(t.app.services.statistics.today());
    await http.get('/logg-inn');
    const counted = await views();
    expect(counted.find((v) => v.path === '/logg-inn')?.views).toBe(2);
    expect(counted.find((v) => v.path === '(first visits of the day)')?.views).toBe(1);
    // A page is counted by its route's template: the unsubscribe link's secret stays out.
    const token = 'Ab3_'.repeat(10).concat('xyz');
    expect((await http.get(`/varsler/avmeld/${token}?epost=ola@example.no`)).res.status).toBe(200);
    const paths = (await views()).map((v) => v.path);
    expect(paths).toContain('/varsler/avmeld/:token');
    expect(paths.join(' ')).not.toContain(token);
    expect(paths.join(' ')).not.toContain('example.no');
    // Changing the mind: only necessary from now on, and the statistics cookie goes.
    await http.post('/informasjonskapsler', { analytics: '0', til: '/' });
    expect(http.cookie('elvakt_stats')).toBeUndefined();
    await http.get('/logg-inn');
    expect((await views()).find((v) => v.path === '/logg-inn')?.views).toBe(2);
    expect(
      (await t.app.store.db.selectFrom('cookie_choices').selectAll().execute()).map((r) => r.analytics),
    ).toEqual([false]);
  });

  it.each([
    ['DNT', { dnt: '1' }],
    ['Sec-GPC', { 'sec-gpc': '1' }],
  ])(
    'never counts or sets the statistics cookie when the browser sends %s, whatever was chosen',
    async (_name, headers) => {
      const http = new HttpSession(base);
      await http.get('/');
      await http.post('/informasjonskapsler', { analytics: '1', til: '/' });
      const before = (await views()).find((v) => v.path === '/registrer')?.views ?? 0;
      const page = await http.get('/registrer', headers);
      expect(page.res.headers.getSetCookie().some((c) => c.startsWith('elvakt_stats='))).toBe(false);
      expect(page.body).not.toContain('class="cookie-banner"');
      expect((await views()).find((v) => v.path === '/registrer')?.views ?? 0).toBe(before);
    },
  );

  it('takes a request from Mine data, confirms identity with the code from the e-mail, and asks for the password before a download', async () => {
    const http = new HttpSession(base);
    await http.get('/registrer');
    await http.post('/registrer', {
      name: 'Rita Rettighet',
      email: 'rita@example.no',
      identityNumber: '14028512334',
      password: 'et langt og godt passord',
    });
    // An hour later the sign-in is no longer fresh.
    t.clock.set(new Date(t.clock.now().getTime() + 3_600_000));
    const download = await http.get('/mine-data/eksport.json');
    expect(download.res.status).toBe(303);
    expect(download.res.headers.get('location')).toBe('/bekreft?til=%2Fmine-data%2Feksport.json');
    await http.get('/mine-data');
    const sent = await http.post('/mine-data/foresporsel', {
      type: 'complaint',
      text: 'Jeg fikk for mange e-poster',
    });
    expect(sent.res.status).toBe(303);
    const requestPath = sent.res.headers.get('location') ?? '';
    const page = await http.get(requestPath);
    expect(visibleText(page.body)).toContain('Bekreft at det er deg');
    await t.app.services.notifications.deliverDue();
    const wrong = await http.post(`${requestPath}/kode`, {
      code: '999999' === email.lastCode('Klage') ? '111111' : '999999',
    });
    expect(wrong.res.status).toBe(400);
    expect(visibleText(wrong.body)).toContain('Feil kode.');
    const right = await http.post(`${requestPath}/kode`, { code: email.lastCode('Klage') ?? '' });
    expect(right.res.status).toBe(303);
    expect((await http.get(requestPath)).body).toContain('data-state="verified"');
    // The password again makes the sign-in fresh; then the download is an access request of its own.
    await http.get('/bekreft?til=/mine-data/eksport.json');
    const confirmed = await http.post('/bekreft', {
      til: '/mine-data/eksport.json',
      password: 'et langt og godt passord',
    });
    expect(confirmed.res.headers.get('location')).toBe('/mine-data/eksport.json');
    const file = await http.get('/mine-data/eksport.json');
    expect(file.res.headers.get('content-type')).toContain('application/json');
    expect(JSON.parse(file.body).tables.customers.rows[0].name_enc).toBe('Rita Rettighet');
    const list = visibleText((await http.get('/mine-data')).body);
    expect(list).toContain('Klage');
    expect(list).toContain('Innsyn');
  });
});
