import { addMonths } from '../consents/permission.ts';

/** One e-invoice as a source lists it, before its document is fetched. */
export interface InvoiceListing {
  /** The source's own reference; never derived from personal data. */
  readonly invoiceRef: string;
  readonly issuer: {
    readonly orgnr: string;
    readonly name: string;
    readonly gln: string | null;
  };
  /** 'YYYY-MM-DD' */
  readonly issueDate: string;
  readonly documentType: 'invoice' | 'credit_note';
  /** SHA-256 of the document's bytes, lowercase hex. */
  readonly sha256: string;
  readonly bytes: number;
}

export interface InvoiceListRequest {
  readonly nationalId: string;
  readonly consentReference: string;
  /** 'YYYY-MM-DD': invoices issued on or after it; never more than 16 months back. */
  readonly since: string;
  /** Omitted: every issuer. Empty: none, so nothing is asked for. */
  readonly issuerOrgnrs?: readonly string[];
}

/**
 * Where a customer's invoices come from once they have given a power of attorney for
 * invoice fetching: a bank in production. Callers check the power of attorney before they
 * call; an implementation never decides that on its own.
 */
export interface InvoiceSource {
  /** Each invoice once, issued on or after `since`, in no promised order. */
  list(req: InvoiceListRequest): AsyncIterable<InvoiceListing>;
  /** The document's XML text, verified against the listing's size and digest. */
  fetchDocument(listing: InvoiceListing, consentReference: string): Promise<string>;
}

/**
 * The earliest issue date that may be asked for or kept: the same day of the month 16
 * months before `now` (UTC), or the last day of that month when it is shorter.
 */
export const earliestIssueDate = (now: Date): string => addMonths(now, -16).toISOString().slice(0, 10);
