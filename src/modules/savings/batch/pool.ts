import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { createKernelMemory } from './kernel.ts';
import { computeLayout, type Layout, type Reply, type Request, type WorkerInit } from './layout.ts';
import { AREA_COUNT, type BatchOffer, buildOfferTable } from './offers.ts';

/**
 * The national-scale pricing engine: a pool of worker threads, each owning a contiguous
 * share of a batch's metering points and a fixed-size kernel memory, so that memory stays
 * bounded however large the batch is (a store streams batches; each batch is cut into
 * chunks of at most `chunkRows` rows per worker). Per row the kernel sums kWh and kWh×spot
 * in one SIMD pass; the worker then takes the cheapest offer in the row's price area.
 * Results do not depend on the number of workers: each row is priced the same way
 * wherever it lands, and the checksum is summed in row order.
 */
export interface PricingBatch {
  /** n × hours kWh, row-major, one row per metering point, no gaps. */
  readonly rows: Float32Array;
  /** 0–4 (NO1–NO5) per row. */
  readonly areaOfRow: Uint8Array;
  readonly hours: number;
}

export interface PricingResult {
  /** Cost under the cheapest offer of the row's area; Infinity when none covers it. */
  readonly best: Float64Array;
  /** Position of that offer in the offers given; -1 when none. */
  readonly bestIndex: Int32Array;
  readonly kwh: Float64Array;
  /** Σ kWh × spot price over the hours. */
  readonly spotCost: Float64Array;
  /** Σ best over the rows that have an offer, in row order. */
  readonly checksum: number;
  readonly unpriced: number;
}

export interface PricingPoolOptions {
  /** Default: one per core. */
  readonly workers?: number;
  /** The longest series a row may have; default a leap year of hours. */
  readonly maxHours?: number;
  /** Rows per chunk per worker; default 2 048 (≈ 72 MB of kWh at 8 784 hours). */
  readonly chunkRows?: number;
  /** Chunks in flight per worker: 2 overlaps copying one with pricing the other. */
  readonly slots?: number;
  /**
   * Commit the memory when the pool starts rather than during the first batch; default
   * true. A pool whose slots are about to be filled from files anyway can skip it.
   */
  readonly prefault?: boolean;
  /** Months of fixed fees in the period; default 12. */
  readonly feeMonths?: number;
}

/** A chunk of a file of float32 rows, read by the worker straight into its memory. */
export interface FileChunk {
  readonly file: string;
  readonly byteOffset: number;
  readonly rows: number;
  readonly areaOfRow: Uint8Array;
}

export interface PricingPool {
  readonly workers: number;
  readonly layout: Layout;
  /** Resolves once every worker has started and warmed its kernel up. */
  ready(): Promise<void>;
  price(batch: PricingBatch, prices: Float32Array, offers: readonly BatchOffer[]): Promise<PricingResult>;
  /**
   * The lower-level path for data that is on disk already, with the same kernel: set the
   * prices and offers, load one chunk per worker straight from the file into its first slot
   * (`load`), then price what is loaded (`priceLoaded`), so that a caller can time the two
   * apart. `priceLoaded` returns the workers' partial checksums in worker order. Meant for
   * a pool of its own: a `price()` in between overwrites the slots.
   */
  setPricing(prices: Float32Array, hours: number, offers: readonly BatchOffer[]): Promise<void>;
  load(chunks: readonly (FileChunk | null)[], hours: number): Promise<void>;
  priceLoaded(rows: readonly number[], hours: number): Promise<{ checksum: number; unpriced: number }[]>;
  close(): Promise<void>;
}

interface Member {
  readonly worker: Worker;
  readonly memory: WebAssembly.Memory;
  readonly pending: { resolve: (r: Reply) => void; reject: (e: Error) => void }[];
  failure?: Error;
}

const WORKER_URL = new URL('./pricing-worker.mjs', import.meta.url);

