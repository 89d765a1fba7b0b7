import { parseOffsetDateTime } from '../../platform/time.ts';
import { parsePriceArea } from '../identity/price-area.ts';
import { converted, type ExchangeRates, PRIORITY_EXACT, type SpotPoint, type SpotRead } from './spot.ts';

/**
 * Spot prices as a spreadsheet exports them (`docs/formats.md`, "Spot prices: CSV"): a
 * header `start;end;area;price;unit` (or with commas), one interval per line, times with
 * their offsets, a decimal comma or point. The interval (`end` − `start`) is 60 or 15
 * minutes; the unit NOK/kWh, øre/kWh or EUR/MWh (which needs Norges Bank's rates). A line
 * that does not parse is refused by its number; the rest is read.
 */
export const SPOT_CSV_HEADER = ['start', 'end', 'area', 'price', 'unit'] as const;

const UNITS = new Set(['NOK/kWh', 'øre/kWh', 'EUR/MWh']);

export const isSpotCsv = (text: string): boolean => {
  const first = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  return /^start[;,]end[;,]area[;,]price[;,]unit\s*$/i.test(first);
};

export const readSpotCsv = (text: string, rates: ExchangeRates | undefined): SpotRead => {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const separator = (lines[0] ?? '').includes(';') ? ';' : ',';
  const points: SpotPoint[] = [];
  const rejected: SpotRead['rejected'] = [];
  for (let n = 1; n < lines.length; n++) {
    const line = lines[n]?.trim() ?? '';
    if (line === '') continue;
    const at = `line ${n + 1}`;
    const cells = line.split(separator).map((c) => c.trim());
    if (cells.length !== SPOT_CSV_HEADER.length) {
      rejected.push({ at, reason: `needs ${SPOT_CSV_HEADER.length} columns` });
      continue;
    }
    const [startText, endText, areaText, priceText, unit] = cells as [string, string, string, string, string];
    const startMs = parseOffsetDateTime(startText);
    const endMs = parseOffsetDateTime(endText);
    const minutes = startMs !== undefined && endMs !== undefined ? (endMs - startMs) / 60_000 : Number.NaN;
    const area = parsePriceArea(areaText);
    // A comma is a decimal comma only when the columns are split by semicolons.
    const price = Number(separator === ';' ? priceText.replace(',', '.') : priceText);
    if (startMs === undefined || (minutes !== 60 && minutes !== 15) || startMs % (minutes * 60_000) !== 0) {
      rejected.push({ at, reason: 'start and end must be a whole 60- or 15-minute interval with offsets' });
      continue;
    }
    if (!area) {
      rejected.push({ at, reason: 'area must be NO1 to NO5' });
      continue;
    }
    if (priceText === '' || !Number.isFinite(price) || !UNITS.has(unit)) {
      rejected.push({ at, reason: 'needs a numeric price in NOK/kWh, øre/kWh or EUR/MWh' });
      continue;
    }
    const resolution = minutes as 15 | 60;
    if (unit === 'EUR/MWh') {
      const p = rates ? converted(area, startMs, resolution, price, rates, 'spot-csv') : undefined;
      if (p) points.push(p);
      else rejected.push({ at, reason: rates ? 'no EUR/NOK rate for that date' : 'EUR prices need --rates' });
      continue;
    }
    points.push({
      area,
      startMs,
      resolutionMinutes: resolution,
      orePerKwh: unit === 'NOK/kWh' ? price * 100 : price,
      source: 'spot-csv',
      priority: PRIORITY_EXACT,
      estimated: false,
      eurPerMwh: null,
      eurNokRate: null,
    });
  }
  return { points, rejected };
};
