import type { ErrorDetail } from '../../platform/errors.ts';
import { parseIsoDate } from '../../platform/time.ts';
import { PRICE_AREAS, type PriceArea } from '../identity/price-area.ts';

/**
 * A contract offer in our catalogue (`docs/formats.md`, "elvakt-offers/2"; "elvakt-offers/1"
 * files are still read). All prices exclude VAT: per-kWh parts in øre with up to four
 * decimals, amounts in whole øre.
 *
 * `spot` follows the area's spot price (also the monthly-average and "innkjøpspris"
 * products), `hourly_spot` bills each hour at that hour's spot price, `fixed` is one price
 * for a fixed period, `variable` a price the supplier changes with notice, and `plus` a
 * product bundled with something else (insurance, a service, a membership) at either the
 * spot price or a price of its own.
 */
export type ProductType = 'spot' | 'hourly_spot' | 'fixed' | 'variable' | 'plus';
export const PRODUCT_TYPES: readonly ProductType[] = ['spot', 'hourly_spot', 'fixed', 'variable', 'plus'];

export type CustomerType = 'household' | 'business';

/** What a metering point says it is: cabins are households buying cabin products. */
export type PointCustomerType = CustomerType | 'cabin';

export type PaymentCode = 'efaktura' | 'avtalegiro' | 'email_invoice' | 'prepayment' | 'other';
export const PAYMENT_CODES: readonly PaymentCode[] = [
  'efaktura',
  'avtalegiro',
  'email_invoice',
  'prepayment',
  'other',
];

export interface PaymentCondition {
  readonly code: PaymentCode;
  /** The supplier's terms in their words, e.g. what it costs to pay otherwise. */
  readonly text: string;
}

export interface OfferConditions {
  /** A membership the offer requires, and what it costs a year (0 when free). */
  readonly membership: { readonly organisation: string; readonly yearlyFeeOre: number } | null;
  /** Anything else that must be bought to get the offer, in the supplier's words. */
  readonly otherPurchase: string | null;
  readonly payment: readonly PaymentCondition[];
}

export const NO_CONDITIONS: OfferConditions = { membership: null, otherPurchase: null, payment: [] };

export interface ElCertificate {
  readonly orePerKwh: number;
  /** How the supplier quoted it: inside its markup or energy price, or added on top. */
  readonly quoted: 'included' | 'on_top';
}

export interface ExitFee {
  readonly ore: number;
  /** Charged once, or for each month left of the binding period. */
  readonly per: 'once' | 'remaining_month';
}

export interface Offer {
  readonly id: string;
  readonly supplierName: string;
  readonly supplierOrgnr: string | null;
  readonly name: string;
  readonly productType: ProductType;
  readonly areas: readonly PriceArea[];
  readonly customerType: CustomerType;
  /** Sold for cabins and holiday homes (hytte, fritidsbolig) only. */
  readonly cabin: boolean;
  /**
   * Paid per kWh on top of the energy price. Always includes the el-certificate cost: one
   * quoted on top is added here, so offers compare on the same basis.
   */
  readonly markupOrePerKwh: number;
  /** The offer's own energy price per kWh; null when the energy follows the spot price. */
  readonly energyPriceOrePerKwh: number | null;
  /** The el-certificate part, when the supplier states it. */
  readonly elCertificate: ElCertificate | null;
  readonly monthlyFeeOre: number;
  /** Fixed offers: the fixed price's period, in months or to a date (both null when not stated). */
  readonly fixedMonths: number | null;
  readonly fixedUntil: string | null;
  readonly bindingMonths: number;
  /** Bruddgebyr: what leaving inside the binding period costs. */
  readonly exitFee: ExitFee | null;
  readonly conditions: OfferConditions;
  readonly validFrom: string;
  /** The last day the offer is sold; customers on it keep its last price. */
  readonly validTo: string | null;
  readonly isDemo: boolean;
}

