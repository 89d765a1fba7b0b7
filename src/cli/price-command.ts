import fs from 'node:fs';
import { PRICE_AREAS, type PriceArea } from '../modules/identity/price-area.ts';
import { type Offer, offerAudience, parseOfferFile } from '../modules/market/offers.ts';
import { readNorgesBankRates } from '../modules/market/spot.ts';
import { readSpotFile } from '../modules/market/spot-file.ts';
import { describeDisagreement, describeSource, resolveHours } from '../modules/market/spot-resolution.ts';
import { vatFor } from '../modules/market/vat.ts';
import { readElhubCsv, recordingConsumption } from '../modules/metering/readers.ts';
import { mergePoints, toHourlyArrays } from '../modules/metering/series.ts';
import { calculateSavings } from '../modules/savings/calculate-savings.ts';
import { AppError } from '../platform/errors.ts';
import { decodeTextOrThrow } from '../platform/text-decoding.ts';
import { HOUR_MS, osloToUtc, parseIsoDate } from '../platform/time.ts';
import type { CliIo } from './io.ts';

type Flags = Record<string, string | boolean | undefined>;

export const PRICE_HELP = `  elvakt price --consumption FILE --spot FILE --offers FILE [--area NO1..NO5] [--rates FILE]
               [--from DATE --to DATE] [--county NN] [--json]
                                        price a consumption series (Elhub CSV or meter recording) against
                                        every offer in a file, with no database: cost and its parts per offer`;

export const priceOptions = {
  consumption: { type: 'string' },
  spot: { type: 'string' },
  offers: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  county: { type: 'string' },
} as const;

const need = (flags: Flags, name: string): string => {
  const v = flags[name];
  if (typeof v !== 'string' || v === '') throw new AppError('validation_failed', `--${name} is required.`);
  return v;
};

const read = (file: string, limit: number): string => {
  if (!fs.existsSync(file)) throw new AppError('not_found', `${file} does not exist.`);
  if (fs.statSync(file).size > limit)
    throw new AppError('validation_failed', `${file} is larger than ${limit} bytes.`);
  return decodeTextOrThrow(fs.readFileSync(file), file);
};

const dateFlag = (flags: Flags, name: 'from' | 'to'): number | undefined => {
  const v = flags[name];
  if (v === undefined) return undefined;
  const d = typeof v === 'string' ? parseIsoDate(v) : undefined;
  if (!d) throw new AppError('validation_failed', `--${name} must be a date YYYY-MM-DD.`);
  // --to is the last day priced, so the period ends at the following Oslo midnight.
  return osloToUtc(d.year, d.month, d.day + (name === 'to' ? 1 : 0));
};

/**
 * `elvakt price`: what the engine says a consumption series would have cost under each
 * offer, from files alone, so a person can check a number by hand: per offer the energy
 * (spot or the offer's price), the markup, the monthly fees, VAT and the total over the
 * priced hours, month by month, and the same scaled to a year.
 */
