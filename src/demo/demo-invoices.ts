import { earliestIssueDate } from '../modules/invoices/invoice-source.ts';
import { MONTHS } from '../modules/market/grid-tariff-types.ts';
import { nextMonth, osloMonthKey, parseMonthKey } from '../platform/time.ts';

/**
 * The demo household's electricity invoices, written as EHF 3.0 (PEPPOL BIS Billing 3.0)
 * documents from its own recorded consumption and the spot prices of each hour, priced by
 * the demo supplier's product it is on. Pure: the same hours, prices and date give the same
 * bytes, so the demo bank's listing digest matches the document it hands out.
 *
 * The seller is a made-up company: its name and the invoice's note say demo, and its
 * organisation number (999 999 999, valid by the mod-11 check) is in the demo register
 * `demo/example-sellers.json`, marked as not a real company.
 */
export const DEMO_SUPPLIER = {
  name: 'Vestkyst Kraft (demo)',
  orgnr: '999999999',
  city: 'Bergen',
  postalZone: '5003',
  /** The household's current contract in `demo/offers.json`. */
  offerId: 'demo-vestkyst-spot',
} as const;

export const DEMO_INVOICE_NOTE =
  'Demofaktura laget av Elvakt fra demohusholdningens målte timeforbruk. Ikke en ekte faktura.';

export interface DemoHour {
  readonly startMs: number;
  readonly kwh: number;
}

/** The supplier's product as it was priced in a month (øre, without VAT). */
export interface DemoProduct {
  readonly name: string;
  readonly markupOrePerKwh: number;
  readonly monthlyFeeOre: number;
}

export interface DemoInvoiceInput {
  /** 'YYYY-MM', an Oslo month. */
  readonly month: string;
  readonly meteringPointId: string;
  readonly buyerName: string;
  /** The metered hours of the month, each with its spot price in øre/kWh without VAT. */
  readonly hours: readonly (DemoHour & { readonly spotOrePerKwh: number })[];
  readonly product: DemoProduct;
  /** 0.25 in NO5 for a household; 0 where households are exempt. */
  readonly vatRate: number;
}

