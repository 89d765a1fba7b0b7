import type { SellerKind } from './seller-register.ts';
import type { Line, UblDocument } from './ubl.ts';

export type { SellerKind };

/**
 * What an electricity invoice says about a household's consumption and contract, read
 * from its lines: kWh per period and metering point, the energy price, the supplier's
 * monthly fee and markup, the parts of the grid rent, strømstøtte and Norgespris, and
 * the product the customer is on with how sure we are. A line whose kind cannot be told
 * from its name and unit is kept as 'unknown' and never counted as anything.
 *
 * Amounts are øre without VAT (line amounts in EHF are net), signed so that a credit
 * note counts against what it credits. kWh are signed the same way.
 */

export type LineKind =
  | 'energy'
  | 'markup'
  | 'certificates'
  | 'monthly_fee'
  | 'grid_energy'
  | 'grid_fixed'
  | 'consumption_tax'
  | 'enova'
  | 'stromstotte'
  | 'norgespris'
  | 'discount'
  | 'reminder'
  | 'unknown';

export interface ElectricityLine {
  readonly lineId: string;
  readonly kind: LineKind;
  readonly name: string | null;
  readonly meteringPointId: string | null;
  readonly start: string | null;
  readonly end: string | null;
  /** kWh when the line is counted in kWh, else null. */
  readonly kwh: number | null;
  readonly amountOre: number;
  /** Amount per kWh for kWh lines, in øre with decimals (a rate, not money). */
  readonly orePerKwh: number | null;
}

export interface ConsumptionPeriod {
  readonly meteringPointId: string | null;
  readonly start: string | null;
  readonly end: string | null;
  readonly kwh: number;
}

export type ProductType = 'spot' | 'fixed' | 'variable' | 'unknown';

export interface ElectricityInvoice {
  readonly sellerKind: SellerKind;
  readonly consumption: readonly ConsumptionPeriod[];
  /** Supplier's energy: amount over kWh of the energy lines (øre/kWh, ex VAT). */
  readonly energyOrePerKwh: number | null;
  readonly markupOrePerKwh: number | null;
  /** The supplier's fixed fee per month (øre, ex VAT). */
  readonly monthlyFeeOre: number | null;
  readonly grid: {
    readonly energyOre: number;
    readonly energyOrePerKwh: number | null;
    readonly fixedOre: number;
    readonly consumptionTaxOre: number;
    readonly enovaOre: number;
  } | null;
  readonly stromstotteOre: number;
  readonly norgesprisOre: number;
  readonly onNorgespris: boolean;
  readonly product: {
    readonly type: ProductType;
    readonly confidence: 'high' | 'medium' | 'low';
    /** Why: the words on the invoice that decided it. */
    readonly basis: string;
  } | null;
  readonly vatOre: number;
  readonly payableOre: number;
  readonly lines: readonly ElectricityLine[];
  readonly unknownLines: number;
}

const RULES: readonly [LineKind, RegExp][] = [
  ['norgespris', /norgespris/i],
  ['stromstotte', /str[øo]mst[øo]tte|st[øo]tte til str[øo]m|str[øo]mkompensasjon/i],
  ['enova', /enova/i],
  ['consumption_tax', /forbruksavgift|el-?avgift|avgift p[åa] (elektrisk )?(kraft|energi|str[øo]m)/i],
  ['grid_fixed', /kapasitet|effektledd|effekttrinn|fastledd/i],
  ['grid_energy', /energiledd/i],
  // "Spotpris med påslag" is energy with the markup included, not a markup line.
  ['markup', /^(?!.*(med|inkl\.?|inklusive|\+)\s*(p[åa]slag|margin)).*(p[åa]slag|margin)/i],
  ['certificates', /el-?sertifikat|opprinnelsesgaranti/i],
  [
    'monthly_fee',
    /m[åa]nedsbel[øo]p|m[åa]nedsavgift|m[åa]nedspris|fastbel[øo]p|fast ?avgift|abonnement|fast m[åa]nedlig/i,
  ],
  ['discount', /rabatt/i],
  ['energy', /str[øo]m|kraft|spot|energi|forbruk|fastpris|variabel|timepris|innkj[øo]p/i],
];

const GRID_WORD = /nettleie|nett-?leie/i;
const KWH_ONLY: ReadonlySet<LineKind> = new Set(['energy', 'markup', 'certificates', 'grid_energy']);

export const classifyLine = (line: Line, sellerKind: SellerKind): LineKind => {
  const name = `${line.itemName ?? ''} ${line.description ?? ''}`;
  const unit = line.unitCode?.toUpperCase() ?? null;
  for (const [kind, re] of RULES) {
    if (!re.test(name)) continue;
    if (KWH_ONLY.has(kind) && unit !== 'KWH') return 'unknown';
    // A fixed amount on a grid company's invoice, or named as grid rent, is the grid's fixed part, not a supplier's fee.
    if (kind === 'monthly_fee' && (sellerKind === 'grid' || GRID_WORD.test(name))) return 'grid_fixed';
    return kind;
  }
  return 'unknown';
};

const round2 = (x: number) => Math.round(x * 100) / 100;

