import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import v8 from 'node:v8';
import vm from 'node:vm';
import PDFDocument from 'pdfkit';
import { type ExportFormat, pdfRowText } from '../src/modules/privacy/export-formats.ts';
import { createWebServer } from '../src/web/server.ts';
import { openBenchApp, signUpBenchPerson } from './identities.ts';
import { generateInvoice } from './ingest-data.ts';

/**
 * `elvakt bench export`: one household with N generated invoices (3,000 by default) on the
 * embedded default (PGlite on disk), downloaded as PDF, JSON, CSV and the signed package
 * over HTTP from a real listening server, and the DPO's extract (PDF) from the desk's
 * service, while a client polls `/helse` on the same server every 20 ms: its
 * p99 is what anyone else waits while an export runs. Memory is the process's RSS and heap
 * above the baseline taken (after a garbage collection) just before the exports, sampled
 * while they run. The peer is a bare pdfkit render, with the same font, of the same
 * paragraphs the PDF extract sets, to a discarded stream: no database, no decryption, no worker,
 * so the ratio says what the product's overheads cost on top of laying out the text at all.
 */
export interface ExportBenchResult {
  readonly benchmark: 'export';
  readonly store: 'pglite';
  readonly invoices: number;
  readonly pdf: Run;
  readonly json: Run;
  readonly csv: Run;
  readonly portability: Run;
  readonly dpoExtract: Run;
  readonly pdfParagraphs: number;
  readonly peer: { readonly name: string; readonly seconds: number; readonly bytes: number };
  /** The PDF's seconds over the peer's. */
  readonly ratio: number;
  readonly targets: {
    readonly pdfSeconds: number;
    readonly extraMemoryMb: number;
    readonly healthP99Ms: number;
  };
  readonly met: boolean;
}

interface Run {
  readonly seconds: number;
  readonly bytes: number;
  readonly extraRssMb: number;
  readonly extraHeapMb: number;
  readonly health: { readonly requests: number; readonly p99Ms: number; readonly maxMs: number };
}

const HEALTH_EVERY_MS = 20;

/** The client: downloads the URL with the cookie and prints how many bytes it got. */
const CLIENT = `
const [url, cookie] = process.argv.slice(1);
const res = await fetch(url, { headers: { cookie }, redirect: 'manual' });
if (res.status !== 200) { console.error(url, res.status); process.exit(1); }
let bytes = 0;
for await (const c of res.body) bytes += c.length;
console.log(bytes);
`;

const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;
const MB = 1024 * 1024;

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

const require = createRequire(import.meta.url);
const FONT = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');

/** The peer: the PDF's paragraphs set with pdfkit and thrown away. */
const barePdf = async (paragraphs: readonly string[]): Promise<{ seconds: number; bytes: number }> => {
  const t = performance.now();
  const doc = new PDFDocument({ size: 'A4', margin: 50 });
  let bytes = 0;
  doc.on('data', (c: Buffer) => {
    bytes += c.length;
  });
  const done = new Promise((resolve) => doc.on('end', resolve));
  doc.registerFont('body', FONT);
  doc.font('body').fontSize(9);
  for (const p of paragraphs) doc.text(p, { paragraphGap: 3 });
  doc.end();
  await done;
  return { seconds: (performance.now() - t) / 1000, bytes };
};

const percentile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
};

