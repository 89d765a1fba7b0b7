import { parseOffsetDateTime } from '../../platform/time.ts';
import { PRICE_AREA_EIC, type PriceArea } from '../identity/price-area.ts';
import type { XmlNode } from '../invoices/xml-reader.ts';
import type { SpotRead } from './spot.ts';

/**
 * One TimeSeries of an ENTSO-E A44 document and its Periods, from the tree the strict XML
 * reader builds (children under their local names, text under '#text', attributes under
 * '@' + name). See entsoe.ts for the document around them.
 */

// A Period is a day in practice; a year bounds what one A03 point may stand for.
const MAX_PERIOD_SLOTS = 366 * 96;
const POSITION = /^[1-9][0-9]{0,5}$/;
const DECIMAL = /^-?[0-9]+(?:\.[0-9]+)?$/;

const AREA_BY_EIC: ReadonlyMap<string, PriceArea> = new Map(
  Object.entries(PRICE_AREA_EIC).map(([area, eic]) => [eic, area as PriceArea]),
);

export type Findings = SpotRead['rejected'];

export interface SeriesHead {
  readonly area: PriceArea;
  readonly currency: 'EUR' | 'NOK';
  readonly curve: 'A01' | 'A03';
}

export interface Slot {
  readonly position: number;
  readonly startMs: number;
  readonly minutes: 15 | 60;
  readonly price: number;
}

// Text from the document goes into messages shown and logged elsewhere: one line, bounded.
export const clip = (text: string, max = 60): string => {
  const line = text
    .replace(/\s+/g, ' ')
    .replace(/\p{Cc}/gu, '')
    .trim();
  return line.length > max ? `${line.slice(0, max)}…` : line;
};

export const children = (node: XmlNode | undefined, name: string): XmlNode[] =>
  (node?.[name] as XmlNode[] | undefined) ?? [];

export const textOf = (node: XmlNode | undefined, name: string): string | undefined => {
  const first = children(node, name)[0];
  return first === undefined ? undefined : ((first['#text'] as string | undefined) ?? '');
};

export const seriesHead = (series: XmlNode): SeriesHead | string => {
  const domain = children(series, 'in_Domain.mRID')[0];
  const eic = (domain?.['#text'] as string | undefined) ?? '';
  if (!domain || eic === '') return 'has no in_Domain.mRID';
  if (domain['@codingScheme'] !== 'A01') return 'in_Domain.mRID is not an EIC code (codingScheme A01)';
  const area = AREA_BY_EIC.get(eic);
  if (!area) return `in_Domain ${clip(eic, 20)} is not a Norwegian price area (NO1–NO5)`;
  const currency = textOf(series, 'currency_Unit.name');
  if (currency !== 'EUR' && currency !== 'NOK')
    return `currency ${clip(currency ?? '(none)')} is not EUR or NOK`;
  const unit = textOf(series, 'price_Measure_Unit.name');
  if (unit !== 'MWH') return `prices are per ${clip(unit ?? '(no unit)')}, not per MWH`;
  // The schema lets curveType be left out; the platform then means sequential fixed-size blocks.
  const curve = textOf(series, 'curveType') ?? 'A01';
  if (curve !== 'A01' && curve !== 'A03') return `curveType ${clip(curve)} is neither A01 nor A03`;
  return { area, currency, curve };
};

/** The priced intervals of one Period, in order of position. */
export const periodSlots = (
  period: XmlNode,
  curve: 'A01' | 'A03',
  at: string,
  findings: Findings,
): Slot[] => {
  const interval = children(period, 'timeInterval')[0];
  const startMs = parseOffsetDateTime(textOf(interval, 'start') ?? '');
  const endMs = parseOffsetDateTime(textOf(interval, 'end') ?? '');
  const resolution = textOf(period, 'resolution');
  const minutes = resolution === 'PT15M' ? 15 : resolution === 'PT60M' ? 60 : undefined;
  if (startMs === undefined || endMs === undefined || minutes === undefined) {
    findings.push({
      at,
      reason: 'needs a timeInterval with start and end and a resolution of PT60M or PT15M',
    });
    return [];
  }
  const step = minutes * 60_000;
  const count = (endMs - startMs) / step;
  if (startMs % step !== 0 || !Number.isInteger(count) || count < 1 || count > MAX_PERIOD_SLOTS) {
    findings.push({ at, reason: 'the timeInterval is not whole intervals of its resolution, up to a year' });
    return [];
  }
  // A position that is there but cannot be trusted stays null: under A03 it still ends the block before it.
  const given = new Map<number, number | null>();
  children(period, 'Point').forEach((point, k) => {
    const pointAt = `${at}.Point[${k}]`;
    const positionText = textOf(point, 'position') ?? '';
    const position = POSITION.test(positionText) ? Number(positionText) : 0;
    if (position < 1 || position > count) {
      findings.push({
        at: pointAt,
        reason: `position ${clip(positionText, 12) || '(none)'} is outside 1–${count}`,
      });
      return;
    }
    if (given.has(position)) {
      findings.push({ at: pointAt, reason: `position ${position} is given twice; neither price is used` });
      given.set(position, null);
      return;
    }
    const amount = textOf(point, 'price.amount') ?? '';
    if (!DECIMAL.test(amount)) {
      findings.push({ at: pointAt, reason: `position ${position} has no numeric price.amount` });
      given.set(position, null);
      return;
    }
    given.set(position, Number(amount));
  });
  const positions = [...given.keys()].sort((a, b) => a - b);
  const first = positions[0];
  if (curve === 'A03' && first !== undefined && first > 1) {
    findings.push({ at, reason: `positions 1–${first - 1} have no price before them (curveType A03)` });
  }
  const slots: Slot[] = [];
  positions.forEach((position, k) => {
    const price = given.get(position);
    if (price === null || price === undefined) return;
    const last = curve === 'A03' ? (positions[k + 1] ?? count + 1) - 1 : position;
    for (let p = position; p <= last; p++) {
      slots.push({ position: p, startMs: startMs + (p - 1) * step, minutes, price });
    }
  });
  return slots;
};
