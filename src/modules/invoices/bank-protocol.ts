import { AppError } from '../../platform/errors.ts';
import type { InvoiceListing, InvoiceListRequest } from './invoice-source.ts';

/**
 * The rules of docs/protocols/bank-einvoice.md that need no connection: limits, the
 * formats of references and digests, the bank URL, the search request and the search
 * answer checked field by field. Pure; every error names a field, never its value.
 */

export const MAX_PAGE_SIZE = 100;
export const MAX_PAGE_BYTES = 4 * 1024 * 1024;
export const MAX_PROBLEM_BYTES = 16 * 1024;
export const MAX_ISSUERS = 500;
// A bank that never returns a null cursor must not keep a job busy forever.
export const MAX_PAGES = 1000;

export const REF = /^[A-Za-z0-9._~-]{1,128}$/;
export const CONSENT_REF = /^[A-Za-z0-9._:-]{1,128}$/;
export const SHA256_HEX = /^[0-9a-f]{64}$/;
// RFC 6750 b64token; also keeps a bad token out of the Headers error message, which quotes it.
export const TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

export const protocolError = (message: string, at: string, rule: string): AppError =>
  new AppError('upstream_invalid', message, [{ at, message: rule }]);

export const checkBaseUrl = (raw: string): string => {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AppError('config_invalid', 'The bank URL is not a URL.');
  }
  const local = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
    throw new AppError('config_invalid', 'The bank URL must use https.');
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new AppError('config_invalid', 'The bank URL must not carry credentials, a query or a fragment.');
  }
  return url.href.replace(/\/+$/, '');
};

export const checkListRequest = (req: InvoiceListRequest): void => {
  const problems: { at: string; message: string }[] = [];
  if (!/^\d{11}$/.test(req.nationalId)) problems.push({ at: 'nationalId', message: 'must be 11 digits' });
  if (!CONSENT_REF.test(req.consentReference)) problems.push({ at: 'consentReference', message: 'format' });
  if (!isDate(req.since)) problems.push({ at: 'since', message: 'must be a date YYYY-MM-DD' });
  const issuers = req.issuerOrgnrs ?? [];
  if (issuers.length > MAX_ISSUERS) problems.push({ at: 'issuerOrgnrs', message: `at most ${MAX_ISSUERS}` });
  issuers.forEach((o, i) => {
    if (!/^\d{9}$/.test(o)) problems.push({ at: `issuerOrgnrs[${i}]`, message: 'must be 9 digits' });
  });
  if (problems.length > 0)
    throw new AppError('validation_failed', 'The invoice search is not valid.', problems);
};

export const isDate = (v: unknown): v is string =>
  typeof v === 'string' &&
  /^\d{4}-\d{2}-\d{2}$/.test(v) &&
  new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) === v;

export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks a search answer field by field; an error names the field, never its value. */
export interface SearchPage {
  readonly items: readonly InvoiceListing[];
  readonly nextCursor: string | null;
}

export const parsePage = (json: unknown): SearchPage => {
  const bad = (at: string, rule: string): never => {
    throw protocolError('The bank answered the search outside the protocol.', at, rule);
  };
  if (!isRecord(json)) return bad('$', 'must be an object');
  const { items, nextCursor } = json;
  if (!Array.isArray(items)) return bad('items', 'must be an array');
  if (items.length > MAX_PAGE_SIZE) bad('items', `at most ${MAX_PAGE_SIZE}`);
  if (nextCursor !== null && (typeof nextCursor !== 'string' || !/^[\x21-\x7e]{1,1024}$/.test(nextCursor))) {
    bad('nextCursor', 'must be null or 1 to 1024 visible characters');
  }
  const listings = items.map((item: unknown, i): InvoiceListing => {
    const at = `items[${i}]`;
    if (!isRecord(item)) return bad(at, 'must be an object');
    const { invoiceRef, issuer, issueDate, documentType, documentSha256, documentBytes } = item;
    if (typeof invoiceRef !== 'string' || !REF.test(invoiceRef)) bad(`${at}.invoiceRef`, 'format');
    if (!isRecord(issuer)) return bad(`${at}.issuer`, 'must be an object');
    const { organisationNumber: orgnr, name, gln } = issuer;
    if (typeof orgnr !== 'string' || !/^\d{9}$/.test(orgnr))
      bad(`${at}.issuer.organisationNumber`, '9 digits');
    if (typeof name !== 'string' || name.trim() === '' || name.length > 200)
      bad(`${at}.issuer.name`, 'length');
    if (gln != null && (typeof gln !== 'string' || !/^\d{13}$/.test(gln)))
      bad(`${at}.issuer.gln`, '13 digits');
    if (!isDate(issueDate)) bad(`${at}.issueDate`, 'must be a date YYYY-MM-DD');
    if (documentType !== 'invoice' && documentType !== 'credit_note') bad(`${at}.documentType`, 'enum');
    if (typeof documentSha256 !== 'string' || !SHA256_HEX.test(documentSha256)) {
      bad(`${at}.documentSha256`, '64 lowercase hex digits');
    }
    if (typeof documentBytes !== 'number' || !Number.isInteger(documentBytes) || documentBytes < 1) {
      bad(`${at}.documentBytes`, 'positive integer');
    }
    return {
      invoiceRef: invoiceRef as string,
      issuer: {
        orgnr: orgnr as string,
        name: name as string,
        gln: (gln as string | null | undefined) ?? null,
      },
      issueDate: issueDate as string,
      documentType: documentType as InvoiceListing['documentType'],
      sha256: documentSha256 as string,
      bytes: documentBytes as number,
    };
  });
  return { items: listings, nextCursor: nextCursor as string | null };
};

export const mediaType = (header: string | null): string =>
  (header ?? '').split(';')[0]?.trim().toLowerCase() ?? '';

/** RFC 9530 Repr-Digest, a structured-field dictionary; only its sha-256 member counts. */
export const sha256FromReprDigest = (header: string | null): Buffer | null => {
  for (const member of (header ?? '').split(',')) {
    const m = /^\s*sha-256=:([A-Za-z0-9+/]+={0,2}):\s*(;.*)?$/.exec(member);
    const digest = m?.[1] ? Buffer.from(m[1], 'base64') : null;
    if (digest?.length === 32) return digest;
  }
  return null;
};
