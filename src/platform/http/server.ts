import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import { AppError, httpStatusOf, isAppError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { CsrfGuard, type SessionOf } from './csrf.ts';

export interface HttpOptions {
  readonly logger: Logger;
  readonly publicUrl: string;
  readonly uploadLimitBytes: number;
  /**
   * Which proxies' `X-Forwarded-For` is believed for the client address (`request.ip`);
   * false: none, the header is ignored and the address is the connection's.
   */
  readonly trustProxy: string | number | false;
  /** CSRF tokens: the platform key they are made with, and which session a request belongs to. */
  readonly csrf: { readonly key: Uint8Array; readonly sessionOf: SessionOf };
  /** Renders an error for people (HTML) or programs (JSON); the status is already set. */
  readonly renderError: (request: FastifyRequest, reply: FastifyReply, error: AppError) => unknown;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The HTTP platform: security headers, cookies, forms, uploads, CSRF and one place where
 * errors become status codes. It knows nothing about Elvakt's modules.
 */
export const createHttpServer = async (options: HttpOptions): Promise<FastifyInstance> => {
  const app = Fastify({
    // pino's Logger carries more than Fastify's logger type names; it is the same object Fastify expects.
    loggerInstance: options.logger as unknown as FastifyBaseLogger,
    bodyLimit: 1024 * 1024,
    // Request ids in logs let an operator follow one request without any personal value.
    requestIdHeader: false,
    // A parameter up to this long reaches the route's schema, which answers 404 for it.
    routerOptions: { maxParamLength: 1000 },
    // A path the router cannot even read (bad percent-encoding, a longer parameter): the
    // error page, and nothing of the path in the answer or the log.
    frameworkErrors: (error, rawRequest, rawReply) => {
      const request = rawRequest as FastifyRequest;
      const reply = rawReply as FastifyReply;
      const cookies = request as unknown as { cookies?: Record<string, string | undefined> | null };
      cookies.cookies ??= app.parseCookie(request.headers.cookie ?? '');
      const notFound = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
      reply.status(notFound ? 404 : 400);
      return options.renderError(
        request,
        reply,
        notFound
          ? new AppError('not_found', 'Not found.')
          : new AppError('validation_failed', 'The request is not valid.'),
      );
    },
    // A hop count trusts that many proxies nearest the server, whatever their address.
    trustProxy:
      typeof options.trustProxy === 'number'
        ? (
            (hops: number) => (_address: string, hop: number) =>
              hop < hops
          )(options.trustProxy)
        : options.trustProxy,
  });
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
      },
    },
    strictTransportSecurity: options.publicUrl.startsWith('https:') ? { maxAge: 31_536_000 } : false,
    referrerPolicy: { policy: 'same-origin' },
  });
  await app.register(cookie);
  await app.register(formbody);
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: options.uploadLimitBytes, files: 1, fields: 20 },
  });
  await app.register(rateLimit, { global: false });

  app.decorate('csrf', new CsrfGuard(options.csrf.key, options.csrf.sessionOf));
  app.addHook('preHandler', async (request) => {
    if (SAFE_METHODS.has(request.method)) return;
    if (!app.csrf.valid(request, options.publicUrl)) throw new AppError('forbidden', 'csrf');
  });

  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    let appError: AppError;
    if (isAppError(error)) appError = error;
    else if (error.statusCode === 429) appError = new AppError('rate_limited', 'Too many requests.');
    else if (error.statusCode === 413 || error.code === 'FST_REQ_FILE_TOO_LARGE') {
      appError = new AppError('payload_too_large', 'The file is too large.');
    } else if (error.validation && error.validationContext === 'params') {
      // A malformed id names nothing: the same answer as an id that does not exist.
      appError = new AppError('not_found', 'Not found.');
    } else if (error.validation || error.statusCode === 400) {
      appError = new AppError('validation_failed', 'The request is not valid.');
    } else if (error.statusCode === 415)
      appError = new AppError('unsupported_format', 'Unsupported content type.');
    else appError = new AppError('internal', 'Internal error.');
    const status = httpStatusOf(appError.code);
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    reply.status(status);
    return options.renderError(request, reply, appError);
  });
  app.setNotFoundHandler((request, reply) => {
    reply.status(404);
    return options.renderError(request, reply, new AppError('not_found', 'Not found.'));
  });
  return app;
};
