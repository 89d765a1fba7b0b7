import { type GridBill, gridBill } from '../market/grid-tariff-bill.ts';
import type { GridTariffFile } from '../market/grid-tariff-types.ts';
import type { Place, TaxRules } from '../market/tax-rules.ts';
import type { CustomerType } from '../market/tax-rules-data.ts';
import { osloMonthRanges } from '../market/tax-rules-support.ts';
import type { OfferCost, PricingInput } from './calculate-savings.ts';

/**
 * The whole monthly bill, as a household pays it: the supplier's part under the current
 * contract and under the best offer, and the grid company's part (energiledd,
 * kapasitetsledd, elavgift, Enova, VAT) with strømstøtte or Norgespris. The grid part and the
 * support are the same whichever supplier is chosen, so they change the bill, not the saving.
 */
export interface BillMonth {
  readonly month: string;
  readonly currentSupplierOre: number;
  readonly bestSupplierOre: number;
  /** Grid rent and the taxes on it, with VAT. */
  readonly gridOre: number;
  /** Strømstøtte or Norgespris settlement: negative when it is paid to the household. */
  readonly supportOre: number;
  readonly currentTotalOre: number;
  readonly bestTotalOre: number;
  readonly lines: GridBill['lines'];
}

export interface MonthlyBill {
  readonly owner: string;
  readonly support: 'stromstotte' | 'norgespris';
  readonly months: readonly BillMonth[];
  /** Months left out, and why (a month whose tariff or taxes are not known). */
  readonly skipped: readonly { readonly month: string; readonly reason: string }[];
}

export const monthlyBill = (args: {
  readonly input: PricingInput;
  readonly current: OfferCost;
  readonly best: OfferCost;
  readonly tariffFile: GridTariffFile;
  readonly taxRules: TaxRules;
  readonly customerType: CustomerType;
  readonly place: Place;
  readonly support: 'stromstotte' | 'norgespris';
}): MonthlyBill => {
  const { input, current, best } = args;
  const priced = new Map(current.months.map((m) => [m.month, m.totalOre]));
  const bestBy = new Map(best.months.map((m) => [m.month, m.totalOre]));
  const months: BillMonth[] = [];
  const skipped: { month: string; reason: string }[] = [];
  for (const range of osloMonthRanges(input.startMs)) {
    const currentSupplierOre = priced.get(range.month);
    const bestSupplierOre = bestBy.get(range.month);
    if (currentSupplierOre === undefined || bestSupplierOre === undefined) continue;
    try {
      const bill = gridBill({
        tariffFile: args.tariffFile,
        taxRules: args.taxRules,
        customerType: args.customerType,
        place: args.place,
        support: args.support,
        hours: {
          startMs: input.startMs.subarray(range.from, range.to),
          kwh: input.kwh.subarray(range.from, range.to),
          spotOre: input.spotOre.subarray(range.from, range.to),
        },
      });
      const supportOre = bill.totalOre - bill.gridTotalOre;
      months.push({
        month: range.month,
        currentSupplierOre,
        bestSupplierOre,
        gridOre: bill.gridTotalOre,
        supportOre,
        currentTotalOre: currentSupplierOre + bill.totalOre,
        bestTotalOre: bestSupplierOre + bill.totalOre,
        lines: bill.lines,
      });
    } catch (e) {
      skipped.push({ month: range.month, reason: (e as Error).message });
    }
  }
  return { owner: args.tariffFile.owner, support: args.support, months, skipped };
};
