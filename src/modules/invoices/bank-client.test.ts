import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type BankCustomer,
  type BankInvoice,
  type BankServer,
  startBankServer,
} from '../../../test/bank-server.ts';
import { fixedClock } from '../../platform/clock.ts';
import { AppError } from '../../platform/errors.ts';
import { type BankClientOptions, BankInvoiceClient } from './bank-client.ts';
import type { InvoiceListing } from './invoice-source.ts';

const NATIONAL_ID = '17912099997';
const CONSENT = 'poa-7f3c2a';
const NOW = '2026-05-15T10:00:00Z';
// 16 months before NOW.
const FLOOR = '2025-01-15';

const doc = (n: number): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<Invoice><ID>${n}</ID><Note>Strøm for måned ${n}</Note></Invoice>\n`;

const invoice = (n: number, issueDate: string, extra: Partial<BankInvoice> = {}): BankInvoice => ({
  invoiceRef: `inv-${String(n).padStart(4, '0')}`,
  issuer: { organisationNumber: '984882114', name: 'Kraft AS', gln: '7080000000001' },
  issueDate,
  documentType: 'invoice',
  amountOre: 100_00 * n,
  xml: doc(n),
  ...extra,
});

const recent = Array.from({ length: 7 }, (_, i) => invoice(i + 1, `2026-0${(i % 4) + 1}-1${i}`));
const customer: BankCustomer = {
  nationalId: NATIONAL_ID,
  consentReferences: [CONSENT],
  invoices: [
    ...recent,
    invoice(20, '2025-11-30', { issuer: { organisationNumber: '911111111', name: 'Nett AS' } }),
    invoice(21, '2025-06-01', { documentType: 'credit_note' }),
    invoice(30, '2024-12-01'),
    invoice(40, '2026-03-01', {
      xml: Uint8Array.from([0x3c, 0x61, 0x3e, 0xff, 0xfe, 0x3c, 0x2f, 0x61, 0x3e]),
    }),
    invoice(50, '2026-04-01', { xml: `<Invoice>${'x'.repeat(200_000)}</Invoice>` }),
  ],
};

let bank: BankServer;
let sleeps: number[] = [];
const errors: AppError[] = [];

const client = (options: Partial<BankClientOptions> = {}): BankInvoiceClient =>
  new BankInvoiceClient({
    baseUrl: bank.url,
    token: bank.token,
    timeoutMs: 2_000,
    maxAttempts: 4,
    backoff: { baseMs: 100, maxMs: 1_000 },
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    clock: fixedClock(NOW),
    ...options,
  });

const listAll = async (c: BankInvoiceClient, since = '2025-02-01', issuerOrgnrs?: string[]) => {
  const out: InvoiceListing[] = [];
  for await (const l of c.list({ nationalId: NATIONAL_ID, consentReference: CONSENT, since, issuerOrgnrs })) {
    out.push(l);
  }
  return out;
};

const failure = async (p: Promise<unknown>): Promise<AppError> => {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  errors.push(e as AppError);
  return e as AppError;
};

const listing = async (ref: string): Promise<InvoiceListing> => {
  const all = await listAll(client());
  const found = all.find((l) => l.invoiceRef === ref);
  if (!found) throw new Error(`${ref} not listed`);
  bank.reset();
  sleeps = [];
  return found;
};

const searches = () => bank.requests.filter((r) => r.kind === 'search');
const documents = () => bank.requests.filter((r) => r.kind === 'document');

/** A fetch that counts the body bytes the client actually pulls. */
const countingFetch = (counter: { bytes: number }): typeof fetch => {
  return async (input, init) => {
    const res = await fetch(input, init);
    const reader = res.body?.getReader();
    if (!reader) return res;
    const body = new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          const { done, value } = await reader.read();
          if (done) return controller.close();
          counter.bytes += value.byteLength;
          controller.enqueue(value);
        },
        cancel: (reason) => reader.cancel(reason),
      },
      { highWaterMark: 0 },
    );
    return new Response(body, { status: res.status, headers: res.headers });
  };
};

beforeAll(async () => {
  bank = await startBankServer({ customers: [customer], now: () => new Date(NOW) });
});

afterEach(() => {
  for (const r of bank.requests) {
    expect(r.url).not.toContain(NATIONAL_ID);
    expect(JSON.stringify(r.headers)).not.toContain(NATIONAL_ID);
  }
  bank.reset();
  sleeps = [];
});

afterAll(async () => {
  await bank.close();
  for (const e of errors) {
    const text = `${e.message} ${JSON.stringify(e.details)}`;
    for (const secret of [NATIONAL_ID, bank.token, CONSENT]) expect(text).not.toContain(secret);
    expect(text).not.toContain('<Invoice');
  }
  expect(errors.length).toBeGreaterThan(10);
});

describe('BankInvoiceClient.list', () => {
  it('pages until the cursor is null and yields each invoice once despite duplicates', async () => {
    bank.misbehave = { pageSize: 2, duplicateAcrossPages: true };
    const all = await listAll(client());
    const refs = all.map((l) => l.invoiceRef);
    expect(new Set(refs).size).toBe(refs.length);
    expect(refs.sort()).toEqual(
      ['inv-0001', 'inv-0002', 'inv-0003', 'inv-0004', 'inv-0005', 'inv-0006', 'inv-0007', 'inv-0020']
        .concat(['inv-0021', 'inv-0040', 'inv-0050'])
        .sort(),
    );
    expect(searches().length).toBeGreaterThanOrEqual(10);
    const bodies = searches().map((r) => JSON.parse(r.body) as Record<string, unknown>);
    expect(bodies[0]).toEqual({
      customer: { nationalId: NATIONAL_ID },
      consentReference: CONSENT,
      issuedSince: '2025-02-01',
      pageSize: 100,
    });
    expect(bodies.slice(1).every((b) => typeof b.cursor === 'string')).toBe(true);
    const credit = all.find((l) => l.invoiceRef === 'inv-0021');
    expect(credit).toEqual({
      invoiceRef: 'inv-0021',
      issuer: { orgnr: '984882114', name: 'Kraft AS', gln: '7080000000001' },
      issueDate: '2025-06-01',
      documentType: 'credit_note',
      sha256: createHash('sha256').update(doc(21)).digest('hex'),
      bytes: Buffer.byteLength(doc(21)),
    });
    expect(sleeps).toEqual([]);
  });

  it('drops items issued before since even when the bank returns them', async () => {
    bank.misbehave = { ignoreSince: true };
    const all = await listAll(client(), '2026-01-01');
    expect(all.length).toBeGreaterThan(0);
    expect(all.every((l) => l.issueDate >= '2026-01-01')).toBe(true);
    expect(all.map((l) => l.invoiceRef)).not.toContain('inv-0030');
  });

  it('never asks for more than 16 months back and drops anything older', async () => {
    bank.misbehave = { ignoreSince: true };
    const all = await listAll(client(), '2020-01-01');
    expect(JSON.parse(searches()[0]?.body ?? '{}').issuedSince).toBe(FLOOR);
    expect(all.map((l) => l.invoiceRef)).not.toContain('inv-0030');
    expect(all.map((l) => l.invoiceRef)).toContain('inv-0021');
  });

  it('asks only for the given issuers and drops others the bank sends anyway', async () => {
    const only = await listAll(client(), FLOOR, ['911111111']);
    expect(only.map((l) => l.invoiceRef)).toEqual(['inv-0020']);
    expect(JSON.parse(searches()[0]?.body ?? '{}').issuerFilter).toEqual({
      organisationNumbers: ['911111111'],
    });
    bank.reset();
    bank.misbehave = {
      editItems: (items) =>
        items.map((i) => ({ ...i, issuer: { organisationNumber: '922222222', name: 'X' } })),
    };
    expect(await listAll(client(), FLOOR, ['911111111'])).toEqual([]);
    bank.reset();
    expect(await listAll(client(), FLOOR, [])).toEqual([]);
    expect(bank.requests).toEqual([]);
  });

  it('retries a search after two 500s with exponential backoff and full jitter', async () => {
    bank.misbehave = { failFirst: { search: 2 } };
    const all = await listAll(client());
    expect(all.length).toBe(11);
    expect(searches().length).toBe(3);
    // random() is 0.5: half of 100 ms, then half of 200 ms.
    expect(sleeps).toEqual([50, 100]);
  });

  it('refuses a search the bank rejects as without consent at once, without retrying', async () => {
    const e = await failure(
      (async () => {
        for await (const _ of client().list({
          nationalId: NATIONAL_ID,
          consentReference: 'withdrawn-1',
          since: FLOOR,
        })) {
          // nothing is expected
        }
      })(),
    );
    expect(e.code).toBe('consent_required');
    expect(e.details).toEqual([{ at: 'bank', message: 'consent_invalid' }]);
    expect(searches().at(-1)?.body).toContain('withdrawn-1');
    expect(sleeps).toEqual([]);
  });

  it('names the field of a bad item, never its value, and does not retry', async () => {
    bank.misbehave = {
      editItems: (items) =>
        items.map((i, n) => (n === 1 ? { ...i, issuer: { organisationNumber: NATIONAL_ID, name: 'X' } } : i)),
    };
    const e = await failure(listAll(client()));
    expect(e.code).toBe('upstream_invalid');
    expect(e.details).toEqual([{ at: 'items[1].issuer.organisationNumber', message: '9 digits' }]);
    expect(searches().length).toBe(1);
  });

  it('refuses one invoiceRef listed with two different documents', async () => {
    bank.misbehave = { editItems: (items) => items.map((i) => ({ ...i, invoiceRef: 'inv-same' })) };
    const e = await failure(listAll(client()));
    expect(e.details).toEqual([{ at: 'bank', message: 'ref_reused' }]);
  });

  it('refuses a search with a malformed national id without sending it', async () => {
    const e = await failure(
      (async () => {
        for await (const _ of client().list({
          nationalId: '1234',
          consentReference: CONSENT,
          since: FLOOR,
        })) {
          // nothing is expected
        }
      })(),
    );
    expect(e.code).toBe('validation_failed');
    expect(e.details).toEqual([{ at: 'nationalId', message: 'must be 11 digits' }]);
    expect(bank.requests).toEqual([]);
  });

  it('reports a refused token as the bank failing, without retrying', async () => {
    const e = await failure(listAll(client({ token: 'wrong-token' })));
    expect(e.details).toEqual([{ at: 'bank', message: 'unauthorized' }]);
    expect(searches().length).toBe(1);
  });
});

describe('BankInvoiceClient.fetchDocument', () => {
  it('fetches a document and sends the consent reference in a header, not the URL', async () => {
    const l = await listing('inv-0003');
    expect(await client().fetchDocument(l, CONSENT)).toBe(doc(3));
    const [r] = documents();
    expect(r?.url).toBe('/v1/einvoices/inv-0003/document');
    expect(r?.headers['consent-reference']).toBe(CONSENT);
    expect(r?.headers['accept-encoding']).toBe('identity');
  });

  it('retries after two 500s', async () => {
    const l = await listing('inv-0001');
    bank.misbehave = { failFirst: { document: 2 } };
    expect(await client().fetchDocument(l, CONSENT)).toBe(doc(1));
    expect(documents().length).toBe(3);
    expect(sleeps).toEqual([50, 100]);
  });

  it('waits as long as Retry-After says on 429, capped', async () => {
    const l = await listing('inv-0001');
    bank.misbehave = { rateLimitFirst: { document: 1 }, retryAfterSeconds: 2 };
    expect(await client().fetchDocument(l, CONSENT)).toBe(doc(1));
    expect(sleeps).toEqual([2_000]);
    bank.reset();
    sleeps = [];
    bank.misbehave = { rateLimitFirst: { document: 2 }, retryAfterSeconds: 3_600 };
    expect(await client({ maxRetryAfterMs: 5_000 }).fetchDocument(l, CONSENT)).toBe(doc(1));
    expect(sleeps).toEqual([5_000, 5_000]);
  });

  it('gives up with rate_limited as the reason when the bank keeps answering 429', async () => {
    const l = await listing('inv-0001');
    bank.misbehave = { rateLimitFirst: { document: 99 }, retryAfterSeconds: 1 };
    const e = await failure(client().fetchDocument(l, CONSENT));
    expect(e.details).toEqual([{ at: 'bank', message: 'rate_limited' }]);
    expect(documents().length).toBe(4);
  });

  it('times out on a slow bank, retries, and fails after maxAttempts', async () => {
    const l = await listing('inv-0001');
    bank.misbehave = { slowMs: 400 };
    const started = Date.now();
    const e = await failure(client({ timeoutMs: 60, maxAttempts: 3 }).fetchDocument(l, CONSENT));
    expect(e.code).toBe('upstream_unavailable');
    expect(e.message).toBe('The bank document failed after 3 attempts.');
    expect(e.details).toEqual([{ at: 'bank', message: 'timeout' }]);
    expect(documents().length).toBe(3);
    expect(sleeps.length).toBe(2);
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('succeeds when only the first answer is slow', async () => {
    const l = await listing('inv-0002');
    bank.misbehave = { slowMs: 400, slowFirst: 1 };
    expect(await client({ timeoutMs: 60 }).fetchDocument(l, CONSENT)).toBe(doc(2));
    expect(documents().length).toBe(2);
  });

  it('retries a body cut off before Content-Length, and fails if it stays cut', async () => {
    const l = await listing('inv-0050');
    bank.misbehave = { truncate: 1 };
    expect(await client().fetchDocument(l, CONSENT)).toBe(`<Invoice>${'x'.repeat(200_000)}</Invoice>`);
    expect(documents().length).toBe(2);
    bank.reset();
    bank.misbehave = { truncate: 99 };
    const e = await failure(client().fetchDocument(l, CONSENT));
    expect(e.details[0]?.message).toMatch(/^network/);
    expect(documents().length).toBe(4);
  });

  it('retries a short document whose length does not match the listing', async () => {
    const l = await listing('inv-0004');
    bank.misbehave = { truncate: 99, truncateMode: 'short' };
    const e = await failure(client().fetchDocument(l, CONSENT));
    expect(e.details).toEqual([{ at: 'bank', message: 'not_as_listed' }]);
    expect(documents().length).toBe(4);
  });

  it('refuses a document whose Repr-Digest does not match the listing', async () => {
    const l = await listing('inv-0004');
    bank.misbehave = { corruptDigest: 99 };
    const e = await failure(client().fetchDocument(l, CONSENT));
    expect(e.details).toEqual([{ at: 'bank', message: 'not_as_listed' }]);
    bank.reset();
    bank.misbehave = { corruptDigest: 1 };
    expect(await client().fetchDocument(l, CONSENT)).toBe(doc(4));
  });

  it('refuses a document whose bytes do not match their Repr-Digest', async () => {
    const l = await listing('inv-0004');
    bank.misbehave = { corruptBody: 99 };
    const e = await failure(client().fetchDocument(l, CONSENT));
    expect(e.details).toEqual([{ at: 'bank', message: 'digest_mismatch' }]);
    expect(documents().length).toBe(4);
  });

  it('refuses a document over the cap without asking for it when the listing says so', async () => {
    const l = await listing('inv-0050');
    const e = await failure(client({ maxDocumentBytes: 100_000 }).fetchDocument(l, CONSENT));
    expect(e.code).toBe('payload_too_large');
    expect(bank.requests).toEqual([]);
  });

  it('refuses a document whose Content-Length is over the cap without reading its body', async () => {
    const l = await listing('inv-0050');
    const counter = { bytes: 0 };
    const c = client({ maxDocumentBytes: 100_000, fetch: countingFetch(counter) });
    const e = await failure(c.fetchDocument({ ...l, bytes: 1_000 }, CONSENT));
    expect(e.code).toBe('payload_too_large');
    expect(documents().length).toBe(1);
    expect(counter.bytes).toBe(0);
  });

  it('refuses a document without Content-Length without reading it', async () => {
    const l = await listing('inv-0050');
    bank.misbehave = { omitContentLength: true };
    const counter = { bytes: 0 };
    const e = await failure(client({ fetch: countingFetch(counter) }).fetchDocument(l, CONSENT));
    expect(e.details).toEqual([{ at: 'bank', message: 'content_length' }]);
    expect(documents().length).toBe(1);
    expect(counter.bytes).toBe(0);
  });

  it('refuses a document that is not valid UTF-8, without retrying', async () => {
    const l = await listing('inv-0040');
    const e = await failure(client().fetchDocument(l, CONSENT));
    expect(e.details).toEqual([{ at: 'document', message: 'utf8' }]);
    expect(documents().length).toBe(1);
  });

  it('stops at once on 403 consent_invalid and on 404', async () => {
    const l = await listing('inv-0001');
    const e = await failure(client().fetchDocument(l, 'withdrawn-1'));
    expect(e.code).toBe('consent_required');
    const missing = await failure(client().fetchDocument({ ...l, invoiceRef: 'inv-9999' }, CONSENT));
    expect(missing.code).toBe('not_found');
    expect(documents().length).toBe(2);
    expect(sleeps).toEqual([]);
  });
});

describe('BankInvoiceClient configuration', () => {
  it('refuses plain http except to this machine, and a malformed token', () => {
    const make =
      (baseUrl: string, token = 'abc') =>
      () =>
        new BankInvoiceClient({ baseUrl, token });
    expect(make('http://bank.example/api')).toThrow(/https/);
    expect(make('https://user:pw@bank.example')).toThrow(/credentials/);
    expect(make('http://localhost:8080')).not.toThrow();
    expect(make('https://bank.example/api/')).not.toThrow();
    expect(make('https://bank.example', 'has space')).toThrow(AppError);
  });
});
