import { AppError } from '../../platform/errors.ts';
import { osloDate, parseMonthKey } from '../../platform/time.ts';
import { roundOre } from '../identity/money.ts';
import type { GridTariff, GridTariffFile } from './grid-tariff.ts';
import { tariffFor } from './grid-tariff.ts';
import { classifyHour, energyPriceFor } from './grid-tariff-calendar.ts';
import { type CapacityBasis, capacityBasis, stepFor, stepName } from './grid-tariff-capacity.ts';
import { type CustomerType, hourlyTaxes, type Place, type TaxRules, taxesOn } from './tax-rules.ts';
import {
  type MonthHours,
  norgesprisSettlement,
  type SupportMonth,
  stromstotteOre,
} from './tax-rules-support.ts';

/**
 * One month's grid bill from hourly consumption, line by line as a grid company prints it:
 * the energy part by price period, the capacity step prorated by the days of the month
 * under each tariff, elavgift and the Enova fee, then strømstøtte or the Norgespris
 * settlement, which the grid company also carries. Every line is rounded to øre once;
 * the grid total is the sum of the rounded lines and its VAT is taken from that total.
 */
export interface GridBillInput {
  readonly tariffFile: GridTariffFile;
  /** Which tariff area, for files that hold several at once. */
  readonly tariffName?: string;
  readonly taxRules: TaxRules;
  readonly customerType: CustomerType;
  readonly place: Place;
  /** The hours billed, all in one Oslo month; fewer than the month's for a part month. */
  readonly hours: MonthHours;
  readonly support?: 'stromstotte' | 'norgespris' | 'none';
  readonly norgesprisSince?: string;
  /** The grid company's own extra days off, 'MM-DD' (see grid-tariff-calendar.ts). */
  readonly extraFreeDays?: ReadonlySet<string>;
  readonly mainFuseAmpere?: number;
}

export interface BillLine {
  readonly kind: 'energy' | 'capacity' | 'elavgift' | 'enova' | 'stromstotte' | 'norgespris';
  readonly name: string;
  readonly quantity: number;
  readonly unit: 'kWh' | 'days';
  /** Per kWh, or per month for a line billed in days; VAT included where it applies. */
  readonly unitPriceOre: number;
  readonly unitPriceExVatOre: number;
  readonly vatRate: number;
  readonly amountOre: number;
  /** The VAT inside `amountOre`. Support lines carry none: they are transfers, not sales. */
  readonly vatOre: number;
}

export interface GridBill {
  readonly month: string;
  readonly owner: string;
  readonly lines: readonly BillLine[];
  readonly gridTotalOre: number;
  readonly gridVatOre: number;
  readonly supportLines: readonly BillLine[];
  readonly totalOre: number;
  readonly basis: {
    readonly hours: number;
    readonly hoursWithoutKwh: number;
    readonly kwh: number;
    readonly days: number;
    readonly capacity: CapacityBasis & { readonly step: string };
    readonly support: SupportMonth | null;
    /** Days whose tiltakssone status the place could not decide (the general rate was used). */
    readonly undecidedDays: readonly string[];
  };
}

interface Group {
  kind: BillLine['kind'];
  name: string;
  unit: BillLine['unit'];
  exVat: number;
  vat: number;
  quantity: number;
}

const daysInMonth = (month: string): number => {
  const { year, month: m } = parseMonthKey(month);
  return new Date(Date.UTC(year, m, 0)).getUTCDate();
};

/**
 * Hours with the same kind, name, price and VAT become one line. A month has a handful of
 * lines and is walked hour by hour, so they are found by comparing fields, not by a key
 * written out for every hour.
 */
const add = (groups: Group[], g: Omit<Group, 'quantity'>, quantity: number): void => {
  for (const found of groups) {
    if (found.exVat === g.exVat && found.vat === g.vat && found.name === g.name && found.kind === g.kind) {
      found.quantity += quantity;
      return;
    }
  }
  groups.push({ ...g, quantity });
};

const toLine = (g: Group): BillLine => {
  const amountOre = roundOre(g.quantity * g.exVat * (1 + g.vat));
  return {
    kind: g.kind,
    name: g.name,
    quantity: g.quantity,
    unit: g.unit,
    unitPriceOre: g.exVat * (1 + g.vat),
    unitPriceExVatOre: g.exVat,
    vatRate: g.vat,
    amountOre,
    vatOre: roundOre((amountOre * g.vat) / (1 + g.vat)),
  };
};

const supportLine = (s: SupportMonth, vatRate: number): BillLine | null => {
  if (s.none || s.settledKwh === 0) return null;
  const amountOre = roundOre(-s.totalOre);
  const perKwh = -s.totalOre / s.settledKwh;
  const name = s.scheme === 'norgespris' ? 'Norgespris' : 'Strømstøtte';
  return {
    kind: s.scheme,
    name,
    quantity: s.settledKwh,
    unit: 'kWh',
    unitPriceOre: perKwh,
    unitPriceExVatOre: perKwh / (1 + vatRate),
    vatRate,
    amountOre,
    vatOre: 0,
  };
};