export const OFFERS_FORMAT_V1 = 'elvakt-offers/1';
export const OFFERS_FORMAT = 'elvakt-offers/2';

/** One offer version of a file, where it stood, and whether it restates a stored version on purpose. */
export interface OfferEntry {
  readonly at: string;
  readonly offer: Offer;
  readonly correction: boolean;
}

export interface ParsedOfferFile {
  readonly format: typeof OFFERS_FORMAT | typeof OFFERS_FORMAT_V1 | null;
  readonly entries: OfferEntry[];
  readonly offers: Offer[];
  readonly source: string;
  readonly rejected: ErrorDetail[];
  readonly fileProblem?: string;
}

const ID = /^[a-z0-9][a-z0-9._-]{0,79}$/;
const ORGNR = /^\d{9}$/;
const TEXT_MAX = 500;

const isNumber = (v: unknown, min: number, max: number): v is number =>
  typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max;

const isWhole = (v: unknown, min: number, max: number): v is number =>
  Number.isInteger(v) && (v as number) >= min && (v as number) <= max;

/** The database keeps four decimals; a fifth would be lost on the way in and make a re-import differ. */
const hasFourDecimals = (v: number): boolean => {
  const scaled = v * 10_000;
  return Math.abs(scaled - Math.round(scaled)) < 1e-6 * Math.max(1, Math.abs(scaled));
};

export const round4 = (v: number): number => Math.round(v * 10_000) / 10_000;

const isDate = (v: unknown): v is string => typeof v === 'string' && parseIsoDate(v) !== undefined;

const isText = (v: unknown, max = TEXT_MAX): v is string =>
  typeof v === 'string' && v.trim() !== '' && v.length <= max;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

type Raw = Record<string, unknown>;

interface Checker {
  readonly problems: ErrorDetail[];
  fail(field: string, message: string): void;
}

const checker = (prefix: string): Checker => {
  const problems: ErrorDetail[] = [];
  return { problems, fail: (field, message) => problems.push({ at: `${prefix}.${field}`, message }) };
};

/** The fields both formats share, read the same way. */
const readCommon = (raw: Raw, c: Checker) => {
  const supplier = isRecord(raw.supplier) ? raw.supplier : {};
  if (typeof raw.id !== 'string' || !ID.test(raw.id)) c.fail('id', 'lowercase letters, digits, . _ - (1–80)');
  if (!isText(supplier.name, 200)) c.fail('supplier.name', 'required, at most 200 characters');
  const orgnr = supplier.orgnr ?? null;
  if (orgnr !== null && !ORGNR.test(String(orgnr))) c.fail('supplier.orgnr', 'nine digits or null');
  if (!isText(raw.name, 200)) c.fail('name', 'required, at most 200 characters');
  const areas = raw.areas;
  const areasOk =
    Array.isArray(areas) &&
    areas.length > 0 &&
    areas.every((a) => (PRICE_AREAS as readonly unknown[]).includes(a)) &&
    new Set(areas).size === areas.length;
  if (!areasOk) c.fail('areas', 'a non-empty list of NO1–NO5, each once');
  const fee = raw.monthlyFeeOre ?? 0;
  if (!isWhole(fee, 0, 10_000_000)) c.fail('monthlyFeeOre', 'whole øre, 0 or more');
  const binding = raw.bindingMonths ?? 0;
  if (!isWhole(binding, 0, 60)) c.fail('bindingMonths', '0 to 60');
  const validFrom = raw.validFrom;
  const validTo = raw.validTo ?? null;
  if (!isDate(validFrom)) c.fail('validFrom', 'a date YYYY-MM-DD');
  if (validTo !== null && (!isDate(validTo) || validTo < String(validFrom))) {
    c.fail('validTo', 'null or a date on or after validFrom');
  }
  if (raw.demo !== undefined && typeof raw.demo !== 'boolean') c.fail('demo', 'true or false');
  return {
    id: raw.id as string,
    supplierName: String(supplier.name ?? '').trim(),
    supplierOrgnr: orgnr === null ? null : String(orgnr),
    name: String(raw.name ?? '').trim(),
    // One order, so the same areas in another order are the same offer.
    areas: areasOk ? PRICE_AREAS.filter((a) => (areas as unknown[]).includes(a)) : [],
    monthlyFeeOre: fee as number,
    bindingMonths: binding as number,
    validFrom: validFrom as string,
    validTo: validTo as string | null,
    isDemo: raw.demo === true,
  };
};

