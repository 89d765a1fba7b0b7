/**
 * A QR code encoder (ISO/IEC 18004) for the one thing Elvakt needs to draw as a QR code:
 * an otpauth:// enrolment URI for an authenticator app. Byte mode, error correction level M,
 * versions 1 to 10 (up to 213 bytes), the mask with the lowest penalty. Written here rather
 * than taken as a dependency because it is small and the staff desk should not load code
 * from outside for its sign-in. Pure: text in, a matrix of dark modules out.
 */

/** Per version (index = version): error correction codewords per block and the blocks' data lengths, level M. */
const LEVEL_M: readonly { ec: number; blocks: readonly number[] }[] = [
  { ec: 0, blocks: [] },
  { ec: 10, blocks: [16] },
  { ec: 16, blocks: [28] },
  { ec: 26, blocks: [44] },
  { ec: 18, blocks: [32, 32] },
  { ec: 24, blocks: [43, 43] },
  { ec: 16, blocks: [27, 27, 27, 27] },
  { ec: 18, blocks: [31, 31, 31, 31] },
  { ec: 22, blocks: [38, 38, 39, 39] },
  { ec: 22, blocks: [36, 36, 36, 37, 37] },
  { ec: 26, blocks: [43, 43, 43, 43, 44] },
];

/** Centres of the alignment patterns on each axis, by version. */
const ALIGNMENT: readonly (readonly number[])[] = [
  [],
  [],
  [6, 18],
  [6, 22],
  [6, 26],
  [6, 30],
  [6, 34],
  [6, 22, 38],
  [6, 24, 42],
  [6, 26, 46],
  [6, 28, 50],
];

const MAX_VERSION = 10;

// GF(256) with the QR polynomial x^8 + x^4 + x^3 + x^2 + 1, as log and antilog tables.
const EXP = new Uint8Array(512);
const LOG = new Uint8Array(256);
{
  let x = 1;
  for (let i = 0; i < 255; i++) {
    EXP[i] = x;
    LOG[x] = i;
    x <<= 1;
    if (x & 0x100) x ^= 0x11d;
  }
  for (let i = 255; i < 512; i++) EXP[i] = EXP[i - 255] as number;
}
const gfMul = (a: number, b: number): number =>
  a === 0 || b === 0 ? 0 : (EXP[(LOG[a] as number) + (LOG[b] as number)] as number);

/** The generator polynomial of degree n, highest power first without its leading 1: (x - α^0)…(x - α^(n-1)). */
const generator = (n: number): Uint8Array => {
  let poly = [1];
  for (let i = 0; i < n; i++) {
    const next = new Array<number>(poly.length + 1).fill(0);
    for (let j = 0; j < poly.length; j++) {
      next[j] = (next[j] as number) ^ (poly[j] as number);
      next[j + 1] = (next[j + 1] as number) ^ gfMul(poly[j] as number, EXP[i] as number);
    }
    poly = next;
  }
  return new Uint8Array(poly.slice(1));
};

/** The Reed-Solomon remainder: the error correction codewords of one block. */
const reedSolomon = (data: Uint8Array, ecLength: number): Uint8Array => {
  const gen = generator(ecLength);
  const rem = new Uint8Array(ecLength);
  for (const byte of data) {
    const factor = byte ^ (rem[0] as number);
    rem.copyWithin(0, 1);
    rem[ecLength - 1] = 0;
    for (let i = 0; i < ecLength; i++) rem[i] = (rem[i] as number) ^ gfMul(gen[i] as number, factor);
  }
  return rem;
};

/** The remainder of `value << bits` divided by the BCH generator, appended to value. */
const bch = (value: number, bits: number, poly: number): number => {
  const degree = Math.floor(Math.log2(poly));
  let rem = value << degree;
  for (let i = bits + degree - 1; i >= degree; i--) if ((rem >>> i) & 1) rem ^= poly << (i - degree);
  return (value << degree) | rem;
};

const dataCapacity = (version: number): number =>
  (LEVEL_M[version] as { blocks: readonly number[] }).blocks.reduce((a, b) => a + b, 0);

/** The data codewords: mode, length, the bytes, terminator, padding. */
const dataCodewords = (bytes: Uint8Array, version: number): Uint8Array => {
  const capacity = dataCapacity(version);
  const bits: number[] = [];
  const put = (value: number, length: number) => {
    for (let i = length - 1; i >= 0; i--) bits.push((value >>> i) & 1);
  };
  put(0b0100, 4);
  put(bytes.length, version < 10 ? 8 : 16);
  for (const b of bytes) put(b, 8);
  put(0, Math.min(4, capacity * 8 - bits.length));
  while (bits.length % 8 !== 0) bits.push(0);
  const out = new Uint8Array(capacity);
  for (let i = 0; i < bits.length / 8; i++) {
    let byte = 0;
    for (let j = 0; j < 8; j++) byte = (byte << 1) | (bits[i * 8 + j] as number);
    out[i] = byte;
  }
  for (let i = bits.length / 8, pad = 0; i < capacity; i++, pad++) out[i] = pad % 2 === 0 ? 0xec : 0x11;
  return out;
};

