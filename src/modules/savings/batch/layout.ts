import { AREA_COUNT, type OfferTable } from './offers.ts';

/**
 * Where things live in a worker's kernel memory. The main thread and the worker compute
 * the same layout from the same three numbers, so neither has to send addresses around.
 * Each slot holds one chunk of rows and its results; two slots let the main thread fill
 * one while the worker prices the other.
 */
export interface SlotLayout {
  readonly areas: number;
  readonly kwh: number;
  readonly spot: number;
  readonly best: number;
  readonly bestIndex: number;
  readonly rows: number;
}

export interface Layout {
  readonly maxHours: number;
  readonly chunkRows: number;
  readonly prices: number;
  readonly slots: readonly SlotLayout[];
  readonly bytes: number;
}

export interface LayoutParams {
  readonly maxHours: number;
  readonly chunkRows: number;
  readonly slots: number;
}

// A cache line, and more than any SIMD load needs.
const align = (x: number) => Math.ceil(x / 64) * 64;

export const computeLayout = ({ maxHours, chunkRows, slots }: LayoutParams): Layout => {
  if (!Number.isInteger(maxHours) || maxHours < 1) throw new RangeError('hours must be a positive integer');
  if (!Number.isInteger(chunkRows) || chunkRows < 1)
    throw new RangeError('chunk rows must be a positive integer');
  let at = align(AREA_COUNT * maxHours * 4);
  const list: SlotLayout[] = [];
  for (let s = 0; s < slots; s++) {
    const areas = at;
    const kwh = align(areas + chunkRows);
    const spot = align(kwh + 8 * chunkRows);
    const best = align(spot + 8 * chunkRows);
    const bestIndex = align(best + 8 * chunkRows);
    const rows = align(bestIndex + 4 * chunkRows);
    at = align(rows + 4 * chunkRows * maxHours);
    list.push({ areas, kwh, spot, best, bestIndex, rows });
  }
  return { maxHours, chunkRows, prices: 0, slots: list, bytes: at };
};

/** The largest chunk of rows of `hours` values that fits `slots` slots in `bytes`. */
export const rowsThatFit = (bytes: number, hours: number, slots: number): number =>
  Math.floor((bytes / slots - 64 * 8 - AREA_COUNT * hours * 4) / (4 * hours + 29));

export interface WorkerInit extends LayoutParams {
  readonly memory: WebAssembly.Memory;
  /** Touch every page at start rather than during the first batch. */
  readonly prefault: boolean;
}

export type Request =
  | { readonly type: 'offers'; readonly table: OfferTable }
  | { readonly type: 'price'; readonly slot: number; readonly rows: number; readonly hours: number }
  | {
      readonly type: 'read';
      readonly slot: number;
      readonly file: string;
      readonly byteOffset: number;
      readonly rows: number;
      readonly hours: number;
    };

export type Reply =
  | { readonly ok: true; readonly checksum?: number; readonly unpriced?: number }
  | { readonly ok: false; readonly error: string };
