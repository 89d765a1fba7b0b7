import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';

import type { StoredDocumentType, StoredSellerKind } from './invoice.ts';

export interface InvoiceRow {
  readonly id: string;
  readonly sellerName: string;
  readonly sellerOrgnr: string | null;
  readonly sellerKind: StoredSellerKind;
  readonly documentType: StoredDocumentType;
  readonly detailsEnc: Uint8Array;
  readonly keepUntil: string;
  readonly creditsInvoiceId: string | null;
  readonly importedAt: Date;
}

export interface NewInvoice {
  readonly id: string;
  readonly customerId: string;
  readonly sellerOrgnr: string | null;
  readonly sellerName: string;
  readonly sellerKind: StoredSellerKind;
  readonly documentType: StoredDocumentType;
  readonly dedupeBidx: Uint8Array;
  readonly creditsBidx: Uint8Array | null;
  readonly sourceRefBidx: Uint8Array | null;
  readonly detailsEnc: Uint8Array;
  readonly documentEnc: Uint8Array;
  readonly keepUntil: string;
  readonly importedAt: Date;
}

export class InvoiceRepository {
  constructor(private readonly db: Db) {}

  with(tx: Db): InvoiceRepository {
    return new InvoiceRepository(tx);
  }

  /** The ids that were stored; a row the customer already has (same seller, type and number) is skipped. */
  async insertMany(rows: readonly NewInvoice[]): Promise<Set<string>> {
    if (rows.length === 0) return new Set();
    const inserted = await this.db
      .insertInto('invoices')
      .values(
        rows.map((r) => ({
          id: r.id,
          customer_id: r.customerId,
          seller_orgnr: r.sellerOrgnr,
          seller_name: r.sellerName,
          seller_kind: r.sellerKind,
          document_type: r.documentType,
          dedupe_bidx: r.dedupeBidx,
          credits_bidx: r.creditsBidx,
          source_ref_bidx: r.sourceRefBidx,
          details_enc: r.detailsEnc,
          document_enc: r.documentEnc,
          keep_until: r.keepUntil,
          imported_at: r.importedAt,
        })),
      )
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .execute();
    return new Set(inserted.map((r) => r.id));
  }

  /**
   * Links credit notes to the invoices they credit, in both directions of arrival: a
   * credit note names the invoice's dedupe index in credits_bidx.
   */
  async linkCredits(customerId: string): Promise<number> {
    const r = await sql`update invoices c set credits_invoice_id = i.id
      from invoices i
      where c.customer_id = ${customerId} and i.customer_id = ${customerId}
        and c.credits_bidx is not null and c.credits_invoice_id is null
        and i.dedupe_bidx = c.credits_bidx`.execute(this.db);
    return Number(r.numAffectedRows ?? 0);
  }

  /** Which of these bank references the customer already has, so their documents are not fetched again. */
  async knownSourceRefs(customerId: string, bidxs: readonly Uint8Array[]): Promise<Set<string>> {
    if (bidxs.length === 0) return new Set();
    const rows = await this.db
      .selectFrom('invoices')
      .select('source_ref_bidx')
      .where('customer_id', '=', customerId)
      .where('source_ref_bidx', 'in', [...bidxs])
      .execute();
    return new Set(rows.map((r) => Buffer.from(r.source_ref_bidx ?? new Uint8Array()).toString('hex')));
  }

  async count(day: string, source: string, outcomes: Readonly<Record<string, number>>): Promise<void> {
    const rows = Object.entries(outcomes)
      .filter(([, n]) => n > 0)
      .map(([outcome, count]) => ({ day, source, outcome, count }));
    if (rows.length === 0) return;
    await this.db
      .insertInto('ingest_counts')
      .values(rows)
      .onConflict((oc) =>
        oc.columns(['day', 'source', 'outcome']).doUpdateSet({
          count: sql<number>`ingest_counts.count + excluded.count`,
        }),
      )
      .execute();
  }

  async counts(): Promise<{ day: string; source: string; outcome: string; count: number }[]> {
    const rows = await this.db
      .selectFrom('ingest_counts')
      .select(['day', 'source', 'outcome', 'count'])
      .orderBy('day')
      .orderBy('source')
      .orderBy('outcome')
      .execute();
    return rows.map((r) => ({ ...r, day: String(r.day).slice(0, 10), count: Number(r.count) }));
  }

  ofCustomer(customerId: string): Promise<InvoiceRow[]> {
    return this.db
      .selectFrom('invoices')
      .select([
        'id',
        'seller_name as sellerName',
        'seller_orgnr as sellerOrgnr',
        'seller_kind as sellerKind',
        'document_type as documentType',
        'details_enc as detailsEnc',
        'keep_until as keepUntil',
        'credits_invoice_id as creditsInvoiceId',
        'imported_at as importedAt',
      ])
      .where('customer_id', '=', customerId)
      .orderBy('imported_at')
      .orderBy('id')
      .execute();
  }

  async documentOf(customerId: string, id: string): Promise<Uint8Array | undefined> {
    const row = await this.db
      .selectFrom('invoices')
      .select('document_enc')
      .where('customer_id', '=', customerId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row?.document_enc;
  }
}
