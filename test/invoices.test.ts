import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BankInvoiceClient } from '../src/modules/invoices/bank-client.ts';
import { ANALYSIS_CONSENT, startTestApp, TEXT_VERSION, type TestApp } from './app.ts';
import { type BankInvoice, type BankServer, startBankServer } from './bank-server.ts';
import { describeStores } from './stores.ts';

const EHF = path.join(import.meta.dirname, 'fixtures', 'ehf');
const SUPPLIER = fs.readFileSync(path.join(EHF, 'supplier-invoice-2026-05.xml'), 'utf8');
const GRID = fs.readFileSync(path.join(EHF, 'grid-invoice-2026-04.xml'), 'utf8');

const replaceAll = (xml: string, pairs: readonly (readonly [string, string])[]): string => {
  let out = xml;
  for (const [from, to] of pairs) {
    if (!out.includes(from)) throw new Error(`the fixture has no ${from}`);
    out = out.split(from).join(to);
  }
  return out;
};

/** The supplier invoice as another month's invoice: a new number, dates moved. */
const supplierInvoice = (number: string, issueDate = '2026-05-04'): string =>
  replaceAll(SUPPLIER, [
    ['<cbc:ID>TK-2026-0501-77</cbc:ID>', `<cbc:ID>${number}</cbc:ID>`],
    ['<cbc:IssueDate>2026-05-04</cbc:IssueDate>', `<cbc:IssueDate>${issueDate}</cbc:IssueDate>`],
    ['<cbc:DueDate>2026-05-20</cbc:DueDate>', ''],
  ]);

/** A credit note for the whole of supplier invoice `credits`. */
const supplierCreditNote = (number: string, credits: string): string =>
  replaceAll(supplierInvoice(number), [
    [
      '<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"',
      '<CreditNote xmlns="urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"',
    ],
    ['</Invoice>', '</CreditNote>'],
    [
      '<cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>',
      '<cbc:CreditNoteTypeCode>381</cbc:CreditNoteTypeCode>',
    ],
    ['cac:InvoiceLine>', 'cac:CreditNoteLine>'],
    ['cbc:InvoicedQuantity', 'cbc:CreditedQuantity'],
    [
      '  <cac:AdditionalDocumentReference>',
      `  <cac:BillingReference><cac:InvoiceDocumentReference><cbc:ID>${credits}</cbc:ID></cac:InvoiceDocumentReference></cac:BillingReference>\n  <cac:AdditionalDocumentReference>`,
    ],
  ]);

/** The same invoice from a seller that is no electricity company (a valid organisation number not in the register). */
const OTHER_ORGNR = '974760673';
const OTHER_NAME = 'Registerenheten i Brønnøysund';
const otherSellerInvoice = (number: string): string =>
  replaceAll(supplierInvoice(number), [
    ['987654325', OTHER_ORGNR],
    ['Kraftselskapet AS', OTHER_NAME],
  ]);

const KARI = {
  name: 'Kari Nordmann Testesen',
  email: 'kari.invoices@example.no',
  identityNumber: '14028512334',
  password: 'et langt og godt passord',
};
const OLA = {
  name: 'Ola Nordmann Prøvesen',
  email: 'ola.invoices@example.no',
  identityNumber: '01017012343',
  password: 'et annet langt passord',
};
const poa = (scope: string, give = true) => ({
  kind: 'power_of_attorney' as const,
  scope,
  textVersion: TEXT_VERSION,
  give,
});
const consent = (scope: string, give = true) => ({
  kind: 'consent' as const,
  scope,
  textVersion: TEXT_VERSION,
  give,
});

const rowsOf = async (t: TestApp, customerId: string) =>
  t.app.store.db.selectFrom('invoices').selectAll().where('customer_id', '=', customerId).execute();

