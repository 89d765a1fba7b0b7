import { AppError } from '../../platform/errors.ts';
import type { PriceArea } from '../identity/price-area.ts';
import { readEntsoe } from './entsoe.ts';
import {
  detectSpotFormat,
  type ExchangeRates,
  readEurHourly,
  readRecordingSpot,
  readSpotJson,
  type SpotRead,
} from './spot.ts';
import { isSpotCsv, readSpotCsv } from './spot-csv.ts';

/**
 * Reads any spot price file this version knows, by its content: our JSON or CSV, an ENTSO-E
 * day-ahead document, EUR/MWh hourly prices (with Norges Bank rates) or a meter recording
 * (with its area). Pure; what is refused as a whole throws, what is refused line by line is
 * in `rejected`.
 */
export const readSpotFile = (
  text: string,
  options: { area?: PriceArea; rates?: ExchangeRates } = {},
): SpotRead => {
  if (isSpotCsv(text)) return readSpotCsv(text, options.rates);
  switch (detectSpotFormat(text)) {
    case 'spot-json':
      return readSpotJson(text, options.rates);
    case 'eur-hourly':
      if (!options.rates) {
        throw new AppError(
          'validation_failed',
          'Prices in EUR need a Norges Bank exchange-rate file (--rates).',
        );
      }
      return readEurHourly(text, options.rates, options.area);
    case 'meter-recording':
      if (!options.area) {
        throw new AppError(
          'validation_failed',
          'A meter recording does not name its price area: give --area.',
        );
      }
      return readRecordingSpot(text, options.area);
    case 'entsoe-xml': {
      // The document names its own areas, so --area plays no part in reading it.
      const entsoe = readEntsoe(text, options.rates);
      if (entsoe.refusal !== undefined) {
        throw new AppError('validation_failed', `ENTSO-E document refused: ${entsoe.refusal}`);
      }
      return entsoe;
    }
    default:
      throw new AppError('unsupported_format', 'Not a spot price file this version knows.');
  }
};