/** Data and error correction codewords of every block, interleaved as the symbol carries them. */
const codewords = (data: Uint8Array, version: number): Uint8Array => {
  const { ec, blocks } = LEVEL_M[version] as { ec: number; blocks: readonly number[] };
  const dataBlocks: Uint8Array[] = [];
  let at = 0;
  for (const length of blocks) {
    dataBlocks.push(data.subarray(at, at + length));
    at += length;
  }
  const ecBlocks = dataBlocks.map((b) => reedSolomon(b, ec));
  const out: number[] = [];
  const longest = Math.max(...blocks);
  for (let i = 0; i < longest; i++) for (const b of dataBlocks) if (i < b.length) out.push(b[i] as number);
  for (let i = 0; i < ec; i++) for (const b of ecBlocks) out.push(b[i] as number);
  return new Uint8Array(out);
};

const MASKS: readonly ((row: number, col: number) => boolean)[] = [
  (r, c) => (r + c) % 2 === 0,
  (r) => r % 2 === 0,
  (_r, c) => c % 3 === 0,
  (r, c) => (r + c) % 3 === 0,
  (r, c) => (Math.floor(r / 2) + Math.floor(c / 3)) % 2 === 0,
  (r, c) => ((r * c) % 2) + ((r * c) % 3) === 0,
  (r, c) => (((r * c) % 2) + ((r * c) % 3)) % 2 === 0,
  (r, c) => (((r + c) % 2) + ((r * c) % 3)) % 2 === 0,
];

class QrSymbol {
  readonly size: number;
  readonly dark: boolean[][];
  /** Modules of the fixed patterns and the format and version areas, which data never uses. */
  readonly reserved: boolean[][];

  constructor(readonly version: number) {
    this.size = version * 4 + 17;
    this.dark = Array.from({ length: this.size }, () => new Array<boolean>(this.size).fill(false));
    this.reserved = Array.from({ length: this.size }, () => new Array<boolean>(this.size).fill(false));
    this.drawPatterns();
  }

  private fix(row: number, col: number, dark: boolean): void {
    if (row < 0 || col < 0 || row >= this.size || col >= this.size) return;
    (this.dark[row] as boolean[])[col] = dark;
    (this.reserved[row] as boolean[])[col] = true;
  }

  private drawPatterns(): void {
    const last = this.size - 1;
    for (let i = 0; i < this.size; i++) {
      this.fix(6, i, i % 2 === 0);
      this.fix(i, 6, i % 2 === 0);
    }
    // Finders with their light separators: rings at distance 0–1 and 3 dark, 2 and 4 light.
    for (const [r0, c0] of [
      [3, 3],
      [3, last - 3],
      [last - 3, 3],
    ] as const) {
      for (let dr = -4; dr <= 4; dr++)
        for (let dc = -4; dc <= 4; dc++) {
          const ring = Math.max(Math.abs(dr), Math.abs(dc));
          this.fix(r0 + dr, c0 + dc, ring !== 2 && ring !== 4);
        }
    }
    const centres = ALIGNMENT[this.version] as readonly number[];
    for (const r of centres)
      for (const c of centres) {
        const onFinder = (r === 6 && c === 6) || (r === 6 && c === last - 6) || (r === last - 6 && c === 6);
        if (onFinder) continue;
        for (let dr = -2; dr <= 2; dr++)
          for (let dc = -2; dc <= 2; dc++)
            this.fix(r + dr, c + dc, Math.max(Math.abs(dr), Math.abs(dc)) !== 1);
      }
    // Reserve the format areas now; their bits are drawn once the mask is chosen.
    this.drawFormat(0);
    if (this.version >= 7) {
      const info = bch(this.version, 6, 0x1f25);
      for (let i = 0; i < 18; i++) {
        const bit = ((info >>> i) & 1) === 1;
        const a = last - 10 + (i % 3);
        const b = Math.floor(i / 3);
        this.fix(b, a, bit);
        this.fix(a, b, bit);
      }
    }
  }

  /** Format information (level M = 00, the mask), twice, and the dark module beside it. */
  drawFormat(mask: number): void {
    const bits = bch(mask, 5, 0x537) ^ 0x5412;
    const bit = (i: number) => ((bits >>> i) & 1) === 1;
    const last = this.size - 1;
    for (let i = 0; i <= 5; i++) this.fix(i, 8, bit(i));
    this.fix(7, 8, bit(6));
    this.fix(8, 8, bit(7));
    this.fix(8, 7, bit(8));
    for (let i = 9; i < 15; i++) this.fix(8, 14 - i, bit(i));
    for (let i = 0; i < 8; i++) this.fix(8, last - i, bit(i));
    for (let i = 8; i < 15; i++) this.fix(last - 14 + i, 8, bit(i));
    this.fix(last - 7, 8, true);
  }