describeStores('invoice ingest', (kind) => {
  let t: TestApp;
  let kari: string;
  let ola: string;

  beforeAll(async () => {
    t = await startTestApp(kind);
    const { customers, permissions } = t.app.services;
    kari = await customers.signUp(KARI);
    ola = await customers.signUp(OLA);
    await permissions.change(kari, ANALYSIS_CONSENT, 'test');
    await permissions.change(ola, ANALYSIS_CONSENT, 'test');
  });
  afterAll(async () => t?.close());

  it('stores an electricity invoice encrypted, with its meaning, and only once', async () => {
    const { invoices } = t.app.services;
    const [supplier, grid] = await invoices.importDocuments(
      kari,
      [{ content: SUPPLIER }, { content: Buffer.from(GRID) }],
      { actor: 'test', source: 'file' },
    );
    expect(supplier).toMatchObject({ outcome: 'stored', stored: true });
    expect(grid).toMatchObject({ outcome: 'stored', stored: true });

    const stored = await invoices.ofCustomer(kari);
    expect(stored.map((s) => s.summary.number).sort()).toEqual(['NL-2026-04-5512', 'TK-2026-0501-77']);
    const s = stored.find((x) => x.summary.number === 'TK-2026-0501-77');
    expect(s?.summary).toMatchObject({
      documentType: 'invoice',
      issueDate: '2026-05-04',
      seller: { name: 'Kraftselskapet AS', orgnr: '987654325', kind: 'supplier' },
      meteringPointIds: ['707057500123456785'],
    });
    expect(s?.summary.totals.payableOre).toBe(196485);
    expect(s?.electricity.consumption).toEqual([
      expect.objectContaining({ meteringPointId: '707057500123456785', kwh: 1381.83 }),
    ]);
    // Bokføringsloven § 13: five years after the end of the financial year.
    expect(s?.keepUntil).toBe('2031-12-31');
    const g = stored.find((x) => x.summary.number === 'NL-2026-04-5512');
    expect(g?.summary.seller.kind).toBe('grid');
    expect(g?.electricity.grid).not.toBeNull();

    // At rest: nothing of the document or its details is readable.
    const rows = await rowsOf(t, kari);
    for (const r of rows) {
      for (const column of [r.details_enc, r.document_enc]) {
        const bytes = Buffer.from(column as Uint8Array).toString('latin1');
        for (const secret of ['Invoice', 'Testveien', 'TK-2026', '1381', 'Kari']) {
          expect(bytes).not.toContain(secret);
        }
      }
    }

    const again = await invoices.importDocuments(kari, [{ content: SUPPLIER }], {
      actor: 'test',
      source: 'file',
    });
    expect(again[0]).toMatchObject({ outcome: 'duplicate', stored: false, id: null });
    expect(await rowsOf(t, kari)).toHaveLength(2);
    // The same invoice for another customer is that customer's own.
    expect((await invoices.importEhf(ola, SUPPLIER)).outcome).toBe('stored');
  });

  it('links a credit note to the invoice it credits, whichever arrives first', async () => {
    const { invoices } = t.app.services;
    const invoice = supplierInvoice('TK-2026-0601-10', '2026-06-03');
    const credit = supplierCreditNote('KN-2026-0601-10', 'TK-2026-0601-10');
    await invoices.importEhf(kari, invoice);
    await invoices.importEhf(kari, credit);
    await invoices.importEhf(ola, credit);
    await invoices.importEhf(ola, invoice);
    for (const who of [kari, ola]) {
      const stored = await invoices.ofCustomer(who);
      const inv = stored.find((s) => s.summary.number === 'TK-2026-0601-10');
      const cn = stored.find((s) => s.summary.number === 'KN-2026-0601-10');
      expect(cn?.summary.documentType).toBe('credit_note');
      expect(cn?.summary.credits).toEqual(['TK-2026-0601-10']);
      expect(cn?.creditsInvoiceId).toBe(inv?.id);
      expect(inv?.creditsInvoiceId).toBeNull();
    }
  });

  it('drops invoices from other sellers unread and older ones untouched, counting both', async () => {
    const { invoices } = t.app.services;
    const before = await rowsOf(t, kari);
    const countsBefore = await invoices.counts();
    const reports = await invoices.importDocuments(
      kari,
      [
        { content: otherSellerInvoice('X-1') },
        { content: supplierInvoice('TK-2025-0601-01', '2025-06-01') },
        { content: supplierInvoice('TK-2025-0801-01', '2025-08-01') },
      ],
      { actor: 'test', source: 'file' },
    );
    // 16 months before 26 November 2026 is 26 July 2025.
    expect(reports.map((r) => r.outcome)).toEqual(['not_electricity', 'too_old', 'stored']);
    // Nothing about the dropped invoice is kept, not even its findings.
    expect(reports[0]?.findings).toEqual([]);
    const after = await rowsOf(t, kari);
    expect(after).toHaveLength(before.length + 1);
    expect(after.map((r) => r.seller_orgnr)).not.toContain(OTHER_ORGNR);
    const countsAfter = await invoices.counts();
    const delta = (outcome: string) =>
      (countsAfter.find((c) => c.source === 'file' && c.outcome === outcome)?.count ?? 0) -
      (countsBefore.find((c) => c.source === 'file' && c.outcome === outcome)?.count ?? 0);
    expect(delta('not_electricity')).toBe(1);
    expect(delta('too_old')).toBe(1);
    expect(delta('stored')).toBe(1);
    expect(t.logs.text).toContain('dropped unread');
    expect(t.logs.text).not.toContain(OTHER_NAME);
    expect(t.logs.text).not.toContain(OTHER_ORGNR);
  });

  it('refuses a broken document with findings and changes nothing but the refusal count', async () => {
    const { invoices } = t.app.services;
    const dump = async () =>
      JSON.stringify([
        await rowsOf(t, kari),
        await t.app.store.db.selectFrom('audit_log').select('id').execute(),
      ]);
    const before = await dump();
    const broken = SUPPLIER.slice(0, SUPPLIER.length / 2);
    await expect(invoices.importEhf(kari, broken)).rejects.toMatchObject({
      code: 'validation_failed',
      details: [expect.objectContaining({ at: 'ELVAKT-XML-WELLFORMED' })],
    });
    const order = SUPPLIER.replace(/Invoice-2/g, 'Order-2').replace(/<(\/?)Invoice\b/g, '<$1Order');
    await expect(invoices.importEhf(kari, order)).rejects.toMatchObject({
      details: [expect.objectContaining({ message: expect.stringMatching(/UBL order/) })],
    });
    const usd = SUPPLIER.replace(/NOK/g, 'USD');
    const [report] = await invoices.importDocuments(kari, [{ content: usd }], {
      actor: 'test',
      source: 'file',
    });
    expect(report?.outcome).toBe('refused');
    expect(report?.findings.map((f) => f.rule)).toContain('ELVAKT-CURRENCY');
    expect(await dump()).toBe(before);
    // A batch with a bad document in it stores the good ones and reports each in order.
    const mixed = await invoices.importDocuments(
      kari,
      [{ content: broken }, { content: supplierInvoice('TK-2026-0701-01', '2026-07-02') }],
      { actor: 'test', source: 'file' },
    );
    expect(mixed.map((r) => r.outcome)).toEqual(['refused', 'stored']);
  });

  it('stores nothing without the consent, or while processing is restricted', async () => {
    const { invoices, customers, permissions, restrictions } = t.app.services;
    const per = await customers.signUp({
      name: 'Per Uten Samtykke',
      email: 'per.invoices@example.no',
      identityNumber: '17054026641',
      password: 'nok et langt passord',
    });
    await expect(invoices.importEhf(per, SUPPLIER)).rejects.toMatchObject({ code: 'consent_required' });
    await permissions.change(per, ANALYSIS_CONSENT, 'test');
    const restriction = await restrictions.place(per, 'restriction', ['savings_analysis'], 'test');
    await expect(invoices.importEhf(per, SUPPLIER)).rejects.toMatchObject({ code: 'processing_restricted' });
    expect(await rowsOf(t, per)).toHaveLength(0);
    await restrictions.lift(per, restriction, 'test');
    expect((await invoices.importEhf(per, SUPPLIER)).outcome).toBe('stored');
    await permissions.change(per, [consent('invoice_analysis', false)], 'test');
    await expect(invoices.importEhf(per, supplierInvoice('TK-9'))).rejects.toMatchObject({
      code: 'consent_required',
    });
  });
});

