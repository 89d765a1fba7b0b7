import { osloDate } from '../../platform/time.ts';
import type { PriceArea } from '../identity/price-area.ts';
import { readXml, type XmlNode } from '../invoices/xml-reader.ts';
import {
  children,
  clip,
  type Findings,
  periodSlots,
  type Slot,
  seriesHead,
  textOf,
} from './entsoe-series.ts';
import { converted, type ExchangeRates, PRIORITY_EXACT, type SpotPoint, type SpotRead } from './spot.ts';

/**
 * Day-ahead prices (document type A44) as the ENTSO-E Transparency Platform publishes them:
 * a Publication_MarketDocument of TimeSeries, one price area each (its in_Domain EIC code),
 * holding Periods with a UTC timeInterval, a resolution of PT60M or PT15M and numbered
 * Points. Under curveType A03 a position left out repeats the price before it; under A01 it
 * is a gap. The document comes from outside: it is read by the strict XML reader (no DTD,
 * no entities but XML's own, bounded depth, only the namespaces below), a whole-document
 * problem refuses it with a reason and never throws, and a problem in one series, period or
 * point is a finding that leaves the rest standing.
 */
export const ENTSOE_PUBLICATION_NAMESPACES: readonly string[] = [
  'urn:iec62325.351:tc57wg16:451-3:publicationdocument:7:0',
  'urn:iec62325.351:tc57wg16:451-3:publicationdocument:7:3',
];
// The platform answers a query without data with an acknowledgement; its schema version has changed over time.
const ACKNOWLEDGEMENT_NAMESPACE = /^urn:iec62325\.351:tc57wg16:451-1:acknowledgementdocument:\d+:\d+$/;

/** A year of quarter-hour prices for one area, as the platform returns it, is about 3 MB. */
export const ENTSOE_MAX_BYTES = 8 * 1024 * 1024;
/** A year of quarter-hour prices for all five areas is 175,680. */
export const ENTSOE_MAX_PRICES = 200_000;
// The deepest element of either document is five levels down (Point/price.amount).
const MAX_DEPTH = 8;
const QUARTER_MS = 15 * 60_000;
const SOURCE = 'entsoe-day-ahead';

export interface EntsoeRead extends SpotRead {
  /** Why the whole document was refused (then there are no points), or undefined. */
  readonly refusal: string | undefined;
}

const refuse = (reason: string): EntsoeRead => ({
  points: [],
  rejected: [{ at: 'document', reason }],
  refusal: reason,
});

const decideRoot = (namespace: string, local: string): string | undefined => {
  if (local === 'Publication_MarketDocument' && ENTSOE_PUBLICATION_NAMESPACES.includes(namespace)) return;
  if (local === 'Acknowledgement_MarketDocument' && ACKNOWLEDGEMENT_NAMESPACE.test(namespace)) return;
  return `Not an ENTSO-E price document: the root element is ${clip(local)} in namespace ${clip(
    namespace || '(none)',
    100,
  )}; expected Publication_MarketDocument in ${ENTSOE_PUBLICATION_NAMESPACES.join(' or ')}.`;
};

const acknowledgementReason = (root: XmlNode): string => {
  const reasons = children(root, 'Reason')
    .map((r) => textOf(r, 'text') || (textOf(r, 'code') ? `reason code ${textOf(r, 'code')}` : ''))
    .filter((r) => r !== '');
  return reasons.length > 0
    ? clip(reasons.join('; '), 512)
    : 'ENTSO-E answered with an acknowledgement that gives no reason, and no prices.';
};

const exact = (area: PriceArea, slot: Slot): SpotPoint => ({
  area,
  startMs: slot.startMs,
  resolutionMinutes: slot.minutes,
  // NOK/MWh = 0.1 øre/kWh
  orePerKwh: slot.price / 10,
  source: SOURCE,
  priority: PRIORITY_EXACT,
  estimated: false,
  eurPerMwh: null,
  eurNokRate: null,
});

/**
 * Reads an ENTSO-E A44 document into prices in øre/kWh ex VAT. Prices in EUR/MWh are
 * converted with the Norges Bank rate of each interval's Oslo date and marked estimated;
 * prices in NOK need no rate. `rates` may be left out only for a document in NOK.
 */
export const readEntsoe = (
  text: string,
  rates: ExchangeRates | undefined,
  maxBytes: number = ENTSOE_MAX_BYTES,
): EntsoeRead => {
  const size = Buffer.byteLength(text, 'utf8');
  if (size > maxBytes)
    return refuse(`The document is ${size} bytes; the limit is ${maxBytes}. It was not read.`);
  const xml = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const read = readXml(xml, { maxDepth: MAX_DEPTH, namespaces: new Set(), root: decideRoot });
  if (!read.ok) return refuse(`${read.message} (line ${read.line}, column ${read.column})`);
  if (read.rootName === 'Acknowledgement_MarketDocument') return refuse(acknowledgementReason(read.root));
  const type = textOf(read.root, 'type');
  if (type !== 'A44')
    return refuse(`The document is of type ${clip(type ?? '(none)', 8)}, not A44 (prices).`);
  const series = children(read.root, 'TimeSeries');
  if (series.length === 0) return refuse('The document holds no TimeSeries.');
  if (!rates && series.some((s) => textOf(s, 'currency_Unit.name') === 'EUR')) {
    return refuse('Prices in EUR need a Norges Bank exchange-rate file (--rates).');
  }
  const points: SpotPoint[] = [];
  const rejected: Findings = [];
  // Quarter-hours already priced, per area: two series for one interval would be two answers to one question.
  const taken = new Map<PriceArea, Set<number>>();
  let slotsRead = 0;
  for (const [i, s] of series.entries()) {
    const head = seriesHead(s);
    if (typeof head === 'string') {
      rejected.push({ at: `TimeSeries[${i}]`, reason: head });
      continue;
    }
    const quarters = taken.get(head.area) ?? new Set<number>();
    taken.set(head.area, quarters);
    for (const [j, period] of children(s, 'Period').entries()) {
      const at = `TimeSeries[${i}].Period[${j}]`;
      const slots = periodSlots(period, head.curve, at, rejected);
      // Counted before use: a few bytes of A03 can stand for a year of prices, and overlaps for as many findings.
      slotsRead += slots.length;
      if (slotsRead > ENTSOE_MAX_PRICES) {
        return refuse(`The document holds more than ${ENTSOE_MAX_PRICES} prices; ask for a shorter span.`);
      }
      for (const slot of slots) {
        const firstQuarter = slot.startMs / QUARTER_MS;
        const n = slot.minutes / 15;
        let clash = false;
        for (let q = firstQuarter; q < firstQuarter + n; q++) clash ||= quarters.has(q);
        if (clash) {
          rejected.push({
            at,
            reason: `position ${slot.position} overlaps a price read earlier for ${head.area}; the first is kept`,
          });
          continue;
        }
        for (let q = firstQuarter; q < firstQuarter + n; q++) quarters.add(q);
        const point =
          head.currency === 'NOK'
            ? exact(head.area, slot)
            : rates && converted(head.area, slot.startMs, slot.minutes, slot.price, rates, SOURCE);
        if (point) points.push(point);
        else rejected.push({ at, reason: `no EUR/NOK rate for ${osloDate(slot.startMs)}` });
      }
    }
  }
  return { points, rejected, refusal: undefined };
};
