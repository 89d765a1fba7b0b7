import { XMLParser } from 'fast-xml-parser';
import { parseUbl } from '../src/modules/invoices/ubl-parser.ts';
import { openBenchApp, signUpBenchPerson } from './identities.ts';
import { generateInvoices, PER_CUSTOMER } from './ingest-data.ts';

/**
 * `elvakt bench ingest`: parses, checks and stores generated electricity invoices on the
 * embedded default (PGlite on disk), the way `elvakt import ehf` does: a transaction per
 * customer batch, each invoice encrypted under its customer's bookkeeping key. The peer is
 * a bare fast-xml-parser parse of the same documents in the same run (default options: no
 * well-formedness check, no rules, no storage), so the ratio says what the safety, the
 * checks and the storage cost on top of reading the XML at all.
 */
export interface IngestBenchResult {
  readonly benchmark: 'ingest';
  readonly store: 'pglite';
  readonly invoices: number;
  readonly customers: number;
  readonly averageBytes: number;
  readonly stored: number;
  readonly seconds: number;
  readonly invoicesPerSecond: number;
  /** Parse and rule checks alone, without storing: where the time goes. */
  readonly parseCheck: { readonly seconds: number; readonly invoicesPerSecond: number };
  readonly peer: { readonly name: string; readonly seconds: number; readonly invoicesPerSecond: number };
  /** Our stored rate over the peer's parse rate. */
  readonly ratio: number;
  readonly targets: { readonly invoicesPerSecond: number; readonly ratio: number };
  readonly met: boolean;
  readonly peak_rss_bytes: number;
}

const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;

export const benchIngest = async (options: { invoices?: number } = {}): Promise<IngestBenchResult> => {
  const count = options.invoices ?? 10_000;
  if (!Number.isInteger(count) || count < 1) throw new Error('--invoices must be a positive integer');
  const { app, remove } = await openBenchApp('ingest');
  let peak = process.memoryUsage().rss;
  try {
    const { invoices } = app.services;
    const docs = generateInvoices(count, app.clock.now());
    const customerCount = Math.ceil(count / PER_CUSTOMER);
    const ids: string[] = [];
    for (let i = 0; i < customerCount; i++) {
      const id = await signUpBenchPerson(app, i);
      ids.push(id);
    }
    const bytes = docs.reduce((a, d) => a + Buffer.byteLength(d.xml), 0);

    // The peer: a bare parse of the same documents.
    const bare = new XMLParser();
    let t = performance.now();
    for (const d of docs) bare.parse(d.xml);
    const peerSeconds = (performance.now() - t) / 1000;

    t = performance.now();
    for (const d of docs) if (!parseUbl(d.xml).ok) throw new Error('a generated invoice was refused');
    const parseSeconds = (performance.now() - t) / 1000;
    peak = Math.max(peak, process.memoryUsage().rss);

    let stored = 0;
    t = performance.now();
    for (let c = 0; c < customerCount; c++) {
      const batch = docs.slice(c * PER_CUSTOMER, (c + 1) * PER_CUSTOMER).map((d) => ({ content: d.xml }));
      const reports = await invoices.importDocuments(ids[c] as string, batch, {
        actor: 'bench',
        source: 'file',
      });
      stored += reports.filter((r) => r.outcome === 'stored').length;
    }
    const seconds = (performance.now() - t) / 1000;
    peak = Math.max(peak, process.memoryUsage().rss);
    if (stored !== count) throw new Error(`stored ${stored} of ${count} invoices`);

    const rate = count / seconds;
    const peerRate = count / peerSeconds;
    const ratio = rate / peerRate;
    return {
      benchmark: 'ingest',
      store: 'pglite',
      invoices: count,
      customers: customerCount,
      averageBytes: Math.round(bytes / count),
      stored,
      seconds: round(seconds),
      invoicesPerSecond: Math.round(rate),
      parseCheck: { seconds: round(parseSeconds), invoicesPerSecond: Math.round(count / parseSeconds) },
      peer: {
        name: 'fast-xml-parser XMLParser.parse, default options',
        seconds: round(peerSeconds),
        invoicesPerSecond: Math.round(peerRate),
      },
      ratio: round(ratio),
      targets: { invoicesPerSecond: 1000, ratio: 0.5 },
      met: rate >= 1000 && ratio >= 0.5,
      peak_rss_bytes: peak,
    };
  } finally {
    await app.close();
    remove();
  }
};