export const electricityMeaning = (doc: UblDocument, sellerKind: SellerKind): ElectricityInvoice => {
  const sign = doc.kind === 'credit_note' ? -1 : 1;
  const headerMp = doc.meteringPointIds.length === 1 ? (doc.meteringPointIds[0] ?? null) : null;
  const lines: ElectricityLine[] = doc.lines.map((l) => {
    const kind = doc.variant === 'reminder' ? 'reminder' : classifyLine(l, sellerKind);
    const kwh = l.unitCode?.toUpperCase() === 'KWH' ? sign * l.quantity.value : null;
    const amountOre = sign * l.lineAmountOre;
    return {
      lineId: l.id,
      kind,
      name: l.itemName,
      meteringPointId: l.meteringPointId ?? headerMp,
      start: l.period?.start ?? doc.period?.start ?? null,
      end: l.period?.end ?? doc.period?.end ?? null,
      kwh,
      amountOre,
      orePerKwh: kwh ? Math.round((amountOre / kwh) * 10_000) / 10_000 : null,
    };
  });
  const of = (...kinds: LineKind[]) => lines.filter((l) => kinds.includes(l.kind));
  const total = (ls: readonly ElectricityLine[]) => ls.reduce((a, l) => a + l.amountOre, 0);
  const kwhOf = (ls: readonly ElectricityLine[]) => ls.reduce((a, l) => a + (l.kwh ?? 0), 0);
  const rate = (ls: readonly ElectricityLine[]) => {
    const k = kwhOf(ls);
    return ls.length > 0 && k !== 0 ? round2(total(ls) / k) : null;
  };

  // The consumption is counted once: on the energy lines if there are any, else on the lines that repeat the same kWh (tax, Enova).
  const counted = [
    of('energy'),
    of('grid_energy'),
    of('norgespris'),
    of('consumption_tax'),
    of('enova'),
  ].find((ls) => ls.some((l) => l.kwh !== null));
  const consumption = new Map<string, ConsumptionPeriod>();
  for (const l of counted ?? []) {
    if (l.kwh === null) continue;
    const key = `${l.meteringPointId}|${l.start}|${l.end}`;
    const prev = consumption.get(key);
    consumption.set(key, {
      meteringPointId: l.meteringPointId,
      start: l.start,
      end: l.end,
      kwh: round3((prev?.kwh ?? 0) + l.kwh),
    });
  }

  const fees = of('monthly_fee');
  const gridLines = of('grid_energy', 'grid_fixed', 'consumption_tax', 'enova');
  return {
    sellerKind,
    consumption: [...consumption.values()],
    energyOrePerKwh: rate(of('energy')),
    markupOrePerKwh: rate(of('markup')),
    monthlyFeeOre:
      fees.length > 0 ? Math.round(fees.reduce((a, l) => a + perMonth(l, doc), 0) / fees.length) : null,
    grid:
      gridLines.length === 0
        ? null
        : {
            energyOre: total(of('grid_energy')),
            energyOrePerKwh: rate(of('grid_energy')),
            fixedOre: total(of('grid_fixed')),
            consumptionTaxOre: total(of('consumption_tax')),
            enovaOre: total(of('enova')),
          },
    stromstotteOre: total(of('stromstotte')),
    norgesprisOre: total(of('norgespris')),
    onNorgespris: of('norgespris').length > 0,
    product: sellerKind === 'grid' || doc.variant === 'reminder' ? null : productOf(doc, lines),
    vatOre: sign * doc.taxTotalOre,
    payableOre: sign * doc.totals.payableOre,
    lines,
    unknownLines: of('unknown').length,
  };
};

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** A fixed fee per month: the line's amount spread over the days it covers (30.44 days a month on average). */
const perMonth = (l: ElectricityLine, doc: UblDocument): number => {
  const line = doc.lines.find((x) => x.id === l.lineId);
  const unit = line?.unitCode?.toUpperCase();
  if (unit === 'MON' && line && line.quantity.value !== 0) return l.amountOre / line.quantity.value;
  const days =
    unit === 'DAY' && line
      ? line.quantity.value
      : l.start && l.end
        ? (Date.parse(l.end) - Date.parse(l.start)) / 86_400_000
        : 0;
  return days > 0 ? (l.amountOre * 30.4375) / days : l.amountOre;
};

const productOf = (doc: UblDocument, lines: readonly ElectricityLine[]): ElectricityInvoice['product'] => {
  const names = lines
    .filter((l) => l.kind === 'energy' || l.kind === 'markup')
    .map((l) => l.name ?? '')
    .join(' | ');
  const text = `${names} ${doc.notes.join(' ')}`;
  const hasMarkup = lines.some((l) => l.kind === 'markup');
  if (/fastpris|fast pris/i.test(text)) return { type: 'fixed', confidence: 'high', basis: 'fastpris' };
  if (/variabel/i.test(text)) return { type: 'variable', confidence: 'high', basis: 'variabel' };
  if (/spot|b[øo]rs|innkj[øo]pspris|timepris/i.test(text)) {
    return { type: 'spot', confidence: 'high', basis: hasMarkup ? 'spot with a markup line' : 'spot' };
  }
  if (hasMarkup) return { type: 'spot', confidence: 'medium', basis: 'markup line' };
  return lines.some((l) => l.kind === 'energy')
    ? { type: 'unknown', confidence: 'low', basis: 'energy lines without a product name' }
    : null;
};
