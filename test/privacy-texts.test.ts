import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { LEGAL_BASES, PURPOSES, RETENTION_RULES } from '../src/modules/privacy/vocabulary.ts';
import { ANALYSIS_CONSENT, startTestApp, type TestApp } from './app.ts';
import { HttpSession, listenWeb, visibleText } from './http.ts';
import { describeStores } from './stores.ts';

const KARI = { name: 'Kari Nordmann', email: 'kari@example.no', identityNumber: '14028512334' };

/**
 * The privacy pages in the reader's language: the record of processing, the privacy policy,
 * the audit log (who did what, in words) and the erasure plan (things a person knows, not
 * database rows), each read in Norwegian and in English.
 */
describeStores('privacy and staff pages in both languages', (kind) => {
  let t: TestApp;
  let server: FastifyInstance;
  let base: string;
  let customerId = '';
  let dpoId = '';

  beforeAll(async () => {
    t = await startTestApp(kind);
    ({ server, base } = await listenWeb(t.app));
    const { customers, permissions, metering, staff, desk } = t.app.services;
    customerId = await customers.signUp({ ...KARI, password: 'et langt og godt passord' });
    await permissions.change(customerId, ANALYSIS_CONSENT, 'web');
    await metering.addMeteringPoint(
      customerId,
      { meteringPointId: '707057500123456785', priceArea: 'NO5' },
      'manual',
    );
    dpoId = await staff.create({
      username: 'dagny',
      name: 'Dagny Personvern',
      roles: ['dpo'],
      password: 'a long staff password',
    });
    const dpo = (await staff.list()).find((m) => m.id === dpoId);
    if (!dpo) throw new Error('no dpo');
    await desk.lookup(dpo, KARI.email, 'Kunden ringte om fakturaen');
    // An entry by a staff account that no longer exists: named as former staff, never by id.
    await t.app.store.db
      .transaction()
      .execute((tx) =>
        t.app.services.audit
          .withTx(tx)
          .record({ actor: `staff:${randomUUID()}`, action: 'legal_hold.placed', subjectId: customerId }),
      );
  });
  afterAll(async () => {
    await server?.close();
    await t?.close();
  });

  const staffSession = async (lang: 'nb' | 'en'): Promise<HttpSession> => {
    const http = new HttpSession(base);
    http.setCookie('staff_token', await t.app.services.staff.createSession(dpoId));
    if (lang === 'en') http.setCookie('lang', 'en');
    return http;
  };
  const customerSession = async (lang: 'nb' | 'en'): Promise<HttpSession> => {
    const http = new HttpSession(base);
    http.setCookie('auth_token', (await t.app.services.customers.createSession(customerId)).token);
    if (lang === 'en') http.setCookie('lang', 'en');
    return http;
  };
  const other = { nb: 'en', en: 'nb' } as const;

  for (const lang of ['nb', 'en'] as const) {
    it(`shows the record of processing in ${lang} only`, async () => {
      const page = await (await staffSession(lang)).get('/ansatt/behandlingsprotokoll');
      expect(page.res.status).toBe(200);
      const text = visibleText(page.body);
      for (const shown of [
        PURPOSES.account,
        PURPOSES.savings_analysis,
        LEGAL_BASES['art6-1a'],
        RETENTION_RULES.bookkeeping_5y,
        RETENTION_RULES.bookkeeping_5y.source,
      ]) {
        expect(text).toContain(shown[lang]);
        expect(text).not.toContain(shown[other[lang]]);
      }
      expect(text).toContain(lang === 'nb' ? 'Ansatte' : 'Staff');
      expect(text).toContain(
        lang === 'nb' ? 'kryptografisk sletting' : 'erasure destroys the subject key (crypto-shredding)',
      );
      expect(text).not.toContain(
        lang === 'nb' ? 'erasure destroys the subject key' : 'kryptografisk sletting',
      );
    });

    it(`cites the retention rules of the privacy policy in ${lang}`, async () => {
      // The policy has an address per language.
      const page = await new HttpSession(base).get(lang === 'nb' ? '/personvern' : '/en/privacy');
      const text = visibleText(page.body);
      expect(text).toContain(`(${RETENTION_RULES.requests_3y.source[lang]})`);
      expect(text).not.toContain(RETENTION_RULES.while_customer.source[other[lang]]);
    });

    it(`names who did what in the audit log in ${lang}`, async () => {
      const page = await (await staffSession(lang)).get('/ansatt/logg');
      const text = visibleText(page.body);
      // The look-up: by the staff member's name, as a readable event.
      expect(page.body).toMatch(
        lang === 'nb'
          ? /<td>Dagny Personvern \(dagny\)<\/td><td data-action="customer.looked_up">Oppslag etter kunde<\/td><td>Kunden ringte om fakturaen<\/td>/
          : /<td>Dagny Personvern \(dagny\)<\/td><td data-action="customer.looked_up">Customer look-up<\/td><td>Kunden ringte om fakturaen<\/td>/,
      );
      // The sign-up and the consent: by the customer, without opening a name to say so.
      expect(page.body).toMatch(
        lang === 'nb'
          ? /<td>kunden<\/td><td data-action="consent.given">Samtykke gitt<\/td><td>Analyse av strømforbruket ditt<\/td>/
          : /<td>the customer<\/td><td data-action="consent.given">Consent given<\/td><td>Analysis of your electricity use<\/td>/,
      );
      expect(page.body).toMatch(
        lang === 'nb'
          ? /<td>tidligere ansatt<\/td><td data-action="legal_hold.placed">Sperre mot sletting satt<\/td>/
          : /<td>former staff member<\/td><td data-action="legal_hold.placed">Hold against deletion placed<\/td>/,
      );
      expect(text).not.toMatch(/staff:[0-9a-f-]{8}/);
      expect(text).not.toMatch(/\b(customer\.looked_up|customer\.signed_up|consent\.given|staff\.created)\b/);
      expect(text).not.toContain(KARI.name);
      expect(text).not.toMatch(/\b(invoice_analysis|legal_claims|data_subject_rights)\b/);
    });

    it(`counts the erasure plan in things a person knows, in ${lang}`, async () => {
      const page = await (await customerSession(lang)).get('/slett-meg');
      expect(page.res.status).toBe(200);
      const row = (table: string) =>
        visibleText(new RegExp(`<tr data-table="${table}"[\\s\\S]*?</tr>`).exec(page.body)?.[0] ?? '');
      expect(row('metering_points')).toContain(lang === 'nb' ? '1 målepunkt ' : '1 metering point ');
      expect(row('invoices')).toContain(lang === 'nb' ? '0 fakturaer' : '0 invoices');
      expect(row('customers')).toContain(lang === 'nb' ? '1 kundekonto' : '1 customer account');
      // One consent given, and the erasure request this page is about to be asked for.
      expect(row('permission_events')).toContain(
        lang === 'nb'
          ? '1 samtykke eller fullmakt gitt eller trukket tilbake'
          : '1 consent or power of attorney given or withdrawn',
      );
      expect(visibleText(page.body)).not.toMatch(lang === 'nb' ? /\brad(er)?\b/ : /\brows?\b/);
    });
  }

  it('carries what each table holds and why in both languages in the export', async () => {
    const data = await t.app.services.exports.exportSubject(customerId);
    expect(data.tables.customers?.description).toEqual({
      nb: 'Kundekontoen din',
      en: 'Your customer account',
    });
    expect(data.tables.customers?.purposes).toContainEqual({
      purpose: { nb: PURPOSES.account.nb, en: PURPOSES.account.en },
      legalBasis: LEGAL_BASES['art6-1b'],
    });
    expect(data.tables.customers?.retention).toContainEqual({
      nb: RETENTION_RULES.while_customer.nb,
      en: RETENTION_RULES.while_customer.en,
    });
  });
});
