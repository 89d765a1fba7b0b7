import { HOUR_MS } from '../../platform/time.ts';

/**
 * Which price stands for an hour when several sources price it: the one rule the store
 * (`MarketService`) and `elvakt price` both apply, so a file priced by hand and the same
 * prices imported give the same hours (`docs/formats.md`, "Which price an hour gets").
 *
 * A source offers an hour either one hourly price or its four quarter-hour prices, whose
 * mean is the hour's. In order:
 *
 * 1. Only a whole hour counts: an hourly price, or all four quarters from one source. A
 *    source with a quarter missing (or one quarter priced twice) offers nothing for the
 *    hour; a mean of the quarters that are there would stand in for the whole hour.
 * 2. An exact price (quoted in NOK) beats an estimate (converted from EUR at Norges Bank's
 *    rate), whatever the resolution.
 * 3. Between two exact prices, or two estimates, the source that came first keeps the hour
 *    (the import order in the store, the order in the file for `elvakt price`); within one
 *    source, the hourly price before the quarters. A price already used is not replaced
 *    behind the user's back by a later file.
 * 4. Two exact prices that differ by more than DISAGREEMENT_ORE are a finding naming both
 *    sources; the hour is still priced by rule 3.
 *
 * Pure: rows in, one price per hour out.
 */

/** Two exact prices closer than this (øre/kWh) agree: the sources round NOK/kWh and NOK/MWh differently. */
export const DISAGREEMENT_ORE = 0.01;

export interface PriceRow {
  readonly startMs: number;
  readonly resolutionMinutes: number;
  readonly orePerKwh: number;
  readonly estimated: boolean;
  readonly source: string;
  /** The order the row's source arrived in; lower came first. */
  readonly arrival: number;
}

export interface PriceSource {
  readonly source: string;
  readonly estimated: boolean;
}

/** Hours where two exact sources disagree, for one pair of sources. */
export interface Disagreement {
  readonly kept: string;
  readonly keptResolutionMinutes: 15 | 60;
  readonly other: string;
  readonly otherResolutionMinutes: 15 | 60;
  readonly hours: number;
  readonly firstMs: number;
  /** The largest difference (øre/kWh), the hour it is in and the two prices there. */
  readonly largestOre: number;
  readonly largestAtMs: number;
  readonly keptOre: number;
  readonly otherOre: number;
}

export interface ResolvedHours {
  /** øre/kWh ex VAT per hour, NaN where no source prices the whole hour. */
  readonly orePerKwh: Float64Array;
  /** 1 where the price standing for the hour is converted from EUR. */
  readonly estimated: Uint8Array;
  /** Per hour, 1 + the index into `sources` of the source that priced it; 0 where none did. */
  readonly source: Uint16Array;
  readonly sources: readonly PriceSource[];
  readonly disagreements: readonly Disagreement[];
}

const QUARTER_MS = 15 * 60_000;

interface Candidate {
  readonly source: string;
  readonly arrival: number;
  /** The order candidates were met in: the last tie-break, so a file's first price comes first. */
  readonly order: number;
  readonly minutes: 15 | 60;
  readonly prices: (number | undefined)[];
  /** Per slot, whether its price is converted from EUR: one such quarter makes the hour an estimate. */
  readonly converted: boolean[];
  estimated: boolean;
}

const complete = (c: Candidate): boolean => c.prices.every((p) => p !== undefined);

const priceOf = (c: Candidate): number =>
  c.minutes === 60 ? (c.prices[0] as number) : c.prices.reduce<number>((a, p) => a + (p as number), 0) / 4;

// Rules 2 and 3: exact first, then the earlier source, then hourly before quarters, then by name.
const before = (a: Candidate, b: Candidate): number =>
  Number(a.estimated) - Number(b.estimated) ||
  a.arrival - b.arrival ||
  b.minutes - a.minutes ||
  (a.source < b.source ? -1 : a.source > b.source ? 1 : 0) ||
  a.order - b.order;

