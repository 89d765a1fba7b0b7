import { gs1CheckDigit } from '../src/modules/identity/metering-point-id.ts';

/**
 * Generated electricity invoices for the ingest benchmark: EHF / PEPPOL BIS 3 documents
 * that pass every rule check, half from a power supplier and half from grid companies,
 * with the line names Norwegian invoices use. Deterministic for a given index, so two
 * runs parse the same bytes.
 */
export interface GeneratedInvoice {
  readonly xml: string;
  readonly customer: number;
  readonly kind: 'supplier' | 'grid';
}

/** Grid companies of the shipped register (fri-nettleie), identified by GLN. */
const GRID = [
  { name: 'BKK AS', gln: '7080005051378' },
  { name: 'Elvia AS', gln: '7080005046220' },
  { name: 'Lede AS', gln: '7080005050975' },
];
/** The fictional power supplier of the official EHF examples (demo/example-sellers.json). */
const SUPPLIER = { name: 'Kraftselskapet AS', orgnr: '987654325' };

const ore = (x: number): number => Math.round(x * 100);
const nok = (o: number): string => {
  const sign = o < 0 ? '-' : '';
  const a = Math.abs(o);
  return `${sign}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
};

interface GenLine {
  readonly name: string;
  readonly unit: string;
  readonly qty: string;
  readonly price: string;
  readonly amountOre: number;
}

const kwhLine = (name: string, kwh: number, price: number): GenLine => ({
  name,
  unit: 'KWH',
  qty: kwh.toFixed(2),
  price: price.toFixed(5),
  amountOre: ore(Number(kwh.toFixed(2)) * Number(price.toFixed(5))),
});

export const meteringPointOf = (customer: number): string => {
  const body = `707057500${String(customer).padStart(8, '0')}`;
  return `${body}${gs1CheckDigit(body)}`;
};

const isoDate = (d: Date) => d.toISOString().slice(0, 10);

/**
 * Invoice `n` of customer `customer`, for the month `monthsBack` months before `now`.
 * Even n: the supplier's invoice; odd n: the grid company's.
 */
export const generateInvoice = (
  customer: number,
  n: number,
  monthsBack: number,
  now: Date,
): GeneratedInvoice => {
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - monthsBack - 1, 1));
  const end = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 0));
  const issue = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 3 + (customer % 5)));
  const due = new Date(issue.getTime() + 20 * 86_400_000);
  const seed = customer * 7919 + n * 104_729;
  const kwh = 600 + (seed % 1900) + ((seed >> 3) % 100) / 100;
  const grid = n % 2 === 1;
  const seller = grid ? GRID[customer % GRID.length] : undefined;
  const lines: GenLine[] = grid
    ? [
        kwhLine('Energiledd dag', kwh * 0.45, 0.2877 + (seed % 7) / 1000),
        kwhLine('Energiledd natt/helg', kwh * 0.55, 0.105),
        {
          name: 'Kapasitet 2-5 kW',
          unit: 'DAY',
          qty: String(end.getUTCDate()),
          price: '200.00',
          amountOre: 20_000,
        },
        kwhLine('Forbruksavgift', kwh, 0.0713),
        kwhLine('Enovaavgift', kwh, 0.01),
        ...(seed % 3 === 0
          ? [
              {
                ...kwhLine('Strømstøtte', kwh, 0.1),
                qty: (-kwh).toFixed(2),
                amountOre: -ore(Number(kwh.toFixed(2)) * 0.1),
              },
            ]
          : []),
      ]
    : [
        kwhLine('Spotpris', kwh, 0.6 + (seed % 900) / 1000),
        kwhLine('Påslag', kwh, 0.049),
        kwhLine('Elsertifikater', kwh, 0.012),
        { name: 'Månedsbeløp', unit: 'MON', qty: '1', price: '39.20', amountOre: 3_920 },
      ];
  const net = lines.reduce((a, l) => a + l.amountOre, 0);
  const vat = Math.round(net * 0.25);
  const mp = meteringPointOf(customer);
  const priceXml = (l: GenLine) =>
    l.unit === 'DAY'
      ? `<cbc:PriceAmount currencyID="NOK">${l.price}</cbc:PriceAmount><cbc:BaseQuantity unitCode="DAY">${l.qty}</cbc:BaseQuantity>`
      : `<cbc:PriceAmount currencyID="NOK">${l.price}</cbc:PriceAmount>`;
  const sellerXml = seller
    ? `<cbc:EndpointID schemeID="0088">${seller.gln}</cbc:EndpointID>
      <cac:PartyName><cbc:Name>${seller.name}</cbc:Name></cac:PartyName>
      <cac:PostalAddress><cbc:CityName>Bergen</cbc:CityName><cac:Country><cbc:IdentificationCode>NO</cbc:IdentificationCode></cac:Country></cac:PostalAddress>
      <cac:PartyLegalEntity><cbc:RegistrationName>${seller.name}</cbc:RegistrationName></cac:PartyLegalEntity>`
    : `<cbc:EndpointID schemeID="0192">${SUPPLIER.orgnr}</cbc:EndpointID>
      <cac:PartyName><cbc:Name>${SUPPLIER.name}</cbc:Name></cac:PartyName>
      <cac:PostalAddress><cbc:StreetName>Kraftveien 4</cbc:StreetName><cbc:CityName>Oslo</cbc:CityName><cbc:PostalZone>0542</cbc:PostalZone><cac:Country><cbc:IdentificationCode>NO</cbc:IdentificationCode></cac:Country></cac:PostalAddress>
      <cac:PartyTaxScheme><cbc:CompanyID>NO${SUPPLIER.orgnr}MVA</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>
      <cac:PartyLegalEntity><cbc:RegistrationName>${SUPPLIER.name}</cbc:RegistrationName><cbc:CompanyID>${SUPPLIER.orgnr}</cbc:CompanyID></cac:PartyLegalEntity>`;
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
         xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
         xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0</cbc:CustomizationID>
  <cbc:ProfileID>urn:fdc:peppol.eu:2017:poacc:billing:01:1.0</cbc:ProfileID>
  <cbc:ID>${grid ? 'NL' : 'KS'}-${customer}-${n}</cbc:ID>
  <cbc:IssueDate>${isoDate(issue)}</cbc:IssueDate>
  <cbc:DueDate>${isoDate(due)}</cbc:DueDate>
  <cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>
  <cbc:DocumentCurrencyCode>NOK</cbc:DocumentCurrencyCode>
  <cbc:BuyerReference>Kunde ${10_000 + customer}</cbc:BuyerReference>
  <cac:InvoicePeriod><cbc:StartDate>${isoDate(start)}</cbc:StartDate><cbc:EndDate>${isoDate(end)}</cbc:EndDate></cac:InvoicePeriod>
  <cac:AdditionalDocumentReference><cbc:ID schemeID="AVE">${mp}</cbc:ID><cbc:DocumentTypeCode>130</cbc:DocumentTypeCode></cac:AdditionalDocumentReference>
  <cac:AccountingSupplierParty>
    <cac:Party>
      ${sellerXml}
    </cac:Party>
  </cac:AccountingSupplierParty>
  <cac:AccountingCustomerParty>
    <cac:Party>
      <cac:PartyName><cbc:Name>Benk Person ${customer}</cbc:Name></cac:PartyName>
      <cac:PostalAddress>
        <cbc:StreetName>Benkveien ${1 + (customer % 90)}</cbc:StreetName>
        <cbc:CityName>Bergen</cbc:CityName>
        <cbc:PostalZone>5009</cbc:PostalZone>
        <cac:Country><cbc:IdentificationCode>NO</cbc:IdentificationCode></cac:Country>
      </cac:PostalAddress>
      <cac:PartyLegalEntity><cbc:RegistrationName>Benk Person ${customer}</cbc:RegistrationName></cac:PartyLegalEntity>
    </cac:Party>
  </cac:AccountingCustomerParty>
  <cac:Delivery><cac:DeliveryLocation><cac:Address><cbc:StreetName>Benkveien ${1 + (customer % 90)}</cbc:StreetName><cbc:CityName>Bergen</cbc:CityName><cbc:PostalZone>5009</cbc:PostalZone><cac:Country><cbc:IdentificationCode>NO</cbc:IdentificationCode></cac:Country></cac:Address></cac:DeliveryLocation></cac:Delivery>
  <cac:PaymentMeans>
    <cbc:PaymentMeansCode>30</cbc:PaymentMeansCode>
    <cbc:PaymentID>${String(customer).padStart(8, '0')}${String(n).padStart(5, '0')}</cbc:PaymentID>
    <cac:PayeeFinancialAccount><cbc:ID>NO9386011117947</cbc:ID></cac:PayeeFinancialAccount>
  </cac:PaymentMeans>
  <cac:TaxTotal>
    <cbc:TaxAmount currencyID="NOK">${nok(vat)}</cbc:TaxAmount>
    <cac:TaxSubtotal>
      <cbc:TaxableAmount currencyID="NOK">${nok(net)}</cbc:TaxableAmount>
      <cbc:TaxAmount currencyID="NOK">${nok(vat)}</cbc:TaxAmount>
      <cac:TaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>25</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:TaxCategory>
    </cac:TaxSubtotal>
  </cac:TaxTotal>
  <cac:LegalMonetaryTotal>
    <cbc:LineExtensionAmount currencyID="NOK">${nok(net)}</cbc:LineExtensionAmount>
    <cbc:TaxExclusiveAmount currencyID="NOK">${nok(net)}</cbc:TaxExclusiveAmount>
    <cbc:TaxInclusiveAmount currencyID="NOK">${nok(net + vat)}</cbc:TaxInclusiveAmount>
    <cbc:PayableAmount currencyID="NOK">${nok(net + vat)}</cbc:PayableAmount>
  </cac:LegalMonetaryTotal>
${lines
  .map(
    (l, i) => `  <cac:InvoiceLine>
    <cbc:ID>${i + 1}</cbc:ID>
    <cbc:InvoicedQuantity unitCode="${l.unit}">${l.qty}</cbc:InvoicedQuantity>
    <cbc:LineExtensionAmount currencyID="NOK">${nok(l.amountOre)}</cbc:LineExtensionAmount>
    <cac:InvoicePeriod><cbc:StartDate>${isoDate(start)}</cbc:StartDate><cbc:EndDate>${isoDate(end)}</cbc:EndDate></cac:InvoicePeriod>
    <cac:Item>
      <cbc:Name>${l.name}</cbc:Name>
      <cac:ClassifiedTaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>25</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:ClassifiedTaxCategory>
    </cac:Item>
    <cac:Price>${priceXml(l)}</cac:Price>
  </cac:InvoiceLine>`,
  )
  .join('\n')}
</Invoice>
`;
  return { xml, customer, kind: grid ? 'grid' : 'supplier' };
};

/** Invoices per customer: a supplier's and a grid company's invoice a month for 16 months. */
export const PER_CUSTOMER = 32;

export const generateInvoices = (count: number, now: Date): GeneratedInvoice[] => {
  const out: GeneratedInvoice[] = [];
  for (let i = 0; i < count; i++) {
    const customer = Math.floor(i / PER_CUSTOMER);
    const n = i % PER_CUSTOMER;
    // Months 0..15 back: the issue date of the newest is in the current month, the oldest within 16 months.
    out.push(generateInvoice(customer, n, Math.floor(n / 2) % 15, now));
  }
  return out;
};