export const createPricingPool = (options: PricingPoolOptions = {}): PricingPool => {
  const count = options.workers ?? Math.max(1, os.availableParallelism());
  if (!Number.isInteger(count) || count < 1) throw new RangeError('workers must be a positive integer');
  const params = {
    maxHours: options.maxHours ?? 8784,
    chunkRows: options.chunkRows ?? 2048,
    slots: options.slots ?? 2,
  };
  if (!Number.isInteger(params.slots) || params.slots < 1)
    throw new RangeError('slots must be a positive integer');
  const layout = computeLayout(params);
  const feeMonths = options.feeMonths ?? 12;

  const members: Member[] = [];
  const ready: Promise<Reply>[] = [];
  for (let w = 0; w < count; w++) {
    const memory = createKernelMemory(layout.bytes);
    const init: WorkerInit = { memory, ...params, prefault: options.prefault ?? true };
    const worker = new Worker(WORKER_URL, { workerData: init });
    const member: Member = { worker, memory, pending: [] };
    const fail = (e: Error) => {
      member.failure ??= e;
      for (const p of member.pending.splice(0)) p.reject(e);
    };
    worker.on('message', (reply: Reply) => {
      const p = member.pending.shift();
      if (!p) return;
      if (reply.ok) p.resolve(reply);
      else p.reject(new Error(`pricing worker: ${reply.error}`));
    });
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`pricing worker exited (${code})`)));
    // The worker's first message says it is ready.
    ready.push(new Promise((resolve, reject) => member.pending.push({ resolve, reject })));
    members.push(member);
  }
  const started = Promise.all(ready);
  // Unhandled until someone calls in; a failed start surfaces on the first call.
  started.catch(() => {});

  const send = (m: Member, req: Request): Promise<Reply> => {
    if (m.failure) return Promise.reject(m.failure);
    return new Promise((resolve, reject) => {
      m.pending.push({ resolve, reject });
      m.worker.postMessage(req);
    });
  };

  // One batch at a time: the slots are reused between batches.
  let closed = false;
  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(job: () => Promise<T>): Promise<T> => {
    if (closed) return Promise.reject(new Error('the pricing pool is closed'));
    const run = queue.then(job);
    queue = run.catch(() => {});
    return run;
  };

  const checkHours = (hours: number) => {
    if (!Number.isInteger(hours) || hours < 1 || hours > layout.maxHours) {
      throw new RangeError(`hours must be an integer from 1 to ${layout.maxHours}`);
    }
  };

  const setPricingNow = async (prices: Float32Array, hours: number, offers: readonly BatchOffer[]) => {
    checkHours(hours);
    if (prices.length !== AREA_COUNT * hours) throw new RangeError(`prices must hold 5 × ${hours} values`);
    await started;
    const table = buildOfferTable(offers, feeMonths);
    await Promise.all(
      members.map((m) => {
        new Float32Array(m.memory.buffer, layout.prices, AREA_COUNT * hours).set(prices);
        return send(m, { type: 'offers', table });
      }),
    );
  };

  const priceNow = async (
    batch: PricingBatch,
    prices: Float32Array,
    offers: readonly BatchOffer[],
  ): Promise<PricingResult> => {
    const { rows, areaOfRow, hours } = batch;
    checkHours(hours);
    const n = areaOfRow.length;
    if (rows.length !== n * hours) throw new RangeError(`rows must hold ${n} × ${hours} values`);
    for (let r = 0; r < n; r++) {
      if ((areaOfRow[r] as number) >= AREA_COUNT) throw new RangeError(`row ${r}: area must be 0–4`);
    }
    await setPricingNow(prices, hours, offers);
    const result = {
      best: new Float64Array(n),
      bestIndex: new Int32Array(n),
      kwh: new Float64Array(n),
      spotCost: new Float64Array(n),
    };
    const share = Math.ceil(n / count);
    const { chunkRows, slots } = layout;

    const runMember = async (m: Member, from: number, to: number) => {
      const inFlight: (Promise<void> | undefined)[] = new Array(slots.length);
      let i = 0;
      for (let start = from; start < to; start += chunkRows, i++) {
        const s = i % slots.length;
        await inFlight[s];
        const slot = slots[s];
        if (!slot) throw new Error('no slot');
        const k = Math.min(chunkRows, to - start);
        const buf = m.memory.buffer;
        new Uint8Array(buf, slot.areas, k).set(areaOfRow.subarray(start, start + k));
        new Float32Array(buf, slot.rows, k * hours).set(rows.subarray(start * hours, (start + k) * hours));
        const done = send(m, { type: 'price', slot: s, rows: k, hours }).then(() => {
          result.best.set(new Float64Array(buf, slot.best, k), start);
          result.bestIndex.set(new Int32Array(buf, slot.bestIndex, k), start);
          result.kwh.set(new Float64Array(buf, slot.kwh, k), start);
          result.spotCost.set(new Float64Array(buf, slot.spot, k), start);
        });
        // Awaited below or at the end; marked handled so a failure in one slot does not
        // also surface as an unhandled rejection from the other.
        done.catch(() => {});
        inFlight[s] = done;
      }
      await Promise.all(inFlight);
    };
    await Promise.all(
      members.map((m, w) => runMember(m, Math.min(n, w * share), Math.min(n, (w + 1) * share))),
    );

    let checksum = 0;
    let unpriced = 0;
    for (let r = 0; r < n; r++) {
      if (result.bestIndex[r] === -1) unpriced++;
      else checksum += result.best[r] as number;
    }
    return { ...result, checksum, unpriced };
  };

  return {
    workers: count,
    layout,
    ready: async () => {
      await started;
    },
    price: (batch, prices, offers) => exclusive(() => priceNow(batch, prices, offers)),
    setPricing: (prices, hours, offers) => exclusive(() => setPricingNow(prices, hours, offers)),
    load: (chunks, hours) =>
      exclusive(async () => {
        checkHours(hours);
        if (chunks.length > count) throw new RangeError('more chunks than workers');
        for (const c of chunks) {
          if (!c) continue;
          if (c.rows > layout.chunkRows)
            throw new RangeError(`a chunk holds at most ${layout.chunkRows} rows`);
          if (c.areaOfRow.length !== c.rows) throw new RangeError('one area per row');
          if (c.areaOfRow.some((a) => a >= AREA_COUNT)) throw new RangeError('areas must be 0–4');
        }
        await started;
        const slot = layout.slots[0];
        if (!slot) throw new Error('no slot');
        await Promise.all(
          chunks.map((c, w) => {
            const m = members[w];
            if (!c || !m) return undefined;
            new Uint8Array(m.memory.buffer, slot.areas, c.rows).set(c.areaOfRow);
            return send(m, {
              type: 'read',
              slot: 0,
              file: c.file,
              byteOffset: c.byteOffset,
              rows: c.rows,
              hours,
            });
          }),
        );
      }),
    priceLoaded: (rowCounts, hours) =>
      exclusive(async () =>
        Promise.all(
          rowCounts.map(async (k, w) => {
            const m = members[w];
            if (!m || k === 0) return { checksum: 0, unpriced: 0 };
            const reply = await send(m, { type: 'price', slot: 0, rows: k, hours });
            return reply.ok
              ? { checksum: reply.checksum ?? 0, unpriced: reply.unpriced ?? 0 }
              : { checksum: 0, unpriced: 0 };
          }),
        ),
      ),
    close: async () => {
      closed = true;
      await queue;
      await Promise.all(members.map((m) => m.worker.terminate()));
    },
  };
};
