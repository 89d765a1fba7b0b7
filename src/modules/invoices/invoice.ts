import { addMonths } from '../consents/permission.ts';
import type { EhfSummary, Finding } from './ehf-reader.ts';

/** A stored invoice as its owner sees it. */
export interface StoredInvoice {
  readonly id: string;
  readonly sellerName: string;
  readonly sellerOrgnr: string;
  readonly documentType: 'invoice' | 'credit_note';
  readonly keepUntil: string;
  readonly summary: EhfSummary;
  readonly findings: readonly Finding[];
}

export interface InvoiceImportReport {
  readonly stored: boolean;
  readonly duplicate: boolean;
  readonly id: string | null;
  readonly findings: readonly Finding[];
}

/**
 * Bokføringsloven § 13: invoices and vouchers are kept five years after the end of the
 * accounting year (the calendar year of the invoice date).
 */
export const bookkeepingKeepUntil = (issueDate: string): string =>
  `${Number(issueDate.slice(0, 4)) + 5}-12-31`;

/** Nothing older than 16 months is fetched or kept. */
export const tooOld = (issueDate: string, now: Date): boolean =>
  Date.parse(`${issueDate}T00:00:00Z`) < addMonths(now, -16).getTime();
