import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_LOGIN, DEMO_METERING_POINT, DemoMeteringSource } from '../src/demo/demo-household.ts';
import { seedDemo } from '../src/demo/seed.ts';
import { createWebServer } from '../src/web/server.ts';
import { ANALYSIS_CONSENT, demoWithData, startTestApp, TEXT_VERSION, type TestApp } from './app.ts';
import { HttpSession, visibleText } from './http.ts';
import { describeStores } from './stores.ts';

const ROOT = path.join(import.meta.dirname, '..');
const EHF = path.join(import.meta.dirname, 'fixtures', 'ehf');
const INVOICE_FILE = path.join(EHF, 'supplier-invoice-2026-06-demo-pdf.xml');
const INVOICE = fs.readFileSync(INVOICE_FILE);
const INVOICE_NUMBER = 'TK-2026-0601-12';
const CREDIT_NUMBER = 'TK-2026-0601-12K';

const replaceAll = (xml: string, pairs: readonly (readonly [string, string])[]): string => {
  let out = xml;
  for (const [from, to] of pairs) {
    if (!out.includes(from)) throw new Error(`the fixture has no ${from}`);
    out = out.split(from).join(to);
  }
  return out;
};

/** A credit note for the whole demo invoice, made from the plain supplier invoice (it has no attachment). */
const CREDIT_NOTE = replaceAll(fs.readFileSync(path.join(EHF, 'supplier-invoice-2026-05.xml'), 'utf8'), [
  ['707057500123456785', DEMO_METERING_POINT.meteringPointId],
  ['<cbc:ID>TK-2026-0501-77</cbc:ID>', `<cbc:ID>${CREDIT_NUMBER}</cbc:ID>`],
  ['<cbc:IssueDate>2026-05-04</cbc:IssueDate>', '<cbc:IssueDate>2026-06-10</cbc:IssueDate>'],
  ['<cbc:DueDate>2026-05-20</cbc:DueDate>', ''],
  [
    '<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"',
    '<CreditNote xmlns="urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"',
  ],
  ['</Invoice>', '</CreditNote>'],
  ['<cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>', '<cbc:CreditNoteTypeCode>381</cbc:CreditNoteTypeCode>'],
  ['cac:InvoiceLine>', 'cac:CreditNoteLine>'],
  ['cbc:InvoicedQuantity', 'cbc:CreditedQuantity'],
  [
    '  <cac:AdditionalDocumentReference>',
    `  <cac:BillingReference><cac:InvoiceDocumentReference><cbc:ID>${INVOICE_NUMBER}</cbc:ID></cac:InvoiceDocumentReference></cac:BillingReference>\n  <cac:AdditionalDocumentReference>`,
  ],
]);

/** The embedded PDF, read out of the fixture here with a plain pattern, apart from the code under test. */
const EMBEDDED_PDF = Buffer.from(
  /<cbc:EmbeddedDocumentBinaryObject[^>]*>([^<]+)<\/cbc:EmbeddedDocumentBinaryObject>/.exec(
    INVOICE.toString('utf8'),
  )?.[1] ?? '',
  'base64',
);

/**
 * The demo household's hours straight from the recorded files: each entry's local start
 * time carries its Oslo date, so days, months and years are its first 10, 7 and 4
 * characters, and a day has as many hours as it has entries.
 */
interface Sums {
  hours: number;
  measured: number;
  wh: number;
}
const FIXTURE_HOURS = fs
  .readdirSync(path.join(ROOT, 'fixtures', 'conformance', 'hourly'))
  .filter((f) => /^bkk_.*_hourly\.json$/.test(f))
  .flatMap(
    (f) =>
      (
        JSON.parse(fs.readFileSync(path.join(ROOT, 'fixtures', 'conformance', 'hourly', f), 'utf8')) as {
          hours: { start_local: string; kwh: number | null }[];
        }
      ).hours,
  );
const sumsBy = (length: number): Map<string, Sums> => {
  const out = new Map<string, Sums>();
  for (const h of FIXTURE_HOURS) {
    const key = h.start_local.slice(0, length);
    const s = out.get(key) ?? { hours: 0, measured: 0, wh: 0 };
    s.hours++;
    if (h.kwh !== null) {
      s.measured++;
      s.wh += Math.round(h.kwh * 1000);
    }
    out.set(key, s);
  }
  return out;
};

