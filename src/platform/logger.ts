import { type DestinationStream, type Logger, pino } from 'pino';

export type { Logger };

/**
 * Log lines are read by operators, shipped to other systems and kept longer than personal
 * data may be. So the logger carries no request bodies, no cookies, no IP addresses and no
 * query strings, and redacts every field name that could hold a personal value in case a
 * caller passes one by mistake. A test drives the whole service and scans what it logged.
 */
const redactedKeys = [
  'email',
  'name',
  'phone',
  'fnr',
  'fodselsnummer',
  'birthNumber',
  'password',
  'address',
  'meteringPointId',
  'gsrn',
  'token',
  'cookie',
  'authorization',
];

export const redactPaths = [
  ...redactedKeys,
  ...redactedKeys.map((k) => `*.${k}`),
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
];

export interface LoggerOptions {
  readonly level: string;
  readonly destination?: DestinationStream;
}

/**
 * Strip the query string (search parameters are where personal values leak into URLs) and
 * any long token in the path (an unsubscribe link's token works without signing in).
 */
const pathOnly = (url: string | undefined): string | undefined =>
  url?.split('?')[0]?.replace(/\/[A-Za-z0-9_-]{32,}(?=\/|$)/g, '/:token');

export const createLogger = (options: LoggerOptions): Logger =>
  pino(
    {
      level: options.level,
      base: undefined,
      redact: { paths: redactPaths, censor: '[redacted]' },
      serializers: {
        req: (req: { method?: string; url?: string; id?: string }) => ({
          id: req.id,
          method: req.method,
          path: pathOnly(req.url),
        }),
        res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
        err: (err: Error & { code?: string }) => ({
          type: err.name,
          code: err.code,
          message: err.message,
          stack: err.stack,
        }),
      },
    },
    options.destination,
  );
