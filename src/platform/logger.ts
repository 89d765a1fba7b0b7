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

/** What the log says for a request that matched no route: its path could be anything a person typed. */
export const NO_ROUTE = '(no route)';

/**
 * A request as the log sees it: its route's template (`/min-side/malepunkt/:id`), never
 * the path or the query string it came with, where an identity number, an e-mail address
 * or a link's token may have been typed or pasted.
 */
const requestLine = (req: { method?: string; id?: string; routeOptions?: { url?: string } }) => ({
  id: req.id,
  method: req.method,
  route: req.routeOptions?.url ?? NO_ROUTE,
});

/**
 * What personal values look like where no field name warns of them: an error's message
 * quoting what a database or a library was given. Identity numbers (11 digits), e-mail
 * addresses and phone numbers are blanked.
 */
const PERSONAL_PATTERNS: readonly RegExp[] = [
  /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g,
  /(?<!\d)\d{6}[ .]?\d{5}(?!\d)/g,
  /(?:\+|00)\d{1,3}[ \d]{6,14}\d/g,
];

export const scrub = (text: string | undefined): string | undefined =>
  text === undefined ? undefined : PERSONAL_PATTERNS.reduce((t, p) => t.replace(p, '[redacted]'), text);

const LEVEL_NAMES: Readonly<Record<number, string>> = {
  10: 'trace',
  20: 'debug',
  30: 'info',
  40: 'warning',
  50: 'error',
  60: 'fatal',
};

/**
 * Log lines for a person at a terminal: the level and the message, not JSON. What is
 * written has passed the redaction and the scrubbing above, as every other line has.
 */
export const humanLines = (out: { write(text: string): unknown }): DestinationStream => ({
  write(line: string) {
    try {
      const o = JSON.parse(line) as { level?: number; msg?: string; err?: { message?: string } };
      const why = o.err?.message ? ` (${o.err.message})` : '';
      out.write(`${LEVEL_NAMES[o.level ?? 30] ?? 'log'}: ${o.msg ?? ''}${why}\n`);
    } catch {
      out.write(line);
    }
  },
});

/**
 * Log lines go to standard error: standard output carries what a command answers, which
 * a person reads or a script parses.
 */
export const createLogger = (options: LoggerOptions): Logger =>
  pino(
    {
      level: options.level,
      base: undefined,
      redact: { paths: redactPaths, censor: '[redacted]' },
      serializers: {
        req: requestLine,
        res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
        err: (err: Error & { code?: string }) => ({
          type: err.name,
          code: err.code,
          message: scrub(err.message),
          stack: scrub(err.stack),
        }),
      },
    },
    options.destination ?? pino.destination({ fd: 2, sync: true }),
  );
