import type { Migration } from '../platform/db/migrator.ts';

/**
 * Invoice ingestion: what kind of electricity company sent an invoice, reminders beside
 * invoices and credit notes, credit notes linked to what they credit (also when the
 * invoice arrives after its credit note), the bank's reference so a document is fetched
 * once, and counts of what ingest dropped (no subject, no seller: only numbers).
 */
export const invoiceIngest: Migration = {
  name: '0003-invoice-ingest',
  statements: [
    `alter table invoices add column seller_kind text not null default 'supplier'
      check (seller_kind in ('supplier', 'grid', 'producer'))`,
    'alter table invoices alter column seller_kind drop default',
    'alter table invoices alter column seller_orgnr drop not null',
    'alter table invoices drop constraint invoices_document_type_check',
    `alter table invoices add constraint invoices_document_type_check
      check (document_type in ('invoice', 'credit_note', 'reminder'))`,
    'alter table invoices add column credits_invoice_id uuid references invoices (id) on delete set null',
    'alter table invoices add column credits_bidx bytea',
    'alter table invoices add column source_ref_bidx bytea',
    // Ciphertext does not compress: spare the database the attempt on every row.
    'alter table invoices alter column details_enc set storage external',
    'alter table invoices alter column document_enc set storage external',
    'create index invoices_credits on invoices (customer_id, credits_bidx) where credits_bidx is not null',
    'create unique index invoices_source_ref on invoices (customer_id, source_ref_bidx) where source_ref_bidx is not null',
    `create table ingest_counts (
      day date not null,
      source text not null,
      outcome text not null,
      count integer not null,
      primary key (day, source, outcome)
    )`,
  ],
};