/** elvakt-offers/1, read as before and mapped into the current model. */
const readV1 = (raw: Raw, c: Checker): Offer => {
  const common = readCommon(raw, c);
  const type = raw.type;
  if (type !== 'spot' && type !== 'fixed' && type !== 'variable') c.fail('type', 'spot, fixed or variable');
  const customerType = raw.customerType ?? 'household';
  if (customerType !== 'household' && customerType !== 'business' && customerType !== 'cabin') {
    c.fail('customerType', 'household, business or cabin');
  }
  const markup = raw.markupOrePerKwh ?? 0;
  if (!isNumber(markup, -100, 1000)) c.fail('markupOrePerKwh', 'a number of øre');
  const energy = raw.energyPriceOrePerKwh ?? null;
  if (type === 'spot' && energy !== null) c.fail('energyPriceOrePerKwh', 'must be null for spot offers');
  if (type !== 'spot' && !isNumber(energy, 0, 10_000)) {
    c.fail('energyPriceOrePerKwh', 'required for fixed and variable offers');
  }
  return {
    ...common,
    productType: type as ProductType,
    customerType: customerType === 'business' ? 'business' : 'household',
    cabin: customerType === 'cabin',
    // Version 1 kept whatever the database rounded to; rounding here keeps a re-import identical.
    markupOrePerKwh: round4(markup as number),
    energyPriceOrePerKwh: type === 'spot' ? null : round4(energy as number),
    elCertificate: null,
    fixedMonths: null,
    fixedUntil: null,
    exitFee: null,
    conditions: NO_CONDITIONS,
  };
};

const ore = (v: unknown, min: number, max: number): v is number =>
  isNumber(v, min, max) && hasFourDecimals(v);

const readConditions = (value: unknown, c: Checker): OfferConditions => {
  if (value === undefined || value === null) return NO_CONDITIONS;
  if (!isRecord(value)) {
    c.fail('conditions', 'an object with membership, otherPurchase and payment');
    return NO_CONDITIONS;
  }
  let membership: OfferConditions['membership'] = null;
  const m = value.membership ?? null;
  if (m !== null) {
    if (!isRecord(m)) c.fail('conditions.membership', 'null or { organisation, yearlyFeeOre }');
    else {
      if (!isText(m.organisation, 200)) c.fail('conditions.membership.organisation', 'required');
      const fee = m.yearlyFeeOre ?? 0;
      if (!isWhole(fee, 0, 100_000_000)) c.fail('conditions.membership.yearlyFeeOre', 'whole øre, 0 or more');
      membership = { organisation: String(m.organisation ?? '').trim(), yearlyFeeOre: fee as number };
    }
  }
  const other = value.otherPurchase ?? null;
  if (other !== null && !isText(other)) {
    c.fail('conditions.otherPurchase', `null or a text of at most ${TEXT_MAX} characters`);
  }
  const payment: PaymentCondition[] = [];
  const list = value.payment ?? [];
  if (!Array.isArray(list)) c.fail('conditions.payment', 'a list of { code, text }');
  else {
    const codes = new Set<unknown>();
    list.forEach((p: unknown, j: number) => {
      const at = `conditions.payment[${j}]`;
      if (!isRecord(p)) {
        c.fail(at, '{ code, text }');
        return;
      }
      if (!PAYMENT_CODES.includes(p.code as PaymentCode)) c.fail(`${at}.code`, PAYMENT_CODES.join(', '));
      else if (codes.has(p.code)) c.fail(`${at}.code`, 'each code once');
      codes.add(p.code);
      if (!isText(p.text)) c.fail(`${at}.text`, `required, at most ${TEXT_MAX} characters`);
      payment.push({ code: p.code as PaymentCode, text: String(p.text ?? '').trim() });
    });
  }
  return { membership, otherPurchase: other === null ? null : String(other).trim(), payment };
};

