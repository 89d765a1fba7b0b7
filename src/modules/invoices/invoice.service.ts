import { randomUUID } from 'node:crypto';
import type { Clock } from '../../platform/clock.ts';
import type { Keyring } from '../../platform/crypto/keyring.ts';
import type { Transactor } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { type EhfSummary, type Finding, readEhf } from './ehf-reader.ts';
import type { InvoiceRepository } from './invoice.repository.ts';
import { bookkeepingKeepUntil, type InvoiceImportReport, type StoredInvoice, tooOld } from './invoice.ts';

export const INVOICE_DEDUPE_INDEX = 'invoices.dedupe';

export class InvoiceService {
  constructor(
    private readonly tx: Transactor,
    private readonly repo: InvoiceRepository,
    private readonly keyring: Keyring,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly maxBytes: number,
  ) {}

  /**
   * Reads and stores one EHF document for a customer. Refused documents change nothing;
   * a document the customer already has is reported as a duplicate and not stored again.
   * The stored copy is encrypted under the customer's bookkeeping key.
   */
  async importEhf(customerId: string, xml: string, actor = 'system'): Promise<InvoiceImportReport> {
    if (Buffer.byteLength(xml, 'utf8') > this.maxBytes) {
      throw new AppError('payload_too_large', `The document is larger than ${this.maxBytes} bytes.`);
    }
    const read = readEhf(xml);
    if (!read.ok)
      throw new AppError('validation_failed', 'The invoice was refused.', findingDetails(read.findings));
    const now = this.clock.now();
    const s = read.value;
    if (tooOld(s.issueDate, now)) {
      throw new AppError('validation_failed', 'The invoice is older than 16 months and is not kept.', [
        { at: 'IssueDate', message: 'older_than_16_months' },
      ]);
    }
    return this.tx.run(async (tx) => {
      const keyring = this.keyring;
      const cipher = await keyring.cipherForWriting(customerId, 'bookkeeping', now);
      const id = randomUUID();
      const stored = await this.repo.with(tx).insert({
        id,
        customerId,
        sellerOrgnr: s.seller.orgnr,
        sellerName: s.seller.name,
        documentType: s.documentType,
        dedupeBidx: await keyring.index(
          INVOICE_DEDUPE_INDEX,
          `${s.seller.orgnr}|${s.documentType}|${s.invoiceNumber}`,
        ),
        detailsEnc: cipher.sealJson(`invoices.details_enc/${id}`, { summary: s, findings: read.findings }),
        documentEnc: cipher.sealText(`invoices.document_enc/${id}`, xml),
        keepUntil: bookkeepingKeepUntil(s.issueDate),
        importedAt: now,
      });
      if (stored) {
        await this.audit.withTx(tx).record({
          actor,
          action: 'invoice.imported',
          subjectId: customerId,
          purpose: 'savings_analysis',
          details: { invoice: id, seller: s.seller.orgnr, type: s.documentType },
        });
      }
      return { stored, duplicate: !stored, id: stored ? id : null, findings: read.findings };
    });
  }

  async ofCustomer(customerId: string): Promise<StoredInvoice[]> {
    const rows = await this.repo.ofCustomer(customerId);
    if (rows.length === 0) return [];
    const cipher = await this.keyring.cipherFor(customerId, 'bookkeeping', this.clock.now());
    return rows.map((r) => {
      const d = cipher.openJson<{ summary: EhfSummary; findings: Finding[] }>(
        `invoices.details_enc/${r.id}`,
        r.detailsEnc,
      );
      return {
        id: r.id,
        sellerName: r.sellerName,
        sellerOrgnr: r.sellerOrgnr,
        documentType: r.documentType,
        keepUntil: r.keepUntil,
        summary: d.summary,
        findings: d.findings,
      };
    });
  }
}

const findingDetails = (findings: readonly Finding[]) =>
  findings.map((f) => ({ at: f.rule, message: `${f.severity}: ${f.message}` }));
