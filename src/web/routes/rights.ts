import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import type { App } from '../../app.ts';
import { SESSION_HOURS } from '../../modules/customers/customer.service.ts';
import type { ExportFormat } from '../../modules/privacy/export-formats.ts';
import { isFreshLogin, isRequestType } from '../../modules/privacy/request-rules.ts';
import { PROCESSING_PURPOSES, type ProcessingPurpose } from '../../modules/privacy/restriction.service.ts';
import { AppError, isAppError } from '../../platform/errors.ts';
import { translator } from '../i18n.ts';
import { ErasedPage, ErasePage, ErasureTable, MyDataPage } from '../pages/my-data.tsx';
import { ConfirmPage, RequestPage } from '../pages/rights.tsx';
import { AUTH_COOKIE, customerOf, fieldErrors, formText, pageContext, sendPage } from '../request-context.ts';
import { anyone, household } from './access.ts';
import { authServicesOf } from './auth.ts';
import type { WebOptions } from './public.ts';
import { CodeForm, PasswordForm, RequestForm } from './rights.schemas.ts';
import { IdParams, ReturnTo } from './schemas.ts';

/** Where an erasure or the end of the relationship lands: the receipt, once, in the browser that asked. */
export const ERASED_PATH = '/slettet';

/**
 * "Mine data" and the person's rights: downloads, requests and erasure. Nothing is shown
 * or changed before identity is confirmed: a sign-in within the last 15 minutes, the
 * password again (which renews the session), or a one-time code.
 */
