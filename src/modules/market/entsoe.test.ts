import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { osloParts } from '../../platform/time.ts';
import { ENTSOE_MAX_PRICES, readEntsoe } from './entsoe.ts';
import { detectSpotFormat, PRIORITY_CONVERTED, PRIORITY_EXACT, readNorgesBankRates } from './spot.ts';

const DIR = path.join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'entsoe');
const fixture = (name: string) => fs.readFileSync(path.join(DIR, name), 'utf8');
const rates = readNorgesBankRates(fixture('eur-nok.json'));
const iso = (ms: number | undefined) => new Date(ms ?? Number.NaN).toISOString();
/** Oslo wall-clock label of an instant, e.g. "02:15". */
const local = (ms: number | undefined) => {
  const p = osloParts(ms ?? Number.NaN);
  return `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
};
const ore = (eurPerMwh: number, rate: number) => (eurPerMwh * rate) / 10;

const NS = 'urn:iec62325.351:tc57wg16:451-3:publicationdocument:7:3';
/** A one-series document around the given Period body, for the cases the fixtures do not cover. */
const doc = (period: string, series = '') => `<?xml version="1.0" encoding="utf-8"?>
<Publication_MarketDocument xmlns="${NS}"><type>A44</type>
  <TimeSeries>
    <in_Domain.mRID codingScheme="A01">10YNO-4--------9</in_Domain.mRID>
    <currency_Unit.name>NOK</currency_Unit.name><price_Measure_Unit.name>MWH</price_Measure_Unit.name>
    ${series}
    <Period>${period}</Period>
  </TimeSeries>
</Publication_MarketDocument>`;
const day = (resolution: string, points: string) =>
  `<timeInterval><start>2025-11-03T23:00Z</start><end>2025-11-04T23:00Z</end></timeInterval>
   <resolution>${resolution}</resolution>${points}`;
const pt = (position: string | number, price: string | number) =>
  `<Point><position>${position}</position><price.amount>${price}</price.amount></Point>`;

describe('ENTSO-E day-ahead prices: reading', () => {
  it('reads a full day at PT60M, converting EUR/MWh at the Oslo date’s rate', () => {
    const r = readEntsoe(fixture('pt60m-day-no1.xml'), rates);
    expect(r.refusal).toBeUndefined();
    expect(r.rejected).toEqual([]);
    expect(r.points).toHaveLength(24);
    const [first, last] = [r.points[0], r.points[23]];
    expect(first).toMatchObject({
      area: 'NO1',
      resolutionMinutes: 60,
      source: 'entsoe-day-ahead',
      priority: PRIORITY_CONVERTED,
      estimated: true,
      eurPerMwh: 41.2,
      eurNokRate: 11.663,
    });
    expect(iso(first?.startMs)).toBe('2025-09-14T22:00:00.000Z');
    expect(first?.orePerKwh).toBeCloseTo(ore(41.2, 11.663), 9);
    expect(iso(last?.startMs)).toBe('2025-09-15T21:00:00.000Z');
    expect(last?.orePerKwh).toBeCloseTo(ore(-0.45, 11.663), 9);
    expect(r.points[18]?.orePerKwh).toBeCloseTo(ore(110.37, 11.663), 9);
  });

  it('repeats the previous price over positions left out under curveType A03 at PT15M', () => {
    const r = readEntsoe(fixture('pt15m-a03-no2.xml'), rates);
    expect(r.rejected).toEqual([]);
    expect(r.points).toHaveLength(96);
    expect(r.points.every((p) => p.area === 'NO2' && p.resolutionMinutes === 15)).toBe(true);
    const eur = r.points.map((p) => p.eurPerMwh);
    expect(eur.slice(0, 13)).toEqual([50.1, 48.2, 47, 45.5, 44, 44, 44, 44, 43.1, 43.1, 42, 42, 60]);
    expect(eur.slice(13, 89).every((e) => e === 60)).toBe(true);
    expect(eur.slice(89)).toEqual([70.25, 70.25, 70.25, 70.25, 70.25, 70.25, 70.25]);
    expect(iso(r.points[1]?.startMs)).toBe('2025-10-01T22:15:00.000Z');
    expect(iso(r.points[95]?.startMs)).toBe('2025-10-02T21:45:00.000Z');
    expect(r.points[7]?.orePerKwh).toBeCloseTo(ore(44, 11.741), 9);
  });

  it('reads several TimeSeries for several areas, and several Periods in one series', () => {
    const r = readEntsoe(fixture('two-areas-no1-no5.xml'), rates);
    expect(r.rejected).toEqual([]);
    const no1 = r.points.filter((p) => p.area === 'NO1');
    const no5 = r.points.filter((p) => p.area === 'NO5');
    expect([no1.length, no5.length]).toEqual([48, 24]);
    expect(no1.map((p) => p.eurPerMwh).slice(5, 8)).toEqual([30, 45.5, 45.5]);
    expect(iso(no1[24]?.startMs)).toBe('2025-09-29T22:00:00.000Z');
    expect(no1[24]?.orePerKwh).toBeCloseTo(ore(33.33, 11.712), 9);
    expect(no1[47]?.orePerKwh).toBeCloseTo(ore(20, 11.712), 9);
    expect(iso(no5[23]?.startMs)).toBe('2025-09-29T21:00:00.000Z');
    expect(no5[23]?.orePerKwh).toBeCloseTo(ore(15.6, 11.689), 9);
  });

  it.each([
    ['dst-2025-03-30-pt60m-no4.xml', 23, '2025-03-29T23:00:00.000Z', '2025-03-30T21:00:00.000Z', '23:00', 0],
    ['dst-2024-10-27-pt60m-no3.xml', 25, '2024-10-26T22:00:00.000Z', '2024-10-27T22:00:00.000Z', '23:00', 2],
    ['dst-2026-03-29-pt15m-no1.xml', 92, '2026-03-28T23:00:00.000Z', '2026-03-29T21:45:00.000Z', '23:45', 0],
    ['dst-2025-10-26-pt15m-no5.xml', 100, '2025-10-25T22:00:00.000Z', '2025-10-26T22:45:00.000Z', '23:45', 8],
  ])(
    'puts %s on the right instants: %i points from %s to %s',
    (name, count, first, last, lastLocal, twoOClock) => {
      const r = readEntsoe(fixture(name), rates);
      expect(r.rejected).toEqual([]);
      expect(r.points).toHaveLength(count);
      expect(iso(r.points[0]?.startMs)).toBe(first);
      expect(local(r.points[0]?.startMs)).toBe('00:00');
      expect(iso(r.points.at(-1)?.startMs)).toBe(last);
      expect(local(r.points.at(-1)?.startMs)).toBe(lastLocal);
      // Spring: Oslo has no 02:00–02:59. Autumn: it has that hour twice.
      expect(r.points.filter((p) => local(p.startMs).startsWith('02:'))).toHaveLength(twoOClock);
    },
  );

  it('prices the autumn DST day at PT15M from the second 02:00 on', () => {
    const r = readEntsoe(fixture('dst-2025-10-26-pt15m-no5.xml'), rates);
    // Position 13 is 01:00Z, the second 02:00 in Oslo.
    const p13 = r.points[12];
    expect([iso(p13?.startMs), local(p13?.startMs), p13?.eurPerMwh]).toEqual([
      '2025-10-26T01:00:00.000Z',
      '02:00',
      38,
    ]);
    expect(r.points[11]?.eurPerMwh).toBe(35);
    expect(r.points[99]?.orePerKwh).toBeCloseTo(ore(61.4, 11.6655), 9);
  });

  it('uses Friday’s rate over the weekend and Monday’s from Oslo midnight on Monday', () => {
    const r = readEntsoe(fixture('weekend-no3.xml'), rates);
    expect(r.rejected).toEqual([]);
    expect(r.points).toHaveLength(3 * 96);
    const at = (instant: string) => r.points.find((p) => p.startMs === Date.parse(instant));
    expect(at('2025-10-03T22:00:00Z')?.eurNokRate).toBe(11.7185);
    expect(at('2025-10-04T10:00:00Z')?.orePerKwh).toBeCloseTo(ore(31, 11.7185), 9);
    expect(at('2025-10-05T21:45:00Z')?.orePerKwh).toBeCloseTo(ore(22, 11.7185), 9);
    // Still Sunday in UTC, already Monday in Oslo.
    expect(at('2025-10-05T22:00:00Z')?.orePerKwh).toBeCloseTo(ore(48, 11.694), 9);
  });

  it('leaves a position missing under A01 as a gap, without a finding', () => {
    const r = readEntsoe(fixture('a01-gap-no1.xml'), rates);
    expect(r.rejected).toEqual([]);
    expect(r.points).toHaveLength(23);
    expect(r.points.map((p) => iso(p.startMs))).not.toContain('2025-09-16T02:00:00.000Z');
    expect(iso(r.points[4]?.startMs)).toBe('2025-09-16T03:00:00.000Z');
    expect(r.points[4]?.eurPerMwh).toBe(45.05);
  });

  it('takes a price already in NOK as exact, without a rate', () => {
    const r = readEntsoe(doc(day('PT60M', pt(1, '512.5'))), undefined);
    expect(r.refusal).toBeUndefined();
    expect(r.points).toHaveLength(1);
    expect(r.points[0]).toMatchObject({
      area: 'NO4',
      priority: PRIORITY_EXACT,
      estimated: false,
      eurPerMwh: null,
      eurNokRate: null,
    });
    expect(r.points[0]?.orePerKwh).toBeCloseTo(51.25, 9);
  });

  it('reports an unknown area per series and reads the others', () => {
    const r = readEntsoe(fixture('unknown-eic.xml'), rates);
    expect(r.refusal).toBeUndefined();
    expect(r.rejected).toEqual([
      { at: 'TimeSeries[0]', reason: 'in_Domain 10Y1001A1001A46L is not a Norwegian price area (NO1–NO5)' },
    ]);
    expect(r.points).toHaveLength(24);
    expect(r.points.every((p) => p.area === 'NO3' && p.eurPerMwh === 21.7)).toBe(true);
  });

  it('reports positions out of range, given twice or without a numeric price', () => {
    const points = [
      pt(1, 10),
      pt(2, '1e3'),
      pt(3, 30),
      pt(3, 31),
      pt(4, 40),
      pt(25, 9),
      pt('x', 9),
      pt(24, 24),
    ];
    const r = readEntsoe(doc(day('PT60M', points.join('')), '<curveType>A03</curveType>'), undefined);
    expect(r.rejected.map((f) => [f.at, f.reason])).toEqual([
      ['TimeSeries[0].Period[0].Point[1]', 'position 2 has no numeric price.amount'],
      ['TimeSeries[0].Period[0].Point[3]', 'position 3 is given twice; neither price is used'],
      ['TimeSeries[0].Period[0].Point[5]', 'position 25 is outside 1–24'],
      ['TimeSeries[0].Period[0].Point[6]', 'position x is outside 1–24'],
    ]);
    // Positions 2 and 3 are gaps, not 10 carried forward: a bad point still ends the block before it.
    expect(r.points.map((p) => p.orePerKwh)).toEqual([1, ...new Array(20).fill(4), 2.4]);
  });

  it('keeps the first of two prices for the same interval of an area', () => {
    const series = (price: number) => `<TimeSeries>
      <in_Domain.mRID codingScheme="A01">10YNO-4--------9</in_Domain.mRID>
      <currency_Unit.name>NOK</currency_Unit.name><price_Measure_Unit.name>MWH</price_Measure_Unit.name>
      <Period>${day('PT15M', pt(1, price))}</Period></TimeSeries>`;
    const text = doc(day('PT60M', pt(1, 100))).replace(
      '</Publication_MarketDocument>',
      `${series(200)}</Publication_MarketDocument>`,
    );
    const r = readEntsoe(text, undefined);
    expect(r.points.map((p) => [p.resolutionMinutes, p.orePerKwh])).toEqual([[60, 10]]);
    expect(r.rejected).toEqual([
      {
        at: 'TimeSeries[1].Period[0]',
        reason: 'position 1 overlaps a price read earlier for NO4; the first is kept',
      },
    ]);
  });

  it('reports a period that is not whole intervals, or has another resolution', () => {
    const odd = '<timeInterval><start>2025-11-03T23:10Z</start><end>2025-11-04T23:10Z</end></timeInterval>';
    expect(readEntsoe(doc(`${odd}<resolution>PT60M</resolution>${pt(1, 1)}`), undefined).rejected).toEqual([
      {
        at: 'TimeSeries[0].Period[0]',
        reason: 'the timeInterval is not whole intervals of its resolution, up to a year',
      },
    ]);
    expect(readEntsoe(doc(day('PT30M', pt(1, 1))), undefined).rejected[0]?.reason).toMatch(/PT60M or PT15M/);
  });
});

describe('ENTSO-E day-ahead prices: refusals', () => {
  it('gives the reason of an acknowledgement as the refusal', () => {
    const r = readEntsoe(fixture('acknowledgement.xml'), rates);
    expect(r.points).toEqual([]);
    expect(r.refusal).toBe(
      'No matching data found for Data item Energy Prices [12.1.D] (10YNO-2--------T, 10YNO-2--------T) and interval 2025-10-03T22:00:00.000Z/2025-10-04T22:00:00.000Z.',
    );
    expect(r.rejected).toEqual([{ at: 'document', reason: r.refusal }]);
  });

  it('keeps control characters of a reason out of the message', () => {
    const text = fixture('acknowledgement.xml').replace('No matching', 'No\u001b[31m\nmatching');
    // The escape character goes, the line break becomes a space, the harmless rest stays.
    expect(readEntsoe(text, rates).refusal).toMatch(/^No\[31m matching data found/);
  });

  it('refuses a document in another namespace, naming it', () => {
    const r = readEntsoe(fixture('wrong-namespace.xml'), rates);
    expect(r.points).toEqual([]);
    expect(r.refusal).toMatch(
      /^Not an ENTSO-E price document: the root element is Publication_MarketDocument in namespace urn:iec62325\.351:tc57wg16:451-6:generationloaddocument:3:0;/,
    );
  });

  it('refuses an element in a foreign namespace below the root', () => {
    const text = doc(day('PT60M', pt(1, 1))).replace(
      '<type>',
      '<x:type xmlns:x="urn:example:other">A44</x:type><type>',
    );
    expect(readEntsoe(text, undefined).refusal).toMatch(
      /^Elements in namespace urn:example:other are not part/,
    );
  });

  it('refuses a truncated document without throwing', () => {
    const r = readEntsoe(fixture('truncated.xml'), rates);
    expect(r.points).toEqual([]);
    expect(r.refusal).toMatch(/^The document ends with 3 elements not closed \(truncated\?\)/);
  });

  it('refuses a DTD and entity declarations before reading anything', () => {
    const text = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>${doc(day('PT60M', pt(1, '&a;'))).replace(/^<\?xml[^>]*>/, '')}`;
    expect(readEntsoe(text, undefined).refusal).toMatch(/document type declaration/);
  });

  it('refuses a document over the size limit before parsing it', () => {
    const text = fixture('pt60m-day-no1.xml');
    expect(readEntsoe(text, rates, 1000).refusal).toBe(
      `The document is ${Buffer.byteLength(text)} bytes; the limit is 1000. It was not read.`,
    );
  });

  it('refuses a document whose A03 blocks would stand for more prices than the limit', () => {
    const periods = Array.from({ length: 6 }, (_, k) => {
      const start = Date.UTC(2020 + k, 0, 1);
      const end = start + 366 * 96 * 15 * 60_000;
      const t = (ms: number) => new Date(ms).toISOString().replace(':00.000Z', 'Z');
      return `<Period><timeInterval><start>${t(start)}</start><end>${t(end)}</end></timeInterval><resolution>PT15M</resolution>${pt(1, 1)}</Period>`;
    });
    const text = doc(day('PT15M', pt(1, 1)), `<curveType>A03</curveType>${periods.join('')}`);
    expect(readEntsoe(text, undefined).refusal).toBe(
      `The document holds more than ${ENTSOE_MAX_PRICES} prices; ask for a shorter span.`,
    );
  });

  it('refuses EUR prices without a rate file, and another document type', () => {
    expect(readEntsoe(fixture('pt60m-day-no1.xml'), undefined).refusal).toBe(
      'Prices in EUR need a Norges Bank exchange-rate file (--rates).',
    );
    expect(readEntsoe(doc('').replace('<type>A44', '<type>A65'), undefined).refusal).toBe(
      'The document is of type A65, not A44 (prices).',
    );
  });

  it('is what `import spot` picks for XML, with or without a byte-order mark', () => {
    expect(detectSpotFormat(fixture('acknowledgement.xml'))).toBe('entsoe-xml');
    expect(detectSpotFormat(`\uFEFF  ${fixture('pt60m-day-no1.xml')}`)).toBe('entsoe-xml');
    expect(detectSpotFormat('{"format":"elvakt-spot/1"}')).toBe('spot-json');
  });
});
