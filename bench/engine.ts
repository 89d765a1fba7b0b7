import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { MAX_PAGES, PAGE_BYTES } from '../src/modules/savings/batch/kernel.ts';
import { rowsThatFit } from '../src/modules/savings/batch/layout.ts';
import type { BatchOffer } from '../src/modules/savings/batch/offers.ts';
import { createPricingPool, type FileChunk, type PricingResult } from '../src/modules/savings/batch/pool.ts';

/**
 * `elvakt bench engine`: the batch savings engine (worker threads, each running the SIMD
 * kernel over its own share of metering points) on the peer's data directory, against the
 * peer (`engine_reference.py`: the same math in numpy, a float32 BLAS product per price
 * area) in the same run. Time is measured as the peer measures it: the data is in memory
 * already, the clock runs from the start of pricing to the final checksum. The ratio is our
 * time over the peer's; the checksums must agree to a relative 1e-6 or the run fails.
 */
export interface EngineBenchOptions {
  /** Metering points to generate when no directory is given; default 100 000. */
  readonly n?: number;
  /** Hours per series when generating; default 8 760. */
  readonly hours?: number;
  /** A directory in the peer's format; used as it is, and kept. */
  readonly referenceData?: string;
  /** Run the peer on a given directory too (it always runs on generated data). */
  readonly reference?: boolean;
  /** Default: one per core. */
  readonly workers?: number;
  /**
   * Timed runs of ours and of the peer, each side reporting its fastest; default 3. The
   * machine may be shared, and the fastest run is the one least disturbed.
   */
  readonly repeat?: number;
  /** Largest chunk of rows a worker holds at once; default as many as fit in 4 GiB. */
  readonly chunkRows?: number;
  /** Also price this many rows through the streaming `price()` path; default 20 000, 0 skips. */
  readonly streamedRows?: number;
  readonly python?: string;
}

export interface EngineBenchResult {
  readonly benchmark: 'engine';
  readonly n: number;
  readonly hours: number;
  readonly offers: number;
  readonly workers: number;
  /** Rounds of load-then-price; 1 when every worker's share fits its memory at once. */
  readonly rounds: number;
  readonly load_seconds: number;
  /** The fastest of `seconds_runs`. */
  readonly seconds: number;
  readonly seconds_runs: readonly number[];
  readonly metering_points_per_second: number;
  readonly projection_3_2m_seconds: number;
  /** The same with this run's reading time per metering point added. */
  readonly projection_3_2m_with_load_seconds: number;
  readonly projection_note: string;
  readonly checksum: number;
  readonly unpriced: number;
  /** The peer's fastest run; its load time and checksum are that run's. */
  readonly reference_seconds: number | null;
  readonly reference_seconds_runs: readonly number[];
  readonly reference_load_seconds: number | null;
  readonly reference_checksum: number | null;
  readonly checksum_relative_difference: number | null;
  /** Our seconds over the peer's; null without the peer. */
  readonly ratio: number | null;
  /**
   * The first rows again through the streaming `price()` API, as the system uses it: rows
   * in the caller's arrays, copied chunk by chunk into the workers' memory, every row's
   * result copied back. Its peak RSS may include memory of the run above not yet freed.
   */
  readonly streamed: {
    readonly n: number;
    readonly seconds: number;
    readonly metering_points_per_second: number;
    readonly chunk_rows: number;
    readonly checksum: number;
    readonly peak_rss_bytes: number;
  } | null;
  readonly targets: { readonly ratio: number; readonly projection_3_2m_seconds: number };
  readonly met: boolean;
  /** The whole process (workers are threads in it), sampled every 10 ms through the run. */
  readonly peak_rss_bytes: number;
  readonly reference_data: string | null;
}

interface PeerMeta {
  readonly n: number;
  readonly hours: number;
  readonly area_counts: readonly number[];
  readonly offers: readonly {
    readonly type: 'spot' | 'fixed';
    readonly areas: readonly number[];
    readonly markup: number;
    readonly fixed_price: number;
    readonly monthly_fee: number;
  }[];
}

interface PeerRun {
  readonly seconds: number;
  readonly load_seconds: number;
  readonly checksum: number;
}

const NATIONAL = 3_200_000;
const TOLERANCE = 1e-6;
const run = promisify(execFile);
const PEER = path.join(import.meta.dirname, 'engine_reference.py');
const round = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits;

const positiveInt = (value: number | undefined, fallback: number, flag: string): number => {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < 1) throw new Error(`${flag} must be a positive integer`);
  return v;
};

