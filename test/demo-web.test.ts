import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_LOGIN, DEMO_METERING_POINT, DemoMeteringSource } from '../src/demo/demo-household.ts';
import { DemoInvoiceSource } from '../src/demo/demo-invoice-source.ts';
import { seedDemo } from '../src/demo/seed.ts';
import { earliestIssueDate } from '../src/modules/invoices/invoice-source.ts';
import { parseUbl } from '../src/modules/invoices/ubl-parser.ts';
import { formatNumber } from '../src/web/i18n.ts';
import { createWebServer } from '../src/web/server.ts';
import { startTestApp, type TestApp } from './app.ts';
import { HttpSession, visibleText } from './http.ts';
import { describeStores } from './stores.ts';

/** The newcomer's path from the README: the demo household over HTTP, in both languages. */
describeStores('the demo household in the browser path', (kind) => {
  let t: TestApp;
  let server: FastifyInstance;
  let http: HttpSession;
  let seededAt: Date;

  beforeAll(async () => {
    t = await startTestApp(kind, {
      meteringSource: new DemoMeteringSource(),
      invoiceSource: (clock) => new DemoInvoiceSource(clock),
      env: { ELVAKT_UPLOAD_LIMIT_BYTES: '20000' },
    });
    seededAt = t.clock.now();
    await seedDemo(t.app);
    server = await createWebServer(t.app, { demoLogin: { ...DEMO_LOGIN } });
    await server.listen({ port: 0, host: '127.0.0.1' });
    http = new HttpSession(`http://127.0.0.1:${(server.server.address() as AddressInfo).port}`);
  });
  afterAll(async () => {
    await server?.close();
    await t?.close();
  });

  it('shows the demo login on the front page and sends a visitor without a session to sign in', async () => {
    const home = await http.get('/');
    expect(visibleText(home.body)).toContain(`e-post ${DEMO_LOGIN.email}, passord ${DEMO_LOGIN.password}`);
    const minSide = await http.get('/min-side');
    expect(minSide.res.status).toBe(303);
    expect(minSide.res.headers.get('location')).toBe('/logg-inn');
  });

  it('refuses a wrong password without saying which part was wrong', async () => {
    await http.get('/logg-inn');
    const r = await http.post('/logg-inn', { email: DEMO_LOGIN.email, password: 'wrong password' });
    expect(r.res.status).toBe(401);
    expect(visibleText(r.body)).toContain('Feil e-post eller passord.');
    const unknown = await http.post('/logg-inn', { email: 'nobody@example.no', password: 'wrong password' });
    expect(visibleText(unknown.body)).toContain('Feil e-post eller passord.');
  });

  it('signs in, asks for consent first, and fetches the metering point once it is given', async () => {
    const r = await http.post('/logg-inn', { email: DEMO_LOGIN.email, password: DEMO_LOGIN.password });
    expect(r.res.headers.get('location')).toBe('/samtykke');
    const before = await http.get('/min-side');
    expect(visibleText(before.body)).toContain('trenger vi samtykket ditt');
    const page = await http.get('/samtykke');
    const v = (id: string) => new RegExp(`name="version:${id}" value="([^"]+)"`).exec(page.body)?.[1] ?? '';
    const consent = await http.post('/samtykke', {
      'consent-invoice_analysis': '1',
      'version:consent-invoice_analysis': v('consent-invoice_analysis'),
      'consent-continued_monitoring': '1',
      'version:consent-continued_monitoring': v('consent-continued_monitoring'),
      'power_of_attorney-elhub_master_data': '1',
      'version:power_of_attorney-elhub_master_data': v('power_of_attorney-elhub_master_data'),
      'power_of_attorney-elhub_metering_values': '1',
      'version:power_of_attorney-elhub_metering_values': v('power_of_attorney-elhub_metering_values'),
      'version:power_of_attorney-invoice_fetching': v('power_of_attorney-invoice_fetching'),
    });
    expect(consent.res.headers.get('location')).toBe('/min-side');
    const after = await http.get('/min-side');
    const text = visibleText(after.body);
    expect(text).toContain(`Målepunkt ${DEMO_METERING_POINT.meteringPointId}`);
    expect(text).toMatch(/Du kan spare kr [\d\s]+ per år/);
    // A range, not a guess: the band the months allow.
    expect(text).toMatch(/Trolig mellom kr [\d\s]+ og kr [\d\s]+ per år/);
    // A demo offer is labelled once, after the product, though its supplier's name carries the mark too.
    expect(text).toMatch(
      /ved å bytte fra Vestkyst Kraft: Spotpris Pluss \(demo\) til [^(]+: [^(]+ \(demo\)\./,
    );
    // Nowhere on the page, the chart's legend and the offer list included, is a supplier marked before its product.
    expect(after.body).toContain('Spotpris Pluss (demo)');
    expect(after.body).not.toMatch(/\(demo\): [A-ZÆØÅ]/);
    expect(text).toContain('Vi har 7 måneder med data.');
    expect(after.body).toContain('<svg role="img"');
  });

  it('explains the number: gaps, estimated prices, the missing December, the formula', async () => {
    const page = await http.get('/min-side');
    const id = /href="\/min-side\/malepunkt\/([0-9a-f-]{36})"/.exec(page.body)?.[1];
    const detailPage = (await http.get(`/min-side/malepunkt/${id}`)).body;
    const detail = visibleText(detailPage);
    expect(detail).toContain('Timer uten måling: 105');
    expect(detail).toContain('desember 2025 er ikke med: vi har ingen spotpris for måneden');
    expect(detail).toContain('Merverdiavgift 25 % er lagt til alle beløp.');
    expect(detail).toMatch(/Timer der spotprisen er regnet om fra euro med Norges Banks kurs: \d+/);
    // The whole bill, with the grid company's part by its own tariff.
    expect(detail).toContain('Hele strømregningen per måned');
    expect(detail).toContain('Med nettleie fra BKK AS etter tariffen deres');
    expect(detail).toContain('Nordlys Energi: Fastpris 12 måneder (demo)');
    expect(detailPage).not.toMatch(/\(demo\): [A-ZÆØÅ]/);
  });

  it('says which source priced the hours: the exact recording, and euro prices converted where it has none', async () => {
    const page = await http.get('/min-side');
    const id = /href="\/min-side\/malepunkt\/([0-9a-f-]{36})"/.exec(page.body)?.[1];
    const customerId = (await t.app.services.customers.findIdByEmail(DEMO_LOGIN.email)) ?? '';
    const { basis } = (await t.app.services.savings.forMeteringPoint(customerId, id ?? '')).result;
    const exact = basis.priceSources.find((s) => !s.estimated);
    const converted = basis.priceSources.find((s) => s.estimated);
    expect(exact).toMatchObject({ source: 'meter-recording' });
    expect(converted).toMatchObject({ source: 'day-ahead-eur', hours: basis.estimatedPriceHours });
    expect((exact?.hours ?? 0) + (converted?.hours ?? 0)).toBe(basis.pricedHours);
    const hours = (n: number, locale: 'nb' | 'en') => formatNumber(n, locale).replace(/\s/g, ' ');
    const detail = visibleText((await http.get(`/min-side/malepunkt/${id}`)).body);
    expect(detail).toContain('Spotprisene i grunnlaget kommer fra:');
    expect(detail).toContain(
      `spotprisen i husholdningens måleropptak, i kroner (eksakt): ${hours(exact?.hours ?? 0, 'nb')} timer`,
    );
    expect(detail).toContain(
      `day-ahead-priser, omregnet fra euro med Norges Banks kurs (anslag): ${hours(converted?.hours ?? 0, 'nb')} timer`,
    );
    // January is the month the recording lacks prices in: both sources price it.
    expect(detail).toMatch(/januar 2026: spotprisen i husholdningens måleropptak[^;]+; day-ahead-priser/);
    await http.get('/sprak/en?til=/min-side');
    const english = visibleText((await http.get(`/min-side/malepunkt/${id}`)).body);
    await http.get('/sprak/nb?til=/min-side');
    expect(english).toContain('The spot prices in the basis come from:');
    expect(english).toContain(
      `the spot price in the household's meter recording, in kroner (exact): ${hours(exact?.hours ?? 0, 'en')} hours`,
    );
    expect(english).toContain("day-ahead prices, converted from euro at Norges Bank's rate (estimate)");
  });

  it('shows consent history with the text version, and switches to English', async () => {
    const page = visibleText((await http.get('/samtykke')).body);
    expect(page).toContain('Tekstversjon 2026-11-26');
    expect(page).toMatch(/Historikk .*«Analyse av strømforbruket ditt» gitt/);
    const sw = await http.get('/sprak/en?til=/min-side');
    expect(sw.res.headers.get('location')).toBe('/min-side');
    const english = visibleText((await http.get('/min-side')).body);
    expect(english).toMatch(/You could save NOK [\d,]+ per year/);
    const offsite = await http.get('/sprak/nb?til=//evil.example/');
    expect(offsite.res.headers.get('location')).toBe('/');
  });

  it('refuses an upload over the size limit and a file that is not an Elhub export, storing nothing', async () => {
    const page = await http.get('/min-side');
    const id = /action="\/min-side\/malepunkt\/([0-9a-f-]{36})\/forbruk"/.exec(page.body)?.[1] ?? '';
    const before = await t.app.services.savings.forMeteringPoint(
      (await t.app.services.customers.findIdByEmail(DEMO_LOGIN.email)) ?? '',
      id,
    );
    const big = await http.upload(`/min-side/malepunkt/${id}/forbruk`, 'file', {
      name: 'big.csv',
      content: 'x'.repeat(30_000),
      type: 'text/csv',
    });
    expect(big.res.status).toBe(413);
    const junk = await http.upload(`/min-side/malepunkt/${id}/forbruk`, 'file', {
      name: 'junk.csv',
      content: 'garbage;;;\n1;2;3',
      type: 'text/csv',
    });
    // Nothing stored is a refusal: the form again, with why, and no redirect.
    expect(junk.res.status).toBe(422);
    expect(visibleText(junk.body)).toContain('Ingen timer ble lagret. 1 linje ble avvist.');
    expect(visibleText(junk.body)).toContain('Linje 1: dette er ikke en forbruksfil fra Elhub.');
    // Zero bytes are no text at all: refused before it is read, with how to save the file as text.
    const binary = await http.upload(`/min-side/malepunkt/${id}/forbruk`, 'file', {
      name: 'junk.csv',
      content: '\u0000\u0001garbage;;;\n1;2;3',
      type: 'text/csv',
    });
    expect(binary.res.status).toBe(400);
    expect(visibleText(binary.body)).toContain('Filen er ikke lagret som UTF-8');
    const after = await t.app.services.savings.forMeteringPoint(
      (await t.app.services.customers.findIdByEmail(DEMO_LOGIN.email)) ?? '',
      id,
    );
    expect(after.result.basis.pricedHours).toBe(before.result.basis.pricedHours);
  });

  it('lists the demo invoices on /fakturaer once invoice fetching is allowed, each dated, marked and read as real', async () => {
    expect(visibleText((await http.get('/fakturaer')).body)).toContain(
      'Vi har ingen fakturaer for deg ennå.',
    );
    const page = await http.get('/samtykke');
    const v = (id: string) => new RegExp(`name="version:${id}" value="([^"]+)"`).exec(page.body)?.[1] ?? '';
    const all = [
      'consent-invoice_analysis',
      'consent-continued_monitoring',
      'power_of_attorney-elhub_master_data',
      'power_of_attorney-elhub_metering_values',
      'power_of_attorney-invoice_fetching',
    ];
    const form: Record<string, string> = {};
    for (const k of all) Object.assign(form, { [k]: '1', [`version:${k}`]: v(k) });
    const given = await http.post('/samtykke', form);
    expect(given.res.headers.get('location')).toBe('/min-side');

    const list = await http.get('/fakturaer');
    const rows = [...list.body.matchAll(/<tr data-invoice="([0-9a-f-]{36})">([\s\S]*?)<\/tr>/g)];
    expect(rows).toHaveLength(6);
    const earliest = earliestIssueDate(seededAt);
    const seedDay = seededAt.toISOString().slice(0, 10);
    for (const [, id, row] of rows) {
      const issued = /<time datetime="(\d{4}-\d{2}-\d{2})"/.exec(row ?? '')?.[1] ?? '';
      expect(issued >= earliest && issued <= seedDay).toBe(true);
      expect(visibleText(row ?? '')).toContain('Vestkyst Kraft (demo)');
      const original = await http.get(`/fakturaer/${id}/original.xml`);
      expect(original.res.status).toBe(200);
      const read = parseUbl(original.body);
      expect(read.ok && read.findings).toEqual([]);
      expect(read.ok && read.value.meteringPointIds).toEqual([DEMO_METERING_POINT.meteringPointId]);
      expect(read.ok && read.value.notes.join(' ')).toContain('Ikke en ekte faktura.');
    }
  });

  it('serves the generated privacy policy in both languages', async () => {
    const nb = visibleText((await http.get('/personvern')).body);
    expect(nb).toContain('Personvernerklæring');
    expect(nb).toContain('bokføringsloven § 13');
    const en = visibleText((await http.get('/en/privacy')).body);
    expect(en).toContain('Privacy policy');
    expect(en).toContain('Consent, GDPR Art. 6(1)(a)');
  });
});