/** A count as the page writes it, thousands apart by a no-break space. */
const count = (text: string | undefined) => Number((text ?? '').replaceAll('\u00a0', ''));

/** The rows of a consumption table: period, hours, measured hours, watt-hours. */
const reportRows = (html: string): Map<string, Sums> =>
  new Map(
    [
      ...html.matchAll(
        /<tr data-period="([^"]+)">.*?<\/th><td class="num">([\d\u00a0]+)<\/td><td class="num">([\d\u00a0]+)<\/td><td class="num" data-wh="(\d*)">/g,
      ),
    ].map((m) => [m[1] as string, { hours: count(m[2]), measured: count(m[3]), wh: Number(m[4] || 0) }]),
  );

/** A GET with the session's sign-in cookie, keeping the bytes (text() would drop a byte-order mark). */
const raw = async (base: string, http: HttpSession, p: string) => {
  const res = await fetch(base + p, {
    redirect: 'manual',
    headers: { cookie: `auth_token=${http.cookie('auth_token') ?? ''}` },
  });
  return { res, bytes: Buffer.from(await res.arrayBuffer()) };
};

const OTHER = {
  name: 'Ola Nordmann Prøvesen',
  email: 'ola.household@example.no',
  identityNumber: '01017012343',
  password: 'et annet langt passord',
};

