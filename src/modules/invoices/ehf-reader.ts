import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parseMeteringPointId } from '../identity/metering-point-id.ts';
import { parseNokToOre } from '../identity/money.ts';
import { isValidOrgnr, normaliseOrgnr } from '../identity/organisasjonsnummer.ts';

/**
 * EHF / PEPPOL BIS Billing 3 (UBL 2.1) invoices and credit notes, first cut: the seller,
 * the number and dates, the consumption period, the kWh, the payable amount and the
 * metering point. The document is checked for well-formedness before it is read, DTDs and
 * entity declarations are refused, and the result is either a whole value or findings.
 */
export interface Finding {
  readonly rule: string;
  readonly severity: 'fatal' | 'warning';
  readonly message: string;
}

export interface EhfSummary {
  readonly documentType: 'invoice' | 'credit_note';
  readonly invoiceNumber: string;
  readonly issueDate: string;
  readonly currency: string;
  readonly seller: { readonly name: string; readonly orgnr: string };
  readonly buyerName: string | null;
  readonly meteringPointId: string | null;
  readonly period: { readonly start: string; readonly end: string } | null;
  /** Consumption on the invoice: the kWh lines that are not taxes or fees counted on the same kWh. */
  readonly kwh: number | null;
  /** Signed: a credit note's payable amount is what is paid back, shown as positive in the document. */
  readonly payableOre: number;
}

export type EhfResult =
  | { readonly ok: true; readonly value: EhfSummary; readonly findings: readonly Finding[] }
  | { readonly ok: false; readonly findings: readonly Finding[] };

const NS_INVOICE = 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2';
const NS_CREDIT = 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2';

const ARRAYS = new Set([
  'InvoiceLine',
  'CreditNoteLine',
  'AdditionalDocumentReference',
  'PartyTaxScheme',
  'PartyIdentification',
  'TaxSubtotal',
  'AllowanceCharge',
]);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: false,
  isArray: (name) => ARRAYS.has(name),
});

type Node = Record<string, unknown>;

const text = (v: unknown): string | undefined => {
  if (typeof v === 'string') return v.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
  if (v && typeof v === 'object' && '#text' in (v as Node)) return text((v as Node)['#text']);
  return undefined;
};
const attr = (v: unknown, name: string): string | undefined =>
  v && typeof v === 'object' ? (text((v as Node)[`@${name}`]) ?? undefined) : undefined;
const node = (v: unknown): Node => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Node) : {});
const list = (v: unknown): Node[] => (Array.isArray(v) ? v.map(node) : v ? [node(v)] : []);

const TAX_LINE = /(forbruksavgift|elavgift|enova|mva|merverdi)/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The root element's local name and namespace, read from the start tag (the parser drops namespace declarations). */
const rootElement = (xml: string): { local: string; namespace: string | undefined } | undefined => {
  const body = xml.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->/g, '');
  const m = /<(?:([A-Za-z_][\w.-]*):)?([A-Za-z_][\w.-]*)(\s[^>]*)?>/.exec(body);
  if (!m) return undefined;
  const prefix = m[1];
  const attrs = m[3] ?? '';
  const decl = new RegExp(`xmlns${prefix ? `:${prefix}` : ''}\\s*=\\s*["']([^"']*)["']`).exec(attrs);
  return { local: m[2] ?? '', namespace: decl?.[1] };
};

