import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DemoMeteringSource } from '../src/demo/demo-household.ts';
import {
  can,
  mayActOnRequest,
  type RequestAction,
  ROLES,
  requestCapability,
} from '../src/modules/staff/staff.ts';
import type { RequestType } from '../src/schema.ts';
import {
  type Access,
  type DeclaredRoute,
  declaredRoutes,
  enforceAccess,
  staffMayCall,
} from '../src/web/routes/access.ts';
import { IdParams } from '../src/web/routes/schemas.ts';
import { startTestApp, type TestApp } from './app.ts';
import { listenWeb } from './http.ts';
import {
  ACTORS,
  type Actor,
  fill,
  type Outcome,
  outcomeOf,
  paramValue,
  REQUEST_TYPE_LIST,
  seedWalk,
  send,
  type WalkData,
} from './route-walk.ts';
import { describeStores } from './stores.ts';

const HOUSEHOLD_OWNED = new Set(['invoice', 'metering_point', 'request']);

/**
 * What the access table says an actor gets from a route: for a request action, for a
 * request of the given type. A household's own things answer another household 404.
 */
const expected = (access: Access, actor: Actor, type: RequestType | null): Outcome | 'not-forbidden' => {
  if (access.who === 'anyone') return 'not-forbidden';
  if (access.who === 'household') {
    if (actor !== 'owner' && actor !== 'other') return 'sign-in';
    const owned = Object.values(access.params ?? {}).some((k) => HOUSEHOLD_OWNED.has(k));
    return actor === 'other' && owned ? 'not-found' : 'allowed';
  }
  if (actor === 'visitor' || actor === 'owner' || actor === 'other') return 'sign-in';
  const roles = [actor];
  if (!staffMayCall(roles, access)) return 'forbidden';
  if (!('request' in access) || type === null) return 'allowed';
  if (requestCapability(type, access.request) === null) return 'not-found';
  return mayActOnRequest(roles, type, access.request) ? 'allowed' : 'forbidden';
};

const namesRequest = (route: DeclaredRoute): boolean =>
  route.access.who === 'staff' && Object.values(route.access.params ?? {}).includes('request');

