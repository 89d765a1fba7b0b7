import fs from 'node:fs';
import path from 'node:path';
import { seedDemo } from '../src/demo/seed.ts';
import type { Role } from '../src/modules/staff/staff.ts';
import type { RequestType } from '../src/schema.ts';
import type { ParamKind } from '../src/web/routes/access.ts';
import { ANALYSIS_CONSENT, demoWithData, type TestApp } from './app.ts';
import { HttpSession } from './http.ts';

/**
 * Real data for walking every route: the demo household (the owner) with its metering
 * point, an invoice with an attachment and a request of every type; another household; one
 * staff member per role; a legal hold and a breach. Who walks: a visitor, either household,
 * or a staff member of one role, each request in a session of its own (so signing out or
 * a changed password ends nothing the next request needs).
 */
export const ACTORS = ['visitor', 'owner', 'other', 'customer_service', 'dpo', 'admin'] as const;
export type Actor = (typeof ACTORS)[number];

export interface WalkData {
  readonly owner: string;
  readonly other: string;
  readonly staff: Record<Role, string>;
  /** A staff account that exists only to be named by routes about staff accounts. */
  readonly spareStaff: string;
  readonly invoice: string;
  readonly point: string;
  /** Per request type: one waiting for identity to be confirmed, and one confirmed. */
  readonly received: Record<RequestType, string>;
  readonly verified: Record<RequestType, string>;
  /** The owner's own request for the household's pages (withdrawn by the walk). */
  readonly ownRequest: string;
  readonly hold: string;
  readonly breach: string;
}

const INVOICE = fs.readFileSync(
  path.join(import.meta.dirname, 'fixtures', 'ehf', 'supplier-invoice-2026-06-demo-pdf.xml'),
);

export const REQUEST_TYPE_LIST: readonly RequestType[] = [
  'access',
  'portability',
  'rectification',
  'erasure',
  'restriction',
  'objection',
  'objection_marketing',
  'automated_decision_review',
  'complaint',
];

export const seedWalk = async (t: TestApp): Promise<WalkData> => {
  const { services } = t.app;
  await seedDemo(t.app);
  const owner = await demoWithData(t.app);
  const [stored] = await services.invoices.importDocuments(owner, [{ content: INVOICE }], {
    actor: 'test',
    source: 'file',
  });
  const other = await services.customers.signUp({
    name: 'Kari Annen Husstand',
    email: 'kari.annen@example.no',
    identityNumber: '14028512334',
    password: 'et annet langt passord',
  });
  await services.permissions.change(other, ANALYSIS_CONSENT, 'test');
  const create = (username: string, roles: Role[]) =>
    services.staff.create({ username, name: `Walk ${username}`, roles, password: 'a long staff password' });
  const staff = {
    customer_service: await create('walk.cs', ['customer_service']),
    dpo: await create('walk.dpo', ['dpo']),
    admin: await create('walk.admin', ['admin']),
  };
  const spareStaff = await create('walk.spare', ['customer_service']);
  const received = {} as Record<RequestType, string>;
  const verified = {} as Record<RequestType, string>;
  for (const type of REQUEST_TYPE_LIST) {
    // By letter: nothing is confirmed, so nothing is carried out before a staff member acts.
    const details = { text: 'Gjelder kundeforholdet', purposes: ['monitoring' as const] };
    received[type] = (await services.requests.submit(owner, type, details, { channel: 'letter' })).request.id;
    const v = (await services.requests.submit(owner, type, details, { channel: 'letter' })).request.id;
    await services.requests.verifyByStaff(v, staff.dpo, 'Signert brev, sjekket mot folkeregisteret');
    verified[type] = v;
  }
  const ownRequest = (
    await services.requests.submit(owner, 'complaint', { text: 'For mange e-poster' }, { channel: 'web' })
  ).request.id;
  const hold = await services.holds.place(owner, staff.dpo, 'Tvist om sluttoppgjør, sak 2026-77');
  const breach = await services.breaches.register(staff.dpo, {
    title: 'Feilsendt brev',
    description: 'Et brev gikk til feil adresse.',
    categories: ['contact'],
    subjectsAffected: 1,
    foundAt: t.app.clock.now(),
    risk: 'risk',
  });
  const point = (await services.metering.pointsOf(owner))[0]?.id ?? '';
  return {
    owner,
    other,
    staff,
    spareStaff,
    invoice: stored?.id ?? '',
    point,
    received,
    verified,
    ownRequest,
    hold,
    breach,
  };
};

/**
 * The value a walk puts in a parameter of each kind: a real one, the owner's where a
 * household owns it. A new kind of parameter fails to compile until it has a value here.
 */
export const paramValue = (data: WalkData, kind: ParamKind, requestId: string): string => {
  const values: Record<ParamKind, string> = {
    invoice: data.invoice,
    attachment: '1',
    metering_point: data.point,
    request: requestId,
    customer: data.owner,
    hold: data.hold,
    breach: data.breach,
    staff_member: data.spareStaff,
    onboarding_step: '1',
    extract_format: 'json',
    language: 'en',
    unsubscribe_token: 'A'.repeat(43),
  };
  return values[kind];
};

/** A session of its own for one request, signed in as the actor. */
export const sessionOf = async (
  t: TestApp,
  base: string,
  data: WalkData,
  actor: Actor,
): Promise<HttpSession> => {
  const http = new HttpSession(base);
  const cookies = (http as unknown as { cookies: Map<string, string> }).cookies;
  if (actor === 'owner' || actor === 'other') {
    const { token } = await t.app.services.customers.createSession(
      actor === 'owner' ? data.owner : data.other,
    );
    cookies.set('auth_token', token);
  } else if (actor !== 'visitor') {
    cookies.set('staff_token', await t.app.services.staff.createSession(data.staff[actor]));
  }
  return http;
};

/** Fills a route template with the walk's values. */
export const fill = (
  url: string,
  params: Readonly<Record<string, ParamKind>> | undefined,
  value: (k: ParamKind) => string,
) =>
  url.replace(/:([A-Za-z_]\w*)/g, (_, name: string) => {
    const kind = params?.[name];
    if (!kind) throw new Error(`${url}: :${name} names nothing`);
    return value(kind);
  });

/** The kind of answer, as the access table speaks of it. */
export type Outcome = 'allowed' | 'sign-in' | 'forbidden' | 'not-found' | 'server-error';

const SIGN_IN_TEXT = /Du må logge inn først\.|Please sign in first\./;

export const outcomeOf = (res: Response, body: string): Outcome => {
  const location = res.headers.get('location') ?? '';
  if (res.status >= 500) return 'server-error';
  if (res.status >= 300 && res.status < 400 && /^\/(ansatt\/)?logg-inn$/.test(location)) return 'sign-in';
  if (res.status === 401 && SIGN_IN_TEXT.test(body)) return 'sign-in';
  if (res.status === 403) return 'forbidden';
  if (res.status === 404) return 'not-found';
  return 'allowed';
};

/** Sends one request in its own session: a GET, or a POST of an empty form with the page's CSRF token. */
export const send = async (
  t: TestApp,
  base: string,
  data: WalkData,
  actor: Actor,
  method: string,
  url: string,
  locale: 'nb' | 'en' = 'nb',
): Promise<{ res: Response; body: string }> => {
  const http = await sessionOf(t, base, data, actor);
  if (locale === 'en') (http as unknown as { cookies: Map<string, string> }).cookies.set('lang', 'en');
  if (method === 'GET') return http.get(url);
  await http.get(url.startsWith('/ansatt') ? '/ansatt/logg-inn' : '/logg-inn');
  return http.post(url, {});
};