export const benchExport = async (options: { invoices?: number } = {}): Promise<ExportBenchResult> => {
  const count = options.invoices ?? 3000;
  if (!Number.isInteger(count) || count < 1) throw new Error('--invoices must be a positive integer');
  const { app, remove } = await openBenchApp('export');
  const server = await createWebServer(app);
  try {
    const { invoices, customers, downloads, exports } = app.services;
    const id = await signUpBenchPerson(app, 0);
    const now = app.clock.now();
    for (let b = 0; b < count; b += 250) {
      const batch = [];
      for (let n = b; n < Math.min(count, b + 250); n++)
        batch.push({ content: generateInvoice(0, n, Math.floor(n / 2) % 15, now).xml });
      await invoices.importDocuments(id, batch, { actor: 'bench', source: 'file' });
    }
    // The peer's text: what the PDF sets, a paragraph a row (read before anything is timed).
    const paragraphs: string[] = [];
    for await (const e of exports.events(id)) {
      if (e.type === 'table')
        paragraphs.push(
          e.table.description.nb,
          ...e.table.purposes.map((p) => `Formål: ${p.purpose.nb} — ${p.legalBasis.nb}`),
          ...e.table.retention.map((r) => `Lagringstid: ${r.nb}`),
        );
      else if (e.type === 'rows')
        for (const [i, row] of e.rows.entries()) paragraphs.push(pdfRowText(row, e.first + i));
    }
    await server.listen({ port: 0, host: '127.0.0.1' });
    const address = server.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const cookie = `auth_token=${(await customers.createSession(id)).token}`;

    const measure = async (produce: () => Promise<number>): Promise<Run> => {
      gc();
      const rss0 = process.memoryUsage().rss;
      const heap0 = process.memoryUsage().heapUsed;
      let rss = rss0;
      let heap = heap0;
      const sampler = setInterval(() => {
        const m = process.memoryUsage();
        rss = Math.max(rss, m.rss);
        heap = Math.max(heap, m.heapUsed);
      }, 25);
      const latencies: number[] = [];
      let running = true;
      const poll = (async () => {
        while (running) {
          const t = performance.now();
          const res = await fetch(`${base}/helse`);
          await res.arrayBuffer();
          latencies.push(performance.now() - t);
          // A health checker asks now and then; asking flat out would itself be the load.
          await new Promise((resolve) => setTimeout(resolve, HEALTH_EVERY_MS));
        }
      })();
      const t = performance.now();
      const bytes = await produce();
      const seconds = (performance.now() - t) / 1000;
      running = false;
      await poll;
      clearInterval(sampler);
      return {
        seconds: round(seconds),
        bytes,
        extraRssMb: round((rss - rss0) / MB, 1),
        extraHeapMb: round((heap - heap0) / MB, 1),
        health: {
          requests: latencies.length,
          p99Ms: round(percentile(latencies, 0.99), 1),
          maxMs: round(Math.max(0, ...latencies), 1),
        },
      };
    };
    // The downloading client is another process, as it would be: only the server is measured here.
    const overHttp = (file: string) => async () => {
      const child = spawn(
        process.execPath,
        ['--input-type=module', '-e', CLIENT, `${base}/mine-data/${file}`, cookie],
        {
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      let out = '';
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
      });
      const code = await new Promise((resolve) => child.on('exit', resolve));
      if (code !== 0) throw new Error(`${file}: the client failed`);
      return Number(out.trim());
    };
    const desk = (format: ExportFormat) => async () => {
      const { stream } = await downloads.forStaff(id, format, 'bench', 'bench');
      let bytes = 0;
      for await (const chunk of stream) bytes += (chunk as Uint8Array).length;
      return bytes;
    };

    const pdf = await measure(overHttp('eksport.pdf'));
    const json = await measure(overHttp('eksport.json'));
    const csv = await measure(overHttp('eksport.csv'));
    const portability = await measure(overHttp('portabilitet.json'));
    const dpoExtract = await measure(desk('pdf'));
    const peer = await barePdf(paragraphs);
    const ratio = pdf.seconds / Math.max(peer.seconds, 0.001);
    const runs = [pdf, json, csv, portability, dpoExtract];
    const targets = { pdfSeconds: 15, extraMemoryMb: 300, healthP99Ms: 100 };
    return {
      benchmark: 'export',
      store: 'pglite',
      invoices: count,
      pdf,
      json,
      csv,
      portability,
      dpoExtract,
      pdfParagraphs: paragraphs.length,
      peer: {
        name: 'pdfkit, DejaVu Sans 9 pt, the same paragraphs, main thread',
        seconds: round(peer.seconds),
        bytes: peer.bytes,
      },
      ratio: round(ratio, 2),
      targets,
      met:
        pdf.seconds <= targets.pdfSeconds &&
        runs.every(
          (r) =>
            Math.max(r.extraRssMb, r.extraHeapMb) <= targets.extraMemoryMb &&
            r.health.p99Ms <= targets.healthP99Ms,
        ),
    };
  } finally {
    await server.close();
    await app.close();
    remove();
  }
};
