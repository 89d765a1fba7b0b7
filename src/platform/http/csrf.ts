import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Double-submit CSRF protection: a random token in an HttpOnly, SameSite=Strict cookie,
 * repeated in every form as `_csrf` (or the `x-csrf-token` header). A cross-site page can
 * make a browser send the cookie only on top-level navigations and cannot read it to put
 * it in the form. The Origin header, when the browser sends one, must also be ours.
 */
export const CSRF_COOKIE = 'csrf';
export const CSRF_FIELD = '_csrf';

export const csrfToken = (request: FastifyRequest, reply: FastifyReply, secure: boolean): string => {
  const existing = request.cookies[CSRF_COOKIE];
  if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
  const token = randomBytes(32).toString('base64url');
  reply.setCookie(CSRF_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure, path: '/' });
  // Later code in the same request must see the token it will be rendering into the form.
  request.cookies[CSRF_COOKIE] = token;
  return token;
};

const submitted = (request: FastifyRequest): string | undefined => {
  const header = request.headers['x-csrf-token'];
  if (typeof header === 'string') return header;
  const body = request.body as Record<string, unknown> | undefined;
  const field = body?.[CSRF_FIELD];
  if (typeof field === 'string') return field;
  if (field && typeof field === 'object' && 'value' in field)
    return String((field as { value: unknown }).value);
  return undefined;
};

export const csrfValid = (request: FastifyRequest, allowedOrigin: string): boolean => {
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== allowedOrigin && origin !== `${request.protocol}://${request.host}`)
    return false;
  const cookie = request.cookies[CSRF_COOKIE];
  const sent = submitted(request);
  if (!cookie || !sent || cookie.length !== sent.length) return false;
  return timingSafeEqual(Buffer.from(cookie), Buffer.from(sent));
};