export const readEhf = (xml: string): EhfResult => {
  const fatal = (rule: string, message: string): EhfResult => ({
    ok: false,
    findings: [{ rule, severity: 'fatal', message }],
  });
  if (/<!DOCTYPE|<!ENTITY/i.test(xml))
    return fatal('ELVAKT-XML-DTD', 'Document type declarations are not allowed.');
  const valid = XMLValidator.validate(xml);
  if (valid !== true) return fatal('ELVAKT-XML-WELLFORMED', `Not well-formed XML (line ${valid.err.line}).`);
  const rootTag = rootElement(xml);
  const documentType =
    rootTag?.local === 'Invoice' && rootTag.namespace === NS_INVOICE
      ? 'invoice'
      : rootTag?.local === 'CreditNote' && rootTag.namespace === NS_CREDIT
        ? 'credit_note'
        : undefined;
  if (!documentType) {
    return fatal(
      'ELVAKT-UBL-ROOT',
      `Root element ${rootTag?.local ?? '(none)'} in namespace ${rootTag?.namespace ?? '(none)'} is not a UBL 2.1 Invoice or CreditNote.`,
    );
  }
  const doc = parser.parse(xml) as Node;
  const root = node(doc[documentType === 'invoice' ? 'Invoice' : 'CreditNote']);
  const findings: Finding[] = [];
  const invoiceNumber = text(root.ID);
  const issueDate = text(root.IssueDate);
  const currency = text(root.DocumentCurrencyCode) ?? '';
  const sellerParty = node(node(root.AccountingSupplierParty).Party);
  const legal = node(sellerParty.PartyLegalEntity);
  const sellerOrgnr = normaliseOrgnr(text(legal.CompanyID) ?? text(sellerParty.EndpointID) ?? '');
  const sellerName = text(legal.RegistrationName) ?? text(node(list(sellerParty.PartyName)[0]).Name) ?? '';
  if (!invoiceNumber)
    findings.push({ rule: 'BR-02', severity: 'fatal', message: 'The invoice has no number.' });
  if (!issueDate || !DATE.test(issueDate)) {
    findings.push({ rule: 'BR-03', severity: 'fatal', message: 'The issue date is missing or not a date.' });
  }
  if (!sellerName) findings.push({ rule: 'BR-06', severity: 'fatal', message: 'The seller has no name.' });
  // Only Norwegian organisation numbers (nine digits) carry the mod-11 check; foreign sellers keep their own IDs.
  if (/^\d{9}$/.test(sellerOrgnr) && !isValidOrgnr(sellerOrgnr)) {
    findings.push({
      rule: 'PEPPOL-COMMON-R041',
      severity: 'fatal',
      message: 'The seller organisation number fails mod 11.',
    });
  } else if (!/^\d{9}$/.test(sellerOrgnr)) {
    findings.push({
      rule: 'ELVAKT-SELLER-FOREIGN',
      severity: 'warning',
      message: 'The seller has no Norwegian organisation number.',
    });
  }
  const buyerParty = node(node(root.AccountingCustomerParty).Party);
  const buyerOrgnr = text(node(buyerParty.PartyLegalEntity).CompanyID);
  if (buyerOrgnr && /^\d{9}$/.test(buyerOrgnr) && !isValidOrgnr(buyerOrgnr)) {
    findings.push({
      rule: 'PEPPOL-COMMON-R041',
      severity: 'warning',
      message: 'The buyer organisation number fails mod 11.',
    });
  }

  let meteringPointId: string | null = null;
  let buyerName: string | null = null;
  for (const ref of list(root.AdditionalDocumentReference)) {
    const id = ref.ID;
    if (attr(id, 'schemeID') === 'AVE') {
      const parsed = parseMeteringPointId(text(id) ?? '');
      if (!parsed) {
        findings.push({
          rule: 'ELVAKT-MPID-FORMAT',
          severity: 'warning',
          message: 'The metering point ID is not 18 digits.',
        });
      } else {
        meteringPointId = parsed.value;
        if (!parsed.checkDigitOk) {
          findings.push({
            rule: 'ELVAKT-MPID-CHECK',
            severity: 'warning',
            message: 'The metering point ID has a wrong GS1 check digit.',
          });
        }
      }
    } else if (DATE.test(text(id) ?? '') && text(ref.DocumentDescription)) {
      // EHF forward billing: a date as ID marks a private end customer named in the description.
      buyerName = text(ref.DocumentDescription) ?? null;
    }
  }

  const lines = list(documentType === 'invoice' ? root.InvoiceLine : root.CreditNoteLine);
  let kwh = 0;
  let kwhLines = 0;
  let starts: string[] = [];
  let ends: string[] = [];
  const headerPeriod = node(list(root.InvoicePeriod)[0] ?? root.InvoicePeriod);
  for (const line of lines) {
    const qty = documentType === 'invoice' ? line.InvoicedQuantity : line.CreditedQuantity;
    if (attr(qty, 'unitCode') !== 'KWH') continue;
    const name = text(node(line.Item).Name) ?? '';
    if (TAX_LINE.test(name)) continue;
    const value = Number(text(qty));
    if (!Number.isFinite(value)) {
      findings.push({
        rule: 'ELVAKT-KWH',
        severity: 'warning',
        message: 'A kWh line has no numeric quantity.',
      });
      continue;
    }
    kwh += value;
    kwhLines++;
    const p = node(line.InvoicePeriod);
    const s = text(p.StartDate);
    const e = text(p.EndDate);
    if (s && DATE.test(s)) starts.push(s);
    if (e && DATE.test(e)) ends.push(e);
  }
  const hs = text(headerPeriod.StartDate);
  const he = text(headerPeriod.EndDate);
  if (hs && he && DATE.test(hs) && DATE.test(he)) {
    starts = [hs];
    ends = [he];
  }
  starts.sort();
  ends.sort();
  const period = starts[0] && ends.length ? { start: starts[0], end: ends[ends.length - 1] as string } : null;
  if (period && period.end < period.start) {
    findings.push({ rule: 'BR-29', severity: 'fatal', message: 'The invoice period ends before it starts.' });
  }

  const totals = node(root.LegalMonetaryTotal);
  const payable = parseNokToOre(text(totals.PayableAmount) ?? '');
  if (payable === undefined) {
    findings.push({
      rule: 'BR-15',
      severity: 'fatal',
      message: 'The payable amount is missing or not an amount.',
    });
  }
  if (findings.some((f) => f.severity === 'fatal') || !invoiceNumber || !issueDate || payable === undefined) {
    return { ok: false, findings };
  }
  return {
    ok: true,
    findings,
    value: {
      documentType,
      invoiceNumber,
      issueDate,
      currency,
      seller: { name: sellerName, orgnr: sellerOrgnr },
      buyerName,
      meteringPointId,
      period,
      kwh: kwhLines > 0 ? Math.round(kwh * 1000) / 1000 : null,
      payableOre: documentType === 'credit_note' ? -payable : payable,
    },
  };
};