describeStores('every route, walked by every actor, against the access table', (kind) => {
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

  it('answers every declared route as its declaration says, for a visitor, both households and each staff role', async () => {
    const routes = declaredRoutes(server);
    // The walk reads the server's own registry: a route added anywhere is walked.
    expect(routes.length).toBeGreaterThan(60);
    const mismatches: string[] = [];
    const walked = new Set<string>();
    for (const route of routes) {
      // A staff action on a request is walked once per request type, on requests nothing has confirmed yet.
      const types: (RequestType | null)[] = namesRequest(route) ? [...REQUEST_TYPE_LIST] : [null];
      for (const type of types) {
        const requestId = type ? data.received[type] : data.ownRequest;
        const url = fill(route.url, route.access.params, (k) => paramValue(data, k, requestId));
        for (const actor of ACTORS) {
          const { res, body } = await send(t, base, data, actor, route.method, url);
          const got = outcomeOf(res, body);
          const want = expected(route.access, actor, type);
          const ok = want === 'not-forbidden' ? got !== 'forbidden' && got !== 'server-error' : got === want;
          if (!ok)
            mismatches.push(
              `${route.method} ${route.url} ${type ?? ''} as ${actor}: ${got} (${res.status}), table says ${want}`,
            );
          // A form that did what it was sent for answers 303, so a reload never sends it again;
          // only what must be corrected shows a page (4xx).
          if (route.method === 'POST' && res.status >= 200 && res.status < 300)
            mismatches.push(
              `POST ${route.url} ${type ?? ''} as ${actor}: a page (${res.status}), not a redirect`,
            );
        }
      }
      walked.add(`${route.method} ${route.url}`);
    }
    expect(mismatches).toEqual([]);
    expect(walked.size).toBe(routes.length);
  }, 600_000);

  it('shows each role on a request page exactly the actions the table gives it for that type of request', async () => {
    const FORMS: Record<string, RequestAction> = {
      bekreft: 'verify',
      forleng: 'extend',
      begrens: 'restrict',
      svar: 'complete',
      avslag: 'reject',
      utdrag: 'extract',
    };
    const wrong: string[] = [];
    for (const role of ROLES) {
      for (const type of REQUEST_TYPE_LIST) {
        for (const [state, id] of [
          ['received', data.received[type]],
          ['verified', data.verified[type]],
        ] as const) {
          const { res, body } = await send(t, base, data, role, 'GET', `/ansatt/foresporsel/${id}`);
          if (!can([role], 'requests.handle')) {
            if (res.status !== 403) wrong.push(`${role} ${type}: ${res.status}`);
            continue;
          }
          const shown = new Set(
            [...body.matchAll(new RegExp(`/ansatt/foresporsel/${id}/([a-z]+)`, 'g'))].map(
              (m) => FORMS[m[1] as string],
            ),
          );
          // What the state offers at all: confirming before, carrying out and the extract after.
          const offered: RequestAction[] =
            state === 'received'
              ? ['verify', 'extend', 'restrict', 'reject']
              : ['extend', 'restrict', 'reject', 'complete', 'extract'];
          for (const action of offered) {
            if (shown.has(action) !== mayActOnRequest([role], type, action))
              wrong.push(`${role} ${type} ${state}: ${action} ${shown.has(action) ? 'shown' : 'missing'}`);
          }
        }
      }
    }
    expect(wrong).toEqual([]);
  }, 120_000);

  it('refuses, in the service, a decision the role may not take: customer service cannot refuse or carry out an erasure', async () => {
    const { requests, customers } = t.app.services;
    const cs = data.staff.customer_service;
    await expect(
      requests.reject(data.received.erasure, cs, 'Kunden har utestående regninger'),
    ).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(requests.completeByStaff(data.verified.erasure, cs, '')).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(
      requests.reject(data.received.objection, cs, 'Ikke grunnlag for protest'),
    ).rejects.toMatchObject({
      code: 'forbidden',
    });
    // An account the roles were taken from, or that never existed, decides nothing.
    await expect(
      requests.reject(data.received.access, '00000000-0000-4000-8000-000000000000', 'Ingen grunn'),
    ).rejects.toMatchObject({ code: 'forbidden' });
    expect((await requests.byId(data.received.erasure)).state).toBe('received');
    expect(await customers.status(data.owner)).toBe('active');
  });
});

describe('the declaration of a route', () => {
  const forbidden = () => {
    throw new Error('not reached');
  };
  const fresh = () => {
    const s = Fastify();
    enforceAccess(s, forbidden);
    return s;
  };

  it('is required: a route without one, or with a parameter it does not name or check, is refused when registered', () => {
    expect(() => fresh().get('/ny-side', async () => 'x')).toThrow(/does not declare who may call it/);
    expect(() =>
      fresh().get(
        '/ansatt/ansatte/:id',
        { config: { access: { who: 'staff', capability: 'staff.manage' } } },
        async () => 'x',
      ),
    ).toThrow(/does not declare what :id names/);
    expect(() =>
      fresh().get(
        '/ansatt/ansatte/:id',
        { config: { access: { who: 'staff', capability: 'staff.manage', params: { id: 'staff_member' } } } },
        async () => 'x',
      ),
    ).toThrow(/no schema for its parameters/);
    const s = fresh();
    s.get(
      '/ansatt/ansatte/:id',
      {
        config: { access: { who: 'staff', capability: 'staff.manage', params: { id: 'staff_member' } } },
        schema: { params: IdParams },
      },
      async () => 'x',
    );
    expect(declaredRoutes(s).map((r) => `${r.method} ${r.url}`)).toEqual(['GET /ansatt/ansatte/:id']);
  });
});
