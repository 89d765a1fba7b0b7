/**
 * VAT on electricity. 25 % in general; households in Nordland, Troms and Finnmark pay none
 * (merverdiavgiftsloven § 6-6). County numbers are those in force since 2024 (18, 55, 56)
 * and, for data from 2020–2023, the merged Troms og Finnmark (54).
 */
export const STANDARD_VAT = 0.25;

const EXEMPT_COUNTIES: Record<string, string> = {
  '18': 'Nordland',
  '54': 'Troms og Finnmark',
  '55': 'Troms',
  '56': 'Finnmark',
};

export interface VatRule {
  readonly rate: number;
  readonly reason: 'standard' | 'north-norway-household';
  readonly county?: string;
}

export const vatFor = (
  customerType: 'household' | 'business' | 'cabin',
  countyCode: string | null,
): VatRule => {
  const county = countyCode ? EXEMPT_COUNTIES[countyCode] : undefined;
  if (county && customerType !== 'business') return { rate: 0, reason: 'north-norway-household', county };
  return { rate: STANDARD_VAT, reason: 'standard' };
};
