import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import type { Session } from '../modules/customers/customer.service.ts';
import { browserRefusesTracking, CHOICE_COOKIE, COOKIE_POLICY_VERSION } from '../modules/privacy/cookies.ts';
import { AppError } from '../platform/errors.ts';
import { csrfToken } from '../platform/http/csrf.ts';
import type { PageContext } from './context.ts';
import { fieldMessageKey, isMessageKey, type Locale, translator } from './i18n.ts';
import { renderPage } from './layout.tsx';

export const AUTH_COOKIE = 'auth_token';
export const LANG_COOKIE = 'lang';

declare module 'fastify' {
  interface FastifyRequest {
    session: Session | undefined;
    locale: Locale;
    cookieChoice: CookieChoice | undefined;
  }
}

export interface CookieChoice {
  readonly version: string;
  readonly analytics: boolean;
  readonly id: string;
}

/** The choice cookie: `version.0|1.id`; anything else counts as no choice. */
export const readCookieChoice = (request: FastifyRequest): CookieChoice | undefined => {
  const m = /^(\d{4}-\d{2}-\d{2})\.([01])\.([0-9a-f-]{36})$/.exec(request.cookies[CHOICE_COOKIE] ?? '');
  return m ? { version: m[1] as string, analytics: m[2] === '1', id: m[3] as string } : undefined;
};

/** Statistics may run: consent for this version, and no Do Not Track or Global Privacy Control. */
export const statisticsAllowed = (request: FastifyRequest): boolean =>
  request.cookieChoice?.analytics === true &&
  request.cookieChoice.version === COOKIE_POLICY_VERSION &&
  browserRefusesTracking(request.headers) === null;

export const localeOf = (request: FastifyRequest): Locale =>
  request.cookies[LANG_COOKIE] === 'en' ? 'en' : 'nb';

export const pageContext = (request: FastifyRequest, reply: FastifyReply, secure: boolean): PageContext => ({
  locale: request.locale,
  t: translator(request.locale),
  csrf: csrfToken(request, reply, secure),
  signedIn: request.session !== undefined,
  path: request.url.split('?')[0] ?? '/',
  cookieBanner:
    browserRefusesTracking(request.headers) === null &&
    request.cookieChoice?.version !== COOKIE_POLICY_VERSION,
});

/**
 * A form's answer is never a page of its own: what succeeded redirects (303) to a page a
 * reload may read again, and only what must be corrected (4xx) shows the form again. A
 * POST that would answer 2xx with a page is a mistake in the route, refused here so that
 * every test that sends a form finds it.
 */
export const sendPage = <P>(reply: FastifyReply, node: VNode<P>, status = 200): FastifyReply => {
  if (reply.request.method === 'POST' && status < 300)
    throw new Error(
      `POST ${reply.request.routeOptions.url ?? ''} answered ${status} with a page: redirect (303) instead`,
    );
  return reply
    .status(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(renderPage(node));
};

/** The signed-in customer, or an error that sends people to the sign-in page. */
export const customerOf = (request: FastifyRequest): string => {
  if (!request.session) throw new AppError('unauthenticated', 'sign_in_required');
  return request.session.customerId;
};

/**
 * Field errors from a validation error, as message keys by field: the key a service named,
 * or its code's field text, or the general one; never a key without a text.
 */
export const fieldErrors = (e: AppError): Record<string, string> =>
  Object.fromEntries(
    e.details
      .filter((d) => d.at)
      .map((d) => [d.at as string, d.key && isMessageKey(d.key) ? d.key : fieldMessageKey(d.message)]),
  );

/** A form value as a trimmed string; arrays and files are not strings. */
export const formText = (body: unknown, name: string): string => {
  const v = (body as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' ? v : '';
};
