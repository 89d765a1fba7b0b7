import { parentPort, workerData } from 'node:worker_threads';
import { type ExportEvent, type ExportFormat, type ExportLang, exportWriter } from './export-formats.ts';

/**
 * Turns export events into bytes off the main thread: laying out a PDF of thousands of
 * invoices is seconds of CPU, which on the main thread kept every request (and /helse)
 * waiting. Each event is answered with the bytes it produced, so the main thread sends the
 * next one only when the client has taken the last: memory stays a page's worth.
 */
const { format, signingKey, lang } = workerData as {
  format: ExportFormat;
  signingKey?: Uint8Array;
  lang?: ExportLang;
};
const encoder = new TextEncoder();
let pending: Uint8Array[] = [];
const writer = exportWriter(
  format,
  (chunk) => {
    pending.push(typeof chunk === 'string' ? encoder.encode(chunk) : new Uint8Array(chunk));
  },
  signingKey,
  lang,
);

parentPort?.on('message', async (message: { seq: number; event: ExportEvent }) => {
  try {
    await writer.write(message.event);
    // One buffer per event, handed over rather than copied.
    const size = pending.reduce((a, c) => a + c.length, 0);
    const bytes = new Uint8Array(size);
    let at = 0;
    for (const c of pending) {
      bytes.set(c, at);
      at += c.length;
    }
    pending = [];
    parentPort?.postMessage({ seq: message.seq, chunks: size > 0 ? [bytes] : [] }, [bytes.buffer]);
  } catch (e) {
    parentPort?.postMessage({ seq: message.seq, error: e instanceof Error ? e.message : String(e) });
  }
});