export const registerRightsRoutes = (server: FastifyInstance, app: App, options: WebOptions): void => {
  const { customers, requests, exports, downloads, erasure, restrictions } = app.services;
  // Tries at the password and at one-time codes are limited per account and per address in
  // the database (SignInLimiter), shared by every process.
  const limits = authServicesOf(app).limits;
  const ctx = (request: FastifyRequest, reply: FastifyReply) =>
    pageContext(request, reply, options.secureCookies);
  const safeTarget = (t: string) => (/^\/(?!\/)[\w\-/.]*$/.test(t) ? t : '/mine-data');

  /** The session's sign-in is fresh enough to disclose or change something; otherwise ask for the password. */
  const fresh = (request: FastifyRequest): boolean =>
    request.session !== undefined && isFreshLogin(request.session.authenticatedAt, app.clock.now());

  const askPassword = (request: FastifyRequest, reply: FastifyReply) =>
    reply.redirect(`/bekreft?til=${encodeURIComponent(request.url.split('?')[0] ?? '/mine-data')}`, 303);

  const myData = async (
    request: FastifyRequest,
    reply: FastifyReply,
    errors: Record<string, string> = {},
    status = 200,
  ) => {
    const id = customerOf(request);
    return sendPage(
      reply,
      h(MyDataPage, {
        ctx: ctx(request, reply),
        requests: await requests.ofCustomer(id),
        restricted: !(await restrictions.mayProcess(id, 'savings_analysis')),
        errors,
      }),
      status,
    );
  };

  const signedIn = { config: { access: household() } } as const;

  server.get('/mine-data', signedIn, (request, reply) => myData(request, reply));

  const confirmRoute = { ...signedIn, schema: { querystring: ReturnTo } };
  server.get<{ Querystring: { til?: string } }>('/bekreft', confirmRoute, async (request, reply) => {
    customerOf(request);
    return sendPage(
      reply,
      h(ConfirmPage, { ctx: ctx(request, reply), target: safeTarget(request.query.til ?? '/mine-data') }),
    );
  });

  server.post(
    '/bekreft',
    {
      config: { access: household() },
      schema: { body: PasswordForm },
    },
    async (request, reply) => {
      const id = customerOf(request);
      const target = safeTarget(formText(request.body, 'til'));
      const attempt = await limits.attempt('password_confirm', id, request.ip);
      try {
        const profile = await customers.profile(id);
        if ((await customers.authenticate(profile.email, formText(request.body, 'password'))) !== id) {
          throw new AppError('unauthenticated', 'Wrong password.');
        }
        await limits.succeeded(attempt);
      } catch (e) {
        if (!isAppError(e) || e.code !== 'unauthenticated') throw e;
        const c = ctx(request, reply);
        return sendPage(reply, h(ConfirmPage, { ctx: c, target, error: c.t('error.unauthenticated') }), 401);
      }
      const old = request.cookies[AUTH_COOKIE];
      if (old) await customers.signOut(old);
      const { token } = await customers.createSession(id);
      reply.setCookie(AUTH_COOKIE, token, {
        httpOnly: true,
        sameSite: 'lax',
        secure: options.secureCookies,
        path: '/',
        maxAge: SESSION_HOURS * 3600,
      });
      return reply.redirect(target, 303);
    },
  );

  /**
   * A download is an access request of its own, verified by the fresh sign-in and recorded
   * when the file is whole; it streams, so a large one neither waits nor holds the server.
   */
  const download = async (request: FastifyRequest, reply: FastifyReply, format: ExportFormat) => {
    const id = customerOf(request);
    if (!fresh(request)) return askPassword(request, reply);
    const file = await downloads.forCustomer(
      id,
      format,
      request.session?.authenticatedAt as Date,
      request.locale,
    );
    return reply
      .header('cache-control', 'no-store')
      .header('content-type', file.contentType)
      .header('content-disposition', `attachment; filename="${file.filename}"`)
      .send(file.stream);
  };
  server.get('/mine-data/eksport.json', signedIn, (request, reply) => download(request, reply, 'json'));
  server.get('/mine-data/eksport.csv', signedIn, (request, reply) => download(request, reply, 'csv'));
  server.get('/mine-data/eksport.pdf', signedIn, (request, reply) => download(request, reply, 'pdf'));
  server.get('/mine-data/portabilitet.json', signedIn, (request, reply) =>
    download(request, reply, 'portability'),
  );

  server.get(
    '/.well-known/elvakt-signing-key.json',
    { config: { access: anyone() } },
    async (_request, reply) =>
      reply.header('cache-control', 'public, max-age=3600').send({ keys: [await exports.signingKey()] }),
  );

  const newRequestRoute = { ...signedIn, schema: { body: RequestForm } };
  server.post('/mine-data/foresporsel', newRequestRoute, async (request, reply) => {
    const id = customerOf(request);
    const type = formText(request.body, 'type');
    if (!isRequestType(type)) throw new AppError('validation_failed', 'Unknown request type.');
    // Erasure is confirmed on its own page, after the person has seen what goes and what stays.
    if (type === 'erasure') return reply.redirect('/slett-meg', 303);
    const body = request.body as Record<string, unknown>;
    const purposes = ([] as unknown[])
      .concat(body.purposes ?? [])
      .filter((p): p is ProcessingPurpose => PROCESSING_PURPOSES.includes(p as ProcessingPurpose));
    const changes: Record<string, string> = {};
    for (const f of ['name', 'email', 'phone'] as const) {
      const v = formText(body, f).trim();
      if (v !== '') changes[f] = v;
    }
    try {
      const { request: created } = await requests.submit(
        id,
        type,
        {
          ...(formText(body, 'text').trim() ? { text: formText(body, 'text').trim().slice(0, 5000) } : {}),
          ...(type === 'rectification' ? { changes } : {}),
          ...(purposes.length > 0 ? { purposes } : {}),
        },
        {
          channel: 'web',
          ...(request.session ? { authenticatedAt: request.session.authenticatedAt } : {}),
        },
      );
      return reply.redirect(`/mine-data/foresporsel/${created.id}`, 303);
    } catch (e) {
      if (!isAppError(e) || (e.code !== 'validation_failed' && e.code !== 'conflict')) throw e;
      return myData(request, reply, fieldErrors(e), 400);
    }
  });

  /** A request and, while an erasure request waits, the plan that entering the code carries out. */
  const requestPage = async (
    request: FastifyRequest<{ Params: { id: string } }>,
    reply: FastifyReply,
    error?: string,
  ) => {
    const id = customerOf(request);
    const r = await requests.get(id, request.params.id);
    const c = ctx(request, reply);
    const open = r.state === 'received' || r.state === 'verified';
    const plan =
      r.type === 'erasure' && open
        ? [h(ErasureTable, { ctx: c, items: await erasure.preview(id) }), h('p', null, c.t('erase.keyNote'))]
        : undefined;
    return sendPage(reply, h(RequestPage, { ctx: c, request: r, error, plan }), error ? 400 : 200);
  };

  const ownRequest = { config: { access: household({ id: 'request' }) } } as const;

  server.get<{ Params: { id: string } }>(
    '/mine-data/foresporsel/:id',
    { ...ownRequest, schema: { params: IdParams } },
    (request, reply) => requestPage(request, reply),
  );

  server.post<{ Params: { id: string } }>(
    '/mine-data/foresporsel/:id/kode',
    {
      config: ownRequest.config,
      schema: { params: IdParams, body: CodeForm },
    },
    async (request, reply) => {
      const id = customerOf(request);
      const attempt = await limits.attempt('request_code', id, request.ip);
      try {
        await requests.verifyWithCode(id, request.params.id, formText(request.body, 'code'));
        await limits.succeeded(attempt);
      } catch (e) {
        if (!isAppError(e) || e.code !== 'validation_failed') throw e;
        const key =
          e.details[0]?.message === 'code_expired' ? 'error.field.code_expired' : 'error.field.code_wrong';
        return requestPage(request, reply, translator(request.locale)(key));
      }
      if ((await customers.status(id)) !== 'active') {
        reply.clearCookie(AUTH_COOKIE, { path: '/' });
        return reply.redirect('/', 303);
      }
      return reply.redirect(`/mine-data/foresporsel/${request.params.id}`, 303);
    },
  );

  const withdrawalRoute = { ...ownRequest, schema: { params: IdParams } };
  server.post<{ Params: { id: string } }>(
    '/mine-data/foresporsel/:id/trekk',
    withdrawalRoute,
    async (request, reply) => {
      const id = customerOf(request);
      await requests.withdraw(id, request.params.id);
      return reply.redirect(`/mine-data/foresporsel/${request.params.id}`, 303);
    },
  );

  server.get('/slett-meg', signedIn, async (request, reply) => {
    const id = customerOf(request);
    return sendPage(
      reply,
      h(ErasePage, { ctx: ctx(request, reply), items: await erasure.preview(id, { withNewRequest: true }) }),
    );
  });

  server.post(
    '/slett-meg',
    {
      config: { access: household() },
      schema: { body: PasswordForm },
    },
    async (request, reply) => {
      const id = customerOf(request);
      const profile = await customers.profile(id);
      const attempt = await limits.attempt('password_confirm', id, request.ip);
      try {
        // Erasure cannot be undone: the password confirms it is this person, now.
        if ((await customers.authenticate(profile.email, formText(request.body, 'password'))) !== id) {
          throw new AppError('unauthenticated', 'Wrong password.');
        }
        await limits.succeeded(attempt);
      } catch (e) {
        if (!isAppError(e) || e.code !== 'unauthenticated') throw e;
        const c = ctx(request, reply);
        return sendPage(
          reply,
          h(ErasePage, {
            ctx: c,
            items: await erasure.preview(id, { withNewRequest: true }),
            error: c.t('error.unauthenticated'),
          }),
          401,
        );
      }
      const plan = await erasure.preview(id, { withNewRequest: true });
      const { request: done } = await requests.submit(
        id,
        'erasure',
        {},
        { channel: 'web', authenticatedAt: app.clock.now() },
      );
      reply.clearCookie(AUTH_COOKIE, { path: '/' });
      request.session = undefined;
      const completed = (await customers.status(id)) === 'erased';
      void done;
      options.flash.put(reply, null, { kind: 'erased', items: plan, completed, ended: false });
      return reply.redirect(ERASED_PATH, 303);
    },
  );

  // Signed out by then: the receipt is this browser's, and a second look (or a reload after
  // the two minutes) finds nothing to show and goes to the front page.
  server.get(ERASED_PATH, { config: { access: anyone() } }, async (request, reply) => {
    const receipt = options.flash.take(request, reply, null, 'erased');
    if (!receipt) return reply.redirect('/', 303);
    return sendPage(
      reply,
      h(ErasedPage, {
        ctx: ctx(request, reply),
        items: receipt.items,
        completed: receipt.completed,
        ended: receipt.ended,
      }),
    );
  });
};