/** Invoices as the bank lists them, for Kari. */
const bankInvoices = (): BankInvoice[] => [
  {
    invoiceRef: 'bank-ref-supplier-05',
    issuer: { organisationNumber: '987654325', name: 'Kraftselskapet AS' },
    issueDate: '2026-05-04',
    documentType: 'invoice',
    xml: SUPPLIER,
  },
  {
    invoiceRef: 'bank-ref-grid-04',
    issuer: { organisationNumber: '916319908', name: 'BKK AS', gln: '7080005051378' },
    issueDate: '2026-05-05',
    documentType: 'invoice',
    xml: GRID,
  },
  {
    invoiceRef: 'bank-ref-other',
    issuer: { organisationNumber: OTHER_ORGNR, name: OTHER_NAME },
    issueDate: '2026-06-01',
    documentType: 'invoice',
    xml: otherSellerInvoice('X-2'),
  },
  {
    invoiceRef: 'bank-ref-supplier-06',
    issuer: { organisationNumber: '987654325', name: 'Kraftselskapet AS' },
    issueDate: '2026-06-03',
    documentType: 'invoice',
    xml: supplierInvoice('TK-2026-0601-10', '2026-06-03'),
  },
  {
    invoiceRef: 'bank-ref-credit-06',
    issuer: { organisationNumber: '987654325', name: 'Kraftselskapet AS' },
    issueDate: '2026-06-03',
    documentType: 'credit_note',
    xml: supplierCreditNote('KN-2026-0601-10', 'TK-2026-0601-10'),
  },
];

