import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import type { App } from '../app.ts';
import type { AppError } from '../platform/errors.ts';
import { createHttpServer } from '../platform/http/server.ts';
import type { PageContext } from './context.ts';
import { Flash } from './flash.ts';
import { isMessageKey, type Locale, type MessageKey, renderUserMessage, translator } from './i18n.ts';
import { ErrorPage } from './pages/public.tsx';
import { ForbiddenPage } from './pages/staff.tsx';
import { AUTH_COOKIE, localeOf, pageContext, sendPage } from './request-context.ts';
import { anyone, enforceAccess } from './routes/access.ts';
import { registerAuthRoutes } from './routes/auth.ts';
import { registerCookieRoutes } from './routes/cookies.ts';
import { registerCustomerRoutes } from './routes/customer.ts';
import { registerHouseholdRoutes } from './routes/household.ts';
import { registerMonitoringRoutes } from './routes/monitoring.ts';
import { registerPublicRoutes, type WebOptions } from './routes/public.ts';
import { registerRightsRoutes } from './routes/rights.ts';
import { registerStaffRoutes, STAFF_COOKIE } from './routes/staff.ts';
import { registerStaffOidcRoutes } from './routes/staff-oidc.ts';

const STYLE = fs.readFileSync(path.join(import.meta.dirname, 'static', 'style.css'));
const FAVICON = fs.readFileSync(path.join(import.meta.dirname, 'static', 'favicon.svg'));

const messageFor = (e: AppError): MessageKey => {
  switch (e.code) {
    case 'not_found':
      return 'error.notFound';
    case 'unauthenticated':
      return e.message === 'sign_in_required' ? 'error.signInRequired' : 'error.unauthenticated';
    case 'rate_limited':
      if (e.details[0]?.message === 'export_running') return 'error.exportRunning';
      if (e.details[0]?.message === 'export_daily_limit') return 'error.exportDailyLimit';
      return 'error.rateLimited';
    case 'forbidden':
      return e.message === 'csrf' ? 'error.csrf' : 'error.generic';
    case 'validation_failed':
      return 'error.badRequest';
    case 'consent_required':
      return 'error.consent';
    case 'payload_too_large':
      return 'error.tooLarge';
    case 'unsupported_format':
      return 'error.unsupportedFormat';
    default:
      return 'error.generic';
  }
};

/** What people are told: what the service named for them, else the code's general text; never its English message. */
const errorText = (e: AppError, locale: Locale): string =>
  e.userMessage && isMessageKey(e.userMessage.key)
    ? renderUserMessage(locale, e.userMessage)
    : translator(locale)(messageFor(e));

/** The platform key CSRF tokens are made with. */
const CSRF_KEY = 'csrf-tokens';

/** A session's id as stored (the hash of its cookie's token), so the token names no secret. */
const sessionId = (token: string): string => createHash('sha256').update(token).digest('hex');

/**
 * The session a form posted to `path` belongs to: the staff session on the desk (its
 * cookie only reaches /ansatt), otherwise the household session. The cookies decide, not
 * whether the session is still valid, so that a form of an ended session still reaches its
 * route and is sent to sign in there rather than refused as forged.
 */
const sessionOf = (request: FastifyRequest, path: string): string | undefined => {
  const staff = request.cookies[STAFF_COOKIE];
  if (staff && (path === '/ansatt' || path.startsWith('/ansatt/'))) return `staff:${sessionId(staff)}`;
  const household = request.cookies[AUTH_COOKIE];
  return household ? `household:${sessionId(household)}` : undefined;
};

/** The web server: the HTTP platform plus Elvakt's pages. */
export const createWebServer = async (
  app: App,
  options: { demoLogin: WebOptions['demoLogin'] } = { demoLogin: null },
): Promise<FastifyInstance> => {
  const secureCookies = app.config.publicUrl.startsWith('https:');
  const web: WebOptions = { secureCookies, demoLogin: options.demoLogin, flash: new Flash(secureCookies) };
  const renderError = (request: FastifyRequest, reply: FastifyReply, error: AppError) => {
    if (
      error.code === 'unauthenticated' &&
      error.message === 'sign_in_required' &&
      request.method === 'GET'
    ) {
      return reply.redirect('/logg-inn', 303);
    }
    const status = reply.statusCode;
    if (request.url.startsWith('/api/') || request.headers.accept === 'application/json') {
      return reply.send({
        error: { code: error.code, message: errorText(error, request.locale ?? 'en') },
      });
    }
    request.locale ??= localeOf(request);
    // A path the router could not read is answered before cookies can be set: a page with
    // no form to send and no banner.
    const ctx: PageContext =
      typeof reply.setCookie === 'function'
        ? pageContext(request, reply, secureCookies)
        : {
            locale: request.locale,
            t: translator(request.locale),
            csrf: '',
            signedIn: false,
            path: '/',
            cookieBanner: false,
          };
    // The capability table refused a staff member in a service: the desk's own refusal page.
    if (error.code === 'forbidden' && error.message === 'staff_forbidden' && request.staff)
      return sendPage(reply, h(ForbiddenPage, { ctx, staff: request.staff }), status);
    return sendPage(reply, h(ErrorPage, { ctx, message: errorText(error, ctx.locale), status }), status);
  };
  const server = await createHttpServer({
    logger: app.logger,
    publicUrl: app.config.publicUrl,
    uploadLimitBytes: app.config.uploadLimitBytes,
    trustProxy: app.config.trustProxy,
    csrf: { key: await app.keyring.platformKey(CSRF_KEY), sessionOf },
    renderError,
  });
  // Before any route: a route that does not say who may call it is refused at start.
  enforceAccess(server, (request, reply, staff) =>
    sendPage(reply, h(ForbiddenPage, { ctx: pageContext(request, reply, secureCookies), staff }), 403),
  );
  server.decorateRequest('session', undefined);
  server.decorateRequest('locale', 'nb');
  server.addHook('onRequest', async (request) => {
    request.locale = localeOf(request);
    request.session = await app.services.customers.resolveSession(request.cookies[AUTH_COOKIE]);
  });
  server.get('/static/style.css', { config: { access: anyone() } }, async (_request, reply) =>
    reply
      .header('content-type', 'text/css; charset=utf-8')
      .header('cache-control', 'public, max-age=3600')
      .send(STYLE),
  );
  server.get('/static/favicon.svg', { config: { access: anyone() } }, async (_request, reply) =>
    reply
      .header('content-type', 'image/svg+xml')
      .header('cache-control', 'public, max-age=86400')
      .send(FAVICON),
  );
  // Browsers ask for /favicon.ico whatever a page links; they follow a redirect to the SVG.
  server.get('/favicon.ico', { config: { access: anyone() } }, async (_request, reply) =>
    reply.header('cache-control', 'public, max-age=86400').redirect('/static/favicon.svg', 301),
  );
  registerCookieRoutes(server, app, web);
  registerPublicRoutes(server, app, web);
  registerCustomerRoutes(server, app, web);
  registerRightsRoutes(server, app, web);
  registerStaffRoutes(server, app, web);
  registerMonitoringRoutes(server, app, web);
  registerAuthRoutes(server, app, web);
  registerStaffOidcRoutes(server, app, web);
  registerHouseholdRoutes(server, app, web);
  return server;
};
