import { createHash } from 'node:crypto';
import { type Clock, systemClock } from '../../platform/clock.ts';
import { AppError, type ErrorCode } from '../../platform/errors.ts';
import {
  CONSENT_REF,
  checkBaseUrl,
  checkListRequest,
  isRecord,
  MAX_PAGE_BYTES,
  MAX_PAGE_SIZE,
  MAX_PAGES,
  MAX_PROBLEM_BYTES,
  mediaType,
  parsePage,
  protocolError,
  REF,
  type SearchPage,
  SHA256_HEX,
  sha256FromReprDigest,
  TOKEN,
} from './bank-protocol.ts';
import {
  earliestIssueDate,
  type InvoiceListing,
  type InvoiceListRequest,
  type InvoiceSource,
} from './invoice-source.ts';

/**
 * The client side of docs/protocols/bank-einvoice.md. It never decides whether fetching is
 * allowed: the caller checks the power of attorney first. Nothing it throws carries the
 * national identity number, the token, the consent reference or a document.
 */

// The reason (timeout, status_500, truncated, digest_mismatch, …) is in details[0].message where `at` is 'bank'.
const UNAVAILABLE: ErrorCode = 'upstream_unavailable';
const INVALID: ErrorCode = 'upstream_invalid';

export interface BankClientOptions {
  readonly baseUrl: string;
  readonly token: string;
  /** Per attempt, covering the whole answer. */
  readonly timeoutMs?: number;
  readonly maxAttempts?: number;
  readonly backoff?: { readonly baseMs: number; readonly maxMs: number };
  /** The longest wait a 429's Retry-After can impose. */
  readonly maxRetryAfterMs?: number;
  readonly maxDocumentBytes?: number;
  readonly pageSize?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  readonly clock?: Clock;
  readonly fetch?: typeof fetch;
}

/** A failure worth another attempt; `code` is what the caller gets when attempts run out. */
class Retryable extends Error {
  constructor(
    readonly reason: string,
    readonly code: ErrorCode = UNAVAILABLE,
    readonly waitMs?: number,
  ) {
    super(reason);
  }
}

export class BankInvoiceClient implements InvoiceSource {
  private readonly base: string;
  private readonly token: string;
  private readonly timeoutMs: number;
  private readonly maxAttempts: number;
  private readonly backoff: { readonly baseMs: number; readonly maxMs: number };
  private readonly maxRetryAfterMs: number;
  private readonly maxDocumentBytes: number;
  private readonly pageSize: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly clock: Clock;
  private readonly fetch: typeof fetch;

