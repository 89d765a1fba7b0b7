import type { Clock } from '../../platform/clock.ts';
import { AppError } from '../../platform/errors.ts';
import type { Logger } from '../../platform/logger.ts';
import type { PermissionService } from '../consents/permission.service.ts';
import type { CustomerService } from '../customers/customer.service.ts';
import type { ProcessingGate } from '../privacy/restriction.service.ts';
import type { IngestDocument, InvoiceService, SellerClassifier } from './invoice.service.ts';
import type { IngestOutcome } from './invoice.ts';
import { earliestIssueDate, type InvoiceListing, type InvoiceSource } from './invoice-source.ts';

export interface FetchReport {
  readonly listed: number;
  readonly notElectricity: number;
  readonly tooOld: number;
  readonly alreadyStored: number;
  readonly fetched: number;
  readonly outcomes: Readonly<Record<IngestOutcome, number>>;
}

const SEARCH = 'bank.einvoice_search';
const DOCUMENT = 'bank.einvoice_document';
const PAGE = 100;

/**
 * Fetches a customer's electricity invoices from the bank under their power of attorney.
 * Minimises before it fetches: the listing names the issuer, so an invoice from a company
 * that is not an electricity company is never downloaded, only counted; neither is one
 * older than 16 months or one already stored. Every search and every document fetched is
 * a recorded use of the power of attorney, checked the moment before it happens.
 */
export class InvoiceFetchService {
  constructor(
    private readonly invoices: InvoiceService,
    private readonly permissions: PermissionService,
    private readonly gate: ProcessingGate,
    private readonly customers: CustomerService,
    /** With `issuerFilter` when the register names every electricity company by organisation number. */
    private readonly sellers: SellerClassifier & { readonly issuerFilter?: readonly string[] },
    private readonly source: (InvoiceSource & { readonly name: string }) | undefined,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly everyHours: number,
  ) {}

  get enabled(): boolean {
    return this.source !== undefined;
  }

  async fetchFor(customerId: string, actor = 'system'): Promise<FetchReport> {
    const source = this.source;
    if (!source) throw new AppError('not_found', 'No bank is configured to fetch invoices from.');
    await this.permissions.require(customerId, [
      { kind: 'consent', scope: 'invoice_analysis' },
      { kind: 'power_of_attorney', scope: 'invoice_fetching' },
    ]);
    await this.gate.assertMayProcess(customerId, 'savings_analysis');
    const consentReference = await this.consentReference(customerId);
    const { identityNumber } = await this.customers.profile(customerId);
    const now = this.clock.now();
    const since = earliestIssueDate(now);
    await this.permissions.use(customerId, 'invoice_fetching', SEARCH, { source: source.name, since });

    const wanted: InvoiceListing[] = [];
    let listed = 0;
    let notElectricity = 0;
    let tooOld = 0;
    for await (const listing of source.list({
      nationalId: identityNumber,
      consentReference,
      since,
      // The bank filters too when the register allows it; we filter regardless.
      ...(this.sellers.issuerFilter ? { issuerOrgnrs: this.sellers.issuerFilter } : {}),
    })) {
      listed++;
      const kind = this.sellers.classify({
        orgnr: listing.issuer.orgnr,
        glns: listing.issuer.gln ? [listing.issuer.gln] : [],
      });
      if (kind === 'other') notElectricity++;
      else if (listing.issueDate < since) tooOld++;
      else wanted.push(listing);
    }
    const known = await this.invoices.knownSourceRefs(
      customerId,
      wanted.map((l) => l.invoiceRef),
    );
    const toFetch = wanted.filter((l) => !known.has(l.invoiceRef));
    const outcomes: Record<IngestOutcome, number> = {
      stored: 0,
      duplicate: 0,
      not_electricity: 0,
      too_old: 0,
      refused: 0,
    };
    for (let i = 0; i < toFetch.length; i += PAGE) {
      const docs: IngestDocument[] = [];
      for (const listing of toFetch.slice(i, i + PAGE)) {
        // Checked and recorded per document: a power of attorney revoked mid-run stops the run here.
        await this.permissions.use(customerId, 'invoice_fetching', DOCUMENT, {
          source: source.name,
          invoiceRef: listing.invoiceRef,
        });
        docs.push({
          content: await source.fetchDocument(listing, consentReference),
          sourceRef: listing.invoiceRef,
        });
      }
      for (const r of await this.invoices.importDocuments(customerId, docs, { actor, source: 'bank' })) {
        outcomes[r.outcome]++;
      }
    }
    await this.invoices.countDropped('bank', { not_electricity: notElectricity, too_old: tooOld });
    const report = {
      listed,
      notElectricity,
      tooOld,
      alreadyStored: wanted.length - toFetch.length,
      fetched: toFetch.length,
      outcomes,
    };
    this.logger.info({ ...report }, 'invoices fetched from the bank');
    return report;
  }

  /**
   * The scheduled run: every customer whose consent to continued analysis lasts and who
   * was not searched for within the interval. One customer's failure is logged and the
   * run goes on; the next run tries again.
   */
  async fetchDue(): Promise<{ customers: number; fetched: number; skipped: number; failed: number }> {
    if (!this.source) return { customers: 0, fetched: 0, skipped: 0, failed: 0 };
    const cutoff = this.clock.now().getTime() - this.everyHours * 3_600_000;
    let after: string | null = null;
    let customers = 0;
    let fetched = 0;
    let failed = 0;
    let skipped = 0;
    for (;;) {
      const page = await this.permissions.holders('consent', 'continued_monitoring', after, PAGE);
      if (page.length === 0) break;
      after = page[page.length - 1] ?? null;
      for (const customerId of page) {
        if (!(await this.permissions.isActive(customerId, 'power_of_attorney', 'invoice_fetching'))) continue;
        const last = await this.permissions.lastUse(customerId, 'invoice_fetching', SEARCH);
        if (last && last.getTime() > cutoff) continue;
        customers++;
        try {
          fetched += (await this.fetchFor(customerId)).fetched;
        } catch (e) {
          // fetchFor asks the consent and the restrictions itself: a customer it refuses is left alone.
          if (
            e instanceof AppError &&
            (e.code === 'consent_required' || e.code === 'processing_restricted')
          ) {
            skipped++;
            continue;
          }
          failed++;
          const code = e instanceof AppError ? e.code : 'internal';
          this.logger.warn(
            { code, reason: e instanceof AppError ? e.details[0]?.message : undefined },
            'invoice fetch failed for a customer',
          );
        }
      }
    }
    return { customers, fetched, skipped, failed };
  }

  /** An opaque name of the power of attorney the bank checks on its side: the grant's time, never personal data. */
  private async consentReference(customerId: string): Promise<string> {
    const state = (await this.permissions.states(customerId)).find(
      (s) => s.kind === 'power_of_attorney' && s.scope === 'invoice_fetching',
    );
    return `elvakt:${customerId}:${state?.since?.getTime() ?? 0}`;
  }
}
