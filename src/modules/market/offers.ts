import type { ErrorDetail } from '../../platform/errors.ts';
import { parseIsoDate } from '../../platform/time.ts';
import { PRICE_AREAS, type PriceArea } from '../identity/price-area.ts';

/**
 * A contract offer in our catalogue format (`docs/formats.md`, "elvakt-offers/1"). All
 * prices exclude VAT: per-kWh parts in øre with decimals, the monthly fee in whole øre.
 */
export type ProductType = 'spot' | 'fixed' | 'variable';
export type CustomerType = 'household' | 'business' | 'cabin';

export interface Offer {
  readonly id: string;
  readonly supplierName: string;
  readonly supplierOrgnr: string | null;
  readonly name: string;
  readonly productType: ProductType;
  readonly areas: readonly PriceArea[];
  readonly customerType: CustomerType;
  /** Added to the energy price of each kWh: the supplier's margin on a spot product. */
  readonly markupOrePerKwh: number;
  /** Fixed and variable: the energy price per kWh. Spot: null. */
  readonly energyPriceOrePerKwh: number | null;
  readonly monthlyFeeOre: number;
  readonly bindingMonths: number;
  readonly validFrom: string;
  readonly validTo: string | null;
  readonly isDemo: boolean;
}

export const OFFERS_FORMAT = 'elvakt-offers/1';

const isNumber = (v: unknown, min = 0, max = 1e6): v is number =>
  typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max;

export const parseOfferFile = (
  text: string,
): { offers: Offer[]; source: string; rejected: ErrorDetail[]; fileProblem?: string } => {
  let doc: { format?: unknown; source?: unknown; offers?: unknown };
  try {
    doc = JSON.parse(text);
  } catch {
    return { offers: [], source: '', rejected: [], fileProblem: 'not JSON' };
  }
  if (doc?.format !== OFFERS_FORMAT) {
    return { offers: [], source: '', rejected: [], fileProblem: `format must be "${OFFERS_FORMAT}"` };
  }
  if (!Array.isArray(doc.offers))
    return { offers: [], source: '', rejected: [], fileProblem: 'no "offers" list' };
  const source = typeof doc.source === 'string' ? doc.source.slice(0, 200) : 'offer file';
  const offers: Offer[] = [];
  const rejected: ErrorDetail[] = [];
  const seen = new Set<string>();
  doc.offers.forEach((raw: Record<string, unknown>, i: number) => {
    const at = (field: string) => `offers[${i}].${field}`;
    const problems: ErrorDetail[] = [];
    const supplier = (raw?.supplier ?? {}) as { name?: unknown; orgnr?: unknown };
    const id = raw?.id;
    if (typeof id !== 'string' || !/^[a-z0-9][a-z0-9._-]{0,79}$/.test(id)) {
      problems.push({ at: at('id'), message: 'lowercase letters, digits, . _ - (1–80)' });
    }
    if (typeof supplier.name !== 'string' || supplier.name.trim() === '') {
      problems.push({ at: at('supplier.name'), message: 'required' });
    }
    if (supplier.orgnr !== undefined && supplier.orgnr !== null && !/^\d{9}$/.test(String(supplier.orgnr))) {
      problems.push({ at: at('supplier.orgnr'), message: 'nine digits or null' });
    }
    if (typeof raw?.name !== 'string' || raw.name.trim() === '')
      problems.push({ at: at('name'), message: 'required' });
    const type = raw?.type;
    if (type !== 'spot' && type !== 'fixed' && type !== 'variable') {
      problems.push({ at: at('type'), message: 'spot, fixed or variable' });
    }
    const areas = raw?.areas;
    if (!Array.isArray(areas) || areas.length === 0 || !areas.every((a) => PRICE_AREAS.includes(a))) {
      problems.push({ at: at('areas'), message: 'a non-empty list of NO1–NO5' });
    }
    const customerType = raw?.customerType ?? 'household';
    if (customerType !== 'household' && customerType !== 'business' && customerType !== 'cabin') {
      problems.push({ at: at('customerType'), message: 'household, business or cabin' });
    }
    const markup = raw?.markupOrePerKwh ?? 0;
    if (!isNumber(markup, -100, 1000))
      problems.push({ at: at('markupOrePerKwh'), message: 'a number of øre' });
    const energy = raw?.energyPriceOrePerKwh ?? null;
    if (type === 'spot' && energy !== null) {
      problems.push({ at: at('energyPriceOrePerKwh'), message: 'must be null for spot offers' });
    }
    if (type !== 'spot' && !isNumber(energy, 0, 10_000)) {
      problems.push({ at: at('energyPriceOrePerKwh'), message: 'required for fixed and variable offers' });
    }
    const fee = raw?.monthlyFeeOre ?? 0;
    if (!Number.isInteger(fee) || (fee as number) < 0) {
      problems.push({ at: at('monthlyFeeOre'), message: 'whole øre, 0 or more' });
    }
    const binding = raw?.bindingMonths ?? 0;
    if (!Number.isInteger(binding) || (binding as number) < 0 || (binding as number) > 60) {
      problems.push({ at: at('bindingMonths'), message: '0 to 60' });
    }
    const validFrom = raw?.validFrom;
    const validTo = raw?.validTo ?? null;
    if (typeof validFrom !== 'string' || !parseIsoDate(validFrom)) {
      problems.push({ at: at('validFrom'), message: 'a date YYYY-MM-DD' });
    }
    if (
      validTo !== null &&
      (typeof validTo !== 'string' || !parseIsoDate(validTo) || validTo < String(validFrom))
    ) {
      problems.push({ at: at('validTo'), message: 'null or a date on or after validFrom' });
    }
    const key = `${String(id)}@${String(validFrom)}`;
    if (seen.has(key)) problems.push({ at: at('id'), message: 'the same id and validFrom appear twice' });
    seen.add(key);
    if (problems.length > 0) {
      rejected.push(...problems);
      return;
    }
    offers.push({
      id: id as string,
      supplierName: (supplier.name as string).trim(),
      supplierOrgnr: supplier.orgnr ? String(supplier.orgnr) : null,
      name: (raw.name as string).trim(),
      productType: type as ProductType,
      areas: areas as PriceArea[],
      customerType: customerType as CustomerType,
      markupOrePerKwh: markup as number,
      energyPriceOrePerKwh: type === 'spot' ? null : (energy as number),
      monthlyFeeOre: fee as number,
      bindingMonths: binding as number,
      validFrom: validFrom as string,
      validTo: validTo as string | null,
      isDemo: raw.demo === true,
    });
  });
  return { offers, source, rejected };
};