  /** Codeword bits in the zigzag order: two columns at a time from the right, up then down, skipping the timing column. */
  placeData(words: Uint8Array): void {
    let index = 0;
    const total = words.length * 8;
    for (let right = this.size - 1; right >= 1; right -= 2) {
      if (right === 6) right = 5;
      // Pairs alternate up and down, counted across the skipped timing column.
      const pair = right > 6 ? (this.size - 1 - right) / 2 : (this.size - 2 - right) / 2;
      const goingUp = pair % 2 === 0;
      for (let step = 0; step < this.size; step++) {
        const row = goingUp ? this.size - 1 - step : step;
        for (const col of [right, right - 1]) {
          if ((this.reserved[row] as boolean[])[col]) continue;
          const dark = index < total && (((words[index >>> 3] as number) >>> (7 - (index & 7))) & 1) === 1;
          (this.dark[row] as boolean[])[col] = dark;
          index++;
        }
      }
    }
  }

  applyMask(mask: number): void {
    const test = MASKS[mask] as (r: number, c: number) => boolean;
    for (let r = 0; r < this.size; r++)
      for (let c = 0; c < this.size; c++)
        if (!(this.reserved[r] as boolean[])[c] && test(r, c))
          (this.dark[r] as boolean[])[c] = !(this.dark[r] as boolean[])[c];
  }

  /** The standard's penalty score: long runs, 2×2 blocks, finder look-alikes, and imbalance of dark and light. */
  penalty(): number {
    const n = this.size;
    const at = (r: number, c: number) => (this.dark[r] as boolean[])[c] as boolean;
    let score = 0;
    const lines: boolean[][] = [];
    for (let i = 0; i < n; i++) {
      lines.push(Array.from({ length: n }, (_, j) => at(i, j)));
      lines.push(Array.from({ length: n }, (_, j) => at(j, i)));
    }
    const look = [true, false, true, true, true, false, true];
    for (const line of lines) {
      let run = 1;
      for (let j = 1; j <= n; j++) {
        if (j < n && line[j] === line[j - 1]) run++;
        else {
          if (run >= 5) score += 3 + (run - 5);
          run = 1;
        }
      }
      for (let j = 0; j + 7 <= n; j++) {
        if (!look.every((v, k) => line[j + k] === v)) continue;
        const lightBefore = j >= 4 && [1, 2, 3, 4].every((k) => line[j - k] === false);
        const lightAfter = j + 11 <= n && [7, 8, 9, 10].every((k) => line[j + k] === false);
        if (lightBefore || lightAfter) score += 40;
      }
    }
    let darkCount = 0;
    for (let r = 0; r < n; r++)
      for (let c = 0; c < n; c++) {
        if (at(r, c)) darkCount++;
        if (r + 1 < n && c + 1 < n) {
          const v = at(r, c);
          if (at(r + 1, c) === v && at(r, c + 1) === v && at(r + 1, c + 1) === v) score += 3;
        }
      }
    const percent = (darkCount * 100) / (n * n);
    score += Math.floor(Math.abs(percent - 50) / 5) * 10;
    return score;
  }
}

/**
 * The modules of a QR code for the text (true = dark), without the quiet zone; throws if it
 * is too long. `onlyMask` forces one mask instead of the best (for tests of every mask).
 */
export const qrMatrix = (text: string, onlyMask?: number): boolean[][] => {
  const bytes = new Uint8Array(Buffer.from(text, 'utf8'));
  let version = 1;
  while (version <= MAX_VERSION && 4 + (version < 10 ? 8 : 16) + bytes.length * 8 > dataCapacity(version) * 8)
    version++;
  if (version > MAX_VERSION) throw new RangeError('Text too long for the QR code.');
  const words = codewords(dataCodewords(bytes, version), version);
  let best: { score: number; dark: boolean[][] } | undefined;
  for (let mask = 0; mask < MASKS.length; mask++) {
    if (onlyMask !== undefined && mask !== onlyMask) continue;
    const symbol = new QrSymbol(version);
    symbol.placeData(words);
    symbol.applyMask(mask);
    symbol.drawFormat(mask);
    const score = symbol.penalty();
    if (!best || score < best.score) best = { score, dark: symbol.dark };
  }
  return (best as { dark: boolean[][] }).dark;
};

/**
 * The code as an SVG path of unit squares inside a four-module quiet zone, for an inline
 * <svg>: it scales without blurring and needs no script or image file (the pages allow
 * neither). `size` is the side of the view box.
 */
export const qrSvgPath = (text: string): { size: number; path: string } => {
  const matrix = qrMatrix(text);
  let path = '';
  matrix.forEach((row, r) => {
    row.forEach((dark, c) => {
      if (dark) path += `M${c + 4} ${r + 4}h1v1h-1z`;
    });
  });
  return { size: matrix.length + 8, path };
};
