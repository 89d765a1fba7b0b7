import type { ElectricityInvoice } from './electricity.ts';
import { earliestIssueDate } from './invoice-source.ts';
import type { SellerKind } from './seller-register.ts';
import type { Finding, Period, Totals, UblDocument, Variant } from './ubl.ts';

/**
 * What Elvakt keeps of an invoice besides the original document: the header needed to
 * show and link it, and its electricity meaning. The buyer's name and address, the end
 * customer's name, the KID and the account are left in the (encrypted) original only:
 * nothing that analyses or shows an invoice needs them.
 */
export type StoredDocumentType = 'invoice' | 'credit_note' | 'reminder';
export type StoredSellerKind = SellerKind;

export interface InvoiceSummary {
  readonly documentType: StoredDocumentType;
  readonly variant: Variant;
  readonly number: string;
  readonly issueDate: string;
  readonly dueDate: string | null;
  readonly currency: string;
  readonly seller: { readonly name: string; readonly orgnr: string | null; readonly kind: StoredSellerKind };
  readonly meteringPointIds: readonly string[];
  readonly period: Period | null;
  readonly credits: readonly string[];
  readonly totals: Totals;
  readonly taxTotalOre: number;
}

export interface StoredInvoice {
  readonly id: string;
  readonly keepUntil: string;
  readonly creditsInvoiceId: string | null;
  readonly importedAt: Date;
  readonly summary: InvoiceSummary;
  readonly electricity: ElectricityInvoice;
  readonly findings: readonly Finding[];
}

export type IngestOutcome = 'stored' | 'duplicate' | 'not_electricity' | 'too_old' | 'refused';

export interface InvoiceImportReport {
  readonly outcome: IngestOutcome;
  readonly stored: boolean;
  readonly duplicate: boolean;
  readonly id: string | null;
  readonly findings: readonly Finding[];
}

export const documentTypeOf = (d: UblDocument): StoredDocumentType =>
  d.variant === 'reminder' ? 'reminder' : d.kind;

export const summaryOf = (d: UblDocument, sellerKind: StoredSellerKind): InvoiceSummary => ({
  documentType: documentTypeOf(d),
  variant: d.variant,
  number: d.id,
  issueDate: d.issueDate,
  dueDate: d.dueDate,
  currency: d.currency,
  seller: {
    name: d.seller.registrationName ?? d.seller.name ?? '',
    orgnr: d.seller.orgnr,
    kind: sellerKind,
  },
  meteringPointIds: d.meteringPointIds,
  period: d.period,
  credits: d.billingReferences,
  totals: d.totals,
  taxTotalOre: d.taxTotalOre,
});

/** The seller's identity for de-duplication: its organisation number, else its first GLN or electronic address. */
export const sellerKey = (d: UblDocument): string =>
  d.seller.orgnr ?? d.seller.gln[0] ?? `${d.seller.endpoint?.scheme ?? ''}:${d.seller.endpoint?.id ?? ''}`;

export const dedupeKey = (seller: string, type: StoredDocumentType, number: string): string =>
  `${seller}|${type}|${number}`;

/**
 * Bokføringsloven § 13: invoices and vouchers are kept five years after the end of the
 * accounting year (the calendar year of the invoice date).
 */
export const bookkeepingKeepUntil = (issueDate: string): string =>
  `${Number(issueDate.slice(0, 4)) + 5}-12-31`;

/** Nothing issued before the earliest date the bank may be asked for is kept either. */
export const tooOld = (issueDate: string, now: Date): boolean => issueDate < earliestIssueDate(now);