const readV2 = (raw: Raw, c: Checker): Offer => {
  const common = readCommon(raw, c);
  const type = raw.type as ProductType;
  if (!PRODUCT_TYPES.includes(type)) c.fail('type', PRODUCT_TYPES.join(', '));
  const customerType = raw.customerType ?? 'household';
  if (customerType !== 'household' && customerType !== 'business')
    c.fail('customerType', 'household or business');
  const cabin = raw.cabin ?? false;
  if (typeof cabin !== 'boolean') c.fail('cabin', 'true or false');
  // Metering points of cabins are household points: a business cabin offer would never be shown.
  else if (cabin && customerType === 'business') c.fail('cabin', 'cabin offers are household offers');

  const markup = raw.markupOrePerKwh ?? 0;
  if (!ore(markup, -100, 1000)) c.fail('markupOrePerKwh', 'øre per kWh, -100 to 1000, at most four decimals');
  const energy = raw.energyPriceOrePerKwh ?? null;
  const ownPrice = type === 'fixed' || type === 'variable';
  if ((type === 'spot' || type === 'hourly_spot') && energy !== null) {
    c.fail('energyPriceOrePerKwh', 'must be null for spot offers');
  } else if (ownPrice && energy === null) {
    c.fail('energyPriceOrePerKwh', 'required for fixed and variable offers');
  } else if (energy !== null && !ore(energy, 0, 10_000)) {
    c.fail('energyPriceOrePerKwh', 'øre per kWh, 0 to 10000, at most four decimals');
  }

  let elCertificate: ElCertificate | null = null;
  const el = raw.elCertificate ?? null;
  if (el !== null) {
    if (!isRecord(el)) c.fail('elCertificate', 'null or { orePerKwh, included }');
    else {
      if (!ore(el.orePerKwh, 0, 100))
        c.fail('elCertificate.orePerKwh', 'øre per kWh, 0 to 100, at most four decimals');
      if (typeof el.included !== 'boolean') c.fail('elCertificate.included', 'true or false');
      elCertificate = {
        orePerKwh: el.orePerKwh as number,
        quoted: el.included === false ? 'on_top' : 'included',
      };
    }
  }

  let fixedMonths: number | null = null;
  let fixedUntil: string | null = null;
  const period = raw.fixedPeriod ?? null;
  if (type !== 'fixed' && period !== null) c.fail('fixedPeriod', 'only for fixed offers');
  else if (type === 'fixed') {
    const months = isRecord(period) ? (period.months ?? null) : null;
    const until = isRecord(period) ? (period.until ?? null) : null;
    if (!isRecord(period) || (months === null) === (until === null)) {
      c.fail('fixedPeriod', 'required for fixed offers: { months } or { until }');
    } else if (months !== null && !isWhole(months, 1, 120)) {
      c.fail('fixedPeriod.months', '1 to 120');
    } else if (until !== null && (!isDate(until) || until < String(common.validFrom))) {
      c.fail('fixedPeriod.until', 'a date on or after validFrom');
    } else {
      fixedMonths = months as number | null;
      fixedUntil = until as string | null;
    }
  }

  let exitFee: ExitFee | null = null;
  const exit = raw.exitFee ?? null;
  if (exit !== null) {
    if (!isRecord(exit)) c.fail('exitFee', 'null or { ore, per }');
    else {
      if (!isWhole(exit.ore, 0, 100_000_000)) c.fail('exitFee.ore', 'whole øre, 0 or more');
      if (exit.per !== 'once' && exit.per !== 'remaining_month')
        c.fail('exitFee.per', 'once or remaining_month');
      exitFee = { ore: exit.ore as number, per: exit.per as ExitFee['per'] };
    }
    if (common.bindingMonths === 0) c.fail('exitFee', 'an exit fee needs bindingMonths above 0');
  }

  if (raw.correction !== undefined && typeof raw.correction !== 'boolean')
    c.fail('correction', 'true or false');

  const onTop = elCertificate?.quoted === 'on_top' ? elCertificate.orePerKwh : 0;
  return {
    ...common,
    productType: type,
    customerType: customerType as CustomerType,
    cabin: cabin === true,
    markupOrePerKwh: round4((markup as number) + onTop),
    energyPriceOrePerKwh: energy as number | null,
    elCertificate,
    fixedMonths,
    fixedUntil,
    exitFee,
    conditions: readConditions(raw.conditions, c),
  };
};

