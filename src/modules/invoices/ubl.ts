/**
 * An EHF / PEPPOL BIS Billing 3.0 invoice or credit note (UBL 2.1), normalised: money in
 * øre (signed integers), dates as 'YYYY-MM-DD', quantities and unit prices as decimal
 * strings with their number alongside (prices carry more decimals than money does).
 * Produced whole by the parser or not at all.
 */
export type DocumentKind = 'invoice' | 'credit_note';

export interface Decimal {
  /** As written in the document. */
  readonly text: string;
  readonly value: number;
}

export interface Address {
  readonly street: string | null;
  readonly additionalStreet: string | null;
  readonly city: string | null;
  readonly postalZone: string | null;
  readonly countrySubentity: string | null;
  readonly country: string | null;
}

export interface Party {
  readonly endpoint: { readonly scheme: string | null; readonly id: string } | null;
  /** Organisation number (scheme 0192, or the legal entity's company id). */
  readonly orgnr: string | null;
  /** GLNs (scheme 0088) among the party identifications. */
  readonly gln: readonly string[];
  readonly identifiers: readonly { readonly scheme: string | null; readonly id: string }[];
  readonly vatId: string | null;
  readonly name: string | null;
  readonly registrationName: string | null;
  readonly address: Address | null;
}

export interface Period {
  readonly start: string | null;
  readonly end: string | null;
}

export interface AllowanceCharge {
  readonly charge: boolean;
  readonly amountOre: number;
  readonly baseAmountOre: number | null;
  readonly reasonCode: string | null;
  readonly reason: string | null;
  readonly taxCategory: string | null;
  readonly taxPercent: number | null;
}

export type TaxCategoryCode = 'S' | 'E' | 'Z' | 'K' | 'AE' | 'G' | 'O' | 'L' | 'M';

export interface TaxSubtotal {
  readonly category: string;
  readonly percent: number | null;
  readonly taxableOre: number;
  readonly taxOre: number;
  readonly exemptionReason: string | null;
  readonly exemptionReasonCode: string | null;
}

export interface Totals {
  readonly lineExtensionOre: number;
  readonly taxExclusiveOre: number;
  readonly taxInclusiveOre: number;
  readonly allowanceTotalOre: number | null;
  readonly chargeTotalOre: number | null;
  readonly prepaidOre: number | null;
  readonly roundingOre: number | null;
  readonly payableOre: number;
}

export interface Line {
  readonly id: string;
  readonly quantity: Decimal;
  readonly unitCode: string | null;
  readonly lineAmountOre: number;
  readonly price: Decimal | null;
  readonly baseQuantity: Decimal | null;
  readonly itemName: string | null;
  readonly description: string | null;
  readonly sellersItemId: string | null;
  readonly taxCategory: string | null;
  readonly taxPercent: number | null;
  readonly period: Period | null;
  /** The line's object identifier with scheme AVE: the metering point the line is for. */
  readonly meteringPointId: string | null;
  readonly allowanceCharges: readonly AllowanceCharge[];
  readonly note: string | null;
}

export interface PaymentMeans {
  readonly code: string | null;
  /** The KID (Norwegian customer identification number) or other payment id. */
  readonly paymentId: string | null;
  readonly account: string | null;
  readonly bic: string | null;
}

export interface Attachment {
  readonly id: string | null;
  readonly description: string | null;
  readonly filename: string | null;
  readonly mimeCode: string | null;
  /** Decoded size; the bytes stay in the stored original document, not in the parsed value. */
  readonly bytes: number | null;
  readonly uri: string | null;
}

/** Which specification the document follows, from its customization ID. */
export type Variant = 'billing' | 'forward_billing' | 'reminder' | 'other';

export interface UblDocument {
  readonly kind: DocumentKind;
  readonly variant: Variant;
  readonly customizationId: string | null;
  readonly profileId: string | null;
  readonly id: string;
  readonly issueDate: string;
  readonly dueDate: string | null;
  readonly typeCode: string | null;
  readonly currency: string;
  readonly buyerReference: string | null;
  readonly notes: readonly string[];
  readonly seller: Party;
  readonly buyer: Party;
  /** EHF forward billing names a private end customer in a document reference whose id is a date. */
  readonly endCustomerName: string | null;
  readonly deliveryAddress: Address | null;
  readonly deliveryLocationId: string | null;
  readonly meteringPointIds: readonly string[];
  readonly period: Period | null;
  /** The invoices a credit note (or corrective invoice) refers to. */
  readonly billingReferences: readonly string[];
  readonly paymentMeans: readonly PaymentMeans[];
  readonly allowanceCharges: readonly AllowanceCharge[];
  readonly taxTotalOre: number;
  readonly taxSubtotals: readonly TaxSubtotal[];
  readonly totals: Totals;
  readonly lines: readonly Line[];
  readonly attachments: readonly Attachment[];
}

export interface Finding {
  readonly rule: string;
  readonly severity: 'fatal' | 'warning';
  readonly message: string;
  /** Where: a line id or an element, never a personal value. */
  readonly at?: string;
}

export type ParseResult =
  | { readonly ok: true; readonly value: UblDocument; readonly findings: readonly Finding[] }
  | { readonly ok: false; readonly findings: readonly Finding[] };

export const EHF_FORWARD_BILLING = 'urn:fdc:anskaffelser.no:2019:ehf:forward-billing:3.0';
export const EHF_REMINDER = 'urn:fdc:anskaffelser.no:2019:ehf:reminder:3.0';
