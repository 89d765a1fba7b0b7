import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import type { App } from '../../app.ts';
import { PROCESSING_PURPOSES, type ProcessingPurpose } from '../../modules/privacy/restriction.service.ts';
import { STAFF_SESSION_HOURS } from '../../modules/staff/staff.service.ts';
import { type Capability, can, type StaffMember } from '../../modules/staff/staff.ts';
import { AppError, isAppError } from '../../platform/errors.ts';
import {
  AuditPage,
  BreachesPage,
  CustomersPage,
  ForbiddenPage,
  HoldsPage,
  QueuePage,
  RecordPage,
  RetentionPage,
  StaffRequestPage,
  StaffSignInPage,
} from '../pages/staff.tsx';
import { fieldErrors, formText, pageContext, sendPage } from '../request-context.ts';
import type { WebOptions } from './public.ts';

export const STAFF_COOKIE = 'staff_token';

declare module 'fastify' {
  interface FastifyRequest {
    staff: StaffMember | undefined;
  }
}

const list = (body: unknown, name: string): string[] =>
  ([] as unknown[])
    .concat((body as Record<string, unknown>)?.[name] ?? [])
    .filter((x): x is string => typeof x === 'string');

/**
 * The staff desk under /ansatt. Handlers translate HTTP; what staff may do is decided by
 * their roles, and what they see of a customer by the desk service, which logs every
 * look-up with its purpose.
 */
