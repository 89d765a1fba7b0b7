import fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { instantiateKernel, type Kernel } from './kernel.ts';
import { computeLayout, type Layout, type Reply, type Request, type WorkerInit } from './layout.ts';
import { buildOfferTable, chooseBest, type OfferTable } from './offers.ts';

/**
 * One pricing worker: owns a kernel memory (shared with the main thread, which writes rows
 * into it and reads results out of it), runs the SIMD kernel over a slot's rows and picks
 * each row's cheapest offer. Requests are answered strictly in arrival order.
 */
const init = workerData as WorkerInit;
const layout: Layout = computeLayout(init);
const { memory } = init;
const kernel: Kernel = instantiateKernel(memory);
let table: OfferTable | undefined;

// Read in pieces: a single read is capped near 2 GiB.
const READ_PIECE = 1 << 30;

const readRows = (file: string, byteOffset: number, into: number, bytes: number): void => {
  const fd = fs.openSync(file, 'r');
  try {
    let done = 0;
    while (done < bytes) {
      const len = Math.min(READ_PIECE, bytes - done);
      const got = fs.readSync(fd, new Uint8Array(memory.buffer, into + done, len), 0, len, byteOffset + done);
      if (got === 0) throw new Error(`${file} ends before byte ${byteOffset + bytes}`);
      done += got;
    }
  } finally {
    fs.closeSync(fd);
  }
};

const handle = (req: Request): Reply => {
  if (req.type === 'offers') {
    table = req.table;
    return { ok: true };
  }
  const slot = layout.slots[req.slot];
  if (!slot) throw new RangeError(`no slot ${req.slot}`);
  if (req.rows > layout.chunkRows || req.hours > layout.maxHours)
    throw new RangeError('chunk too large for the slot');
  if (req.type === 'read') {
    readRows(req.file, req.byteOffset, slot.rows, req.rows * req.hours * 4);
    return { ok: true };
  }
  if (!table) throw new Error('no offers yet');
  kernel.rowSums(slot.rows, req.rows, req.hours, layout.prices, slot.areas, slot.kwh, slot.spot);
  const buf = memory.buffer;
  const { checksum, unpriced } = chooseBest(
    table,
    req.rows,
    new Uint8Array(buf, slot.areas, req.rows),
    new Float64Array(buf, slot.kwh, req.rows),
    new Float64Array(buf, slot.spot, req.rows),
    new Float64Array(buf, slot.best, req.rows),
    new Int32Array(buf, slot.bestIndex, req.rows),
  );
  return { ok: true, checksum, unpriced };
};

// The kernel starts in V8's baseline tier and is recompiled optimised once it has run a
// while; a call already running stays in the tier it started in. Running it a few hundred
// times on a few zero rows here means real batches start in optimised code.
const warmUp = async () => {
  const slot = layout.slots[0];
  if (!slot) return;
  const rows = Math.min(4, layout.chunkRows);
  new Uint8Array(memory.buffer, slot.areas, rows).fill(0);
  for (let round = 0; round < 4; round++) {
    for (let i = 0; i < 100; i++) {
      kernel.rowSums(slot.rows, rows, layout.maxHours, layout.prices, slot.areas, slot.kwh, slot.spot);
    }
    // Optimised code is compiled on a background thread; give it a moment to land.
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  // The offer loop too, on a made-up table, so that JavaScript's optimising compiler has
  // seen it before the first real batch.
  const made = buildOfferTable(
    Array.from({ length: 8 }, (_, i) => ({
      type: i % 2 === 0 ? 'spot' : 'fixed',
      areas: [0],
      markup: i,
      fixedPrice: i,
      monthlyFee: i,
    })),
  );
  const out = { best: new Float64Array(rows), index: new Int32Array(rows) };
  const sums = new Float64Array(rows).fill(1);
  const areas = new Uint8Array(rows);
  for (let i = 0; i < 20_000; i++) chooseBest(made, rows, areas, sums, sums, out.best, out.index);
};

// The first write to each page of a fresh memory is a page fault; paying for them all at
// start keeps them out of the first batch, and makes the pool's memory visible up front.
const prefault = () => {
  const bytes = new Uint8Array(memory.buffer);
  for (let at = 0; at < bytes.length; at += 4096) bytes[at] = 0;
};

if (init.prefault) prefault();
await warmUp();

const port = parentPort;
if (!port) throw new Error('pricing-worker runs as a worker thread');
port.on('message', (req: Request) => {
  let reply: Reply;
  try {
    reply = handle(req);
  } catch (e) {
    reply = { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  port.postMessage(reply);
});
port.postMessage({ ok: true } satisfies Reply);
