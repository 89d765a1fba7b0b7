import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A bank that speaks docs/protocols/bank-einvoice.md over an in-memory set of customers,
 * and misbehaves on request so the client's retries and checks can be tested. It records
 * every request so tests can look for personal data where it must not be.
 */

export interface BankInvoice {
  readonly invoiceRef: string;
  readonly issuer: {
    readonly organisationNumber: string;
    readonly name: string;
    readonly gln?: string | null;
  };
  readonly issueDate: string;
  readonly dueDate?: string | null;
  readonly amountOre?: number | null;
  readonly documentType: 'invoice' | 'credit_note';
  /** Bytes when a test needs a document that is not valid UTF-8. */
  readonly xml: string | Uint8Array;
}

export interface BankCustomer {
  readonly nationalId: string;
  /** Live consent references; any other is answered with 403 consent_invalid. */
  readonly consentReferences: readonly string[];
  readonly invoices: readonly BankInvoice[];
}

export type RequestKind = 'search' | 'document' | 'other';

export interface Misbehaviour {
  /** Delay before answering, for the first `slowFirst` requests (all when unset). */
  slowMs?: number;
  slowFirst?: number;
  /** 500 for the first n requests of a kind. */
  failFirst?: Partial<Record<RequestKind, number>>;
  /** 429 with Retry-After for the first n requests of a kind (after any failFirst ones). */
  rateLimitFirst?: Partial<Record<RequestKind, number>>;
  retryAfterSeconds?: number;
  /** The first n documents are truncated: 'cut' closes the connection before Content-Length bytes, 'short' declares and sends half. */
  truncate?: number;
  truncateMode?: 'cut' | 'short';
  /** The first n documents carry a wrong Repr-Digest. */
  corruptDigest?: number;
  /** The first n documents have one byte changed in transit, with the right Repr-Digest. */
  corruptBody?: number;
  /** Documents are sent chunked, without Content-Length. */
  omitContentLength?: boolean;
  /** The last item of each page comes again first on the next. */
  duplicateAcrossPages?: boolean;
  /** The most items the bank puts on a page, whatever the client asks for. */
  pageSize?: number;
  /** Return items older than issuedSince and the 16-month limit. */
  ignoreSince?: boolean;
  /** Rewrites the items of each search answer, to send shapes the protocol forbids. */
  editItems?: (items: Record<string, unknown>[]) => unknown[];
}

export interface RecordedRequest {
  readonly kind: RequestKind;
  readonly method: string;
  /** Path and query exactly as received. */
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

export interface BankServer {
  readonly url: string;
  readonly token: string;
  readonly requests: RecordedRequest[];
  misbehave: Misbehaviour;
  /** Forgets requests, counters and misbehaviour. */
  reset(): void;
  close(): Promise<void>;
}

const bytesOf = (xml: string | Uint8Array): Buffer => Buffer.from(typeof xml === 'string' ? xml : xml);
const sha256 = (b: Uint8Array): Buffer => createHash('sha256').update(b).digest();

/** Sixteen calendar months back, clamped to the month's end; the bank's own copy of the rule. */
const sixteenMonthsBefore = (now: Date): string => {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth() - 16;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m, Math.min(now.getUTCDate(), last))).toISOString().slice(0, 10);
};