export const priceFiles = (io: CliIo, flags: Flags, limit: number): number => {
  const consumptionText = read(need(flags, 'consumption'), limit);
  const area = flags.area === undefined ? undefined : String(flags.area);
  if (area !== undefined && !PRICE_AREAS.includes(area as PriceArea)) {
    throw new AppError('validation_failed', '--area must be one of NO1–NO5.');
  }
  const rates = typeof flags.rates === 'string' ? readNorgesBankRates(read(flags.rates, limit)) : undefined;
  const spot = readSpotFile(read(need(flags, 'spot'), limit), {
    ...(area ? { area: area as PriceArea } : {}),
    ...(rates ? { rates } : {}),
  });
  const areas = [...new Set(spot.points.map((p) => p.area))];
  const priceArea = (area ?? (areas.length === 1 ? areas[0] : undefined)) as PriceArea | undefined;
  if (!priceArea) throw new AppError('validation_failed', 'The spot file has several areas: give --area.');

  const consumption = /^\uFEFF?\s*\{/.test(consumptionText)
    ? recordingConsumption(consumptionText)
    : readElhubCsv(consumptionText);
  const from = dateFlag(flags, 'from');
  const to = dateFlag(flags, 'to');
  const points = consumption.points.filter(
    (p) => (from === undefined || p.startMs >= from) && (to === undefined || p.startMs < to),
  );
  if (points.length === 0) throw new AppError('validation_failed', 'No consumption in the period.');
  const series = toHourlyArrays(mergePoints(new Map(), points).months);
  const first = series.startMs[0] as number;
  // A source that appears first in the file counts as first, as the first imported does in the store.
  const arrivals = new Map<string, number>();
  for (const p of spot.points) if (!arrivals.has(p.source)) arrivals.set(p.source, arrivals.size);
  const prices = resolveHours(
    spot.points.flatMap((p) =>
      p.area === priceArea ? [{ ...p, arrival: arrivals.get(p.source) ?? 0 }] : [],
    ),
    first,
    series.startMs.length,
  );
  const parsed = parseOfferFile(read(need(flags, 'offers'), limit));
  if (parsed.fileProblem)
    throw new AppError('validation_failed', `Offer file refused: ${parsed.fileProblem}.`);
  if (parsed.rejected.length > 0)
    throw new AppError('validation_failed', 'Offer file refused.', parsed.rejected);
  const lastMs = (series.startMs[series.startMs.length - 1] as number) + HOUR_MS;
  // A household's comparison: household offers that are not cabin products.
  const audience = offerAudience('household');
  const offers: Offer[] = latestVersions(parsed.offers, first, lastMs).filter(
    (o) =>
      o.areas.includes(priceArea) && o.customerType === audience.customerType && o.cabin === audience.cabin,
  );
  const county = typeof flags.county === 'string' ? flags.county : null;
  const vat = vatFor('household', county, new Date(lastMs - 1));
  const result = calculateSavings({
    startMs: series.startMs,
    kwh: series.kwh,
    spotOre: prices.orePerKwh,
    spotEstimated: prices.estimated,
    spotSource: prices.source,
    spotSources: prices.sources,
    offers,
    currentOfferId: null,
    vatRate: vat.rate,
  });
  if (result.basis.pricedHours === 0) throw noHourPriced(series.startMs, series.kwh, prices.orePerKwh);
  const disagreements = prices.disagreements.map((d) => ({ ...d, finding: describeDisagreement(d) }));
  const out = {
    area: priceArea,
    vat,
    basis: result.basis,
    offers: result.offers.map((o) => ({
      id: o.offer.id,
      name: o.offer.name,
      supplier: o.offer.supplierName,
      type: o.offer.productType,
      // The rates, so each part can be checked by hand: markup includes any el-certificate part.
      markupOrePerKwh: o.offer.markupOrePerKwh,
      energyPriceOrePerKwh: o.offer.energyPriceOrePerKwh,
      monthlyFeeOre: o.offer.monthlyFeeOre,
      energyOre: o.energyOre,
      markupOre: o.markupOre,
      feeOre: o.feeOre,
      vatOre: o.vatOre,
      totalOre: o.totalOre,
      yearlyOre: o.yearlyOre,
      months: o.months,
    })),
    rejected: { consumption: consumption.rejected.length, spot: spot.rejected.length },
    disagreements,
  };
  if (flags.json === true) {
    io.out(JSON.stringify(out, null, 2));
    return 0;
  }
  const kr = (ore: number) => (ore / 100).toFixed(2);
  io.out(
    `${priceArea}, ${result.basis.from ?? '–'} to ${result.basis.to ?? '–'}: ${result.basis.pricedHours} hours priced, ${result.basis.kwh.toFixed(2)} kWh, VAT ${vat.rate * 100} %`,
  );
  for (const m of result.basis.months) {
    const by = m.priceSources.map((s) => `${s.hours} h ${describeSource(s)}`).join('; ');
    io.out(`  ${m.month}: ${m.pricedHours} of ${m.hours} hours priced${by ? ` (${by})` : ''}`);
  }
  for (const d of disagreements) io.out(`Finding: ${d.finding}`);
  for (const o of out.offers) {
    io.out(
      `${o.id}: energy ${kr(o.energyOre)} + markup ${kr(o.markupOre)} + fees ${kr(o.feeOre)} + VAT ${kr(o.vatOre)} = ${kr(o.totalOre)} NOK (${kr(o.yearlyOre)} NOK a year)`,
    );
  }
  return 0;
};

/** Of an offer with several versions, the one in force at the end of the period (or the latest that began before it). */
const latestVersions = (offers: readonly Offer[], fromMs: number, toMs: number): Offer[] => {
  const end = new Date(toMs - 1).toISOString().slice(0, 10);
  const start = new Date(fromMs).toISOString().slice(0, 10);
  const byId = new Map<string, Offer>();
  for (const o of offers) {
    if (o.validFrom > end || (o.validTo !== null && o.validTo < start)) continue;
    const seen = byId.get(o.id);
    if (!seen || seen.validFrom < o.validFrom) byId.set(o.id, o);
  }
  return [...byId.values()];
};

/** Why a run priced nothing, in terms a person can check against the files. */
const noHourPriced = (startMs: Float64Array, kwh: Float64Array, spotOre: Float64Array): AppError => {
  let measured = 0;
  let priced = 0;
  for (let i = 0; i < startMs.length; i++) {
    if (!Number.isNaN(kwh[i] ?? Number.NaN)) measured++;
    if (!Number.isNaN(spotOre[i] ?? Number.NaN)) priced++;
  }
  const from = new Date(startMs[0] ?? 0).toISOString();
  const to = new Date((startMs[startMs.length - 1] ?? 0) + HOUR_MS).toISOString();
  return new AppError(
    'validation_failed',
    `No hour was priced: of the ${startMs.length} hours from ${from} to ${to}, ${measured} have consumption and ${priced} a whole spot price (an hourly price or all four quarter-hours from one source), and none has both.`,
  );
};