  constructor(options: BankClientOptions) {
    this.base = checkBaseUrl(options.baseUrl);
    if (!TOKEN.test(options.token))
      throw new AppError('config_invalid', 'The bank token is not a bearer token.');
    this.token = options.token;
    this.timeoutMs = positive(options.timeoutMs ?? 15_000, 'timeoutMs');
    this.maxAttempts = positive(options.maxAttempts ?? 5, 'maxAttempts');
    this.backoff = options.backoff ?? { baseMs: 500, maxMs: 30_000 };
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 60_000;
    this.maxDocumentBytes = positive(options.maxDocumentBytes ?? 10 * 1024 * 1024, 'maxDocumentBytes');
    this.pageSize = Math.min(positive(options.pageSize ?? MAX_PAGE_SIZE, 'pageSize'), MAX_PAGE_SIZE);
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = options.random ?? Math.random;
    this.clock = options.clock ?? systemClock;
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  async *list(req: InvoiceListRequest): AsyncIterable<InvoiceListing> {
    checkListRequest(req);
    if (req.issuerOrgnrs?.length === 0) return;
    const floor = earliestIssueDate(this.clock.now());
    const since = req.since.localeCompare(floor) < 0 ? floor : req.since;
    const issuers = req.issuerOrgnrs ? new Set(req.issuerOrgnrs) : null;
    const seen = new Map<string, string>();
    let cursor: string | null = null;
    for (let page = 1; ; page++) {
      if (page > MAX_PAGES)
        throw protocolError('The bank kept paging without end.', 'bank', 'too_many_pages');
      const body: string = JSON.stringify({
        customer: { nationalId: req.nationalId },
        consentReference: req.consentReference,
        issuedSince: since,
        ...(issuers ? { issuerFilter: { organisationNumbers: [...issuers] } } : {}),
        pageSize: this.pageSize,
        ...(cursor === null ? {} : { cursor }),
      });
      const result: SearchPage = await this.withRetries('search', (signal) => this.searchOnce(body, signal));
      for (const listing of result.items) {
        const earlier = seen.get(listing.invoiceRef);
        if (earlier !== undefined) {
          if (earlier !== listing.sha256) {
            throw protocolError('The bank listed one invoice with two documents.', 'bank', 'ref_reused');
          }
          continue;
        }
        seen.set(listing.invoiceRef, listing.sha256);
        if (listing.issueDate < since) continue;
        if (issuers && !issuers.has(listing.issuer.orgnr)) continue;
        yield listing;
      }
      if (result.nextCursor === null) return;
      if (result.nextCursor === cursor) {
        throw protocolError('The bank returned the same page cursor again.', 'nextCursor', 'repeated');
      }
      cursor = result.nextCursor;
    }
  }

  async fetchDocument(listing: InvoiceListing, consentReference: string): Promise<string> {
    if (!CONSENT_REF.test(consentReference)) {
      throw new AppError('validation_failed', 'The consent reference is not valid.', [
        { at: 'consentReference', message: 'format' },
      ]);
    }
    if (!REF.test(listing.invoiceRef) || !SHA256_HEX.test(listing.sha256)) {
      throw new AppError('validation_failed', 'The listing is not one this client made.', [
        { at: 'listing', message: 'format' },
      ]);
    }
    if (listing.bytes > this.maxDocumentBytes) throw tooLarge(this.maxDocumentBytes);
    const url = `${this.base}/v1/einvoices/${encodeURIComponent(listing.invoiceRef)}/document`;
    return this.withRetries('document', async (signal) => {
      const res = await this.fetch(url, {
        method: 'GET',
        headers: {
          authorization: `Bearer ${this.token}`,
          'consent-reference': consentReference,
          accept: 'application/xml',
          'accept-encoding': 'identity',
        },
        redirect: 'manual',
        signal,
      });
      if (res.status !== 200) return this.failed(res);
      const bytes = await this.readDocument(res, listing);
      try {
        return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      } catch {
        throw protocolError('The document from the bank is not valid UTF-8.', 'document', 'utf8');
      }
    });
  }

  private async searchOnce(body: string, signal: AbortSignal): Promise<SearchPage> {
    const res = await this.fetch(`${this.base}/v1/einvoice-searches`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${this.token}`,
        'content-type': 'application/json',
        accept: 'application/json',
      },
      body,
      redirect: 'manual',
      signal,
    });
    if (res.status !== 200) return this.failed(res);
    if (mediaType(res.headers.get('content-type')) !== 'application/json') {
      await discard(res);
      throw protocolError(
        'The bank answered the search with something other than JSON.',
        'bank',
        'media_type',
      );
    }
    const read = await readCapped(res.body, MAX_PAGE_BYTES);
    if (read === 'too_large')
      throw protocolError('The search answer is too large.', 'bank', 'page_too_large');
    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(read));
    } catch {
      // A cut or garbled answer that still arrived with valid framing, e.g. through a proxy.
      throw new Retryable('malformed_json');
    }
    return parsePage(json);
  }

  /** Reads the body only after the headers promise a document of the listed size and digest. */
  private async readDocument(res: Response, listing: InvoiceListing): Promise<Uint8Array> {
    const refuse = async (message: string, rule: string): Promise<never> => {
      await discard(res);
      throw protocolError(message, 'bank', rule);
    };
    const encoding = res.headers.get('content-encoding');
    if (encoding !== null && encoding.trim().toLowerCase() !== 'identity') {
      return refuse('The bank compressed the document.', 'content_encoding');
    }
    const type = res.headers.get('content-type');
    if (mediaType(type) !== 'application/xml' || !/^[^;]*(;\s*charset="?utf-8"?\s*)?$/i.test(type ?? '')) {
      return refuse('The bank answered with something other than UTF-8 XML.', 'media_type');
    }
    const lengthHeader = res.headers.get('content-length');
    if (lengthHeader === null || !/^\d{1,12}$/.test(lengthHeader)) {
      return refuse('The bank sent the document without Content-Length.', 'content_length');
    }
    const length = Number(lengthHeader);
    if (length > this.maxDocumentBytes) {
      await discard(res);
      throw tooLarge(this.maxDocumentBytes);
    }
    const digest = sha256FromReprDigest(res.headers.get('repr-digest'));
    if (digest === null)
      return refuse('The bank sent the document without a SHA-256 Repr-Digest.', 'repr_digest');
    if (length !== listing.bytes || digest.toString('hex') !== listing.sha256) {
      await discard(res);
      throw new Retryable('not_as_listed', INVALID);
    }
    const bytes = await readCapped(res.body, length);
    if (bytes === 'too_large' || bytes.byteLength !== length) throw new Retryable('truncated', INVALID);
    if (!createHash('sha256').update(bytes).digest().equals(digest)) {
      throw new Retryable('digest_mismatch', INVALID);
    }
    return bytes;
  }

  /** Maps an answer other than 200 to a retry or to the error the caller sees. */
  private async failed(res: Response): Promise<never> {
    const code = await problemCode(res);
    const status = res.status;
    if (status === 429) throw new Retryable('rate_limited', UNAVAILABLE, this.retryAfterMs(res));
    if (status === 408 || status >= 500) throw new Retryable(`status_${status}`);
    if (status === 403) {
      throw new AppError('consent_required', 'The bank does not accept the consent for invoice fetching.', [
        { at: 'bank', message: code ?? 'forbidden' },
      ]);
    }
    if (status === 404) throw new AppError('not_found', 'The bank has no such invoice for this consent.');
    if (status === 401) {
      throw new AppError(UNAVAILABLE, "The bank refused Elvakt's credentials.", [
        { at: 'bank', message: 'unauthorized' },
      ]);
    }
    throw protocolError(
      `The bank refused the request with status ${status}.`,
      'bank',
      code ?? `status_${status}`,
    );
  }

  private retryAfterMs(res: Response): number | undefined {
    const value = res.headers.get('retry-after')?.trim();
    if (!value) return undefined;
    const ms = /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value) - this.clock.now().getTime();
    return Number.isNaN(ms) ? undefined : Math.min(Math.max(ms, 0), this.maxRetryAfterMs);
  }

  private async withRetries<T>(what: string, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      let failure: Retryable;
      try {
        return await run(AbortSignal.timeout(this.timeoutMs));
      } catch (e) {
        failure = asRetryable(e);
      }
      if (attempt >= this.maxAttempts) {
        throw new AppError(failure.code, `The bank ${what} failed after ${attempt} attempts.`, [
          { at: 'bank', message: failure.reason },
        ]);
      }
      // Full jitter: clients that failed together do not come back together.
      const ceiling = Math.min(this.backoff.maxMs, this.backoff.baseMs * 2 ** (attempt - 1));
      await this.sleep(failure.waitMs ?? Math.floor(this.random() * ceiling));
    }
  }
}

/** Errors from fetch and the body stream are retried; anything else is a verdict or a bug. */
const asRetryable = (e: unknown): Retryable => {
  if (e instanceof Retryable) return e;
  if (e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError'))
    return new Retryable('timeout');
  if (e instanceof TypeError) {
    const cause = (e as { cause?: { code?: unknown } }).cause;
    const code = typeof cause?.code === 'string' && /^[A-Z_]+$/.test(cause.code) ? `:${cause.code}` : '';
    return new Retryable(`network${code}`);
  }
  throw e;
};

/** Drops an unread body so the connection is freed; a body that already failed has nothing to drop. */
const discard = async (res: Response): Promise<void> => {
  await res.body?.cancel().catch(() => undefined);
};

const tooLarge = (max: number): AppError =>
  new AppError('payload_too_large', `The document is larger than ${max} bytes.`);

const positive = (n: number, name: string): number => {
  if (!Number.isInteger(n) || n < 1)
    throw new AppError('config_invalid', `${name} must be a positive integer.`);
  return n;
};

/** Reads at most `cap` bytes and gives up, cancelling the stream, as soon as more arrive. */
const readCapped = async (
  body: ReadableStream<Uint8Array> | null,
  cap: number,
): Promise<Uint8Array | 'too_large'> => {
  if (!body) return new Uint8Array();
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > cap) {
      await reader.cancel();
      return 'too_large';
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total);
};

/** The problem's `code` when it is one of the protocol's, else null: free text is never kept. */
const problemCode = async (res: Response): Promise<string | null> => {
  const known = ['invalid_request', 'cursor_invalid', 'unauthorized', 'consent_invalid', 'not_found'];
  try {
    const read = await readCapped(res.body, MAX_PROBLEM_BYTES);
    if (read === 'too_large') return null;
    const json: unknown = JSON.parse(Buffer.from(read).toString('utf8'));
    return isRecord(json) && typeof json.code === 'string' && known.includes(json.code) ? json.code : null;
  } catch {
    return null;
  }
};