/** One price per hour for `hours` hours from `fromMs`, by the rule above. */
export const resolveHours = (rows: readonly PriceRow[], fromMs: number, hours: number): ResolvedHours => {
  const byHour = new Map<number, Map<string, Candidate>>();
  for (let r of rows) {
    const offset = r.startMs - fromMs;
    const i = Math.floor(offset / HOUR_MS);
    if (i < 0 || i >= hours) continue;
    const within = offset - i * HOUR_MS;
    const minutes = r.resolutionMinutes === 60 ? 60 : r.resolutionMinutes === 15 ? 15 : undefined;
    // A price off its interval's boundary cannot be placed in an hour.
    if (minutes === undefined || within % (minutes * 60_000) !== 0) continue;
    let candidates = byHour.get(i);
    if (!candidates) {
      candidates = new Map();
      byHour.set(i, candidates);
    }
    const slot = minutes === 60 ? 0 : within / QUARTER_MS;
    // A source that prices one interval twice (one file read by `elvakt price`) offers the second
    // price as a candidate of its own, after the first: an exact one over a converted one, else the first.
    for (let copy = 0; ; copy++) {
      const key = `${r.arrival}\u0000${r.source}\u0000${minutes}\u0000${copy}`;
      let c = candidates.get(key);
      if (!c) {
        const slots = minutes === 60 ? 1 : 4;
        c = {
          source: r.source,
          arrival: r.arrival,
          order: candidates.size,
          minutes,
          prices: new Array(slots).fill(undefined),
          converted: new Array(slots).fill(false),
          estimated: false,
        };
        candidates.set(key, c);
      }
      if (c.prices[slot] === undefined) {
        c.prices[slot] = r.orePerKwh;
        c.converted[slot] = r.estimated;
        break;
      }
      if (c.converted[slot] && !r.estimated) {
        const displaced = c.prices[slot] as number;
        c.prices[slot] = r.orePerKwh;
        c.converted[slot] = false;
        // The converted price it displaced goes on to the next copy.
        r = { ...r, orePerKwh: displaced, estimated: true };
      }
    }
  }

  const orePerKwh = new Float64Array(hours).fill(Number.NaN);
  const estimated = new Uint8Array(hours);
  const source = new Uint16Array(hours);
  const sources: PriceSource[] = [];
  const sourceIndex = new Map<string, number>();
  const disagreements = new Map<string, Disagreement>();
  for (const [i, candidates] of byHour) {
    const whole = [...candidates.values()].filter(complete);
    for (const c of whole) c.estimated = c.converted.some(Boolean);
    whole.sort(before);
    const winner = whole[0];
    if (!winner) continue;
    const price = priceOf(winner);
    const atMs = fromMs + i * HOUR_MS;
    orePerKwh[i] = price;
    estimated[i] = winner.estimated ? 1 : 0;
    const sourceKey = `${winner.source}\u0000${winner.estimated ? 1 : 0}`;
    let index = sourceIndex.get(sourceKey);
    if (index === undefined) {
      index = sources.length;
      sources.push({ source: winner.source, estimated: winner.estimated });
      sourceIndex.set(sourceKey, index);
    }
    source[i] = index + 1;
    if (winner.estimated) continue;
    for (const other of whole.slice(1)) {
      if (other.estimated) break;
      const otherPrice = priceOf(other);
      const difference = Math.abs(otherPrice - price);
      if (!(difference > DISAGREEMENT_ORE)) continue;
      const pair = `${winner.source}\u0000${winner.minutes}\u0000${other.source}\u0000${other.minutes}`;
      const seen = disagreements.get(pair);
      const larger = !seen || difference > seen.largestOre;
      disagreements.set(pair, {
        kept: winner.source,
        keptResolutionMinutes: winner.minutes,
        other: other.source,
        otherResolutionMinutes: other.minutes,
        hours: (seen?.hours ?? 0) + 1,
        firstMs: Math.min(seen?.firstMs ?? atMs, atMs),
        largestOre: larger ? difference : (seen?.largestOre ?? difference),
        largestAtMs: larger ? atMs : (seen?.largestAtMs ?? atMs),
        keptOre: larger ? price : (seen?.keptOre ?? price),
        otherOre: larger ? otherPrice : (seen?.otherOre ?? otherPrice),
      });
    }
  }
  return { orePerKwh, estimated, source, sources, disagreements: [...disagreements.values()] };
};

/** A disagreement as a sentence for command output and import reports. */
export const describeDisagreement = (d: Disagreement): string => {
  const name = (source: string, minutes: number) =>
    `${source} (${minutes === 60 ? 'hourly' : 'quarter-hours'})`;
  const ore = (x: number) => x.toFixed(4);
  return (
    `${d.hours === 1 ? '1 hour' : `${d.hours} hours`} from ${new Date(d.firstMs).toISOString()} ${d.hours === 1 ? 'has' : 'have'} two exact prices that disagree: ` +
    `${name(d.kept, d.keptResolutionMinutes)} is kept, ${name(d.other, d.otherResolutionMinutes)} is not used ` +
    `(largest difference ${ore(d.largestOre)} øre/kWh at ${new Date(d.largestAtMs).toISOString()}: ` +
    `${ore(d.keptOre)} against ${ore(d.otherOre)}).`
  );
};

/** What kind of source a stored source name is, for labels: the readers name their sources so. */
export type PriceSourceKind =
  | 'entsoe'
  | 'meter-recording'
  | 'spot-file'
  | 'spot-csv'
  | 'day-ahead-eur'
  | 'other';

export const priceSourceKind = (source: string): { kind: PriceSourceKind; detail: string } => {
  if (source === 'entsoe-day-ahead') return { kind: 'entsoe', detail: '' };
  if (source === 'meter-recording') return { kind: 'meter-recording', detail: '' };
  if (source === 'spot-csv') return { kind: 'spot-csv', detail: '' };
  if (source === 'day-ahead-eur') return { kind: 'day-ahead-eur', detail: '' };
  if (source === 'spot-file') return { kind: 'spot-file', detail: '' };
  if (source.startsWith('spot-file:'))
    return { kind: 'spot-file', detail: source.slice('spot-file:'.length) };
  return { kind: 'other', detail: source };
};

/** A source in plain English, for command output: "ENTSO-E day-ahead, EUR converted at Norges Bank's rate". */
export const describeSource = (s: PriceSource): string => {
  const { kind, detail } = priceSourceKind(s.source);
  const name = {
    entsoe: 'ENTSO-E day-ahead',
    'meter-recording': 'meter recording',
    'spot-file': 'spot price file',
    'spot-csv': 'spot price CSV',
    'day-ahead-eur': 'day-ahead prices',
    other: 'source',
  }[kind];
  return `${name}${detail ? ` "${detail}"` : ''}, ${s.estimated ? "EUR converted at Norges Bank's rate" : 'NOK, exact'}`;
};