export const gridBill = (input: GridBillInput): GridBill => {
  const { hours, taxRules, customerType, place } = input;
  const n = hours.startMs.length;
  const first = hours.startMs[0];
  if (first === undefined) {
    throw new AppError('validation_failed', 'A grid bill needs the hours of its month.');
  }
  const month = osloDate(first).slice(0, 7);
  const taxes = hourlyTaxes(taxRules, hours.startMs, place, customerType);
  const tariffByDay = new Map<string, GridTariff>();
  const energy: Group[] = [];
  const levies: Group[] = [];
  let kwhTotal = 0;
  let missing = 0;
  for (let i = 0; i < n; i++) {
    const startMs = hours.startMs[i] as number;
    const date = osloDate(startMs);
    if (date.slice(0, 7) !== month) throw new AppError('validation_failed', `The hours run past ${month}.`);
    let tariff = tariffByDay.get(date);
    if (!tariff) {
      tariff = tariffFor(input.tariffFile, customerType, date, input.tariffName);
      if (!tariff) {
        throw new AppError(
          'not_found',
          `${input.tariffFile.owner} has no ${customerType} tariff on ${date}.`,
        );
      }
      tariffByDay.set(date, tariff);
    }
    const kwh = hours.kwh[i] as number;
    if (Number.isNaN(kwh)) {
      missing++;
      continue;
    }
    kwhTotal += kwh;
    const vat = taxes.vatRate[i] as number;
    const price = energyPriceFor(tariff, classifyHour(startMs, input.extraFreeDays));
    add(
      energy,
      {
        kind: 'energy',
        name: `Energiledd ${price.name ?? 'grunnpris'}`,
        unit: 'kWh',
        exVat: price.oreExVat,
        vat,
      },
      kwh,
    );
    const el = taxes.elavgiftOreExVat[i] as number;
    // An exempt customer (the tiltakssone) gets no elavgift line at all, as on their invoices.
    if (el > 0) add(levies, { kind: 'elavgift', name: 'Forbruksavgift', unit: 'kWh', exVat: el, vat }, kwh);
    const enova = taxes.enovaOreExVat[i] as number;
    if (enova > 0) add(levies, { kind: 'enova', name: 'Enovaavgift', unit: 'kWh', exVat: enova, vat }, kwh);
  }
  const tariffs = [...new Set(tariffByDay.values())];
  const method = (tariffs[0] as GridTariff).fixed.method;
  if (tariffs.some((t) => t.fixed.method !== method)) {
    throw new AppError('unsupported_format', `The capacity method changes within ${month}.`);
  }
  const basis = capacityBasis(method, hours.startMs, hours.kwh, input.mainFuseAmpere);
  if (Number.isNaN(basis.value)) {
    throw new AppError('validation_failed', `No hour of ${month} has a measured kWh.`);
  }
  const monthDays = daysInMonth(month);
  const capacity: Group[] = [];
  let stepLabel = '';
  for (const [date, tariff] of tariffByDay) {
    const step = stepFor(tariff.fixed, basis.value);
    stepLabel = stepName(step, basis.unit);
    const day = taxesOn(taxRules, date, place, customerType);
    const perDayExVat = (step.nokPerYearExVat * 100) / 12 / monthDays;
    const vat = day.vatRate;
    add(
      capacity,
      { kind: 'capacity', name: `Kapasitetsledd ${stepLabel}`, unit: 'days', exVat: perDayExVat, vat },
      1,
    );
    if (day.enova.nokPerYearExVat > 0) {
      const perDay = (day.enova.nokPerYearExVat * 100) / 12 / monthDays;
      add(levies, { kind: 'enova', name: 'Enovaavgift', unit: 'days', exVat: perDay, vat }, 1);
    }
  }
  const byPrice = [...energy].sort((a, b) => b.exVat - a.exVat);
  const gridGroups = [...byPrice, ...capacity, ...levies];
  const lines = gridGroups.map((g) => {
    const line = toLine(g);
    // A line billed in days shows its price per month, as invoices do ('250 kr/mnd').
    return g.unit === 'days'
      ? { ...line, unitPriceOre: line.unitPriceOre * monthDays, unitPriceExVatOre: g.exVat * monthDays }
      : line;
  });
  const gridTotalOre = lines.reduce((s, l) => s + l.amountOre, 0);
  const gridVatOre = roundOre(lines.reduce((s, l) => s + (l.amountOre * l.vatRate) / (1 + l.vatRate), 0));
  const scheme = input.support ?? 'stromstotte';
  const support =
    scheme === 'stromstotte'
      ? stromstotteOre(taxRules, hours, place, customerType)
      : scheme === 'norgespris'
        ? norgesprisSettlement(taxRules, hours, place, customerType, input.norgesprisSince)
        : null;
  const supportLines = support ? [supportLine(support, taxes.vatRate[0] ?? 0)].filter((l) => l !== null) : [];
  return {
    month,
    owner: input.tariffFile.owner,
    lines,
    gridTotalOre,
    gridVatOre,
    supportLines,
    totalOre: gridTotalOre + supportLines.reduce((s, l) => s + l.amountOre, 0),
    basis: {
      hours: n,
      hoursWithoutKwh: missing,
      kwh: kwhTotal,
      days: tariffByDay.size,
      capacity: { ...basis, step: stepLabel },
      support,
      undecidedDays: taxes.undecidedDays,
    },
  };
};