describeStores('fetching invoices from the bank', (kind) => {
  let t: TestApp;
  let bank: BankServer;
  let kari: string;
  let ola: string;
  // Live powers of attorney as the bank knows them: the test tells the bank of each grant.
  const kariReferences: string[] = [];
  const olaReferences: string[] = [];
  const tellBank = async (customerId: string, references: string[]) => {
    const state = (await t.app.services.permissions.states(customerId)).find(
      (s) => s.kind === 'power_of_attorney' && s.scope === 'invoice_fetching',
    );
    references.push(`elvakt:${customerId}:${state?.since?.getTime()}`);
  };

  beforeAll(async () => {
    let clock: TestApp['clock'] | undefined;
    bank = await startBankServer({
      customers: [
        { nationalId: KARI.identityNumber, consentReferences: kariReferences, invoices: bankInvoices() },
        {
          nationalId: OLA.identityNumber,
          consentReferences: olaReferences,
          invoices: bankInvoices().slice(0, 1),
        },
      ],
      now: () => clock?.now() ?? new Date(),
    });
    const client = new BankInvoiceClient({
      baseUrl: bank.url,
      token: bank.token,
      backoff: { baseMs: 1, maxMs: 5 },
      timeoutMs: 2000,
    });
    t = await startTestApp(kind, {
      invoiceSource: Object.assign(client, { name: 'testbank' }),
      env: { ELVAKT_INVOICE_FETCH_HOURS: '24' },
    });
    clock = t.clock;
    const { customers } = t.app.services;
    kari = await customers.signUp(KARI);
    ola = await customers.signUp(OLA);
  });
  afterAll(async () => {
    await t?.close();
    await bank?.close();
  });

  it('refuses without the power of attorney, before asking the bank anything', async () => {
    const { invoiceFetch, permissions } = t.app.services;
    await permissions.change(kari, ANALYSIS_CONSENT, 'test');
    await expect(invoiceFetch.fetchFor(kari)).rejects.toMatchObject({
      code: 'consent_required',
      details: [{ at: 'invoice_fetching', message: 'power_of_attorney_missing' }],
    });
    expect(bank.requests).toHaveLength(0);
    expect((await permissions.uses(kari)).filter((u) => u.scope === 'invoice_fetching')).toHaveLength(0);
  });

  it('fetches only electricity invoices, through a bank that fails, truncates and repeats itself', async () => {
    const { invoiceFetch, invoices, permissions } = t.app.services;
    await permissions.change(kari, [poa('invoice_fetching')], 'test');
    await tellBank(kari, kariReferences);
    bank.misbehave = {
      failFirst: { search: 1, document: 1 },
      // By request number: the first document request fails, the second is cut off, the third's digest is wrong.
      truncate: 2,
      corruptDigest: 3,
      pageSize: 2,
      duplicateAcrossPages: true,
    };
    const report = await invoiceFetch.fetchFor(kari);
    expect(report).toMatchObject({ listed: 5, notElectricity: 1, tooOld: 0, alreadyStored: 0, fetched: 4 });
    expect(report.outcomes).toMatchObject({ stored: 4, duplicate: 0, refused: 0 });
    // The other seller's invoice was never downloaded.
    const documents = bank.requests.filter((r) => r.kind === 'document').map((r) => r.url);
    expect(documents.some((u) => u.includes('bank-ref-other'))).toBe(false);
    // The failed, truncated and corrupted answers were tried again.
    expect(documents.length).toBe(4 + 3);
    expect(documents.some((u) => u.includes('bank-ref-supplier-05'))).toBe(true);
    // No personal data in what went over the wire in the URL.
    for (const r of bank.requests) expect(r.url).not.toContain(KARI.identityNumber);

    const stored = await invoices.ofCustomer(kari);
    expect(stored).toHaveLength(4);
    const credit = stored.find((s) => s.summary.documentType === 'credit_note');
    expect(credit?.creditsInvoiceId).toBe(stored.find((s) => s.summary.number === 'TK-2026-0601-10')?.id);

    // Every use of the power of attorney is on record: one search and one per document.
    const uses = (await permissions.uses(kari)).filter((u) => u.scope === 'invoice_fetching');
    expect(uses.filter((u) => u.action === 'bank.einvoice_search')).toHaveLength(1);
    expect(uses.filter((u) => u.action === 'bank.einvoice_document')).toHaveLength(4);

    bank.reset();
    const again = await invoiceFetch.fetchFor(kari);
    expect(again).toMatchObject({ listed: 5, alreadyStored: 4, fetched: 0 });
    expect(bank.requests.filter((r) => r.kind === 'document')).toHaveLength(0);
    expect(await invoices.ofCustomer(kari)).toHaveLength(4);
    for (const secret of [KARI.identityNumber, KARI.name, OTHER_NAME, 'TK-2026']) {
      expect(t.logs.text).not.toContain(secret);
    }
  });

  it('stops at once when the power of attorney is revoked', async () => {
    const { invoiceFetch, permissions } = t.app.services;
    await permissions.change(kari, [poa('invoice_fetching', false)], 'test');
    bank.reset();
    await expect(invoiceFetch.fetchFor(kari)).rejects.toMatchObject({ code: 'consent_required' });
    expect(bank.requests).toHaveLength(0);
  });

  it('runs on schedule only for customers who keep the consent to continued analysis', async () => {
    const { invoiceFetch, permissions, invoices } = t.app.services;
    // Kari: the power of attorney again, but no consent to continued analysis.
    await permissions.change(kari, [poa('invoice_fetching')], 'test');
    await permissions.change(
      ola,
      [...ANALYSIS_CONSENT, consent('continued_monitoring'), poa('invoice_fetching')],
      'test',
    );
    await tellBank(ola, olaReferences);
    bank.reset();
    expect(await invoiceFetch.fetchDue()).toEqual({ customers: 1, fetched: 1, skipped: 0, failed: 0 });
    expect(await invoices.ofCustomer(ola)).toHaveLength(1);
    // Within the interval nobody is due.
    expect(await invoiceFetch.fetchDue()).toEqual({ customers: 0, fetched: 0, skipped: 0, failed: 0 });
    t.clock.set(new Date(t.clock.now().getTime() + 25 * 3_600_000));
    expect(await invoiceFetch.fetchDue()).toEqual({ customers: 1, fetched: 0, skipped: 0, failed: 0 });
    // A restriction: the job leaves Ola alone, asks the bank nothing and counts no failure.
    const restriction = await t.app.services.restrictions.place(
      ola,
      'restriction',
      ['savings_analysis'],
      'test',
    );
    t.clock.set(new Date(t.clock.now().getTime() + 25 * 3_600_000));
    bank.reset();
    expect(await invoiceFetch.fetchDue()).toEqual({ customers: 1, fetched: 0, skipped: 1, failed: 0 });
    expect(bank.requests).toHaveLength(0);
    await t.app.services.restrictions.lift(ola, restriction, 'test');
    // Withdrawing the consent ends it.
    await permissions.change(ola, [consent('continued_monitoring', false)], 'test');
    t.clock.set(new Date(t.clock.now().getTime() + 25 * 3_600_000));
    expect(await invoiceFetch.fetchDue()).toEqual({ customers: 0, fetched: 0, skipped: 0, failed: 0 });
  });
});