/** Reads the start of a file into `into`, in pieces (one read stops short of 2 GiB). */
const readInto = (file: string, into: Uint8Array): void => {
  const fd = fs.openSync(file, 'r');
  try {
    for (let done = 0; done < into.length; ) {
      const got = fs.readSync(fd, into, done, Math.min(1 << 30, into.length - done), done);
      if (got === 0) throw new Error(`${file} is shorter than expected`);
      done += got;
    }
  } finally {
    fs.closeSync(fd);
  }
};

const runPeer = async (python: string, dir: string): Promise<PeerRun> => {
  const { stdout } = await run(python, [PEER, 'run', dir], { maxBuffer: 1 << 20 });
  const line = stdout.trim().split('\n').pop() ?? '';
  const parsed = JSON.parse(line) as PeerRun;
  if (typeof parsed.seconds !== 'number' || typeof parsed.checksum !== 'number') {
    throw new Error(`unexpected output from the peer: ${line}`);
  }
  return parsed;
};

export const benchEngine = async (options: EngineBenchOptions = {}): Promise<EngineBenchResult> => {
  const python = options.python ?? 'python3';
  const workers = positiveInt(options.workers, Math.max(1, os.availableParallelism()), '--workers');
  const repeat = positiveInt(options.repeat, 3, '--repeat');
  const generated = !options.referenceData;
  const dir = options.referenceData
    ? path.resolve(options.referenceData)
    : fs.mkdtempSync(path.join(os.tmpdir(), 'elvakt-bench-engine-'));
  let peak = process.memoryUsage().rss;
  const sample = () => {
    peak = Math.max(peak, process.memoryUsage().rss);
  };
  const sampler = setInterval(sample, 10);
  let pool: ReturnType<typeof createPricingPool> | undefined;
  try {
    if (generated) {
      const n = positiveInt(options.n, 100_000, '--n');
      const hours = positiveInt(options.hours, 8760, '--hours');
      await run(python, [PEER, 'generate', dir, String(n), '--hours', String(hours)], { maxBuffer: 1 << 20 });
    }
    const meta = JSON.parse(fs.readFileSync(path.join(dir, 'meta.json'), 'utf8')) as PeerMeta;
    const { n, hours } = meta;
    const file = path.join(dir, 'consumption.f32');
    if (fs.statSync(file).size !== n * hours * 4) throw new Error(`${file} is not ${n} × ${hours} float32`);
    const peerRuns: PeerRun[] = [];
    if (generated || options.reference) {
      for (let i = 0; i < repeat; i++) peerRuns.push(await runPeer(python, dir));
    }
    // Its fastest run, as ours.
    const peer = peerRuns.reduce<PeerRun | null>(
      (a, b) => (a === null || b.seconds < a.seconds ? b : a),
      null,
    );

    // Row r's area, from the counts of the rows grouped by area.
    const areaOfRow = new Uint8Array(n);
    let at = 0;
    meta.area_counts.forEach((k, a) => {
      areaOfRow.fill(a, at, at + k);
      at += k;
    });
    if (at !== n) throw new Error('area_counts do not add up to n');
    const offers: BatchOffer[] = meta.offers.map((o) => ({
      type: o.type,
      areas: o.areas,
      markup: o.markup,
      fixedPrice: o.fixed_price,
      monthlyFee: o.monthly_fee,
    }));
    const raw = fs.readFileSync(path.join(dir, 'prices.f32'));
    const prices = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
    if (prices.length !== 5 * hours) throw new Error('prices.f32 is not 5 × hours float32');

    const share = Math.ceil(n / workers);
    const fits = rowsThatFit((MAX_PAGES - 1) * PAGE_BYTES, hours, 1);
    const chunkRows = Math.min(share, fits, positiveInt(options.chunkRows, fits, 'chunk rows'));
    // One slot, filled straight from the file: no copy through this thread, no prefault.
    pool = createPricingPool({ workers, maxHours: hours, chunkRows, slots: 1, prefault: false });

    // Each round loads one chunk per worker, then prices it `repeat` times; a repetition's
    // time is the sum over rounds, and `seconds` is the fastest repetition.
    let loadSeconds = 0;
    const runs = new Array<number>(repeat).fill(0);
    let checksum = 0;
    let unpriced = 0;
    let rounds = 0;
    await pool.ready();
    for (let offset = 0; offset < share; offset += chunkRows, rounds++) {
      const chunks: (FileChunk | null)[] = [];
      const counts: number[] = [];
      for (let w = 0; w < workers; w++) {
        const from = Math.min(n, w * share + offset);
        const to = Math.min(n, w * share + Math.min(share, offset + chunkRows));
        counts.push(to - from);
        chunks.push(
          to > from
            ? { file, byteOffset: from * hours * 4, rows: to - from, areaOfRow: areaOfRow.subarray(from, to) }
            : null,
        );
      }
      let t = performance.now();
      await pool.load(chunks, hours);
      loadSeconds += (performance.now() - t) / 1000;
      sample();
      let roundChecksum: number | undefined;
      for (let i = 0; i < repeat; i++) {
        t = performance.now();
        await pool.setPricing(prices, hours, offers);
        const parts = await pool.priceLoaded(counts, hours);
        const sum = parts.reduce((acc, p) => acc + p.checksum, 0);
        runs[i] = (runs[i] as number) + (performance.now() - t) / 1000;
        sample();
        if (roundChecksum === undefined) {
          roundChecksum = sum;
          unpriced += parts.reduce((acc, p) => acc + p.unpriced, 0);
        } else if (sum !== roundChecksum) {
          throw new Error('pricing the same rows twice gave different checksums');
        }
      }
      checksum += roundChecksum ?? 0;
    }
    const seconds = Math.min(...runs);
    await pool.close();
    pool = undefined;

    const difference = peer ? Math.abs(checksum - peer.checksum) / Math.abs(peer.checksum) : null;
    if (difference !== null && !(difference <= TOLERANCE)) {
      throw new Error(
        `checksum ${checksum} differs from the peer's ${peer?.checksum} by ${difference} (relative)`,
      );
    }

    // The streaming path, after the run above so that its memory does not count there.
    const runPeak = peak;
    const streamedRows = Math.min(n, options.streamedRows ?? 20_000);
    let streamed: EngineBenchResult['streamed'] = null;
    if (streamedRows > 0) {
      peak = process.memoryUsage().rss;
      const rows = new Float32Array(streamedRows * hours);
      readInto(file, new Uint8Array(rows.buffer));
      pool = createPricingPool({ workers, maxHours: hours });
      const batch = { rows, areaOfRow: areaOfRow.subarray(0, streamedRows), hours };
      await pool.ready();
      let s = Number.POSITIVE_INFINITY;
      let result: PricingResult | undefined;
      for (let i = 0; i < repeat; i++) {
        const t = performance.now();
        result = await pool.price(batch, prices, offers);
        s = Math.min(s, (performance.now() - t) / 1000);
        sample();
      }
      const chunk = pool.layout.chunkRows;
      await pool.close();
      pool = undefined;
      streamed = {
        n: streamedRows,
        seconds: round(s),
        metering_points_per_second: Math.round(streamedRows / s),
        chunk_rows: chunk,
        checksum: result?.checksum ?? 0,
        peak_rss_bytes: peak,
      };
    }

    const rate = n / seconds;
    const projection = NATIONAL / rate;
    const ratio = peer ? seconds / peer.seconds : null;
    const targets = { ratio: 1.5, projection_3_2m_seconds: 60 };
    sample();
    return {
      benchmark: 'engine',
      n,
      hours,
      offers: offers.length,
      workers,
      rounds,
      load_seconds: round(loadSeconds),
      seconds: round(seconds),
      seconds_runs: runs.map((x) => round(x)),
      metering_points_per_second: Math.round(rate),
      projection_3_2m_seconds: round(projection, 2),
      projection_3_2m_with_load_seconds: round((NATIONAL * (seconds + loadSeconds)) / n, 2),
      projection_note:
        `3 200 000 metering points at the measured pricing rate (${hours} hours, ${offers.length} offers, ` +
        `${workers} workers), the data in memory already, as the peer is timed. Reading the ` +
        `${round((NATIONAL * hours * 4) / 1e9, 1)} GB of consumption is not in it; with reading at this ` +
        `run's rate (${round((n * hours * 4) / 1e9 / loadSeconds, 2)} GB/s into fresh memory, not overlapped ` +
        'with pricing) it is the second projection.',
      checksum,
      unpriced,
      reference_seconds: peer?.seconds ?? null,
      reference_seconds_runs: peerRuns.map((r) => r.seconds),
      reference_load_seconds: peer?.load_seconds ?? null,
      reference_checksum: peer?.checksum ?? null,
      checksum_relative_difference: difference,
      ratio: ratio === null ? null : round(ratio, 3),
      streamed,
      targets,
      met: projection <= targets.projection_3_2m_seconds && (ratio === null || ratio <= targets.ratio),
      peak_rss_bytes: runPeak,
      reference_data: generated ? null : dir,
    };
  } finally {
    clearInterval(sampler);
    await pool?.close();
    if (generated) fs.rmSync(dir, { recursive: true, force: true });
  }
};
