import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DemoMeteringSource } from '../src/demo/demo-household.ts';
import { readElhubCsv, readMeterRecording } from '../src/modules/metering/readers.ts';
import { readableDate, renderTemplate, type TemplateName } from '../src/modules/notifications/templates.ts';
import { mayActOnRequest, ROLES } from '../src/modules/staff/staff.ts';
import {
  isMessageKey,
  LOCALES,
  type Locale,
  MESSAGES,
  pluralSpans,
  renderUserMessage,
  translator,
} from '../src/web/i18n.ts';
import { findingText } from '../src/web/pages/invoices.tsx';
import { type Access, declaredRoutes, staffMayCall } from '../src/web/routes/access.ts';
import { startTestApp, type TestApp } from './app.ts';
import { listenWeb, visibleText } from './http.ts';
import {
  type Actor,
  fill,
  paramValue,
  REQUEST_TYPE_LIST,
  seedWalk,
  send,
  type WalkData,
} from './route-walk.ts';
import { storeKinds } from './stores.ts';

/**
 * Words and phrases of the English interface that never belong on a Norwegian page. Names
 * that are English in Norwegian too (Do Not Track, Global Privacy Control, PEPPOL BIS
 * Billing) are taken out of the text before it is searched.
 */
const ENGLISH =
  /\b(the|and|of|is|are|was|were|not|with|your|you|this|please|sign in|sign out|save|cancel|download|upload|error|line|lines|hour|hours|month|months|request|requests|missing|invalid|refused|page not found|something went wrong|no such)\b/i;
const ENGLISH_NAMES =
  /Do Not Track|Global Privacy Control|PEPPOL BIS Billing 3\.0|EHF 3\.0|Nord Pool|Norges Bank/g;
/**
 * Norwegian interface words that never belong on an English page. Not "og" or "måneder":
 * Norwegian law is cited by its own words ("§ 13 og GDPR art. 7"), and products keep their
 * names ("Fastpris 12 måneder").
 */
const NORWEGIAN = /\b(ikke|eller|linje|linjer|Lagret|Logg inn|Logg ut|Avbryt|Lagre|Siden finnes)\b/;

/** The first English word in a text; a name quoted «like this» is a name, not a sentence. */
const englishIn = (text: string): string | undefined =>
  ENGLISH.exec(text.replace(ENGLISH_NAMES, ' ').replace(/«[^»]*»/g, ' '))?.[0];

/** A count of one must not be followed by a plural noun. */
const PLURAL_AFTER_ONE: Record<Locale, RegExp> = {
  nb: /\b1 (\S+ )?(linjer|timer|timene|måneder|forespørsler|kunder|rader|dager|perioder|personer|fakturaer|målepunkter|minutter)\b/,
  en: /\b1 (\S+ )?(lines|hours|months|requests|customers|rows|days|runs|people|invoices|points|minutes)\b/,
};

const placeholders = (text: string): string[] =>
  [...new Set([...text.matchAll(/\{(\w+)(?=[,}])/g)].map((m) => m[1] as string))].sort();

const allKeys = [...new Set([...Object.keys(MESSAGES.nb), ...Object.keys(MESSAGES.en)])].sort();