const refusedFile = (fileProblem: string): ParsedOfferFile => ({
  format: null,
  entries: [],
  offers: [],
  source: '',
  rejected: [],
  fileProblem,
});

/**
 * Reads an offer file. Every problem is named with its path; the caller stores nothing
 * when any is found.
 */
export const parseOfferFile = (text: string): ParsedOfferFile => {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return refusedFile('not JSON');
  }
  const format = isRecord(doc) ? doc.format : undefined;
  if (!isRecord(doc) || (format !== OFFERS_FORMAT && format !== OFFERS_FORMAT_V1)) {
    return refusedFile(`format must be "${OFFERS_FORMAT}" or "${OFFERS_FORMAT_V1}"`);
  }
  if (!Array.isArray(doc.offers)) return refusedFile('no "offers" list');
  const source = typeof doc.source === 'string' ? doc.source.slice(0, 200) : 'offer file';
  const entries: OfferEntry[] = [];
  const rejected: ErrorDetail[] = [];
  const seen = new Set<string>();
  doc.offers.forEach((item: unknown, i: number) => {
    const at = `offers[${i}]`;
    if (!isRecord(item)) {
      rejected.push({ at, message: 'an offer object' });
      return;
    }
    const c = checker(at);
    const offer = format === OFFERS_FORMAT ? readV2(item, c) : readV1(item, c);
    const key = `${String(item.id)}@${String(item.validFrom)}`;
    if (seen.has(key)) c.fail('id', 'the same id and validFrom appear twice');
    seen.add(key);
    if (c.problems.length > 0) {
      rejected.push(...c.problems);
      return;
    }
    entries.push({ at, offer, correction: format === OFFERS_FORMAT && item.correction === true });
  });
  return { format, entries, offers: entries.map((e) => e.offer), source, rejected };
};

/** The el-certificate quoted on top comes back out of the markup, as the supplier wrote it. */
export const quotedMarkupOrePerKwh = (o: Offer): number =>
  o.elCertificate?.quoted === 'on_top'
    ? round4(o.markupOrePerKwh - o.elCertificate.orePerKwh)
    : o.markupOrePerKwh;

/** What a version says, in one fixed shape, field by field (id and validFrom are its key). */
const termsOf = (o: Offer): Record<string, unknown> => ({
  supplierName: o.supplierName,
  supplierOrgnr: o.supplierOrgnr,
  name: o.name,
  productType: o.productType,
  areas: [...o.areas],
  customerType: o.customerType,
  cabin: o.cabin,
  markupOrePerKwh: o.markupOrePerKwh,
  energyPriceOrePerKwh: o.energyPriceOrePerKwh,
  elCertificate: o.elCertificate && { orePerKwh: o.elCertificate.orePerKwh, quoted: o.elCertificate.quoted },
  monthlyFeeOre: o.monthlyFeeOre,
  fixedMonths: o.fixedMonths,
  fixedUntil: o.fixedUntil,
  bindingMonths: o.bindingMonths,
  exitFee: o.exitFee && { ore: o.exitFee.ore, per: o.exitFee.per },
  conditions: {
    membership: o.conditions.membership && {
      organisation: o.conditions.membership.organisation,
      yearlyFeeOre: o.conditions.membership.yearlyFeeOre,
    },
    otherPurchase: o.conditions.otherPurchase,
    payment: o.conditions.payment.map((p) => ({ code: p.code, text: p.text })),
  },
  validTo: o.validTo,
  isDemo: o.isDemo,
});

