import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import type { App } from '../../app.ts';
import { isRequestType } from '../../modules/privacy/request-rules.ts';
import { PROCESSING_PURPOSES, type ProcessingPurpose } from '../../modules/privacy/restriction.service.ts';
import type { CustomerCard, CustomerMatch } from '../../modules/staff/desk.service.ts';
import type { StaffMember } from '../../modules/staff/staff.ts';
import { AppError, isAppError } from '../../platform/errors.ts';
import { type MessageKey, translator } from '../i18n.ts';
import {
  AuditPage,
  BreachesPage,
  CustomersPage,
  HoldsPage,
  QueuePage,
  RecordPage,
  RetentionPage,
  StaffListPage,
  StaffRequestPage,
  StaffSignInPage,
} from '../pages/staff.tsx';
import { fieldErrors, formText, pageContext, sendPage } from '../request-context.ts';
import { anyone, staffOnRequest, staffWith } from './access.ts';
import { authServicesOf, staffPasswordAccepted } from './auth.ts';
import type { WebOptions } from './public.ts';
import { IdParams } from './schemas.ts';
import {
  BreachForm,
  BreachMarkForm,
  BreachNoticeForm,
  BreachSubjectForm,
  CompleteForm,
  ExtractParams,
  HoldForm,
  LookupForm,
  NewRequestForm,
  NoteForm,
  PurposeForm,
  ReasonForm,
  RestrictForm,
  SignInForm,
} from './staff.schemas.ts';

export const STAFF_COOKIE = 'staff_token';

declare module 'fastify' {
  interface FastifyRequest {
    staff: StaffMember | undefined;
  }
}

/** How far ahead the retention page looks: today, a month, a quarter and a year. */
const SCHEDULE_DAYS = [0, 30, 90, 365] as const;

