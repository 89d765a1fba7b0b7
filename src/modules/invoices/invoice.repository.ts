import type { Db } from '../../platform/db/database.ts';

export interface InvoiceRow {
  readonly id: string;
  readonly sellerName: string;
  readonly sellerOrgnr: string;
  readonly documentType: 'invoice' | 'credit_note';
  readonly detailsEnc: Uint8Array;
  readonly keepUntil: string;
}

export class InvoiceRepository {
  constructor(private readonly db: Db) {}

  with(tx: Db): InvoiceRepository {
    return new InvoiceRepository(tx);
  }

  /** False when the customer already has this invoice (same seller, number and type). */
  async insert(r: {
    id: string;
    customerId: string;
    sellerOrgnr: string;
    sellerName: string;
    documentType: 'invoice' | 'credit_note';
    dedupeBidx: Uint8Array;
    detailsEnc: Uint8Array;
    documentEnc: Uint8Array;
    keepUntil: string;
    importedAt: Date;
  }): Promise<boolean> {
    const result = await this.db
      .insertInto('invoices')
      .values({
        id: r.id,
        customer_id: r.customerId,
        seller_orgnr: r.sellerOrgnr,
        seller_name: r.sellerName,
        document_type: r.documentType,
        dedupe_bidx: r.dedupeBidx,
        details_enc: r.detailsEnc,
        document_enc: r.documentEnc,
        keep_until: r.keepUntil,
        imported_at: r.importedAt,
      })
      .onConflict((oc) => oc.columns(['customer_id', 'dedupe_bidx']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  ofCustomer(customerId: string): Promise<InvoiceRow[]> {
    return this.db
      .selectFrom('invoices')
      .select([
        'id',
        'seller_name as sellerName',
        'seller_orgnr as sellerOrgnr',
        'document_type as documentType',
        'details_enc as detailsEnc',
        'keep_until as keepUntil',
      ])
      .where('customer_id', '=', customerId)
      .orderBy('imported_at')
      .execute();
  }
}
