import { randomUUID } from 'node:crypto';
import type { Clock } from '../../platform/clock.ts';
import type { Keyring } from '../../platform/crypto/keyring.ts';
import type { Db, Transactor } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import type { Logger } from '../../platform/logger.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { PermissionService } from '../consents/permission.service.ts';
import type { ProcessingGate } from '../privacy/restriction.service.ts';
import { contentTypeOf, type EmbeddedAttachment, embeddedAttachments, extensionOf } from './attachments.ts';
import { type ElectricityInvoice, electricityMeaning, type SellerKind } from './electricity.ts';
import type { InvoiceRepository, NewInvoice } from './invoice.repository.ts';
import {
  bookkeepingKeepUntil,
  dedupeKey,
  documentTypeOf,
  type IngestOutcome,
  type InvoiceImportReport,
  type InvoiceSummary,
  type StoredInvoice,
  sellerKey,
  summaryOf,
  tooOld,
} from './invoice.ts';
import type { Finding, ParseResult, UblDocument } from './ubl.ts';
import { parseUbl } from './ubl-parser.ts';

export const INVOICE_DEDUPE_INDEX = 'invoices.dedupe';

/** An embedded file as the invoice page lists it. */
export type InvoiceAttachment = Omit<EmbeddedAttachment, 'base64'>;

// Ids in URLs are checked before they reach the database, which would refuse a malformed one with an error.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const INVOICE_SOURCE_INDEX = 'invoices.source_ref';

/** Tells an electricity company from any other seller, from the maintained register. */
export interface SellerClassifier {
  classify(seller: { readonly orgnr: string | null; readonly glns: readonly string[] }): SellerKind | 'other';
}

export interface IngestDocument {
  readonly content: string | Uint8Array;
  /**
   * The content already read by `parseUbl` with this service's size limit, by a caller that
   * needed it first (the import command finds the owner by the metering point); not read twice.
   */
  readonly parsed?: ParseResult;
  /** The bank's reference, so the same document is never fetched twice. */
  readonly sourceRef?: string;
}

export interface IngestOptions {
  readonly actor: string;
  readonly source: 'file' | 'bank';
}

const utf8 = new TextDecoder('utf-8');
// Rows per INSERT: large enough to amortise a round trip, small enough for any driver's parameter limit.
const INSERT_CHUNK = 250;

export class InvoiceService {
  constructor(
    private readonly tx: Transactor,
    private readonly repo: InvoiceRepository,
    private readonly keyring: Keyring,
    private readonly permissions: PermissionService,
    private readonly gate: ProcessingGate,
    private readonly sellers: SellerClassifier,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly maxBytes: number,
  ) {}

  private storedListeners: ((tx: Db, customerId: string) => Promise<void>)[] = [];

  /** Called inside the transaction that stores a customer's invoices (monitoring re-prices their metering points). */
  onStored(listener: (tx: Db, customerId: string) => Promise<void>): void {
    this.storedListeners.push(listener);
  }

  /**
   * Reads, checks and stores one EHF document. A refused document throws and changes
   * nothing; an invoice from a company that is not an electricity company, or older than
   * 16 months, is dropped without storing anything about it, only counted.
   */
  async importEhf(
    customerId: string,
    content: string | Uint8Array,
    actor = 'system',
  ): Promise<InvoiceImportReport> {
    const [report] = await this.importDocuments(customerId, [{ content }], { actor, source: 'file' });
    if (!report) throw new AppError('internal', 'The import produced no report.');
    if (report.outcome === 'refused') {
      throw new AppError('validation_failed', 'The invoice was refused.', findingDetails(report.findings));
    }
    return report;
  }

