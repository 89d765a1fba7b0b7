import fs from 'node:fs';
import path from 'node:path';
import { readElhubCsv, readMeterRecording } from '../metering/readers.ts';
import { MONTHS } from './grid-tariff-types.ts';

/**
 * The real household of the conformance files (BKK, NO5) for the grid tariff tests:
 * its hourly recordings, its Elhub export for April 2026 and its BKK grid invoices.
 * Test support only; nothing in the application imports it.
 */
export const CONFORMANCE = path.resolve(import.meta.dirname, '..', '..', '..', 'fixtures', 'conformance');
const HOURLY = path.join(CONFORMANCE, 'hourly');

export interface RecordedMonth {
  readonly startMs: Float64Array;
  readonly kwh: Float64Array;
  /** øre/kWh ex VAT; NaN where the recording has no price. */
  readonly spotOre: Float64Array;
  /** Highest power in the hour in watts, as the recorder saw it; NaN where absent. */
  readonly pMaxW: Float64Array;
}

export const RECORDINGS: Readonly<Record<string, string>> = {
  '2025-12': 'bkk_desember_2025_hourly.json',
  '2026-02': 'bkk_februar_2026_hourly.json',
  '2026-03': 'bkk_mars_2026_hourly.json',
  '2026-04': 'bkk_april_2026_hourly.json',
  '2026-05': 'bkk_mai_2026_hourly.json',
  '2026-06': 'bkk_juni_2026_hourly.json',
  '2026-07': 'bkk_juli_2026_hourly.json',
};

export const recordedMonth = (month: string): RecordedMonth => {
  const file = RECORDINGS[month];
  if (!file) throw new Error(`no recording for ${month}`);
  const text = fs.readFileSync(path.join(HOURLY, file), 'utf8');
  const { hours, rejected } = readMeterRecording(text);
  if (rejected.length > 0) throw new Error(`${file}: ${rejected.length} hours rejected`);
  const raw = (JSON.parse(text) as { hours: { p_max_w: number | null }[] }).hours;
  return {
    startMs: Float64Array.from(hours, (h) => h.startMs),
    kwh: Float64Array.from(hours, (h) => h.kwh ?? Number.NaN),
    spotOre: Float64Array.from(hours, (h) =>
      h.spotNokPerKwhExVat === null ? Number.NaN : h.spotNokPerKwhExVat * 100,
    ),
    pMaxW: Float64Array.from(raw, (h) => h.p_max_w ?? Number.NaN),
  };
};

/** April 2026 as Elhub has it: the values the grid company bills from. */
export const elhubApril = (): Map<number, number> => {
  const { points } = readElhubCsv(fs.readFileSync(path.join(HOURLY, 'elhub_april.csv'), 'utf8'));
  return new Map(points.map((p) => [p.startMs, p.kwh]));
};

export interface InvoiceLine {
  readonly element: string;
  readonly quantity: string;
  readonly price: string;
  readonly amount_nok: number;
}

export interface Invoice {
  readonly invoice: string;
  readonly period: string;
  readonly lines: readonly InvoiceLine[];
}

export const invoices = (): readonly Invoice[] =>
  (
    JSON.parse(fs.readFileSync(path.join(HOURLY, 'bkk_grid_invoices.json'), 'utf8')) as {
      invoices: Invoice[];
    }
  ).invoices;

// Invoices name months in Norwegian, as Fri nettleie's files do.
const MONTH_NAMES: readonly string[] = MONTHS;

/** 'bkk-april-2026' → '2026-04'. */
export const invoiceMonth = (invoice: Invoice): string => {
  const m = /-([a-zø]+)-(\d{4})$/.exec(invoice.invoice);
  const index = m ? MONTH_NAMES.indexOf(m[1] as string) : -1;
  if (!m || index < 0) throw new Error(`cannot tell the month of ${invoice.invoice}`);
  return `${m[2]}-${String(index + 1).padStart(2, '0')}`;
};

/**
 * The number an invoice cell starts with, in either of BKK's two styles: '1 107,173 kWh'
 * (2025) and '1673.786 kWh' (2026); '-1.0334 kr/kWh\*' and '415 kr/mnd' are in kroner.
 */
export const invoiceNumber = (cell: string): { value: number; unit: string } => {
  const m = /^(-?[\d\s\u00a0]*\d(?:[.,]\d+)?)\s*(.*)$/.exec(cell.trim());
  if (!m) throw new Error(`no number in "${cell}"`);
  const value = Number((m[1] as string).replace(/[\s\u00a0]/g, '').replace(',', '.'));
  return { value, unit: (m[2] as string).replace(/\\?\*$/, '').trim() };
};

/** An invoice price cell in øre: per kWh, or per month for 'kr/mnd'. */
export const invoicePriceOre = (cell: string): number => {
  const { value, unit } = invoiceNumber(cell);
  if (unit === 'øre/kWh') return value;
  if (unit === 'kr/kWh' || unit === 'kr/mnd') return value * 100;
  throw new Error(`unknown price unit "${unit}"`);
};