export interface DemoInvoice {
  readonly month: string;
  readonly number: string;
  readonly issueDate: string;
  readonly dueDate: string;
  readonly kwh: number;
  readonly lineOre: { readonly energy: number; readonly markup: number; readonly fee: number };
  readonly netOre: number;
  readonly vatOre: number;
  readonly payableOre: number;
  readonly xml: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const dateOf = (year: number, month: number, day: number) => `${year}-${pad(month)}-${pad(day)}`;
const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** Øre as NOK with two decimals, from the integer: no floating point on the way. */
const nok = (ore: number): string => {
  const sign = ore < 0 ? '-' : '';
  const abs = Math.abs(ore);
  return `${sign}${Math.floor(abs / 100)}.${pad(abs % 100)}`;
};

const escapeXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Issued on the 5th of the month after the one it bills, due on the 20th: a supplier's usual rhythm. */
export const demoInvoiceDates = (month: string): { issueDate: string; dueDate: string } => {
  const { year, month: m } = parseMonthKey(month);
  const next = nextMonth(year, m);
  return { issueDate: dateOf(next.year, next.month, 5), dueDate: dateOf(next.year, next.month, 20) };
};

const line = (
  id: number,
  quantity: string,
  unit: string,
  amountOre: number,
  name: string,
  price: string,
  percent: string,
  category: string,
) => `  <cac:InvoiceLine>
    <cbc:ID>${id}</cbc:ID>
    <cbc:InvoicedQuantity unitCode="${unit}">${quantity}</cbc:InvoicedQuantity>
    <cbc:LineExtensionAmount currencyID="NOK">${nok(amountOre)}</cbc:LineExtensionAmount>
    <cac:Item>
      <cbc:Name>${escapeXml(name)}</cbc:Name>
      <cac:ClassifiedTaxCategory>
        <cbc:ID>${category}</cbc:ID>
        <cbc:Percent>${percent}</cbc:Percent>
        <cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme>
      </cac:ClassifiedTaxCategory>
    </cac:Item>
    <cac:Price><cbc:PriceAmount currencyID="NOK">${price}</cbc:PriceAmount></cac:Price>
  </cac:InvoiceLine>
`;

/**
 * One month's invoice. The energy line is the sum over the hours of kWh × spot price, the
 * markup line the month's kWh × the product's markup, the fee one month of its fixed fee;
 * each line is rounded to the øre once, VAT is the rounded rate on their sum.
 */
export const buildDemoInvoice = (input: DemoInvoiceInput): DemoInvoice => {
  if (input.hours.length === 0) throw new Error(`No metered hours in ${input.month}.`);
  for (const h of input.hours) {
    if (osloMonthKey(h.startMs) !== input.month) throw new Error(`An hour outside ${input.month}.`);
    if (!Number.isFinite(h.kwh) || !Number.isFinite(h.spotOrePerKwh))
      throw new Error('An hour without a value.');
  }
  const { year, month } = parseMonthKey(input.month);
  const { issueDate, dueDate } = demoInvoiceDates(input.month);
  const kwh = Math.round(input.hours.reduce((a, h) => a + h.kwh, 0) * 1000) / 1000;
  const energy = Math.round(input.hours.reduce((a, h) => a + h.kwh * h.spotOrePerKwh, 0));
  const markup = Math.round(kwh * input.product.markupOrePerKwh);
  const fee = input.product.monthlyFeeOre;
  const netOre = energy + markup + fee;
  const vatOre = Math.round(netOre * input.vatRate);
  const payableOre = netOre + vatOre;
  const percent = String(Math.round(input.vatRate * 10_000) / 100);
  const category = input.vatRate > 0 ? 'S' : 'E';
  const monthName = `${MONTHS[month - 1]} ${year}`;
  const number = `DEMO-${year}${pad(month)}-${input.meteringPointId.slice(-6)}`;
  const kwhText = kwh.toFixed(3);
  // Six decimals keep quantity × price within a hundredth of an øre of the line amount.
  const energyPrice = (energy / 100 / kwh).toFixed(6);
  const markupPrice = (input.product.markupOrePerKwh / 100).toFixed(6);
  const exemption =
    category === 'E'
      ? '\n        <cbc:TaxExemptionReason>Merverdiavgiftsloven § 6-6</cbc:TaxExemptionReason>'
      : '';
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
         xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
         xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0</cbc:CustomizationID>
  <cbc:ProfileID>urn:fdc:peppol.eu:2017:poacc:billing:01:1.0</cbc:ProfileID>
  <cbc:ID>${number}</cbc:ID>
  <cbc:IssueDate>${issueDate}</cbc:IssueDate>
  <cbc:DueDate>${dueDate}</cbc:DueDate>
  <cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>
  <cbc:Note>${escapeXml(DEMO_INVOICE_NOTE)}</cbc:Note>
  <cbc:DocumentCurrencyCode>NOK</cbc:DocumentCurrencyCode>
  <cbc:BuyerReference>Demo</cbc:BuyerReference>
  <cac:InvoicePeriod>
    <cbc:StartDate>${dateOf(year, month, 1)}</cbc:StartDate>
    <cbc:EndDate>${dateOf(year, month, lastDay(year, month))}</cbc:EndDate>
  </cac:InvoicePeriod>
  <cac:AdditionalDocumentReference>
    <cbc:ID schemeID="AVE">${input.meteringPointId}</cbc:ID>
    <cbc:DocumentTypeCode>130</cbc:DocumentTypeCode>
  </cac:AdditionalDocumentReference>
  <cac:AccountingSupplierParty>
    <cac:Party>
      <cbc:EndpointID schemeID="0192">${DEMO_SUPPLIER.orgnr}</cbc:EndpointID>
      <cac:PartyName><cbc:Name>${escapeXml(DEMO_SUPPLIER.name)}</cbc:Name></cac:PartyName>
      <cac:PostalAddress>
        <cbc:CityName>${DEMO_SUPPLIER.city}</cbc:CityName>
        <cbc:PostalZone>${DEMO_SUPPLIER.postalZone}</cbc:PostalZone>
        <cac:Country><cbc:IdentificationCode>NO</cbc:IdentificationCode></cac:Country>
      </cac:PostalAddress>
      <cac:PartyTaxScheme>
        <cbc:CompanyID>NO${DEMO_SUPPLIER.orgnr}MVA</cbc:CompanyID>
        <cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme>
      </cac:PartyTaxScheme>
      <cac:PartyLegalEntity>
        <cbc:RegistrationName>${escapeXml(DEMO_SUPPLIER.name)}</cbc:RegistrationName>
        <cbc:CompanyID>${DEMO_SUPPLIER.orgnr}</cbc:CompanyID>
      </cac:PartyLegalEntity>
    </cac:Party>
  </cac:AccountingSupplierParty>
  <cac:AccountingCustomerParty>
    <cac:Party>
      <cac:PartyName><cbc:Name>${escapeXml(input.buyerName)}</cbc:Name></cac:PartyName>
      <cac:PostalAddress>
        <cbc:CityName>Bergen</cbc:CityName>
        <cac:Country><cbc:IdentificationCode>NO</cbc:IdentificationCode></cac:Country>
      </cac:PostalAddress>
      <cac:PartyLegalEntity><cbc:RegistrationName>${escapeXml(input.buyerName)}</cbc:RegistrationName></cac:PartyLegalEntity>
    </cac:Party>
  </cac:AccountingCustomerParty>
  <cac:TaxTotal>
    <cbc:TaxAmount currencyID="NOK">${nok(vatOre)}</cbc:TaxAmount>
    <cac:TaxSubtotal>
      <cbc:TaxableAmount currencyID="NOK">${nok(netOre)}</cbc:TaxableAmount>
      <cbc:TaxAmount currencyID="NOK">${nok(vatOre)}</cbc:TaxAmount>
      <cac:TaxCategory>
        <cbc:ID>${category}</cbc:ID>
        <cbc:Percent>${percent}</cbc:Percent>${exemption}
        <cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme>
      </cac:TaxCategory>
    </cac:TaxSubtotal>
  </cac:TaxTotal>
  <cac:LegalMonetaryTotal>
    <cbc:LineExtensionAmount currencyID="NOK">${nok(netOre)}</cbc:LineExtensionAmount>
    <cbc:TaxExclusiveAmount currencyID="NOK">${nok(netOre)}</cbc:TaxExclusiveAmount>
    <cbc:TaxInclusiveAmount currencyID="NOK">${nok(payableOre)}</cbc:TaxInclusiveAmount>
    <cbc:PayableAmount currencyID="NOK">${nok(payableOre)}</cbc:PayableAmount>
  </cac:LegalMonetaryTotal>
${line(1, kwhText, 'KWH', energy, `Strøm, spotpris ${monthName}`, energyPrice, percent, category)}${line(
  2,
  kwhText,
  'KWH',
  markup,
  `Påslag ${input.product.name}`,
  markupPrice,
  percent,
  category,
)}${line(3, '1', 'MON', fee, `Fastbeløp ${input.product.name}`, nok(fee), percent, category)}</Invoice>
`;
  return {
    month: input.month,
    number,
    issueDate,
    dueDate,
    kwh,
    lineOre: { energy, markup, fee },
    netOre,
    vatOre,
    payableOre,
    xml,
  };
};

/**
 * The months a supplier would have invoiced by `asOf`: every metered hour priced (a month
 * with an hour the prices do not cover is left out rather than guessed), and the invoice
 * issued on or before `asOf` and no earlier than the 16 months back that collection allows.
 */
export const invoiceableMonths = (
  hours: readonly DemoHour[],
  spotOrePerKwh: (startMs: number) => number | undefined,
  asOf: Date,
): { month: string; hours: (DemoHour & { spotOrePerKwh: number })[] }[] => {
  const byMonth = new Map<string, (DemoHour & { spotOrePerKwh: number })[]>();
  const unpriced = new Set<string>();
  for (const h of hours) {
    const month = osloMonthKey(h.startMs);
    const spot = spotOrePerKwh(h.startMs);
    if (spot === undefined) unpriced.add(month);
    else {
      const list = byMonth.get(month) ?? [];
      list.push({ ...h, spotOrePerKwh: spot });
      byMonth.set(month, list);
    }
  }
  const earliest = earliestIssueDate(asOf);
  const today = asOf.toISOString().slice(0, 10);
  return [...byMonth.entries()]
    .filter(([month]) => {
      const { issueDate } = demoInvoiceDates(month);
      return !unpriced.has(month) && issueDate >= earliest && issueDate <= today;
    })
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([month, hs]) => ({ month, hours: hs }));
};