  /**
   * Imports a batch for one customer in one transaction: every stored invoice or none.
   * Reports come back in the order of the documents.
   */
  async importDocuments(
    customerId: string,
    docs: readonly IngestDocument[],
    options: IngestOptions,
  ): Promise<InvoiceImportReport[]> {
    await this.permissions.require(customerId, [{ kind: 'consent', scope: 'invoice_analysis' }]);
    await this.gate.assertMayProcess(customerId, 'savings_analysis');
    const now = this.clock.now();
    const reports: InvoiceImportReport[] = [];
    const candidates: {
      index: number;
      doc: UblDocument;
      kind: SellerKind;
      findings: readonly Finding[];
      input: IngestDocument;
    }[] = [];
    for (const [index, input] of docs.entries()) {
      const parsed = input.parsed ?? parseUbl(input.content, { maxBytes: this.maxBytes });
      if (!parsed.ok) {
        reports.push(report('refused', parsed.findings));
        continue;
      }
      const doc = parsed.value;
      if (doc.currency !== 'NOK') {
        reports.push(
          report('refused', [
            ...parsed.findings,
            {
              rule: 'ELVAKT-CURRENCY',
              severity: 'fatal',
              message: 'Norwegian electricity invoices are in NOK.',
            },
          ]),
        );
        continue;
      }
      const kind = this.sellers.classify({ orgnr: doc.seller.orgnr, glns: doc.seller.gln });
      if (kind === 'other') {
        // Dropped unread: nothing about this invoice is kept, not even in the report.
        reports.push(report('not_electricity', []));
        continue;
      }
      if (tooOld(doc.issueDate, now)) {
        reports.push(report('too_old', []));
        continue;
      }
      reports.push(report('stored', parsed.findings));
      candidates.push({ index, doc, kind, findings: parsed.findings, input });
    }

    if (candidates.length > 0) {
      // Keys and indexes first: the key store must not be reached from inside the data transaction.
      const cipher = await this.keyring.cipherForWriting(customerId, 'bookkeeping', now);
      const rows: NewInvoice[] = [];
      for (const c of candidates) {
        const id = randomUUID();
        const seller = sellerKey(c.doc);
        const storedKind = c.kind;
        const type = documentTypeOf(c.doc);
        const credited = c.doc.kind === 'credit_note' ? c.doc.billingReferences[0] : undefined;
        const details: {
          summary: InvoiceSummary;
          electricity: ElectricityInvoice;
          findings: readonly Finding[];
        } = {
          summary: summaryOf(c.doc, storedKind),
          electricity: electricityMeaning(c.doc, storedKind),
          findings: c.findings,
        };
        const text = typeof c.input.content === 'string' ? c.input.content : utf8.decode(c.input.content);
        rows.push({
          id,
          customerId,
          sellerOrgnr: c.doc.seller.orgnr,
          sellerName: details.summary.seller.name,
          sellerKind: storedKind,
          documentType: type,
          dedupeBidx: await this.keyring.index(INVOICE_DEDUPE_INDEX, dedupeKey(seller, type, c.doc.id)),
          creditsBidx:
            credited === undefined
              ? null
              : await this.keyring.index(INVOICE_DEDUPE_INDEX, dedupeKey(seller, 'invoice', credited)),
          sourceRefBidx:
            c.input.sourceRef === undefined
              ? null
              : await this.keyring.index(INVOICE_SOURCE_INDEX, c.input.sourceRef),
          detailsEnc: cipher.sealDeflated(`invoices.details_enc/${id}`, JSON.stringify(details)),
          documentEnc: cipher.sealDeflated(`invoices.document_enc/${id}`, text),
          keepUntil: bookkeepingKeepUntil(c.doc.issueDate),
          importedAt: now,
        });
      }
      const stored = await this.tx.run(async (tx) => {
        const repo = this.repo.with(tx);
        const ids = new Set<string>();
        for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
          for (const id of await repo.insertMany(rows.slice(i, i + INSERT_CHUNK))) ids.add(id);
        }
        if (ids.size > 0) {
          await repo.linkCredits(customerId);
          for (const listener of this.storedListeners) await listener(tx, customerId);
          await this.audit.withTx(tx).record({
            actor: options.actor,
            action: 'invoice.imported',
            subjectId: customerId,
            purpose: 'savings_analysis',
            details: { source: options.source, invoices: rows.filter((r) => ids.has(r.id)).map((r) => r.id) },
          });
        }
        await repo.count(now.toISOString().slice(0, 10), options.source, tally(reports, rows, ids));
        return ids;
      });
      for (const [n, c] of candidates.entries()) {
        const row = rows[n] as NewInvoice;
        reports[c.index] = stored.has(row.id)
          ? { ...(reports[c.index] as InvoiceImportReport), id: row.id }
          : report('duplicate', c.findings);
      }
    } else {
      await this.tx.run((tx) =>
        this.repo
          .with(tx)
          .count(now.toISOString().slice(0, 10), options.source, tally(reports, [], new Set())),
      );
    }
    const dropped = reports.filter((r) => r.outcome === 'not_electricity').length;
    if (dropped > 0)
      this.logger.info(
        { dropped, source: options.source },
        'invoices from non-electricity sellers dropped unread',
      );
    return reports;
  }

  async ofCustomer(customerId: string): Promise<StoredInvoice[]> {
    const rows = await this.repo.ofCustomer(customerId);
    if (rows.length === 0) return [];
    const cipher = await this.keyring.cipherFor(customerId, 'bookkeeping', this.clock.now());
    return rows.map((r) => {
      const d = JSON.parse(cipher.openDeflated(`invoices.details_enc/${r.id}`, r.detailsEnc)) as {
        summary: InvoiceSummary;
        electricity: ElectricityInvoice;
        findings: Finding[];
      };
      return {
        id: r.id,
        keepUntil: r.keepUntil,
        creditsInvoiceId: r.creditsInvoiceId,
        importedAt: r.importedAt,
        summary: d.summary,
        electricity: d.electricity,
        findings: d.findings,
      };
    });
  }

  /**
   * One of the customer's invoices, with the files embedded in its original document
   * (described, not their bytes). Another customer's invoice looks exactly like a missing one.
   */
  async invoiceOf(
    customerId: string,
    id: string,
  ): Promise<StoredInvoice & { attachments: InvoiceAttachment[] }> {
    if (!UUID.test(id)) throw new AppError('not_found', 'No such invoice.');
    const invoice = (await this.ofCustomer(customerId)).find((i) => i.id === id);
    if (!invoice) throw new AppError('not_found', 'No such invoice.');
    const attachments = embeddedAttachments(await this.originalText(customerId, id), this.maxBytes).map(
      ({ base64: _bytes, ...described }) => described,
    );
    return { ...invoice, attachments };
  }

  /** The original document as it arrived (UTF-8, without a byte-order mark); the download is audited. */
  async originalDocument(customerId: string, id: string, actor = 'customer'): Promise<Buffer> {
    const text = await this.originalText(customerId, id);
    await this.recordDownload(customerId, id, actor, { part: 'original' });
    return Buffer.from(text, 'utf8');
  }

  /** A file embedded in the original (1-based, in the document's order), decoded; the download is audited. */
  async attachment(
    customerId: string,
    id: string,
    index: number,
    actor = 'customer',
  ): Promise<{ bytes: Buffer; contentType: string; extension: string }> {
    const found = embeddedAttachments(await this.originalText(customerId, id), this.maxBytes).find(
      (a) => a.index === index,
    );
    if (!found) throw new AppError('not_found', 'No such attachment.');
    await this.recordDownload(customerId, id, actor, { part: 'attachment', attachment: index });
    return {
      bytes: Buffer.from(found.base64, 'base64'),
      contentType: contentTypeOf(found.mimeCode),
      extension: extensionOf(found.mimeCode),
    };
  }

  private async originalText(customerId: string, id: string): Promise<string> {
    if (!UUID.test(id)) throw new AppError('not_found', 'No such invoice.');
    const sealed = await this.repo.documentOf(customerId, id);
    if (!sealed) throw new AppError('not_found', 'No such invoice.');
    const cipher = await this.keyring.cipherFor(customerId, 'bookkeeping', this.clock.now());
    return cipher.openDeflated(`invoices.document_enc/${id}`, sealed);
  }

  // Every copy handed out is recorded, in the same way as the other downloads of a person's data.
  private recordDownload(
    customerId: string,
    id: string,
    actor: string,
    details: Record<string, unknown>,
  ): Promise<number> {
    return this.tx.run((tx) =>
      this.audit.withTx(tx).record({
        actor,
        action: 'invoice.downloaded',
        subjectId: customerId,
        purpose: 'access',
        details: { invoice: id, ...details },
      }),
    );
  }

  /** Which of these bank references are already stored for the customer. */
  async knownSourceRefs(customerId: string, refs: readonly string[]): Promise<Set<string>> {
    const byHex = new Map<string, string>();
    for (const ref of refs) {
      byHex.set(Buffer.from(await this.keyring.index(INVOICE_SOURCE_INDEX, ref)).toString('hex'), ref);
    }
    const known = await this.repo.knownSourceRefs(
      customerId,
      [...byHex.keys()].map((h) => Buffer.from(h, 'hex')),
    );
    return new Set([...known].map((h) => byHex.get(h)).filter((r): r is string => r !== undefined));
  }

  /** Counts of what ingest stored and dropped, per day, source and outcome. */
  counts() {
    return this.repo.counts();
  }

  /** Records outcomes decided before any document was read (the bank listing said the seller is not an electricity company). */
  async countDropped(
    source: 'file' | 'bank',
    outcomes: Partial<Record<IngestOutcome, number>>,
  ): Promise<void> {
    const day = this.clock.now().toISOString().slice(0, 10);
    await this.tx.run((tx) => this.repo.with(tx).count(day, source, outcomes as Record<string, number>));
  }
}

const report = (outcome: IngestOutcome, findings: readonly Finding[]): InvoiceImportReport => ({
  outcome,
  stored: outcome === 'stored',
  duplicate: outcome === 'duplicate',
  id: null,
  findings,
});

const tally = (
  reports: readonly InvoiceImportReport[],
  rows: readonly NewInvoice[],
  stored: ReadonlySet<string>,
): Record<IngestOutcome, number> => {
  const out: Record<IngestOutcome, number> = {
    stored: 0,
    duplicate: 0,
    not_electricity: 0,
    too_old: 0,
    refused: 0,
  };
  for (const r of reports) if (r.outcome !== 'stored') out[r.outcome]++;
  for (const row of rows) out[stored.has(row.id) ? 'stored' : 'duplicate']++;
  return out;
};

const findingDetails = (findings: readonly Finding[]) =>
  findings.map((f) => ({ at: f.rule, message: `${f.severity}: ${f.message}` }));