describe('every message, in both languages', () => {
  it('has a text in Norwegian and in English for every key, none of them empty', () => {
    const wrong = allKeys.filter(
      (key) =>
        !(MESSAGES.nb as Record<string, string>)[key]?.trim() ||
        !(MESSAGES.en as Record<string, string>)[key]?.trim(),
    );
    expect(wrong).toEqual([]);
    expect(allKeys.length).toBeGreaterThan(500);
  });

  it('reads every plural selection, with a form for one and for other, and the same parameters in both languages', () => {
    const wrong: string[] = [];
    for (const key of allKeys) {
      for (const locale of LOCALES) {
        const text = (MESSAGES[locale] as Record<string, string>)[key] ?? '';
        try {
          for (const span of pluralSpans(text))
            if (!span.forms.has('one') || !span.forms.has('other'))
              wrong.push(`${locale} ${key}: ${span.name}`);
        } catch (e) {
          wrong.push(`${locale} ${key}: ${(e as Error).message}`);
        }
      }
      const nb = placeholders((MESSAGES.nb as Record<string, string>)[key] ?? '');
      const en = placeholders((MESSAGES.en as Record<string, string>)[key] ?? '');
      if (nb.join() !== en.join()) wrong.push(`${key}: {${nb}} in Norwegian, {${en}} in English`);
    }
    expect(wrong).toEqual([]);
  });

  it('says 1 linje, 1 time, 1 åpen forespørsel: every count in a text goes through the plural rules', () => {
    const wrong: string[] = [];
    for (const key of allKeys) {
      if (!isMessageKey(key)) continue;
      for (const locale of LOCALES) {
        const text = (MESSAGES[locale] as Record<string, string>)[key] ?? '';
        const ones = Object.fromEntries(placeholders(text).map((p) => [p, 1]));
        const shown = translator(locale)(key, ones);
        const m = PLURAL_AFTER_ONE[locale].exec(shown);
        if (m) wrong.push(`${locale} ${key}: "${m[0]}"`);
      }
    }
    expect(wrong).toEqual([]);
    const t = translator('nb');
    expect(t('upload.result', { stored: 1, months: 1, rejected: 1 })).toBe(
      'Lagret 1 time i 1 måned. 1 linje ble avvist.',
    );
    expect(t('upload.result', { stored: '5 063', months: 2, rejected: 0 })).toBe(
      'Lagret 5 063 timer i 2 måneder. Ingen linjer ble avvist.',
    );
    expect(t('desk.queue.summary', { total: 1, overdue: 0, soon: 0 })).toMatch(/^1 åpen forespørsel:/);
    expect(translator('en')('desk.queue.summary', { total: 1, overdue: 0, soon: 0 })).toMatch(
      /^1 open request:/,
    );
  });

  it('tells people what a reader refused in their language: every refusal of the Elhub and the recording readers has a key with both texts', () => {
    const csv = [
      'Målenavn;Fra;Til;Volum;Enhet;Kvalitet',
      'KWH 60 Forbruk;2026-04-01T00:00:00;2026-04-01T01:00:00+02:00;1,0;kWh;Målt',
      'KWH 60 Forbruk;2026-04-01T00:00:00+02:00;2026-04-01T00:30:00+02:00;1,0;kWh;Målt',
      'KWH 60 Produksjon;2026-04-01T00:00:00+02:00;2026-04-01T01:00:00+02:00;1,0;kWh;Målt',
      'KWH 60 Forbruk;2026-04-01T00:00:00+02:00;2026-04-01T01:00:00+02:00;1,0;MWh;Målt',
      'KWH 60 Forbruk;2026-04-01T00:00:00+02:00;2026-04-01T01:00:00+02:00;-1;kWh;Målt',
      'KWH 60 Forbruk;2026-04-01T00:00:00+02:00;2026-04-01T01:00:00+02:00;1,0;kWh;Gjettet',
      'KWH 60 Forbruk;2026-04-01T00:30:00+02:00;2026-04-01T01:30:00+02:00;1,0;kWh;Målt',
      'KWH 60 Forbruk;2026-04-01T02:00:00+02:00;2026-04-01T03:00:00+02:00;1,0;kWh;Målt',
      'KWH 60 Forbruk;2026-04-01T02:00:00+02:00;2026-04-01T03:00:00+02:00;1,0;kWh;Målt',
      'KWH 15 Forbruk;2026-04-01T04:00:00+02:00;2026-04-01T04:15:00+02:00;0,25;kWh;Målt',
    ].join('\n');
    const refusals = [
      ...readElhubCsv('Post;Beløp\nStrøm;1200').rejected,
      ...readElhubCsv(csv).rejected,
      ...readMeterRecording('{').rejected,
      ...readMeterRecording('{}').rejected,
      ...readMeterRecording(
        '{"hours":[{"start_local":"x"},{"start_local":"2026-04-01T00:00:00+02:00","kwh":"1"}]}',
      ).rejected,
    ];
    const keys = new Set(refusals.map((r) => r.key));
    expect(keys.size).toBe(14);
    const wrong: string[] = [];
    for (const r of refusals) {
      if (!isMessageKey(r.key)) wrong.push(`${r.key}: no text`);
      const nb = renderUserMessage('nb', r);
      const en = renderUserMessage('en', r);
      if (englishIn(nb)) wrong.push(`${r.key}: "${nb}" reads English`);
      if (NORWEGIAN.test(en)) wrong.push(`${r.key}: "${en}" reads Norwegian`);
    }
    expect(wrong).toEqual([]);
    expect(renderUserMessage('nb', refusals[0] as (typeof refusals)[number])).toMatch(
      /^Linje 1: dette er ikke en forbruksfil fra Elhub\./,
    );
    const partial = refusals.find((r) => r.key === 'elhub.csv.partialHour');
    expect(partial && renderUserMessage('nb', partial)).toMatch(
      /^Timen fra 1\. apr\. 2026, 04:00: bare 1 av 4 kvarter/,
    );
  });

  it('shows every finding an invoice can be stored with in the reader’s language, by its rule', () => {
    const dir = path.join(import.meta.dirname, '..', 'src', 'modules', 'invoices');
    const source = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'))
      .join('\n');
    // A warning does not refuse the invoice, so it is stored with it and shown on its page.
    const warnings = new Set([...source.matchAll(/\bwarn\(\s*'([A-Z][\w-]+)'/g)].map((m) => m[1] as string));
    for (const c of ['E', 'AE', 'K', 'G', 'O']) warnings.add(`BR-${c}-10`);
    // The buyer's identifiers are checked as warnings too.
    for (const rule of ['PEPPOL-COMMON-R041', 'NO-R-001']) warnings.add(rule);
    expect(warnings.size).toBeGreaterThan(15);
    const wrong = [...warnings].filter((rule) => !isMessageKey(`invoices.finding.${rule}`));
    expect(wrong).toEqual([]);
    const rules = new Set(
      [...source.matchAll(/'((?:BR|PEPPOL|NO|ELVAKT)-[\w-]+)'/g)].map((m) => m[1] as string),
    );
    for (const rule of [...rules, ...warnings]) {
      const ctx = (locale: Locale) => ({ t: translator(locale) }) as Parameters<typeof findingText>[0];
      expect(englishIn(findingText(ctx('nb'), rule)), rule).toBeUndefined();
      expect(findingText(ctx('en'), rule)).not.toMatch(NORWEGIAN);
    }
  });

  it('writes dates in every e-mail and SMS as people read them, in Norwegian and in English, on the Oslo calendar', () => {
    const params = {
      code: '424242',
      typeNb: 'Innsyn',
      typeEn: 'Access',
      // 23:30 UTC on 5 January is 6 January in Oslo.
      due: '2027-01-05T23:30:00.000Z',
      reason: 'Trenger juridisk vurdering',
      version: '3',
      changesNb: 'nytt formål',
      changesEn: 'a new purpose',
      urlNb: 'https://elvakt.no/personvern',
      urlEn: 'https://elvakt.no/en/privacy',
      amountNb: 'kr 1 200',
      amountEn: 'NOK 1,200',
      url: 'https://elvakt.no/min-side',
      unsubscribeUrl: 'https://elvakt.no/varsler/avmeld',
      title: 'Feilsendt brev',
      description: 'Et brev gikk til feil adresse.',
      consequences: 'Lite',
      measures: 'Vi har skjerpet rutinene.',
      contact: 'personvern@elvakt.no',
    };
    const names: TemplateName[] = [
      'request_code',
      'request_received',
      'request_extended',
      'request_completed',
      'policy_changed',
      'relationship_ended',
      'erasure_completed',
      'saving_found',
      'breach_notice',
    ];
    for (const name of names) {
      const { subject, text } = renderTemplate(name, params);
      expect(subject.trim(), name).not.toBe('');
      const [nb = '', en = ''] = text.split('\n\n---\n\n');
      expect(nb.trim(), name).not.toBe('');
      expect(en.trim(), name).not.toBe('');
      expect(englishIn(nb.replace(/https:\S+/g, '')), `${name}: ${nb}`).toBeUndefined();
      expect(text, name).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    }
    const received = renderTemplate('request_received', params).text;
    expect(received).toContain('svarer senest 6. januar 2027.');
    expect(received).toContain('answer by 6 January 2027 at the latest.');
    // A message queued before carries the day itself: it reads the same.
    const queued = renderTemplate('request_extended', { dueNb: '2027-02-26', dueEn: '2027-02-26' }).text;
    expect(queued).toContain('Ny frist er 26. februar 2027.');
    expect(queued).toContain('The new deadline is 26 February 2027.');
    expect(readableDate('2026-10-25T22:59:59Z', 'nb')).toBe('25. oktober 2026');
  });
});

/** Pages whose address names their language. */
const FIXED_LANGUAGE: Readonly<Record<string, Locale>> = { '/personvern': 'nb', '/en/privacy': 'en' };

/** Someone the route opens for, to see the page itself: a household for its pages, a role that may for the desk. */
const readerOf = (access: Access, data: WalkData): { actor: Actor; request?: string } | null => {
  if (access.who === 'anyone') return { actor: 'visitor' };
  if (access.who === 'household') return { actor: 'owner' };
  for (const role of ROLES) {
    if (!staffMayCall([role], access)) continue;
    if (!('request' in access)) return { actor: role };
    const type = REQUEST_TYPE_LIST.find((ty) => mayActOnRequest([role], ty, access.request));
    if (type) return { actor: role, request: data.verified[type] };
  }
  return null;
};

describe('every page, in both languages', () => {
  const pglite = storeKinds().find((k) => k.name === 'pglite');
  let t: TestApp;
  let server: FastifyInstance;
  let base: string;
  let data: WalkData;
  let flawedInvoice: string;

  beforeAll(async () => {
    if (!pglite) throw new Error('The PGlite store is missing.');
    t = await startTestApp(pglite, { meteringSource: new DemoMeteringSource() });
    data = await seedWalk(t);
    // An invoice stored with a finding (due before issued): its page shows the finding.
    const xml = fs
      .readFileSync(
        path.join(import.meta.dirname, 'fixtures', 'ehf', 'supplier-invoice-2026-06-demo-pdf.xml'),
        'utf8',
      )
      .replace('<cbc:ID>TK-2026-0601-12</cbc:ID>', '<cbc:ID>TK-2026-0601-13</cbc:ID>')
      .replace('<cbc:DueDate>2026-06-20</cbc:DueDate>', '<cbc:DueDate>2026-06-01</cbc:DueDate>');
    const [flawed] = await t.app.services.invoices.importDocuments(
      data.owner,
      [{ content: Buffer.from(xml) }],
      {
        actor: 'test',
        source: 'file',
      },
    );
    flawedInvoice = flawed?.id ?? '';
    ({ server, base } = await listenWeb(t.app));
  }, 300_000);
  afterAll(async () => {
    await server?.close();
    await t?.close();
  });

  const keyNames = allKeys.filter((k) => /^[a-z][\w-]*\.[\w.-]+$/i.test(k));

  /** What is wrong with a page's text in a language: English on a Norwegian page, Norwegian on an English one, or a bare key. */
  const problemsOf = (where: string, locale: Locale, html: string): string[] => {
    const main = /<main[\s\S]*<\/main>/.exec(html)?.[0] ?? html;
    const text = visibleText(main);
    const out: string[] = [];
    if (locale === 'nb') {
      const word = englishIn(text);
      if (word)
        out.push(
          `${where} nb: "${word}" in …${text.slice(Math.max(0, text.search(word) - 60), text.search(word) + 60)}…`,
        );
    } else {
      const m = NORWEGIAN.exec(text);
      if (m) out.push(`${where} en: "${m[0]}"`);
    }
    const whole = visibleText(html);
    for (const key of keyNames)
      if (whole.includes(` ${key} `)) out.push(`${where} ${locale}: bare key ${key}`);
    return out;
  };

  it('renders every page a route shows, for a visitor, a household and a staff role that may see it, in Norwegian and in English', async () => {
    const problems: string[] = [];
    const seen = new Set<string>();
    for (const route of declaredRoutes(server)) {
      if (route.method !== 'GET') continue;
      const reader = readerOf(route.access, data);
      if (!reader) continue;
      const url = fill(route.url, route.access.params, (k) =>
        paramValue(data, k, reader.request ?? data.ownRequest),
      );
      for (const locale of LOCALES) {
        const { res, body } = await send(t, base, data, reader.actor, 'GET', url, locale);
        if (!(res.headers.get('content-type') ?? '').startsWith('text/html')) continue;
        if (res.status >= 500) problems.push(`${url} ${locale}: ${res.status}`);
        // The privacy policy has an address per language; every other page follows the reader's choice.
        const lang = /<html lang="(nb|en)"/.exec(body)?.[1] as Locale | undefined;
        const fixed = FIXED_LANGUAGE[route.url];
        if (lang !== (fixed ?? locale)) problems.push(`${url} ${locale}: the page says lang="${lang}"`);
        problems.push(...problemsOf(`${url} as ${reader.actor}`, lang ?? locale, body));
        seen.add(route.url);
      }
    }
    // The invoice with a finding, and the household's pages after it: the finding reads in the page's language.
    for (const locale of LOCALES) {
      const { res, body } = await send(t, base, data, 'owner', 'GET', `/fakturaer/${flawedInvoice}`, locale);
      expect(res.status).toBe(200);
      expect(visibleText(body)).toContain(
        locale === 'nb' ? 'Forfallsdatoen er før fakturadatoen.' : 'The due date is before the issue date.',
      );
      problems.push(...problemsOf(`/fakturaer/${flawedInvoice}`, locale, body));
    }
    expect(problems).toEqual([]);
    expect(seen.size).toBeGreaterThan(30);
    for (const page of ['/min-side', '/fakturaer/:id', '/ansatt', '/personvern', '/samtykke', '/forbruk'])
      expect(seen, page).toContain(page);
  }, 600_000);

  it('answers an address that does not exist with "Siden finnes ikke" / "Page not found" and a way back, and other errors with their message and no more', async () => {
    for (const locale of LOCALES) {
      const { res, body } = await send(t, base, data, 'owner', 'GET', '/finnes-ikke/her', locale);
      expect(res.status).toBe(404);
      const text = visibleText(body);
      expect(text).toContain(locale === 'nb' ? 'Siden finnes ikke' : 'Page not found');
      expect(text).not.toMatch(/Noe gikk galt|Something went wrong|HTTP 404/);
      expect(body).toMatch(/<a href="\/">/);
      expect(body).toMatch(/<a href="\/min-side">/);
      expect(problemsOf('/finnes-ikke/her', locale, body)).toEqual([]);
    }
    // An upload without a file: the service's English ("No file was uploaded.") is for the log.
    for (const locale of LOCALES) {
      const { res, body } = await send(
        t,
        base,
        data,
        'owner',
        'POST',
        `/min-side/malepunkt/${data.point}/forbruk`,
        locale,
      );
      expect(res.status).toBe(400);
      const text = visibleText(body);
      expect(text).toContain(locale === 'nb' ? 'Velg en fil å laste opp.' : 'Choose a file to upload.');
      expect(text).not.toMatch(/No file was uploaded|\bat \S+\.ts:\d+|Error:|Kari|@example/);
      expect(problemsOf('upload without a file', locale, body)).toEqual([]);
    }
  });

  it('has a favicon: a small SVG linked from every page, cached, and /favicon.ico leads to it', async () => {
    const page = await send(t, base, data, 'visitor', 'GET', '/');
    expect(page.body).toContain('<link rel="icon" href="/static/favicon.svg" type="image/svg+xml"/>');
    const icon = await fetch(`${base}/static/favicon.svg`);
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toBe('image/svg+xml');
    expect(icon.headers.get('cache-control')).toMatch(/^public, max-age=\d{4,}/);
    const svg = await icon.text();
    expect(svg).toMatch(/^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg.length).toBeLessThan(1000);
    const ico = await fetch(`${base}/favicon.ico`, { redirect: 'manual' });
    expect(ico.status).toBe(301);
    expect(ico.headers.get('location')).toBe('/static/favicon.svg');
  });
});