export async function startBankServer(options: {
  customers: readonly BankCustomer[];
  token?: string;
  now?: () => Date;
  misbehave?: Misbehaviour;
}): Promise<BankServer> {
  const token = options.token ?? 'test-bank-token';
  const now = options.now ?? (() => new Date());
  const requests: RecordedRequest[] = [];
  let counts: Record<RequestKind, number> = { search: 0, document: 0, other: 0 };
  let total = 0;

  const problem = (
    res: http.ServerResponse,
    status: number,
    code: string,
    headers: http.OutgoingHttpHeaders = {},
  ) => {
    res.writeHead(status, { 'content-type': 'application/problem+json', ...headers });
    res.end(JSON.stringify({ type: 'about:blank', title: code.replace('_', ' '), status, code }));
  };

  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const url = req.url ?? '/';
    const path = url.split('?')[0] ?? '/';
    const kind: RequestKind =
      req.method === 'POST' && path === '/v1/einvoice-searches'
        ? 'search'
        : req.method === 'GET' && /^\/v1\/einvoices\/[^/]+\/document$/.test(path)
          ? 'document'
          : 'other';
    requests.push({ kind, method: req.method ?? '', url, headers: req.headers, body });
    const index = counts[kind]++;
    const m = bank.misbehave;

    if (m.slowMs && (m.slowFirst === undefined || total < m.slowFirst)) {
      total++;
      await new Promise((resolve) => setTimeout(resolve, m.slowMs));
      if (res.destroyed) return;
    } else {
      total++;
    }
    if (req.headers.authorization !== `Bearer ${token}`) return problem(res, 401, 'unauthorized');
    const failing = m.failFirst?.[kind] ?? 0;
    if (index < failing) return problem(res, 500, 'internal');
    if (index < failing + (m.rateLimitFirst?.[kind] ?? 0)) {
      return problem(res, 429, 'rate_limited', { 'retry-after': String(m.retryAfterSeconds ?? 1) });
    }
    if (kind === 'search') return search(res, body, m);
    if (kind === 'document')
      return documentFor(res, req, decodeURIComponent(path.split('/')[3] ?? ''), m, index);
    return problem(res, 404, 'not_found');
  });

  const search = (res: http.ServerResponse, raw: string, m: Misbehaviour) => {
    let q: Record<string, unknown>;
    try {
      q = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return problem(res, 400, 'invalid_request');
    }
    const nationalId = (q.customer as { nationalId?: unknown } | undefined)?.nationalId;
    const { consentReference, issuedSince, pageSize, cursor } = q;
    if (
      typeof nationalId !== 'string' ||
      typeof consentReference !== 'string' ||
      typeof issuedSince !== 'string' ||
      !/^\d{4}-\d{2}-\d{2}$/.test(issuedSince) ||
      typeof pageSize !== 'number' ||
      pageSize < 1 ||
      pageSize > 100
    ) {
      return problem(res, 400, 'invalid_request');
    }
    const customer = options.customers.find((c) => c.nationalId === nationalId);
    if (!customer?.consentReferences.includes(consentReference)) return problem(res, 403, 'consent_invalid');
    // The cursor is bound to the search it came from, so a foreign cursor is refused.
    const { cursor: _, ...rest } = q;
    const fingerprint = sha256(Buffer.from(JSON.stringify(rest)))
      .toString('hex')
      .slice(0, 16);
    let offset = 0;
    if (cursor !== undefined) {
      const decoded = typeof cursor === 'string' ? Buffer.from(cursor, 'base64url').toString() : '';
      const [f, o] = decoded.split(':');
      if (f !== fingerprint || !/^\d+$/.test(o ?? '')) return problem(res, 400, 'cursor_invalid');
      offset = Number(o);
    }
    const floor = sixteenMonthsBefore(now());
    const since = issuedSince.localeCompare(floor) < 0 ? floor : issuedSince;
    const issuers = (q.issuerFilter as { organisationNumbers?: string[] } | undefined)?.organisationNumbers;
    const matching = [...customer.invoices]
      .filter((i) => m.ignoreSince || i.issueDate >= since)
      .filter((i) => !issuers || issuers.includes(i.issuer.organisationNumber))
      .sort((a, b) => a.issueDate.localeCompare(b.issueDate) || a.invoiceRef.localeCompare(b.invoiceRef));
    const size = Math.min(pageSize, m.pageSize ?? 100);
    const page = matching.slice(offset, offset + size);
    const step = m.duplicateAcrossPages && page.length > 1 ? page.length - 1 : page.length;
    const next = offset + step < matching.length ? offset + step : null;
    const items: Record<string, unknown>[] = page.map((i) => {
      const doc = bytesOf(i.xml);
      return {
        invoiceRef: i.invoiceRef,
        issuer: { gln: null, ...i.issuer },
        issueDate: i.issueDate,
        dueDate: i.dueDate ?? null,
        amountOre: i.amountOre ?? null,
        documentType: i.documentType,
        documentSha256: sha256(doc).toString('hex'),
        documentBytes: doc.length,
      };
    });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        items: m.editItems ? m.editItems(items) : items,
        nextCursor: next === null ? null : Buffer.from(`${fingerprint}:${next}`).toString('base64url'),
      }),
    );
  };

  const documentFor = (
    res: http.ServerResponse,
    req: http.IncomingMessage,
    ref: string,
    m: Misbehaviour,
    index: number,
  ) => {
    const consent = req.headers['consent-reference'];
    const customer = options.customers.find(
      (c) => typeof consent === 'string' && c.consentReferences.includes(consent),
    );
    if (!customer) return problem(res, 403, 'consent_invalid');
    const invoice = customer.invoices.find((i) => i.invoiceRef === ref);
    if (!invoice) return problem(res, 404, 'not_found');
    const doc = bytesOf(invoice.xml);
    let digest = sha256(doc);
    if (index < (m.corruptDigest ?? 0)) digest = sha256(Buffer.concat([doc, Buffer.from('x')]));
    const headers: http.OutgoingHttpHeaders = {
      'content-type': 'application/xml; charset=utf-8',
      'repr-digest': `sha-256=:${digest.toString('base64')}:`,
    };
    if (index < (m.truncate ?? 0)) {
      const half = doc.subarray(0, Math.floor(doc.length / 2));
      if (m.truncateMode === 'short') {
        res.writeHead(200, { ...headers, 'content-length': half.length });
        return res.end(half);
      }
      res.writeHead(200, { ...headers, 'content-length': doc.length });
      res.write(half, () => res.destroy());
      return;
    }
    let body = doc;
    if (index < (m.corruptBody ?? 0)) {
      body = Buffer.from(doc);
      body[body.length - 1] = (body[body.length - 1] ?? 0) ^ 0x01;
    }
    if (m.omitContentLength) {
      res.writeHead(200, headers);
      for (let at = 0; at < body.length; at += 64 * 1024) res.write(body.subarray(at, at + 64 * 1024));
      return res.end();
    }
    res.writeHead(200, { ...headers, 'content-length': body.length });
    res.end(body);
  };

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const bank: BankServer = {
    url: `http://127.0.0.1:${port}`,
    token,
    requests,
    misbehave: options.misbehave ?? {},
    reset() {
      requests.length = 0;
      counts = { search: 0, document: 0, other: 0 };
      total = 0;
      bank.misbehave = {};
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
  return bank;
}
