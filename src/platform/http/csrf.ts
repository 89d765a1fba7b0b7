import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * CSRF protection bound to the session: the token in every form (`_csrf`, or the
 * `x-csrf-token` header) is an HMAC, under a key of the platform, of the session it was
 * made for: the signed-in session when there is one, otherwise a random pre-session id in
 * an HttpOnly, SameSite=Strict cookie. A token made for one session is refused in any
 * other, even by someone who can plant cookies in the browser, and signing in (a new
 * session) gives a new token. The Origin header, when the browser sends one, must also be ours.
 */
export const CSRF_COOKIE = 'csrf';
export const CSRF_FIELD = '_csrf';

declare module 'fastify' {
  interface FastifyInstance {
    csrf: CsrfGuard;
  }
}

/**
 * The session a form posted to `path` belongs to, as a stable text (a kind and the
 * session's id); undefined when the request has none, and the pre-session id is used.
 */
export type SessionOf = (request: FastifyRequest, path: string) => string | undefined;

const ID_PATTERN = /^[A-Za-z0-9_-]{43}$/;

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

const pathOf = (url: string): string => url.split('?')[0] ?? '/';

export class CsrfGuard {
  constructor(
    private readonly key: Uint8Array,
    private readonly sessionOf: SessionOf,
  ) {}

  private mac(binding: string): string {
    return createHmac('sha256', this.key).update(`csrf\u0000${binding}`).digest('base64url');
  }

  /**
   * The token for forms posted to `path` (by default the page's own path), setting the
   * pre-session cookie when a visitor without a session has none yet.
   */
  token(request: FastifyRequest, reply: FastifyReply, secure: boolean, path = pathOf(request.url)): string {
    const session = this.sessionOf(request, path);
    if (session) return this.mac(`session:${session}`);
    let id = request.cookies[CSRF_COOKIE];
    if (!id || !ID_PATTERN.test(id)) {
      id = randomBytes(32).toString('base64url');
      reply.setCookie(CSRF_COOKIE, id, { httpOnly: true, sameSite: 'strict', secure, path: '/' });
      // Later code in the same request must see the id its token was made from.
      request.cookies[CSRF_COOKIE] = id;
    }
    return this.mac(`visitor:${id}`);
  }

  valid(request: FastifyRequest, allowedOrigin: string): boolean {
    const origin = request.headers.origin;
    if (
      origin !== undefined &&
      origin !== allowedOrigin &&
      origin !== `${request.protocol}://${request.host}`
    )
      return false;
    const sent = submitted(request);
    if (!sent) return false;
    const session = this.sessionOf(request, pathOf(request.url));
    const id = request.cookies[CSRF_COOKIE];
    let expected: string;
    if (session) expected = this.mac(`session:${session}`);
    else if (id && ID_PATTERN.test(id)) expected = this.mac(`visitor:${id}`);
    else return false;
    return sent.length === expected.length && timingSafeEqual(Buffer.from(sent), Buffer.from(expected));
  }
}

/** The token for the request's forms (see CsrfGuard.token). */
export const csrfToken = (
  request: FastifyRequest,
  reply: FastifyReply,
  secure: boolean,
  path?: string,
): string => request.server.csrf.token(request, reply, secure, path);
