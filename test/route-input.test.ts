import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DemoMeteringSource } from '../src/demo/demo-household.ts';
import { ROLES } from '../src/modules/staff/staff.ts';
import { NO_ROUTE } from '../src/platform/logger.ts';
import { type Access, declaredRoutes, staffMayCall } from '../src/web/routes/access.ts';
import { startTestApp, type TestApp } from './app.ts';
import { listenWeb, visibleText } from './http.ts';
import { personalDataIn } from './log-scan.ts';
import { type Actor, fill, paramValue, seedWalk, send, type WalkData } from './route-walk.ts';
import { describeStores } from './stores.ts';

/** What people type or paste where an id belongs: numbers, addresses, text, paths, markup. */
const IDENTITY_NUMBER = '17868225181';
const EMAIL = 'ola.nordmann@example.no';
const PHONE = '+4791234567';
const MALFORMED = [
  'abc',
  IDENTITY_NUMBER,
  encodeURIComponent(EMAIL),
  encodeURIComponent(PHONE),
  encodeURIComponent("1' or '1'='1"),
  encodeURIComponent('\u202e'),
  '..%2F..%2Fetc',
  'x'.repeat(300),
  'y'.repeat(1200),
  '%E0%A4%A',
  '00000000-0000-0000-0000-00000000000g',
];

const PAGE_TEXT = {
  nb: {
    400: 'Forespørselen er ikke gyldig.',
    404: 'Siden finnes ikke Vi finner ingen side på denne adressen.',
  },
  en: { 400: 'The request is not valid.', 404: 'Page not found There is no page at this address.' },
} as const;

/** Someone the route lets through, so what is probed is the input and not the door. */
const insider = (access: Access): Actor => {
  if (access.who === 'anyone') return 'visitor';
  if (access.who === 'household') return 'owner';
  return ROLES.find((r) => staffMayCall([r], access)) ?? 'dpo';
};

describeStores('what routes are given: malformed ids and personal data in URLs', (kind) => {
  let t: TestApp;
  let server: FastifyInstance;
  let base: string;
  let data: WalkData;

  beforeAll(async () => {
    t = await startTestApp(kind, { meteringSource: new DemoMeteringSource() });
    data = await seedWalk(t);
    ({ server, base } = await listenWeb(t.app));
  });
  afterAll(async () => {
    await server?.close();
    await t?.close();
  });

  it('answers a malformed value in every parameter of every route with 404 or 400 and the page in the visitor’s language, never 500', async () => {
    const problems: string[] = [];
    let probes = 0;
    for (const route of declaredRoutes(server)) {
      const names = [...route.url.matchAll(/:(\w+)/g)].map((m) => m[1] as string);
      for (const name of names) {
        for (const [i, bad] of MALFORMED.entries()) {
          const url = fill(route.url, route.access.params, (k) =>
            k === route.access.params?.[name] ? bad : paramValue(data, k, data.ownRequest),
          );
          const locale = i % 2 === 0 ? 'nb' : 'en';
          const { res, body } = await send(t, base, data, insider(route.access), route.method, url, locale);
          probes++;
          const where = `${route.method} ${route.url} :${name}=${bad.slice(0, 20)} (${locale})`;
          if (res.status >= 500) problems.push(`${where}: ${res.status}`);
          else if (res.status === 400 || res.status === 404) {
            if (!visibleText(body).includes(PAGE_TEXT[locale][res.status]))
              problems.push(`${where}: ${res.status} without the ${locale} page`);
          } else if (res.status < 300 || res.status >= 400) {
            // Only a parameter that is free text by nature (a language) may lead anywhere else.
            if (route.access.params?.[name] !== 'language') problems.push(`${where}: ${res.status}`);
          }
        }
      }
    }
    expect(probes).toBeGreaterThan(200);
    expect(problems).toEqual([]);
  }, 600_000);

  it('logs route templates, never a path or query string: identity numbers, e-mail addresses and phone numbers in URLs stay out of every log line', async () => {
    const q = `?fnr=${IDENTITY_NUMBER}&epost=${encodeURIComponent(EMAIL)}&tlf=${encodeURIComponent(PHONE)}`;
    const visits: [Actor, string, string][] = [
      ['owner', 'GET', `/min-side/malepunkt/${IDENTITY_NUMBER}${q}`],
      ['owner', 'GET', `/min-side/malepunkt/${data.point}${q}`],
      ['owner', 'GET', `/fakturaer/${encodeURIComponent(EMAIL)}`],
      ['owner', 'GET', `/forbruk${q}`],
      [
        'owner',
        'GET',
        `/forbruk/forbruk.csv?punkt=${IDENTITY_NUMBER}&niva=dag&fra=2026-01-01&til=2026-01-31`,
      ],
      ['owner', 'POST', `/mine-data/foresporsel/${encodeURIComponent(PHONE)}/trekk`],
      ['visitor', 'GET', `/${IDENTITY_NUMBER}`],
      ['owner', 'GET', `/fakturaer/${IDENTITY_NUMBER}%E0%A4%A`],
      ['owner', 'GET', `/fakturaer/${IDENTITY_NUMBER}${'9'.repeat(1200)}`],
      ['visitor', 'GET', `/kunde/${encodeURIComponent(EMAIL)}/${encodeURIComponent(PHONE)}${q}`],
      ['visitor', 'GET', `/logg-inn${q}`],
      ['visitor', 'GET', `/sprak/en?til=/${IDENTITY_NUMBER}`],
      ['visitor', 'GET', `/varsler/avmeld/${IDENTITY_NUMBER}`],
      ['dpo', 'GET', `/ansatt/foresporsel/${IDENTITY_NUMBER}`],
      ['dpo', 'GET', `/ansatt/kunder${q}`],
      ['dpo', 'POST', `/ansatt/kunder/${encodeURIComponent(EMAIL)}`],
      ['customer_service', 'GET', `/ansatt/foresporsel/${data.received.access}/utdrag/${IDENTITY_NUMBER}`],
    ];
    const before = t.logs.lines.length;
    for (const [actor, method, url] of visits) {
      const { res } = await send(t, base, data, actor, method, url);
      expect(res.status, url).toBeLessThan(500);
    }
    const lines = t.logs.lines.slice(before);
    expect(lines.length).toBeGreaterThan(visits.length);
    expect(personalDataIn(t.logs.lines)).toEqual([]);
    // The raw values themselves, however the scan's patterns might miss them.
    for (const value of [IDENTITY_NUMBER, 'ola.nordmann', '91234567'])
      expect(t.logs.text).not.toContain(value);
    // What the log does say: the route's template, or that no route matched.
    const routes = lines
      .map((l) => (JSON.parse(l) as { req?: { route?: string } }).req?.route)
      .filter(Boolean);
    expect(routes).toContain('/min-side/malepunkt/:id');
    expect(routes).toContain(NO_ROUTE);
    expect(lines.some((l) => l.includes('"path"') || l.includes('"url"'))).toBe(false);
  });
});
