/**
 * A minimal WebAssembly binary writer: only the sections and opcodes the pricing kernel
 * uses. There is no text-format compiler in the toolchain, and a few dozen opcodes are
 * easier to keep correct here (every one is exercised by the kernel's tests) than a new
 * dependency is to keep up to date.
 */

export const ValType = { I32: 0x7f, F32: 0x7d, F64: 0x7c, V128: 0x7b } as const;
export type ValType = (typeof ValType)[keyof typeof ValType];

const uleb = (out: number[], value: number): void => {
  let v = value >>> 0;
  do {
    const byte = v & 0x7f;
    v >>>= 7;
    out.push(v === 0 ? byte : byte | 0x80);
  } while (v !== 0);
};

const sleb = (out: number[], value: number): void => {
  let v = value | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return;
  }
};

const name = (out: number[], text: string): void => {
  const bytes = new TextEncoder().encode(text);
  uleb(out, bytes.length);
  out.push(...bytes);
};

/** Appends instructions to a function body; locals are numbered parameters first. */
export class Code {
  readonly bytes: number[] = [];

  private op(...bytes: number[]): this {
    this.bytes.push(...bytes);
    return this;
  }

  private simd(opcode: number): this {
    this.bytes.push(0xfd);
    uleb(this.bytes, opcode);
    return this;
  }

  private memarg(align: number, offset: number): this {
    uleb(this.bytes, align);
    uleb(this.bytes, offset);
    return this;
  }

  block(): this {
    return this.op(0x02, 0x40);
  }
  loop(): this {
    return this.op(0x03, 0x40);
  }
  end(): this {
    return this.op(0x0b);
  }
  br(depth: number): this {
    this.op(0x0c);
    uleb(this.bytes, depth);
    return this;
  }
  brIf(depth: number): this {
    this.op(0x0d);
    uleb(this.bytes, depth);
    return this;
  }
  get(local: number): this {
    this.op(0x20);
    uleb(this.bytes, local);
    return this;
  }
  set(local: number): this {
    this.op(0x21);
    uleb(this.bytes, local);
    return this;
  }
  tee(local: number): this {
    this.op(0x22);
    uleb(this.bytes, local);
    return this;
  }
  i32Const(value: number): this {
    this.op(0x41);
    sleb(this.bytes, value);
    return this;
  }
  f64Const(value: number): this {
    this.op(0x44);
    const b = new Uint8Array(new Float64Array([value]).buffer);
    this.bytes.push(...b);
    return this;
  }
  i32Add(): this {
    return this.op(0x6a);
  }
  i32Sub(): this {
    return this.op(0x6b);
  }
  i32Mul(): this {
    return this.op(0x6c);
  }
  i32And(): this {
    return this.op(0x71);
  }
  i32Shl(): this {
    return this.op(0x74);
  }
  i32GeU(): this {
    return this.op(0x4f);
  }
  i32Load8U(offset = 0): this {
    return this.op(0x2d).memarg(0, offset);
  }
  f32Load(offset = 0): this {
    return this.op(0x2a).memarg(2, offset);
  }
  f64Store(offset = 0): this {
    return this.op(0x39).memarg(3, offset);
  }
  f32Mul(): this {
    return this.op(0x94);
  }
  f64Add(): this {
    return this.op(0xa0);
  }
  f64PromoteF32(): this {
    return this.op(0xbb);
  }
  /** Alignment hint 16 bytes; unaligned addresses stay correct, only the hint is wrong. */
  v128Load(offset = 0): this {
    return this.simd(0x00).memarg(4, offset);
  }
  v128Zero(): this {
    this.simd(0x0c);
    for (let i = 0; i < 16; i++) this.bytes.push(0);
    return this;
  }
  f32x4ExtractLane(lane: number): this {
    this.simd(0x1f);
    this.bytes.push(lane);
    return this;
  }
  f32x4Add(): this {
    return this.simd(0xe4);
  }
  f32x4Mul(): this {
    return this.simd(0xe6);
  }
}

export interface FunctionDef {
  readonly name: string;
  readonly params: readonly ValType[];
  readonly results: readonly ValType[];
  /** Extra locals after the parameters, in order. */
  readonly locals: readonly ValType[];
  readonly code: Code;
}

export interface MemoryImport {
  readonly module: string;
  readonly field: string;
  readonly minPages: number;
  readonly maxPages: number;
  readonly shared: boolean;
}

const section = (out: number[], id: number, body: number[]): void => {
  out.push(id);
  uleb(out, body.length);
  out.push(...body);
};

/** A module that imports one memory and exports the given functions. */
export const assembleModule = (
  memory: MemoryImport,
  functions: readonly FunctionDef[],
): Uint8Array<ArrayBuffer> => {
  const out: number[] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

  const types: number[] = [];
  uleb(types, functions.length);
  for (const f of functions) {
    types.push(0x60);
    uleb(types, f.params.length);
    types.push(...f.params);
    uleb(types, f.results.length);
    types.push(...f.results);
  }
  section(out, 1, types);

  const imports: number[] = [];
  uleb(imports, 1);
  name(imports, memory.module);
  name(imports, memory.field);
  imports.push(0x02, memory.shared ? 0x03 : 0x01);
  uleb(imports, memory.minPages);
  uleb(imports, memory.maxPages);
  section(out, 2, imports);

  const funcs: number[] = [];
  uleb(funcs, functions.length);
  functions.forEach((_, i) => {
    uleb(funcs, i);
  });
  section(out, 3, funcs);

  const exports: number[] = [];
  uleb(exports, functions.length);
  functions.forEach((f, i) => {
    name(exports, f.name);
    exports.push(0x00);
    uleb(exports, i);
  });
  section(out, 7, exports);

  const code: number[] = [];
  uleb(code, functions.length);
  for (const f of functions) {
    const body: number[] = [];
    // Runs of equal types, as the format groups them.
    const runs: [number, ValType][] = [];
    for (const t of f.locals) {
      const last = runs[runs.length - 1];
      if (last && last[1] === t) last[0]++;
      else runs.push([1, t]);
    }
    uleb(body, runs.length);
    for (const [count, t] of runs) {
      uleb(body, count);
      body.push(t);
    }
    body.push(...f.code.bytes, 0x0b);
    uleb(code, body.length);
    code.push(...body);
  }
  section(out, 10, code);
  return Uint8Array.from(out);
};
