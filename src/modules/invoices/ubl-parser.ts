import type { Finding, ParseResult } from './ubl.ts';
import { readUbl } from './ubl-reader.ts';
import { checkUbl } from './ubl-rules.ts';
import { UblValues } from './ubl-values.ts';
import { readXmlDocument } from './xml-document.ts';

/**
 * EHF 3.0 / PEPPOL BIS Billing 3.0 invoices and credit notes (UBL 2.1) from outside
 * parties: one whole normalised value with its warnings, or the findings that refused it.
 * Pure: no database, no clock, no I/O.
 */
export const NS = {
  invoice: 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2',
  creditNote: 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2',
  cac: 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2',
  cbc: 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2',
  ext: 'urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2',
} as const;

export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

const UBL = 'urn:oasis:names:specification:ubl:schema:xsd:';
// Other UBL documents that arrive in the same channels, so the refusal can say what came instead.
const KNOWN_OTHERS: Record<string, string> = Object.fromEntries(
  [
    ['Order', 'a UBL order'],
    ['OrderResponse', 'a UBL order response'],
    ['ApplicationResponse', 'a UBL application response (message level response)'],
    ['DespatchAdvice', 'a UBL despatch advice'],
    ['Catalogue', 'a UBL catalogue'],
    ['Reminder', 'a UBL reminder'],
    ['SelfBilledInvoice', 'a UBL self-billed invoice'],
  ].map(([name, what]) => [`${UBL}${name}-2#${name}`, what as string]),
);

export interface ParseOptions {
  readonly maxBytes?: number;
}

export const parseUbl = (input: string | Uint8Array, options: ParseOptions = {}): ParseResult => {
  const read = readXmlDocument(input, {
    maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES,
    roots: [
      { namespace: NS.invoice, name: 'Invoice' },
      { namespace: NS.creditNote, name: 'CreditNote' },
    ],
    namespaces: [NS.cac, NS.cbc, NS.ext],
    knownOthers: KNOWN_OTHERS,
  });
  if (!read.ok) return { ok: false, findings: [read.finding] };
  const v = new UblValues();
  const kind = read.document.rootName === 'Invoice' ? 'invoice' : 'credit_note';
  const value = readUbl(v, read.document.root, kind);
  const findings = unique(value === null ? v.findings : [...v.findings, ...checkUbl(value)]);
  if (value === null || findings.some((f) => f.severity === 'fatal')) {
    return { ok: false, findings: findings.length > 0 ? findings : [unreadable] };
  }
  return { ok: true, value, findings };
};

const unreadable: Finding = {
  rule: 'ELVAKT-UBL-INCOMPLETE',
  severity: 'fatal',
  message: 'The document lacks parts an invoice must have.',
};

const unique = (findings: readonly Finding[]): Finding[] => {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.rule}|${f.at ?? ''}|${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
};
