import { assembleModule, Code, type FunctionDef, ValType } from './wasm.ts';

/**
 * The two per-row reductions of the pricing engine, Σ_h c[h] and Σ_h c[h]·p[area, h], in
 * WebAssembly SIMD: one pass over each row, four f32x4 accumulators per sum so that the
 * adds of consecutive vectors do not wait on each other, and the lanes folded into float64
 * at the end of the row. This is the only part that touches every hourly value, so it has
 * to stream at memory speed; a plain JavaScript loop reaches a fraction of that.
 *
 * The sums are float32 within a lane (as the peer's float32 BLAS product is), each lane
 * over about hours/16 values, which keeps a year's sums within a few 1e-7 of float64 ones
 * (the tests hold them to 1e-6) and the national checksum near 3e-8 of the peer's.
 */

/** 64 KiB wasm pages; memory32 tops out at 4 GiB. */
export const PAGE_BYTES = 65_536;
export const MAX_PAGES = 65_536;

export interface Kernel {
  /**
   * For rows r in [0, n): kwh[r] = Σ c, spot[r] = Σ c·p[areas[r]]. All pointers are byte
   * offsets into the kernel's memory: `rows` n×hours float32 row-major, `prices` 5×hours
   * float32, `areas` n bytes (0–4), `outKwh` and `outSpot` n float64 each (8-byte aligned).
   */
  rowSums(
    rows: number,
    n: number,
    hours: number,
    prices: number,
    areas: number,
    outKwh: number,
    outSpot: number,
  ): void;
}

const { I32, V128, F64 } = ValType;

// Parameters, then locals, in the order the function declares them.
const ROWS = 0;
const N = 1;
const HOURS = 2;
const PRICES = 3;
const AREAS = 4;
const OUT_KWH = 5;
const OUT_SPOT = 6;
const R = 7;
const C = 8;
const P = 9;
const END16 = 10;
const END4 = 11;
const END_ROW = 12;
const ROW_BYTES = 13;
const K = [14, 15, 16, 17] as const;
const S = [18, 19, 20, 21] as const;
const X = 22;
const K64 = 23;
const S64 = 24;

const rowSums = (): FunctionDef => {
  const c = new Code();
  const addTo = (local: number, step: number) => c.get(local).i32Const(step).i32Add().set(local);
  /** while (local < end) { body } */
  const whileBelow = (local: number, end: number, body: () => void) => {
    c.block().loop();
    c.get(local).get(end).i32GeU().brIf(1);
    body();
    c.br(0);
    c.end().end();
  };
  const [k0, k1, k2, k3] = K;
  const [s0, s1, s2, s3] = S;

  c.get(HOURS).i32Const(2).i32Shl().set(ROW_BYTES);
  c.get(ROWS).set(C);
  c.i32Const(0).set(R);
  whileBelow(R, N, () => {
    // The row's price series: prices + area·rowBytes.
    c.get(PRICES).get(AREAS).get(R).i32Add().i32Load8U().get(ROW_BYTES).i32Mul().i32Add().set(P);
    c.get(C).get(ROW_BYTES).i32Add().set(END_ROW);
    c.get(C).get(HOURS).i32Const(~15).i32And().i32Const(2).i32Shl().i32Add().set(END16);
    c.get(C).get(HOURS).i32Const(~3).i32And().i32Const(2).i32Shl().i32Add().set(END4);
    for (const v of [...K, ...S]) c.v128Zero().set(v);

    // 16 values per step into four independent accumulator pairs.
    whileBelow(C, END16, () => {
      K.forEach((kj, j) => {
        const sj = S[j] as number;
        c.get(C)
          .v128Load(16 * j)
          .tee(X)
          .get(kj)
          .f32x4Add()
          .set(kj);
        c.get(X)
          .get(P)
          .v128Load(16 * j)
          .f32x4Mul()
          .get(sj)
          .f32x4Add()
          .set(sj);
      });
      addTo(C, 64);
      addTo(P, 64);
    });

    // Then 4 at a time.
    whileBelow(C, END4, () => {
      c.get(C).v128Load().tee(X).get(k0).f32x4Add().set(k0);
      c.get(X).get(P).v128Load().f32x4Mul().get(s0).f32x4Add().set(s0);
      addTo(C, 16);
      addTo(P, 16);
    });

    // Fold the accumulators, then their lanes in float64.
    c.get(k0).get(k1).f32x4Add().get(k2).get(k3).f32x4Add().f32x4Add().set(k0);
    c.get(s0).get(s1).f32x4Add().get(s2).get(s3).f32x4Add().f32x4Add().set(s0);
    for (const [vec, acc] of [
      [k0, K64],
      [s0, S64],
    ] as const) {
      c.get(vec).f32x4ExtractLane(0).f64PromoteF32();
      for (let lane = 1; lane < 4; lane++) c.get(vec).f32x4ExtractLane(lane).f64PromoteF32().f64Add();
      c.set(acc);
    }

    // The last hours % 4 values one by one.
    whileBelow(C, END_ROW, () => {
      c.get(K64).get(C).f32Load().f64PromoteF32().f64Add().set(K64);
      c.get(S64).get(C).f32Load().get(P).f32Load().f32Mul().f64PromoteF32().f64Add().set(S64);
      addTo(C, 4);
      addTo(P, 4);
    });

    c.get(OUT_KWH).get(R).i32Const(3).i32Shl().i32Add().get(K64).f64Store();
    c.get(OUT_SPOT).get(R).i32Const(3).i32Shl().i32Add().get(S64).f64Store();
    addTo(R, 1);
  });

  const many = (count: number, t: ValType): ValType[] => new Array(count).fill(t);
  return {
    name: 'rowSums',
    params: many(7, I32),
    results: [],
    // R … ROW_BYTES, then K, S and X, then K64 and S64.
    locals: [...many(7, I32), ...many(9, V128), F64, F64],
    code: c,
  };
};

let compiled: WebAssembly.Module | undefined;

/** The kernel's module; it imports a shared memory as env.memory. */
export const kernelModule = (): WebAssembly.Module => {
  compiled ??= new WebAssembly.Module(
    assembleModule({ module: 'env', field: 'memory', minPages: 1, maxPages: MAX_PAGES, shared: true }, [
      rowSums(),
    ]),
  );
  return compiled;
};

/** A shared memory of at least `bytes`, fixed in size so views into it stay valid. */
export const createKernelMemory = (bytes: number): WebAssembly.Memory => {
  const pages = Math.max(1, Math.ceil(bytes / PAGE_BYTES));
  // One page short of 4 GiB, so that an end pointer never wraps to 0 in i32 arithmetic.
  if (pages > MAX_PAGES - 1)
    throw new RangeError(`a kernel memory holds at most 4 GiB, asked for ${bytes} bytes`);
  return new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
};

export const instantiateKernel = (memory: WebAssembly.Memory): Kernel => {
  const instance = new WebAssembly.Instance(kernelModule(), { env: { memory } });
  return instance.exports as unknown as Kernel;
};