/** The fields in which two versions of the same id and validFrom differ. */
export const offerChanges = (stored: Offer, incoming: Offer): string[] => {
  const a = termsOf(stored);
  const b = termsOf(incoming);
  return Object.keys(a).filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
};

export interface StoredOfferVersion {
  readonly offer: Offer;
  readonly revision: number;
}

export interface OfferImportPlan {
  /** New versions and new revisions of stored versions, in file order. */
  readonly writes: { readonly offer: Offer; readonly revision: number }[];
  readonly added: number;
  readonly revised: number;
  readonly unchanged: number;
  readonly refused: ErrorDetail[];
  /**
   * Price areas whose offers may have changed: those of every version written and of every
   * stored version of the same offers, since a new version can leave an area its earlier
   * versions covered.
   */
  readonly areas: PriceArea[];
}

export const versionKey = (id: string, validFrom: string): string => `${id}@${validFrom}`;

/**
 * Decides what an import does, version by version, against what is stored:
 * - a version not stored yet is added;
 * - one stored with the same terms changes nothing (so a file imported twice changes nothing);
 * - one whose only change is its validTo gets a new revision: ending or extending an offer
 *   restates no price;
 * - one with other changes is refused unless marked `"correction": true`, which stores a new
 *   revision. A revision never overwrites: the earlier one stays, marked superseded.
 */
export const planOfferImport = (
  entries: readonly OfferEntry[],
  stored: ReadonlyMap<string, StoredOfferVersion>,
): OfferImportPlan => {
  const writes: { offer: Offer; revision: number }[] = [];
  const refused: ErrorDetail[] = [];
  let added = 0;
  let revised = 0;
  let unchanged = 0;
  for (const e of entries) {
    const current = stored.get(versionKey(e.offer.id, e.offer.validFrom));
    if (!current) {
      writes.push({ offer: e.offer, revision: 1 });
      added++;
      continue;
    }
    const changes = offerChanges(current.offer, e.offer);
    if (changes.length === 0) {
      unchanged++;
    } else if (e.correction || (changes.length === 1 && changes[0] === 'validTo')) {
      writes.push({ offer: e.offer, revision: current.revision + 1 });
      revised++;
    } else {
      refused.push({
        at: e.at,
        message: `differs from the stored version of ${e.offer.validFrom} in ${changes.join(', ')}: give new terms a new validFrom, or mark the fix of a mistake "correction": true`,
      });
    }
  }
  const touched = new Set(writes.map((w) => w.offer.id));
  const areas = new Set(writes.flatMap((w) => w.offer.areas));
  for (const v of stored.values()) if (touched.has(v.offer.id)) for (const a of v.offer.areas) areas.add(a);
  return { writes, added, revised, unchanged, refused, areas: PRICE_AREAS.filter((a) => areas.has(a)) };
};

/** The offers a metering point of this type may buy: cabins buy cabin products. */
export const offerAudience = (type: PointCustomerType): { customerType: CustomerType; cabin: boolean } =>
  type === 'cabin' ? { customerType: 'household', cabin: true } : { customerType: type, cabin: false };

/** Whether the energy is paid at the spot price: every offer without a price of its own. */
export const followsSpot = (o: Pick<Offer, 'energyPriceOrePerKwh'>): boolean =>
  o.energyPriceOrePerKwh === null;
