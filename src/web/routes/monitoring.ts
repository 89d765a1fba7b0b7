import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import type { App } from '../../app.ts';
import { UnsubscribePage } from '../pages/unsubscribe.tsx';
import { pageContext, sendPage } from '../request-context.ts';
import { anyone } from './access.ts';
import type { WebOptions } from './public.ts';

const UNSUBSCRIBED_PATH = '/varsler/avmeldt';

/** The unsubscribe link in every monitoring message; it works without signing in. */
export const registerMonitoringRoutes = (server: FastifyInstance, app: App, options: WebOptions): void => {
  const ctx = (request: FastifyRequest, reply: FastifyReply) =>
    pageContext(request, reply, options.secureCookies);
  // A malformed token is a link that does not exist.
  const route = {
    config: { access: anyone({ token: 'unsubscribe_token' }) },
    schema: { params: Type.Object({ token: Type.String({ pattern: '^[A-Za-z0-9_-]{43}$' }) }) },
  } as const;
  const tokenOf = (request: FastifyRequest) => (request.params as { token: string }).token;

  server.get('/varsler/avmeld/:token', route, async (request, reply) => {
    reply.header('referrer-policy', 'no-referrer');
    return sendPage(
      reply,
      h(UnsubscribePage, { ctx: ctx(request, reply), state: 'ask', action: request.url.split('?')[0] ?? '' }),
    );
  });

  server.post('/varsler/avmeld/:token', route, async (request, reply) => {
    const done = await app.services.monitoring.unsubscribe(tokenOf(request));
    reply.header('referrer-policy', 'no-referrer');
    if (!done)
      return sendPage(
        reply,
        h(UnsubscribePage, { ctx: ctx(request, reply), state: 'invalid', action: '' }),
        404,
      );
    options.flash.put(reply, null, { kind: 'unsubscribed' });
    return reply.redirect(UNSUBSCRIBED_PATH, 303);
  });

  // The token stays out of this address; the page says it is done only to the browser that did it.
  server.get(UNSUBSCRIBED_PATH, { config: { access: anyone() } }, async (request, reply) => {
    if (!options.flash.take(request, reply, null, 'unsubscribed')) return reply.redirect('/', 303);
    reply.header('referrer-policy', 'no-referrer');
    return sendPage(reply, h(UnsubscribePage, { ctx: ctx(request, reply), state: 'done', action: '' }));
  });
};