describeStores('the household pages over HTTP', (kind) => {
  let t: TestApp;
  let server: FastifyInstance;
  let base: string;
  let http: HttpSession;
  let other: HttpSession;
  let demoId: string;
  let otherId: string;
  let invoiceId: string;
  let creditId: string;
  let pointId: string;

  beforeAll(async () => {
    t = await startTestApp(kind, { meteringSource: new DemoMeteringSource() });
    await seedDemo(t.app);
    demoId = await demoWithData(t.app);
    const [invoice, credit] = await t.app.services.invoices.importDocuments(
      demoId,
      [{ content: INVOICE }, { content: CREDIT_NOTE }],
      { actor: 'test', source: 'file' },
    );
    expect(invoice?.outcome).toBe('stored');
    expect(credit?.outcome).toBe('stored');
    invoiceId = invoice?.id ?? '';
    creditId = credit?.id ?? '';
    pointId = (await t.app.services.metering.pointsOf(demoId))[0]?.id ?? '';
    otherId = await t.app.services.customers.signUp(OTHER);
    await t.app.services.permissions.change(
      otherId,
      [
        ...ANALYSIS_CONSENT,
        { kind: 'consent', scope: 'continued_monitoring', textVersion: TEXT_VERSION, give: true },
      ],
      'test',
    );
    server = await createWebServer(t.app, { demoLogin: { ...DEMO_LOGIN } });
    await server.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
    http = new HttpSession(base);
    await http.get('/logg-inn');
    const signIn = await http.post('/logg-inn', { ...DEMO_LOGIN });
    expect(signIn.res.headers.get('location')).toBe('/min-side');
    other = new HttpSession(base);
    await other.get('/logg-inn');
    await other.post('/logg-inn', { email: OTHER.email, password: OTHER.password });
  });
  afterAll(async () => {
    await server?.close();
    await t?.close();
  });

  describe('invoices', () => {
    it('lists the collected invoices with seller, number, period, kWh, payable and the credit links', async () => {
      const page = await http.get('/fakturaer');
      expect(page.res.status).toBe(200);
      const text = visibleText(page.body);
      expect(text).toContain('Fakturaer');
      expect(text).toContain('Kraftselskapet AS');
      expect(text).toContain(INVOICE_NUMBER);
      expect(text).toContain('Faktura · strømleverandør');
      expect(text).toContain('Kreditnota · strømleverandør');
      expect(text).toContain('1. mai 2026 – 31. mai 2026');
      expect(text).toContain('1 381,83');
      expect(text).toContain('kr 1 964,85');
      // The credit note counts against what it credits, and each links to the other.
      expect(text).toMatch(/kr [−-]1 964,85/);
      expect(text).toContain(`Krediterer ${INVOICE_NUMBER}`);
      expect(text).toContain(`Kreditert av ${CREDIT_NUMBER}`);
      expect(page.body).toContain(`href="/fakturaer/${invoiceId}"`);
      expect(page.body).toContain(`href="/fakturaer/${creditId}"`);
      // Newest first: the credit note of 10 June before the invoice of 3 June.
      expect(page.body.indexOf(`data-invoice="${creditId}"`)).toBeLessThan(
        page.body.indexOf(`data-invoice="${invoiceId}"`),
      );
    });

    it('opens an invoice with its lines as read and the downloads it has', async () => {
      const page = await http.get(`/fakturaer/${invoiceId}`);
      expect(page.res.status).toBe(200);
      const text = visibleText(page.body);
      expect(text).toContain(`Faktura ${INVOICE_NUMBER}`);
      expect(text).toContain('Strøm, spotpris med påslag');
      expect(text).toMatch(/1 Strøm, spotpris med påslag Energi .* 1 381,83 110,92 kr 1 532,68/);
      expect(text).toMatch(/2 Fastbeløp Fastbeløp .* kr 39,20/);
      expect(text).toContain('Sum linjer uten mva kr 1 571,88');
      expect(text).toContain('Mva kr 392,97');
      expect(text).toContain(DEMO_METERING_POINT.meteringPointId);
      expect(text).toContain(`Kreditert av ${CREDIT_NUMBER}`);
      expect(text).toContain('Vi må beholde fakturaen til 31. desember 2031');
      expect(page.body).toContain(`href="/fakturaer/${invoiceId}/original.xml"`);
      expect(page.body).toContain(`href="/fakturaer/${invoiceId}/vedlegg/1"`);
      expect(text).toContain(
        `Fakturaen som PDF (PDF, ${(EMBEDDED_PDF.length / 1024).toFixed(1).replace('.', ',')} kB)`,
      );
      const credit = await http.get(`/fakturaer/${creditId}`);
      expect(visibleText(credit.body)).toContain(`Kreditnota ${CREDIT_NUMBER}`);
      expect(visibleText(credit.body)).toContain('kr -1 532,68'.replace('-', '−'));
      expect(credit.body).not.toContain('/vedlegg/');
    });

    it('downloads the original XML byte for byte and the embedded PDF, as attachments, and records both', async () => {
      const xml = await raw(base, http, `/fakturaer/${invoiceId}/original.xml`);
      expect(xml.res.status).toBe(200);
      expect(xml.bytes.equals(INVOICE)).toBe(true);
      expect(xml.res.headers.get('content-type')).toBe('application/xml; charset=utf-8');
      expect(xml.res.headers.get('content-disposition')).toBe(
        `attachment; filename="elvakt-faktura-${invoiceId}.xml"`,
      );
      expect(xml.res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(xml.res.headers.get('cache-control')).toBe('no-store');

      const pdf = await raw(base, http, `/fakturaer/${invoiceId}/vedlegg/1`);
      expect(pdf.res.status).toBe(200);
      expect(pdf.bytes.equals(EMBEDDED_PDF)).toBe(true);
      expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(pdf.res.headers.get('content-type')).toBe('application/pdf');
      expect(pdf.res.headers.get('content-disposition')).toBe(
        `attachment; filename="elvakt-faktura-${invoiceId}-vedlegg-1.pdf"`,
      );
      expect(pdf.res.headers.get('x-content-type-options')).toBe('nosniff');

      const audit = await t.app.services.audit.recent(10);
      const downloads = audit.filter((a) => a.action === 'invoice.downloaded' && a.subjectId === demoId);
      expect(downloads.map((a) => a.details)).toEqual([
        { invoice: invoiceId, part: 'attachment', attachment: 1 },
        { invoice: invoiceId, part: 'original' },
      ]);
      expect(downloads.every((a) => a.actor === 'customer' && a.purpose === 'access')).toBe(true);
    });

    it('gives another customer, a missing attachment and a malformed id the same 404', async () => {
      for (const p of [
        `/fakturaer/${invoiceId}`,
        `/fakturaer/${invoiceId}/original.xml`,
        `/fakturaer/${invoiceId}/vedlegg/1`,
      ]) {
        expect((await raw(base, other, p)).res.status).toBe(404);
      }
      expect(visibleText((await other.get('/fakturaer')).body)).toContain(
        'Vi har ingen fakturaer for deg ennå.',
      );
      expect((await raw(base, http, `/fakturaer/${invoiceId}/vedlegg/2`)).res.status).toBe(404);
      expect((await raw(base, http, `/fakturaer/${creditId}/vedlegg/1`)).res.status).toBe(404);
      expect((await raw(base, http, '/fakturaer/not-a-uuid/original.xml')).res.status).toBe(404);
      expect((await raw(base, http, `/fakturaer/${invoiceId}/vedlegg/0x1`)).res.status).toBe(404);
      // Signed out: sent to sign in, nothing served.
      const anonymous = await fetch(`${base}/fakturaer/${invoiceId}/original.xml`, { redirect: 'manual' });
      expect(anonymous.status).toBe(303);
    });
  });

  describe('consumption', () => {
    it('reports by day with the spring day of 23 hours, matching sums taken from the raw files', async () => {
      const page = await http.get(`/forbruk?punkt=${pointId}&niva=dag&fra=2026-03-27&til=2026-03-31`);
      expect(page.res.status).toBe(200);
      const rows = reportRows(page.body);
      const expected = sumsBy(10);
      expect([...rows.keys()]).toEqual([
        '2026-03-27',
        '2026-03-28',
        '2026-03-29',
        '2026-03-30',
        '2026-03-31',
      ]);
      for (const [day, got] of rows) expect(got).toEqual(expected.get(day));
      expect(rows.get('2026-03-29')?.hours).toBe(23);
      expect(visibleText(page.body)).toContain('29. mars 2026 23 23');
    });

    it('reports by month and by year over everything measured, by default by month', async () => {
      const first = await http.get('/forbruk');
      const text = visibleText(first.body);
      expect(text).toContain('Vi har målinger fra 1. desember 2025 til 31. juli 2026.');
      const months = reportRows(first.body);
      expect([...months.keys()]).toEqual([...sumsBy(7).keys()].sort());
      for (const [month, got] of months) expect(got).toEqual(sumsBy(7).get(month));
      // Some hours of the recording are gaps: counted as missing, not as zero.
      expect([...months.values()].reduce((a, m) => a + m.hours - m.measured, 0)).toBe(
        FIXTURE_HOURS.filter((h) => h.kwh === null).length,
      );
      const years = reportRows(
        (await http.get(`/forbruk?punkt=${pointId}&niva=ar&fra=2025-12-01&til=2026-07-31`)).body,
      );
      expect(years).toEqual(sumsBy(4));
    });

    it('writes every count with its thousands apart, and kWh whole from 100 and to a tenth below', async () => {
      const year = (await http.get(`/forbruk?punkt=${pointId}&niva=ar&fra=2025-12-01&til=2026-07-31`)).body;
      const foot = /<tfoot>(.*?)<\/tfoot>/s.exec(year)?.[1] ?? '';
      const cells = [...foot.matchAll(/<td class="num"[^>]*>([^<]*)<\/td>/g)].map((m) => m[1]);
      const measured = FIXTURE_HOURS.filter((h) => h.kwh !== null);
      const kwh = measured.reduce((a, h) => a + Math.round((h.kwh ?? 0) * 1000), 0) / 1000;
      // Grouped by hand here, apart from the formatter: a no-break space every three digits.
      const grouped = (n: number) => String(n).replace(/\B(?=(\d{3})+$)/g, '\u00a0');
      expect(FIXTURE_HOURS.length).toBeGreaterThan(999);
      expect(cells).toEqual([
        grouped(FIXTURE_HOURS.length),
        grouped(measured.length),
        grouped(Math.round(kwh)),
      ]);
      expect(visibleText(year)).toContain(`Sum ${grouped(FIXTURE_HOURS.length).replace('\u00a0', ' ')}`);
      // A day is under 100 kWh: one decimal.
      const day = (await http.get(`/forbruk?punkt=${pointId}&niva=dag&fra=2026-03-27&til=2026-03-27`)).body;
      expect(/<tr data-period="2026-03-27">.*?data-wh="\d+">(\d{1,2},\d)<\/td>/.exec(day)?.[1]).toBeDefined();
    });

    it('never lets "kr" or "NOK" part from its amount, on any page that shows money', async () => {
      const pages = [
        '/forbruk',
        '/min-side',
        `/min-side/malepunkt/${pointId}`,
        '/fakturaer',
        `/fakturaer/${invoiceId}`,
      ];
      for (const locale of ['nb', 'en'] as const) {
        await http.get(`/sprak/${locale}?til=/`);
        for (const p of pages) {
          const { res, body } = await http.get(p);
          expect(res.status, p).toBe(200);
          expect(body, `${p} (${locale})`).not.toMatch(/\b(?:kr|NOK) (?=[\d\u2212-])/);
          expect(body, `${p} (${locale})`).not.toMatch(/\d (?:kr|NOK)\b/);
        }
      }
      await http.get('/sprak/nb?til=/');
      // And the amounts are there to be checked: with the no-break space.
      expect((await http.get('/min-side')).body).toMatch(/kr\u00a0\d{1,3}(?:\u00a0\d{3})*</);
    });

    it('downloads the chosen period and resolution as CSV that parses back to the same sums, and records it', async () => {
      const q = `punkt=${pointId}&niva=dag&fra=2026-03-01&til=2026-03-31`;
      expect((await http.get(`/forbruk?${q}`)).body).toContain(
        `href="/forbruk/forbruk.csv?${q.replaceAll('&', '&amp;')}"`,
      );
      const csv = await raw(base, http, `/forbruk/forbruk.csv?${q}`);
      expect(csv.res.status).toBe(200);
      expect(csv.res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(csv.res.headers.get('content-disposition')).toBe(
        'attachment; filename="elvakt-forbruk-dag-2026-03-01-2026-03-31.csv"',
      );
      expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = csv.bytes.subarray(3).toString('utf8').split('\r\n');
      expect(lines[0]).toBe('periode;fra;til;timer;timer_med_maling;kwh');
      expect(lines.at(-1)).toBe('');
      const parsed = lines.slice(1, -1).map((l) => l.split(';'));
      expect(parsed).toHaveLength(31);
      const expected = sumsBy(10);
      for (const [period, from, to, hours, measured, kwh] of parsed) {
        const e = expected.get(period ?? '');
        expect(Number(hours)).toBe(e?.hours);
        expect(Number(measured)).toBe(e?.measured);
        expect(kwh).toMatch(/^\d+,\d{3}$/);
        expect(Math.round(Number((kwh ?? '').replace(',', '.')) * 1000)).toBe(e?.wh);
        expect(from).toMatch(/^2026-03-\d\dT00:00\+0[12]:00$/);
        expect(to).toMatch(/^2026-0[34]-\d\dT00:00\+0[12]:00$/);
      }
      const dst = parsed.find((r) => r[0] === '2026-03-29');
      expect(dst?.slice(1, 4)).toEqual(['2026-03-29T00:00+01:00', '2026-03-30T00:00+02:00', '23']);
      const audit = (await t.app.services.audit.recent(5)).find((a) => a.action === 'consumption.downloaded');
      expect(audit).toMatchObject({
        subjectId: demoId,
        purpose: 'access',
        details: { meteringPoint: pointId, resolution: 'day', from: '2026-03-01', to: '2026-03-31' },
      });
    });

    it('refuses a wrong date or range and another customer’s metering point', async () => {
      const bad = await http.get(`/forbruk?punkt=${pointId}&niva=dag&fra=2026-02-30&til=2026-03-01`);
      expect(bad.res.status).toBe(400);
      expect(visibleText(bad.body)).toContain('Skriv en gyldig dato (ÅÅÅÅ-MM-DD).');
      const order = await http.get(`/forbruk?punkt=${pointId}&niva=dag&fra=2026-03-02&til=2026-03-01`);
      expect(visibleText(order.body)).toContain('Til-datoen kan ikke være før fra-datoen.');
      expect(
        (
          await raw(
            base,
            http,
            `/forbruk/forbruk.csv?punkt=${pointId}&niva=uke&fra=2026-03-01&til=2026-03-02`,
          )
        ).res.status,
      ).toBe(400);
      expect(
        (
          await raw(
            base,
            other,
            `/forbruk/forbruk.csv?punkt=${pointId}&niva=dag&fra=2026-03-01&til=2026-03-02`,
          )
        ).res.status,
      ).toBe(404);
      expect(visibleText((await other.get('/forbruk')).body)).toContain('Du har ingen målepunkter ennå.');
    });
  });

  describe('notifications', () => {
    it('says that notifications need the consent to monitoring, and links to it', async () => {
      const page = await http.get('/varsler');
      const text = visibleText(page.body);
      expect(text).toContain('Varsler krever samtykket til at vi følger med for deg.');
      expect(page.body).toContain('href="/samtykke"');
      expect(page.body).not.toContain('name="threshold"');
      expect(text).toContain('Hver melding vi sender har en lenke som stopper alle varsler');
    });

    it('saves channel, threshold and pause and shows them', async () => {
      await t.app.services.permissions.change(
        demoId,
        [{ kind: 'consent', scope: 'continued_monitoring', textVersion: TEXT_VERSION, give: true }],
        'test',
      );
      const page = await http.get('/varsler');
      expect(visibleText(page.body)).toContain(
        'Nå: E-post, når du kan spare minst kr 500 i året. Varslene er på.',
      );
      // The demo account has a mobile number, so text messages are offered.
      expect(page.body).toContain('value="sms"');
      const saved = await http.post('/varsler', { channel: 'sms', threshold: '1 500', paused: '1' });
      expect(saved.res.status).toBe(303);
      expect(saved.res.headers.get('location')).toBe('/varsler?lagret=1');
      const after = await http.get('/varsler?lagret=1');
      const text = visibleText(after.body);
      expect(text).toContain('Valgene er lagret.');
      expect(text).toContain('Nå: SMS, når du kan spare minst kr 1 500 i året. Varslene er på pause.');
      expect(after.body).toMatch(/value="sms" checked/);
      expect(after.body).toContain('value="1500"');
      expect(await t.app.services.monitoring.preferences(demoId)).toEqual({
        channel: 'sms',
        thresholdOre: 150_000,
        paused: true,
      });
      const audit = (await t.app.services.audit.recent(5)).find(
        (a) => a.action === 'monitoring.preferences_changed',
      );
      expect(audit?.details).toEqual({ channel: 'sms', thresholdOre: 150_000, paused: true });
    });

    it('refuses a threshold that is not whole kroner, and SMS without a mobile number', async () => {
      const bad = await http.post('/varsler', { channel: 'email', threshold: '12,5' });
      expect(bad.res.status).toBe(400);
      expect(visibleText(bad.body)).toContain('Skriv et beløp i hele kroner fra 0 til 100 000.');
      expect(bad.body).toContain('value="12,5"');
      expect((await t.app.services.monitoring.preferences(demoId)).thresholdOre).toBe(150_000);
      const page = await other.get('/varsler');
      expect(page.body).not.toContain('value="sms"');
      expect(visibleText(page.body)).toContain('SMS krever et mobilnummer på kontoen');
      const sms = await other.post('/varsler', { channel: 'sms', threshold: '800' });
      expect(sms.res.status).toBe(400);
      expect(visibleText(sms.body)).toContain('SMS krever et mobilnummer på kontoen.');
      expect((await t.app.services.monitoring.preferences(otherId)).channel).toBe('email');
    });
  });

  describe('savings explained', () => {
    it('compares the current contract with the three cheapest on Min side, each month linking to its parts', async () => {
      const page = await http.get('/min-side');
      expect(page.body).toContain(`href="/min-side/malepunkt/${pointId}#saving"`);
      expect(page.body).toContain(`href="/min-side/malepunkt/${pointId}#month-2026-03"`);
      expect(page.body).toContain(`href="/forbruk?punkt=${pointId}"`);
      const s = await t.app.services.savings.forMeteringPoint(demoId, pointId);
      const compared = [
        s.result.current,
        ...s.result.offers.filter((o) => o.offer.id !== s.result.current?.offer.id).slice(0, 3),
      ];
      const table = /<details><summary>Kostnad per måned[\s\S]*?<\/table>/.exec(page.body)?.[0] ?? '';
      // Demo offers, each marked once, after the product.
      for (const o of compared)
        expect(table).toContain(`${o?.offer.supplierName.replace(' (demo)', '')}: ${o?.offer.name} (demo)`);
      expect((table.match(/<th scope="col" class="num">/g) ?? []).length).toBe(4);
      for (const href of ['/fakturaer', '/forbruk', '/varsler'])
        expect(page.body).toContain(`href="${href}"`);
    });

    it('opens the yearly saving, each yearly cost and each month cost onto their parts', async () => {
      const page = await http.get(`/min-side/malepunkt/${pointId}`);
      expect(page.res.status).toBe(200);
      const s = await t.app.services.savings.forMeteringPoint(demoId, pointId);
      const r = s.result;
      const text = visibleText(page.body);
      expect(page.body).toContain(`data-saving="${r.yearlySavingOre}"`);
      expect(text).toContain('Dette er antatt, ikke målt:');
      expect(text).toContain(
        'Dataene dekker mindre enn et år, så energikostnaden er skalert til et helt år.',
      );
      // Every offer's yearly figure opens onto parts whose total is that figure.
      const totals = [...page.body.matchAll(/<dd data-year-total="(-?\d+)">/g)].map((m) => Number(m[1]));
      expect(totals).toEqual(r.offers.map((o) => o.yearlyOre));
      expect(text).toMatch(/Energi og påslag skalert til et år \(× 1,\d{4}\)/);
      // Every month of the compared offers opens onto its hours, kWh and parts.
      expect(page.body).toContain('id="month-2026-03"');
      const march = r.basis.months.find((m) => m.month === '2026-03');
      expect(text).toContain(`${march?.pricedHours} av 743 timer priset`);
    });

    it('draws consumption by hour and month and the spot price against it, each with its table', async () => {
      const page = await http.get(`/min-side/malepunkt/${pointId}`);
      for (const chart of ['by-hour', 'by-month', 'spot']) {
        const figure =
          new RegExp(`<figure class="chart" data-chart="${chart}">([\\s\\S]*?)</figure>`).exec(
            page.body,
          )?.[1] ?? '';
        expect(figure).toContain('<svg role="img"');
        expect(figure).toContain('<table');
        expect(figure).not.toMatch(/\sstyle="/);
      }
      const byHour = /<table data-table="by-hour">([\s\S]*?)<\/table>/.exec(page.body)?.[1] ?? '';
      expect((byHour.match(/<tr>/g) ?? []).length).toBe(25);
      // Consumption per month, against the raw files.
      const byMonth = /<table data-table="by-month">([\s\S]*?)<\/table>/.exec(page.body)?.[1] ?? '';
      const rows = [
        ...byMonth.matchAll(
          /<th scope="row">([^<]+)<\/th><td class="num">([^<]+)<\/td><td class="num">(\d+) \/ (\d+)<\/td>/g,
        ),
      ];
      const expected = sumsBy(7);
      expect(rows).toHaveLength(expected.size);
      const measuredByMonth = [...expected.entries()].sort(([a], [b]) => a.localeCompare(b));
      rows.forEach((row, i) => {
        const [, sums] = measuredByMonth[i] as [string, Sums];
        const kwh = Number((row[2] ?? '').replace(/[\s\u00a0\u202f]/g, '').replace(',', '.'));
        // A month's kWh is a sum over 100: whole.
        expect(Math.abs(kwh - sums.wh / 1000)).toBeLessThanOrEqual(0.5);
        expect(row[2]).toMatch(/^\d{1,3}(?:\u00a0\d{3})*$/);
        expect(Number(row[3])).toBe(sums.measured);
        expect(Number(row[4])).toBe(sums.hours);
      });
      const spot = /<table data-table="spot-month">([\s\S]*?)<\/table>/.exec(page.body)?.[1] ?? '';
      expect(visibleText(spot)).toContain('mars 2026');
      expect(visibleText(page.body)).toContain('Spotpris og forbruk');
    });
  });

  it('switches every new page to English', async () => {
    const sw = await http.get('/sprak/en?til=/fakturaer');
    expect(sw.res.headers.get('location')).toBe('/fakturaer');
    const pages: [string, string][] = [
      ['/fakturaer', 'Invoices, newest first'],
      [`/fakturaer/${invoiceId}`, 'The lines as we read them'],
      ['/forbruk', 'We have measurements from 1 December 2025 to 31 July 2026.'],
      ['/varsler', 'Every message we send carries a link that stops all notifications'],
      [`/min-side/malepunkt/${pointId}`, 'Spot price and consumption by hour of the day'],
      ['/min-side', 'More about your electricity'],
    ];
    for (const [p, phrase] of pages) {
      const page = await http.get(p);
      expect(page.res.status).toBe(200);
      expect(page.body).toContain('<html lang="en"');
      expect(visibleText(page.body)).toContain(phrase);
    }
    expect(visibleText((await http.get('/fakturaer')).body)).toContain('NOK 1,964.85');
    await http.get('/sprak/nb?til=/min-side');
  });

  it('keeps invoice numbers and metering point IDs out of the logs', () => {
    expect(t.logs.text).not.toContain(INVOICE_NUMBER);
    expect(t.logs.text).not.toContain(DEMO_METERING_POINT.meteringPointId);
  });
});
