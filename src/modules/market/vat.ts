import { osloDate } from '../../platform/time.ts';
import { type Place, vatOn } from './tax-rules.ts';
import type { TaxRules } from './tax-rules-data.ts';
import { loadTaxRules } from './tax-rules-file.ts';

/**
 * VAT on electricity for a customer on a date, from the sourced rules in
 * `rules/electricity-taxes.json`: 25 % in general; households and cabins in Nordland, Troms
 * and Finnmark pay none (merverdiavgiftsloven § 6-6). A change of rate is a data change.
 */
export interface VatRule {
  readonly rate: number;
  readonly reason: 'standard' | 'north-norway-household';
  readonly county?: string;
}

let shipped: TaxRules | undefined;
const shippedRules = (): TaxRules => {
  shipped ??= loadTaxRules();
  return shipped;
};

export const vatFor = (
  customerType: 'household' | 'business' | 'cabin',
  countyCode: string | null,
  at: Date = new Date(),
  rules: TaxRules = shippedRules(),
): VatRule => {
  const place: Place = { county: countyCode };
  const v = vatOn(rules, osloDate(at.getTime()), place, customerType);
  return v.reason === 'standard' || countyCode === null
    ? { rate: v.rate, reason: v.reason }
    : { rate: v.rate, reason: v.reason, county: countyCode };
};