/** The contact fields a rectification sets, as typed; an empty field is left out. */
const changesIn = (body: unknown): { name?: string; email?: string; phone?: string } => {
  const out: Record<string, string> = {};
  for (const f of ['name', 'email', 'phone'] as const) {
    const v = formText(body, f).trim();
    if (v !== '') out[f] = v;
  }
  return out;
};

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
  const { staff, requests, desk, holds, breaches, policy, retention, audit, erasure, downloads } =
    app.services;
  const ctx = (request: FastifyRequest, reply: FastifyReply) =>
    pageContext(request, reply, options.secureCookies);

  server.decorateRequest('staff', undefined);
  server.addHook('onRequest', async (request) => {
    if (request.url.startsWith('/ansatt'))
      request.staff = await staff.resolveSession(request.cookies[STAFF_COOKIE]);
  });

  /** The signed-in staff member: the route's declared access has let only them this far. */
  const member = (request: FastifyRequest): StaffMember => {
    if (!request.staff) throw new AppError('unauthenticated', 'sign_in_required');
    return request.staff;
  };

  // The company's single sign-on, when configured, is offered beside the password.
  const companySignIn = app.config.staffOidc !== undefined;

  server.get('/ansatt/logg-inn', { config: { access: anyone() } }, async (request, reply) =>
    sendPage(reply, h(StaffSignInPage, { ctx: ctx(request, reply), oidc: companySignIn })),
  );

  // Tries are limited per account and per address in the database (SignInLimiter), not here.
  server.post(
    '/ansatt/logg-inn',
    {
      config: { access: anyone() },
      schema: { body: SignInForm },
    },
    async (request, reply) => {
      const username = formText(request.body, 'username');
      const limits = authServicesOf(app).limits;
      const attempt = await limits.attempt('staff_password', username, request.ip);
      try {
        const member = await staff.authenticate(username, formText(request.body, 'password'));
        await limits.succeeded(attempt);
        // No session yet: a first password is replaced, and the second factor (TOTP, enrolled
        // at the first sign-in) comes first.
        return await staffPasswordAccepted(app, reply, member.id, options.secureCookies, {
          mustChangePassword: await staff.mustChangePassword(member.id),
        });
      } catch (e) {
        if (!isAppError(e) || e.code !== 'unauthenticated') throw e;
        const c = ctx(request, reply);
        const expired = e.details.some((d) => d.message === 'expired');
        return sendPage(
          reply,
          h(StaffSignInPage, {
            ctx: c,
            error: c.t(expired ? 'staffPassword.expired' : 'staff.wrong'),
            oidc: companySignIn,
          }),
          401,
        );
      }
    },
  );

  server.post('/ansatt/logg-ut', { config: { access: anyone() } }, async (request, reply) => {
    const token = request.cookies[STAFF_COOKIE];
    if (token) await staff.signOut(token);
    reply.clearCookie(STAFF_COOKIE, { path: '/ansatt' });
    return reply.redirect('/ansatt/logg-inn', 303);
  });

  server.get('/ansatt', { config: { access: staffWith('requests.handle') } }, async (request, reply) => {
    const s = member(request);
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
    const r = await requests.forStaff(id, s.id);
    const open = r.state === 'received' || r.state === 'verified';
    const plan = r.type === 'erasure' && open ? await erasure.preview(r.customerId) : null;
    // Identity is checked against the record, so the page shows who it is about: as a view
    // of the customer with the request as its purpose, audited like any other.
    let customer: CustomerCard | null = null;
    try {
      customer = await desk.card(s, r.customerId, `request ${r.type} ${r.id}`);
    } catch (e) {
      if (!isAppError(e) || (e.code !== 'not_found' && e.code !== 'forbidden')) throw e;
    }
    return sendPage(
      reply,
      h(StaffRequestPage, { ctx: ctx(request, reply), staff: s, request: r, customer, plan, error }),
      error ? 400 : 200,
    );
  };

  /** A refused step in words the staff member reads: the field's message, or that the request moved on. */
  const errorText = (request: FastifyRequest, e: AppError): string => {
    const t = translator(request.locale);
    const first = Object.values(fieldErrors(e))[0];
    if (first) return t(first as MessageKey);
    return e.code === 'conflict' ? t('desk.error.conflict') : t('error.field.invalid');
  };

  const requestRoute = { config: { access: staffOnRequest('view') }, schema: { params: IdParams } };
  server.get<{ Params: { id: string } }>('/ansatt/foresporsel/:id', requestRoute, async (request, reply) => {
    const s = member(request);
    return requestPage(request, reply, s, request.params.id);
  });

  /** Runs a staff action on a request and shows the request again, with the error if it was refused. */
  const action =
    (work: (s: StaffMember, id: string, body: unknown) => Promise<unknown>) =>
    async (request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) => {
      const s = member(request);
      try {
        await work(s, request.params.id, request.body);
      } catch (e) {
        if (!isAppError(e) || (e.code !== 'validation_failed' && e.code !== 'conflict')) throw e;
        return requestPage(request, reply, s, request.params.id, errorText(request, e));
      }
      return reply.redirect(`/ansatt/foresporsel/${request.params.id}`, 303);
    };

  server.post<{ Params: { id: string } }>(
    '/ansatt/foresporsel/:id/bekreft',
    { config: { access: staffOnRequest('verify') }, schema: { params: IdParams, body: NoteForm } },
    action((s, id, body) => requests.verifyByStaff(id, s.id, formText(body, 'note'))),
  );
  server.post<{ Params: { id: string } }>(
    '/ansatt/foresporsel/:id/forleng',
    { config: { access: staffOnRequest('extend') }, schema: { params: IdParams, body: ReasonForm } },
    action((s, id, body) => requests.extend(id, s.id, formText(body, 'reason'))),
  );
  server.post<{ Params: { id: string } }>(
    '/ansatt/foresporsel/:id/svar',
    { config: { access: staffOnRequest('complete') }, schema: { params: IdParams, body: CompleteForm } },
    action(async (s, id, body) => {
      const r = await requests.forStaff(id, s.id);
      const purposes = (r.details?.purposes ?? []).filter((p): p is ProcessingPurpose =>
        PROCESSING_PURPOSES.includes(p),
      );
      // A rectification is written with the values as the staff member confirmed them on the
      // form (a typo cleared up with the person); what the form leaves empty stays as asked.
      const changes =
        r.type === 'rectification' ? { ...(r.details?.changes ?? {}), ...changesIn(body) } : undefined;
      return requests.completeByStaff(id, s.id, formText(body, 'resolution'), {
        upheld: formText(body, 'upheld') === '1',
        purposes,
        ...(changes && Object.keys(changes).length > 0 ? { changes } : {}),
      });
    }),
  );

  /** Restricts processing while a request is looked into (Art. 18(1)): contested accuracy, a pending objection. */
  server.post<{ Params: { id: string } }>(
    '/ansatt/foresporsel/:id/begrens',
    { config: { access: staffOnRequest('restrict') }, schema: { params: IdParams, body: RestrictForm } },
    action((s, id, body) =>
      requests.restrictWhileHandled(
        id,
        s.id,
        list(body, 'purposes').filter((p): p is ProcessingPurpose =>
          PROCESSING_PURPOSES.includes(p as ProcessingPurpose),
        ),
      ),
    ),
  );

  /**
   * The extract for an access or portability request answered from the desk (sent by post,
   * say). It holds the full identity number, so only a role that may see that may make it;
   * the export writes its own audit row naming the staff member.
   */
  const extractRoute = {
    config: { access: staffOnRequest('extract', { format: 'extract_format' }) },
    schema: { params: ExtractParams },
  };
  server.get<{ Params: { id: string; format: string } }>(
    '/ansatt/foresporsel/:id/utdrag/:format',
    extractRoute,
    async (request, reply) => {
      const s = member(request);
      const r = await requests.extractFor(request.params.id, s.id);
      const format = request.params.format;
      const fits =
        r.type === 'access'
          ? ['json', 'csv', 'pdf'].includes(format)
          : r.type === 'portability' && format === 'portabilitet.json';
      if (!fits) throw new AppError('not_found', 'No such extract.');
      const file = await downloads.forStaff(
        r.customerId,
        format === 'portabilitet.json' ? 'portability' : (format as 'json' | 'csv' | 'pdf'),
        s.id,
        request.params.id,
        request.locale,
      );
      return reply
        .header('cache-control', 'no-store')
        .header('content-type', file.contentType)
        .header('content-disposition', `attachment; filename="${file.filename}"`)
        .send(file.stream);
    },
  );
  server.post<{ Params: { id: string } }>(
    '/ansatt/foresporsel/:id/avslag',
    { config: { access: staffOnRequest('reject') }, schema: { params: IdParams, body: ReasonForm } },
    action((s, id, body) => requests.reject(id, s.id, formText(body, 'reason'))),
  );

  const lookupPageRoute = { config: { access: staffWith('customers.lookup') } };
  // A look-up's answer is a redirect here: what it found waits for this staff member's next
  // page only (never in the address), so a reload shows the empty form and logs no new look-up.
  server.get('/ansatt/kunder', lookupPageRoute, async (request, reply) => {
    const s = member(request);
    const found = options.flash.take(request, reply, `staff:${s.id}`, 'lookup');
    return sendPage(
      reply,
      h(CustomersPage, {
        ctx: ctx(request, reply),
        staff: s,
        results: found?.results ?? null,
        matches: found?.matches ?? null,
        purpose: found?.purpose ?? '',
        errors: {},
      }),
    );
  });

  const showFound = (
    reply: FastifyReply,
    s: StaffMember,
    found: {
      results: readonly CustomerCard[] | null;
      matches: readonly CustomerMatch[] | null;
      purpose: string;
    },
  ) => {
    options.flash.put(reply, `staff:${s.id}`, { kind: 'lookup', ...found });
    return reply.redirect('/ansatt/kunder', 303);
  };

  /** A look-up refused for its input (no purpose, nothing to search by): the form again with the reasons. */
  const refusedLookup = (
    request: FastifyRequest,
    reply: FastifyReply,
    s: StaffMember,
    purpose: string,
    e: unknown,
  ) => {
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
  };

  const lookupRoute = { config: { access: staffWith('customers.lookup') }, schema: { body: LookupForm } };
  server.post('/ansatt/kunder', lookupRoute, async (request, reply) => {
    const s = member(request);
    const purpose = formText(request.body, 'purpose');
    try {
      const ids = await desk.lookup(s, formText(request.body, 'query'), purpose);
      // Several people (namesakes): a short list to choose from before any record is opened.
      if (ids.length > 1)
        return showFound(reply, s, { results: null, matches: await desk.matches(s, ids), purpose });
      const results = [];
      for (const id of ids) results.push(await desk.card(s, id, purpose));
      return showFound(reply, s, { results, matches: null, purpose });
    } catch (e) {
      return refusedLookup(request, reply, s, purpose, e);
    }
  });

  /** Opens one record, chosen from a list or a request, with the purpose stated for it. */
  const openCardRoute = {
    config: { access: staffWith('customers.lookup', { id: 'customer' }) },
    schema: { params: IdParams, body: PurposeForm },
  };
  server.post<{ Params: { id: string } }>('/ansatt/kunder/:id', openCardRoute, async (request, reply) => {
    const s = member(request);
    const purpose = formText(request.body, 'purpose');
    try {
      const card = await desk.card(s, request.params.id, purpose);
      return showFound(reply, s, { results: [card], matches: null, purpose });
    } catch (e) {
      return refusedLookup(request, reply, s, purpose, e);
    }
  });

  /** A request that came by letter, phone, e-mail or at the counter, taken in on the person's behalf. */
  const registerRequestRoute = {
    config: { access: staffWith('requests.handle', { id: 'customer' }) },
    schema: { params: IdParams, body: NewRequestForm },
  };
  server.post<{ Params: { id: string } }>(
    '/ansatt/kunder/:id/foresporsel',
    registerRequestRoute,
    async (request, reply) => {
      const s = member(request);
      const body = request.body;
      const type = formText(body, 'type');
      if (!isRequestType(type)) throw new AppError('validation_failed', 'Unknown request type.');
      const text = formText(body, 'text').trim().slice(0, 5000);
      const purposes = list(body, 'purposes').filter((p): p is ProcessingPurpose =>
        PROCESSING_PURPOSES.includes(p as ProcessingPurpose),
      );
      const changes = changesIn(body);
      const created = await desk.registerRequest(s, request.params.id, {
        type,
        channel: formText(body, 'channel'),
        details: {
          ...(text ? { text } : {}),
          ...(type === 'rectification' ? { changes } : {}),
          ...(purposes.length > 0 ? { purposes } : {}),
        },
      });
      return reply.redirect(`/ansatt/foresporsel/${created.id}`, 303);
    },
  );

  server.get('/ansatt/ansatte', { config: { access: staffWith('staff.manage') } }, async (request, reply) => {
    const s = member(request);
    return sendPage(
      reply,
      h(StaffListPage, { ctx: ctx(request, reply), staff: s, members: await staff.signInStatus() }),
    );
  });

  /** The employment ended: the account's sessions end now, and its personal data goes on the rule's date. */
  const staffAccountRoute = {
    config: { access: staffWith('staff.manage', { id: 'staff_member' }) },
    schema: { params: IdParams },
  };
  server.post<{ Params: { id: string } }>(
    '/ansatt/ansatte/:id/avslutt',
    staffAccountRoute,
    async (request, reply) => {
      const s = member(request);
      await staff.disable(request.params.id, `staff:${s.id}`);
      return reply.redirect('/ansatt/ansatte', 303);
    },
  );

  /** An account ended in error, restored before its personal data was removed. */
  server.post<{ Params: { id: string } }>(
    '/ansatt/ansatte/:id/gjenopprett',
    staffAccountRoute,
    async (request, reply) => {
      const s = member(request);
      await staff.enable(request.params.id, `staff:${s.id}`);
      return reply.redirect('/ansatt/ansatte', 303);
    },
  );

  server.get('/ansatt/sperrer', { config: { access: staffWith('holds.manage') } }, async (request, reply) => {
    const s = member(request);
    const active = await holds.active();
    const names = await staff.names(active.map((h) => h.placedBy));
    return sendPage(
      reply,
      h(HoldsPage, { ctx: ctx(request, reply), staff: s, holds: active, errors: {}, names }),
    );
  });

  const placeHoldRoute = { config: { access: staffWith('holds.manage') }, schema: { body: HoldForm } };
  server.post('/ansatt/sperrer', placeHoldRoute, async (request, reply) => {
    const s = member(request);
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

  const releaseHoldRoute = {
    config: { access: staffWith('holds.manage', { id: 'hold' }) },
    schema: { params: IdParams },
  };
  server.post<{ Params: { id: string } }>(
    '/ansatt/sperrer/:id/opphev',
    releaseHoldRoute,
    async (request, reply) => {
      const s = member(request);
      await holds.release(request.params.id, s.id);
      return reply.redirect('/ansatt/sperrer', 303);
    },
  );

  const breachesRoute = { config: { access: staffWith('breaches.manage') } };
  server.get('/ansatt/avvik', breachesRoute, async (request, reply) => {
    const s = member(request);
    return sendPage(
      reply,
      h(BreachesPage, { ctx: ctx(request, reply), staff: s, breaches: await breaches.list(), errors: {} }),
    );
  });

  const newBreachRoute = { config: { access: staffWith('breaches.manage') }, schema: { body: BreachForm } };
  server.post('/ansatt/avvik', newBreachRoute, async (request, reply) => {
    const s = member(request);
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

  /** A people form of one breach refused: the register again, with the reasons under that breach's fields. */
  const refusedBreachForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    s: StaffMember,
    id: string,
    e: unknown,
  ) => {
    if (!isAppError(e) || e.code !== 'validation_failed') throw e;
    return sendPage(
      reply,
      h(BreachesPage, {
        ctx: ctx(request, reply),
        staff: s,
        breaches: await breaches.list(),
        errors: {},
        breachErrors: { id, errors: fieldErrors(e) },
      }),
      400,
    );
  };

  const breachSubjectRoute = {
    config: { access: staffWith('breaches.manage', { id: 'breach' }) },
    schema: { params: IdParams, body: BreachSubjectForm },
  };
  server.post<{ Params: { id: string } }>(
    '/ansatt/avvik/:id/berort',
    breachSubjectRoute,
    async (request, reply) => {
      const s = member(request);
      try {
        await breaches.addSubject(s.id, request.params.id, formText(request.body, 'customer'));
      } catch (e) {
        return refusedBreachForm(request, reply, s, request.params.id, e);
      }
      return reply.redirect('/ansatt/avvik', 303);
    },
  );

  const breachNoticeRoute = {
    config: { access: staffWith('breaches.manage', { id: 'breach' }) },
    schema: { params: IdParams, body: BreachNoticeForm },
  };
  server.post<{ Params: { id: string } }>(
    '/ansatt/avvik/:id/varsle',
    breachNoticeRoute,
    async (request, reply) => {
      const s = member(request);
      try {
        await breaches.notifySubjects(s.id, request.params.id, {
          consequences: formText(request.body, 'consequences'),
          measures: formText(request.body, 'measures'),
        });
      } catch (e) {
        return refusedBreachForm(request, reply, s, request.params.id, e);
      }
      return reply.redirect('/ansatt/avvik', 303);
    },
  );

  const breachMarkRoute = {
    config: { access: staffWith('breaches.manage', { id: 'breach' }) },
    schema: { params: IdParams, body: BreachMarkForm },
  };
  server.post<{ Params: { id: string } }>('/ansatt/avvik/:id', breachMarkRoute, async (request, reply) => {
    const s = member(request);
    const now = app.clock.now();
    const mark = formText(request.body, 'mark');
    await breaches.update(
      s.id,
      request.params.id,
      mark === 'subjects' ? { subjectsNotifiedAt: now } : { authorityNotifiedAt: now },
    );
    return reply.redirect('/ansatt/avvik', 303);
  });

  const recordRoute = { config: { access: staffWith('records.read') } };
  server.get('/ansatt/behandlingsprotokoll', recordRoute, async (request, reply) => {
    const s = member(request);
    return sendPage(
      reply,
      h(RecordPage, {
        ctx: ctx(request, reply),
        staff: s,
        record: await policy.art30(),
        processors: (await policy.current()).document.processors,
      }),
    );
  });

  const recordJsonRoute = { config: { access: staffWith('records.read') } };
  server.get('/ansatt/behandlingsprotokoll.json', recordJsonRoute, async (_request, reply) => {
    return reply.header('cache-control', 'no-store').send(await policy.art30());
  });

  const retentionRoute = { config: { access: staffWith('records.read') } };
  server.get('/ansatt/lagringstid', retentionRoute, async (request, reply) => {
    const s = member(request);
    // What the sweeper would delete today, and by each later date if it did not run before.
    const now = app.clock.now();
    const schedule = [];
    for (const days of SCHEDULE_DAYS) {
      const asOf = new Date(now.getTime() + days * 86_400_000);
      schedule.push({ days, asOf, byTable: (await retention.run({ dryRun: true, asOf })).byTable });
    }
    return sendPage(
      reply,
      h(RetentionPage, {
        ctx: ctx(request, reply),
        staff: s,
        schedule,
        jobs: await app.scheduler.status(),
      }),
    );
  });

  server.get('/ansatt/logg', { config: { access: staffWith('audit.read') } }, async (request, reply) => {
    const s = member(request);
    const verdict = await audit.verify();
    const recent = await audit.recent(50);
    const names = await staff.names(recent.map((e) => e.actor));
    return sendPage(reply, h(AuditPage, { ctx: ctx(request, reply), staff: s, verdict, recent, names }));
  });
};
