import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import type { Session } from '../modules/customers/customer.service.ts';
import { AppError } from '../platform/errors.ts';
import { csrfToken } from '../platform/http/csrf.ts';
import type { PageContext } from './context.ts';
import { type Locale, translator } from './i18n.ts';
import { renderPage } from './layout.tsx';

export const AUTH_COOKIE = 'auth_token';
export const LANG_COOKIE = 'lang';

declare module 'fastify' {
  interface FastifyRequest {
    session: Session | undefined;
    locale: Locale;
  }
}

export const localeOf = (request: FastifyRequest): Locale =>
  request.cookies[LANG_COOKIE] === 'en' ? 'en' : 'nb';

export const pageContext = (request: FastifyRequest, reply: FastifyReply, secure: boolean): PageContext => ({
  locale: request.locale,
  t: translator(request.locale),
  csrf: csrfToken(request, reply, secure),
  signedIn: request.session !== undefined,
  path: request.url.split('?')[0] ?? '/',
});

export const sendPage = <P>(reply: FastifyReply, node: VNode<P>, status = 200): FastifyReply =>
  reply
    .status(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(renderPage(node));

/** The signed-in customer, or an error that sends people to the sign-in page. */
export const customerOf = (request: FastifyRequest): string => {
  if (!request.session) throw new AppError('unauthenticated', 'sign_in_required');
  return request.session.customerId;
};

/** Field errors from a validation error, as message keys by field. */
export const fieldErrors = (e: AppError): Record<string, string> =>
  Object.fromEntries(e.details.filter((d) => d.at).map((d) => [d.at as string, `error.field.${d.message}`]));

/** A form value as a trimmed string; arrays and files are not strings. */
export const formText = (body: unknown, name: string): string => {
  const v = (body as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' ? v : '';
};