export const registerStaffRoutes = (server: FastifyInstance, app: App, options: WebOptions): void => {
  const { staff, requests, desk, holds, breaches, policy, retention, audit, erasure } = app.services;
  const ctx = (request: FastifyRequest, reply: FastifyReply) =>
    pageContext(request, reply, options.secureCookies);

  server.decorateRequest('staff', undefined);
  server.addHook('onRequest', async (request) => {
    if (request.url.startsWith('/ansatt'))
      request.staff = await staff.resolveSession(request.cookies[STAFF_COOKIE]);
  });

  /** The signed-in staff member with the capability, or a redirect to sign in, or a 403 page. */
  const guard = (
    request: FastifyRequest,
    reply: FastifyReply,
    capability: Capability,
  ): StaffMember | null => {
    const s = request.staff;
    if (!s) {
      void reply.redirect('/ansatt/logg-inn', 303);
      return null;
    }
    if (!can(s.roles, capability)) {
      void sendPage(reply, h(ForbiddenPage, { ctx: ctx(request, reply), staff: s }), 403);
      return null;
    }
    return s;
  };

  server.get('/ansatt/logg-inn', async (request, reply) =>
    sendPage(reply, h(StaffSignInPage, { ctx: ctx(request, reply) })),
  );

  server.post(
    '/ansatt/logg-inn',
    { config: { rateLimit: { max: 10, timeWindow: '15 minutes' } } },
    async (request, reply) => {
      try {
        const member = await staff.authenticate(
          formText(request.body, 'username'),
          formText(request.body, 'password'),
        );
        const token = await staff.createSession(member.id);
        reply.setCookie(STAFF_COOKIE, token, {
          httpOnly: true,
          sameSite: 'strict',
          secure: options.secureCookies,
          path: '/ansatt',
          maxAge: STAFF_SESSION_HOURS * 3600,
        });
        const home = can(member.roles, 'requests.handle') ? '/ansatt' : '/ansatt/behandlingsprotokoll';
        return reply.redirect(home, 303);
      } catch (e) {
        if (!isAppError(e) || e.code !== 'unauthenticated') throw e;
        const c = ctx(request, reply);
        return sendPage(reply, h(StaffSignInPage, { ctx: c, error: c.t('staff.wrong') }), 401);
      }
    },
  );

  server.post('/ansatt/logg-ut', async (request, reply) => {
    const token = request.cookies[STAFF_COOKIE];
    if (token) await staff.signOut(token);
    reply.clearCookie(STAFF_COOKIE, { path: '/ansatt' });
    return reply.redirect('/ansatt/logg-inn', 303);
  });

  server.get('/ansatt', async (request, reply) => {
    const s = guard(request, reply, 'requests.handle');
    if (!s) return reply;
    return sendPage(
      reply,
      h(QueuePage, { ctx: ctx(request, reply), staff: s, queue: await requests.queue() }),
    );
  });

  const requestPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    s: StaffMember,
    id: string,
    error?: string,
  ) => {
    const r = await requests.byId(id);
    const plan = r.type === 'erasure' && r.state !== 'completed' ? await erasure.preview(r.customerId) : null;
    return sendPage(
      reply,
      h(StaffRequestPage, { ctx: ctx(request, reply), staff: s, request: r, plan, error }),
      error ? 400 : 200,
    );
  };

  server.get<{ Params: { id: string } }>('/ansatt/foresporsel/:id', async (request, reply) => {
    const s = guard(request, reply, 'requests.handle');
    if (!s) return reply;
    return requestPage(request, reply, s, request.params.id);
  });

  /** Runs a staff action on a request and shows the request again, with the error if it was refused. */
  const action =
    (work: (s: StaffMember, id: string, body: unknown) => Promise<unknown>) =>
    async (request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) => {
      const s = guard(request, reply, 'requests.handle');
      if (!s) return reply;
      try {
        await work(s, request.params.id, request.body);
      } catch (e) {
        if (!isAppError(e) || (e.code !== 'validation_failed' && e.code !== 'conflict')) throw e;
        return requestPage(request, reply, s, request.params.id, e.message);
      }
      return reply.redirect(`/ansatt/foresporsel/${request.params.id}`, 303);
    };

  server.post<{ Params: { id: string } }>(
    '/ansatt/foresporsel/:id/bekreft',
    action((s, id, body) => requests.verifyByStaff(id, s.id, formText(body, 'note'))),
  );
  server.post<{ Params: { id: string } }>(
    '/ansatt/foresporsel/:id/forleng',
    action((s, id, body) => requests.extend(id, s.id, formText(body, 'reason'))),
  );
  server.post<{ Params: { id: string } }>(
    '/ansatt/foresporsel/:id/svar',
    action(async (s, id, body) => {
      const r = await requests.byId(id);
      if (r.type === 'erasure' && !can(s.roles, 'requests.erase'))
        throw new AppError('forbidden', 'staff_forbidden');
      const purposes = (r.details?.purposes ?? []).filter((p): p is ProcessingPurpose =>
        PROCESSING_PURPOSES.includes(p),
      );
      return requests.completeByStaff(id, s.id, formText(body, 'resolution'), {
        upheld: formText(body, 'upheld') === '1',
        purposes,
      });
    }),
  );
  server.post<{ Params: { id: string } }>(
    '/ansatt/foresporsel/:id/avslag',
    action((s, id, body) => requests.reject(id, s.id, formText(body, 'reason'))),
  );

  server.get('/ansatt/kunder', async (request, reply) => {
    const s = guard(request, reply, 'customers.lookup');
    if (!s) return reply;
    return sendPage(
      reply,
      h(CustomersPage, { ctx: ctx(request, reply), staff: s, results: null, purpose: '', errors: {} }),
    );
  });

  server.post('/ansatt/kunder', async (request, reply) => {
    const s = guard(request, reply, 'customers.lookup');
    if (!s) return reply;
    const purpose = formText(request.body, 'purpose');
    try {
      const ids = await desk.lookup(s, formText(request.body, 'query'), purpose);
      const results = [];
      for (const id of ids) results.push(await desk.card(s, id, purpose));
      return sendPage(
        reply,
        h(CustomersPage, { ctx: ctx(request, reply), staff: s, results, purpose, errors: {} }),
      );
    } catch (e) {
      if (!isAppError(e) || e.code !== 'validation_failed') throw e;
      return sendPage(
        reply,
        h(CustomersPage, {
          ctx: ctx(request, reply),
          staff: s,
          results: null,
          purpose,
          errors: fieldErrors(e),
        }),
        400,
      );
    }
  });

  server.get('/ansatt/sperrer', async (request, reply) => {
    const s = guard(request, reply, 'holds.manage');
    if (!s) return reply;
    return sendPage(
      reply,
      h(HoldsPage, { ctx: ctx(request, reply), staff: s, holds: await holds.active(), errors: {} }),
    );
  });

  server.post('/ansatt/sperrer', async (request, reply) => {
    const s = guard(request, reply, 'holds.manage');
    if (!s) return reply;
    try {
      await holds.place(formText(request.body, 'customerId').trim(), s.id, formText(request.body, 'reason'));
    } catch (e) {
      if (!isAppError(e) || (e.code !== 'validation_failed' && e.code !== 'not_found')) throw e;
      const errors = e.code === 'not_found' ? { customerId: 'error.field.invalid' } : fieldErrors(e);
      return sendPage(
        reply,
        h(HoldsPage, { ctx: ctx(request, reply), staff: s, holds: await holds.active(), errors }),
        400,
      );
    }
    return reply.redirect('/ansatt/sperrer', 303);
  });

  server.post<{ Params: { id: string } }>('/ansatt/sperrer/:id/opphev', async (request, reply) => {
    const s = guard(request, reply, 'holds.manage');
    if (!s) return reply;
    await holds.release(request.params.id, s.id);
    return reply.redirect('/ansatt/sperrer', 303);
  });

  server.get('/ansatt/avvik', async (request, reply) => {
    const s = guard(request, reply, 'breaches.manage');
    if (!s) return reply;
    return sendPage(
      reply,
      h(BreachesPage, { ctx: ctx(request, reply), staff: s, breaches: await breaches.list(), errors: {} }),
    );
  });

  server.post('/ansatt/avvik', async (request, reply) => {
    const s = guard(request, reply, 'breaches.manage');
    if (!s) return reply;
    const body = request.body;
    const foundText = formText(body, 'foundAt').trim();
    const foundAt = foundText ? new Date(foundText) : app.clock.now();
    try {
      if (Number.isNaN(foundAt.getTime()))
        throw new AppError('validation_failed', 'Bad date.', [{ at: 'foundAt', message: 'invalid' }]);
      const risk = formText(body, 'risk');
      await breaches.register(s.id, {
        title: formText(body, 'title'),
        description: formText(body, 'description'),
        categories: list(body, 'categories'),
        subjectsAffected: Number(formText(body, 'subjectsAffected')),
        foundAt,
        risk: risk === 'none' || risk === 'high_risk' ? risk : 'risk',
      });
    } catch (e) {
      if (!isAppError(e) || e.code !== 'validation_failed') throw e;
      return sendPage(
        reply,
        h(BreachesPage, {
          ctx: ctx(request, reply),
          staff: s,
          breaches: await breaches.list(),
          errors: fieldErrors(e),
        }),
        400,
      );
    }
    return reply.redirect('/ansatt/avvik', 303);
  });

  server.post<{ Params: { id: string } }>('/ansatt/avvik/:id', async (request, reply) => {
    const s = guard(request, reply, 'breaches.manage');
    if (!s) return reply;
    const now = app.clock.now();
    const mark = formText(request.body, 'mark');
    await breaches.update(
      s.id,
      request.params.id,
      mark === 'subjects' ? { subjectsNotifiedAt: now } : { authorityNotifiedAt: now },
    );
    return reply.redirect('/ansatt/avvik', 303);
  });

  server.get('/ansatt/behandlingsprotokoll', async (request, reply) => {
    const s = guard(request, reply, 'records.read');
    if (!s) return reply;
    return sendPage(
      reply,
      h(RecordPage, { ctx: ctx(request, reply), staff: s, record: await policy.art30() }),
    );
  });

  server.get('/ansatt/behandlingsprotokoll.json', async (request, reply) => {
    const s = guard(request, reply, 'records.read');
    if (!s) return reply;
    return reply.header('cache-control', 'no-store').send(await policy.art30());
  });

  server.get('/ansatt/lagringstid', async (request, reply) => {
    const s = guard(request, reply, 'records.read');
    if (!s) return reply;
    const dry = await retention.run({ dryRun: true });
    return sendPage(
      reply,
      h(RetentionPage, {
        ctx: ctx(request, reply),
        staff: s,
        due: dry.byTable,
        jobs: await app.scheduler.status(),
      }),
    );
  });

  server.get('/ansatt/logg', async (request, reply) => {
    const s = guard(request, reply, 'audit.read');
    if (!s) return reply;
    const verdict = await audit.verify();
    return sendPage(
      reply,
      h(AuditPage, { ctx: ctx(request, reply), staff: s, verdict, recent: await audit.recent(50) }),
    );
  });
};
