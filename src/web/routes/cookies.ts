import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import type { App } from '../../app.ts';
import {
  browserRefusesTracking,
  CHOICE_COOKIE,
  COOKIE_POLICY_VERSION,
  STATS_COOKIE,
} from '../../modules/privacy/cookies.ts';
import { CookiesPage } from '../pages/cookies.tsx';
import { formText, pageContext, readCookieChoice, sendPage, statisticsAllowed } from '../request-context.ts';
import { anyone } from './access.ts';
import type { WebOptions } from './public.ts';
import { form, SHORT } from './schemas.ts';

const YEAR = 365 * 24 * 3600;

/** The cookie choice (recorded with its version as proof) and the consented page statistics. */
export const registerCookieRoutes = (server: FastifyInstance, app: App, options: WebOptions): void => {
  const { statistics } = app.services;
  const ctx = (request: FastifyRequest, reply: FastifyReply) =>
    pageContext(request, reply, options.secureCookies);

  server.decorateRequest('cookieChoice', undefined);
  server.addHook('onRequest', async (request) => {
    request.cookieChoice = readCookieChoice(request);
  });

  // Counting happens as an HTML page goes out, only with consent and never against DNT or GPC.
  server.addHook('onSend', async (request, reply, payload) => {
    if (request.method !== 'GET' || reply.statusCode !== 200) return payload;
    if (
      !String(reply.getHeader('content-type') ?? '').startsWith('text/html') ||
      request.url.startsWith('/ansatt')
    ) {
      return payload;
    }
    if (!statisticsAllowed(request)) return payload;
    const today = statistics.today();
    const firstToday = request.cookies[STATS_COOKIE] !== today;
    if (firstToday) {
      reply.setCookie(STATS_COOKIE, today, {
        path: '/',
        sameSite: 'lax',
        secure: options.secureCookies,
        httpOnly: true,
        maxAge: YEAR,
      });
    }
    // The route's template, like the log: a page is counted by what it is, never by whose it is.
    const page = request.routeOptions.url;
    if (page) await statistics.pageView(page, firstToday);
    return payload;
  });

  server.get('/informasjonskapsler', { config: { access: anyone() } }, async (request, reply) =>
    sendPage(
      reply,
      h(CookiesPage, {
        ctx: ctx(request, reply),
        choice: request.cookieChoice?.version === COOKIE_POLICY_VERSION ? request.cookieChoice : undefined,
        signal: browserRefusesTracking(request.headers),
      }),
    ),
  );

  const choiceRoute = {
    config: { access: anyone() },
    schema: { body: form({ analytics: 10, til: SHORT }) },
  };
  server.post('/informasjonskapsler', choiceRoute, async (request, reply) => {
    const analytics = formText(request.body, 'analytics') === '1';
    const signal = browserRefusesTracking(request.headers);
    const id = await statistics.recordChoice(request.cookieChoice?.id, analytics, signal);
    reply.setCookie(CHOICE_COOKIE, `${COOKIE_POLICY_VERSION}.${analytics ? 1 : 0}.${id}`, {
      path: '/',
      sameSite: 'lax',
      secure: options.secureCookies,
      httpOnly: true,
      maxAge: YEAR,
    });
    if (!analytics) reply.clearCookie(STATS_COOKIE, { path: '/' });
    const target = formText(request.body, 'til');
    return reply.redirect(/^\/(?!\/)[\w\-/.]*$/.test(target) ? target : '/informasjonskapsler', 303);
  });
};
