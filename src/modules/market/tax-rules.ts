import { AppError } from '../../platform/errors.ts';
import { osloDate } from '../../platform/time.ts';
import { type CustomerType, inForce, type LegalSource, type TaxRules } from './tax-rules-data.ts';

/**
 * What the state adds to a kWh on a given Oslo day at a given place: VAT, elavgift
 * (forbruksavgift på elektrisk kraft) and the Enova fee. Pure lookups in the rules
 * document; a day the document does not cover is an error that names the missing entry,
 * never a silent zero, because a missing rate would make every bill look cheaper.
 */
export type { CustomerType, TaxRules } from './tax-rules-data.ts';

/** County number, and the municipality where the county alone does not decide. */
export interface Place {
  readonly county: string | null;
  readonly municipality?: string | null;
}

export interface DayTaxes {
  readonly date: string;
  readonly vatRate: number;
  readonly vatReason: 'standard' | 'north-norway-household';
  /** Null where the place is in a county split by the zone and no municipality is known. */
  readonly tiltakssone: boolean | null;
  readonly elavgift: {
    readonly kind: 'general' | 'reduced' | 'exempt';
    readonly orePerKwhExVat: number;
    readonly source: LegalSource;
  };
  readonly enova: {
    /** Households and cabins pay per kWh, others per metering point and year. */
    readonly orePerKwhExVat: number;
    readonly nokPerYearExVat: number;
    readonly source: LegalSource;
  };
}

const noRule = (what: string, date: string): AppError =>
  new AppError(
    'not_found',
    `No ${what} rule covers ${date}; add it to rules/electricity-taxes.json with its legal source.`,
  );

const countyOf = (place: Place): string | null =>
  place.county ?? (place.municipality ? place.municipality.slice(0, 2) : null);

export const vatOn = (
  rules: TaxRules,
  date: string,
  place: Place,
  customerType: CustomerType,
): { rate: number; reason: DayTaxes['vatReason'] } => {
  const standard = inForce(rules.vatStandard, date);
  if (!standard) throw noRule('VAT', date);
  const county = countyOf(place);
  const exempt =
    rules.vatExemption.customerTypes.includes(customerType) &&
    rules.vatExemption.counties.some((c) => c.county === county && inForce([c], date));
  return exempt ? { rate: 0, reason: 'north-norway-household' } : { rate: standard.rate, reason: 'standard' };
};

/** True or false where the place decides it; null for Troms without a municipality. */
export const inTiltakssone = (rules: TaxRules, date: string, place: Place): boolean | null => {
  const county = countyOf(place);
  const zone = rules.tiltakssone;
  if (zone.counties.some((c) => c.county === county && inForce([c], date))) return true;
  if (place.municipality) {
    return zone.municipalities.some((m) => m.number === place.municipality && inForce([m], date));
  }
  const split = zone.municipalities.some((m) => m.number.startsWith(county ?? '--') && inForce([m], date));
  return split ? null : false;
};

export const taxesOn = (
  rules: TaxRules,
  date: string,
  place: Place,
  customerType: CustomerType,
): DayTaxes => {
  const vat = vatOn(rules, date, place, customerType);
  const el = inForce(rules.elavgift, date);
  if (!el) throw noRule('elavgift', date);
  const enova = inForce(rules.enova, date);
  if (!enova) throw noRule('Enova fee', date);
  const zone = inTiltakssone(rules, date, place);
  let elavgift: DayTaxes['elavgift'] = {
    kind: 'general',
    orePerKwhExVat: el.generalOrePerKwh,
    source: el.source,
  };
  if (zone === true && rules.tiltakssone.exemptCustomerTypes.includes(customerType)) {
    elavgift = { kind: 'exempt', orePerKwhExVat: 0, source: rules.tiltakssone.source };
  } else if (zone === true && rules.tiltakssone.reducedCustomerTypes.includes(customerType)) {
    if (el.reducedOrePerKwh === null) throw noRule('reduced elavgift', date);
    elavgift = { kind: 'reduced', orePerKwhExVat: el.reducedOrePerKwh, source: rules.tiltakssone.source };
  }
  const perKwh = customerType !== 'business';
  return {
    date,
    vatRate: vat.rate,
    vatReason: vat.reason,
    tiltakssone: zone,
    elavgift,
    enova: {
      orePerKwhExVat: perKwh ? enova.householdOrePerKwh : 0,
      nokPerYearExVat: perKwh ? 0 : enova.otherNokPerYear,
      source: enova.source,
    },
  };
};

export const taxesAt = (rules: TaxRules, utcMs: number, place: Place, customerType: CustomerType): DayTaxes =>
  taxesOn(rules, osloDate(utcMs), place, customerType);

/** Per-hour arrays for an engine that prices many hours: one lookup per Oslo day. */
export interface HourlyTaxes {
  readonly vatRate: Float64Array;
  readonly elavgiftOreExVat: Float64Array;
  readonly enovaOreExVat: Float64Array;
  /** Days whose tiltakssone status could not be decided (general elavgift was used). */
  readonly undecidedDays: readonly string[];
}

export const hourlyTaxes = (
  rules: TaxRules,
  startMs: ArrayLike<number>,
  place: Place,
  customerType: CustomerType,
): HourlyTaxes => {
  const n = startMs.length;
  const out = {
    vatRate: new Float64Array(n),
    elavgiftOreExVat: new Float64Array(n),
    enovaOreExVat: new Float64Array(n),
  };
  const byDay = new Map<string, DayTaxes>();
  const undecided = new Set<string>();
  for (let i = 0; i < n; i++) {
    const date = osloDate(startMs[i] as number);
    let t = byDay.get(date);
    if (!t) {
      t = taxesOn(rules, date, place, customerType);
      byDay.set(date, t);
      if (t.tiltakssone === null) undecided.add(date);
    }
    out.vatRate[i] = t.vatRate;
    out.elavgiftOreExVat[i] = t.elavgift.orePerKwhExVat;
    out.enovaOreExVat[i] = t.enova.orePerKwhExVat;
  }
  return { ...out, undecidedDays: [...undecided] };
};
