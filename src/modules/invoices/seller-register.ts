import { AppError, type ErrorDetail } from '../../platform/errors.ts';
import { parseIsoDate } from '../../platform/time.ts';
import { gs1CheckDigit } from '../identity/metering-point-id.ts';
import { isValidOrgnr, normaliseOrgnr } from '../identity/organisasjonsnummer.ts';

/**
 * The register of electricity sellers that invoice ingestion consults before it reads an
 * invoice: a seller found here is a grid company, a power supplier or a producer; any other
 * seller's invoice is dropped unread and only counted. The register is a file in the
 * repository, generated from public sources (see `registers/README.md`), so that what the
 * service accepts is reviewable in a diff.
 */
export type SellerKind = 'supplier' | 'grid' | 'producer';

export const SELLER_KINDS: readonly SellerKind[] = ['grid', 'supplier', 'producer'];

export const REGISTER_FORMAT = 'elvakt-electricity-sellers/1';

export interface RegisterEntry {
  /** The legal name when Enhetsregisteret supplied it, else the name the source uses. */
  readonly name: string;
  readonly orgnr: string | null;
  readonly gln: readonly string[];
  readonly kinds: readonly SellerKind[];
  /** Where the entry comes from: `<source id>:<detail>`, e.g. `fri-nettleie:tariffer/bkk.yml`. */
  readonly sources: readonly string[];
}

export interface RegisterSource {
  readonly id: string;
  readonly title: string;
  readonly url: string;
  readonly licence: string;
  /** The date of the copy that was read, 'YYYY-MM-DD'. */
  readonly retrieved: string;
}

export interface SellerRegister {
  readonly format: typeof REGISTER_FORMAT;
  readonly generated: string;
  readonly sources: readonly RegisterSource[];
  readonly entries: readonly RegisterEntry[];
}

/** GLNs (GS1 Global Location Numbers) are 13 digits, the last a GS1 mod-10 check digit. */
export const isValidGln = (value: string): boolean =>
  /^\d{13}$/.test(value) && gs1CheckDigit(value.slice(0, 12)) === Number(value[12]);

const MAX_DETAILS = 50;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const isDate = (v: unknown): v is string =>
  typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && parseIsoDate(v) !== undefined;

const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

const readSource = (raw: unknown, at: string, problems: ErrorDetail[]): RegisterSource | undefined => {
  if (!isRecord(raw)) {
    problems.push({ at, message: 'must be an object' });
    return undefined;
  }
  for (const key of ['id', 'title', 'url', 'licence'] as const)
    if (!nonEmpty(raw[key])) problems.push({ at: `${at}.${key}`, message: 'must be a non-empty string' });
  if (!isDate(raw.retrieved)) problems.push({ at: `${at}.retrieved`, message: 'must be a date YYYY-MM-DD' });
  return raw as unknown as RegisterSource;
};

const readEntry = (
  raw: unknown,
  at: string,
  sourceIds: ReadonlySet<string>,
  problems: ErrorDetail[],
): RegisterEntry | undefined => {
  if (!isRecord(raw)) {
    problems.push({ at, message: 'must be an object' });
    return undefined;
  }
  const before = problems.length;
  if (!nonEmpty(raw.name)) problems.push({ at: `${at}.name`, message: 'must be a non-empty string' });
  const orgnr = raw.orgnr;
  if (orgnr !== null && !(typeof orgnr === 'string' && /^\d{9}$/.test(orgnr) && isValidOrgnr(orgnr)))
    problems.push({ at: `${at}.orgnr`, message: 'must be null or nine digits passing the mod-11 check' });
  const gln = Array.isArray(raw.gln) ? raw.gln : null;
  if (!gln) problems.push({ at: `${at}.gln`, message: 'must be a list' });
  gln?.forEach((g, i) => {
    if (typeof g !== 'string' || !isValidGln(g))
      problems.push({ at: `${at}.gln[${i}]`, message: 'must be 13 digits with a valid GS1 check digit' });
  });
  if (orgnr === null && gln?.length === 0)
    problems.push({ at, message: 'has neither an organisation number nor a GLN to be found by' });
  const kinds = Array.isArray(raw.kinds) ? raw.kinds : [];
  if (kinds.length === 0 || kinds.some((k) => !SELLER_KINDS.includes(k as SellerKind)))
    problems.push({ at: `${at}.kinds`, message: `must list one or more of ${SELLER_KINDS.join(', ')}` });
  const sources = Array.isArray(raw.sources) ? raw.sources : [];
  if (sources.length === 0) problems.push({ at: `${at}.sources`, message: 'must name at least one source' });
  sources.forEach((s, i) => {
    const id = typeof s === 'string' && s.includes(':') ? s.slice(0, s.indexOf(':')) : '';
    if (!sourceIds.has(id))
      problems.push({ at: `${at}.sources[${i}]`, message: 'must start with a listed source id and a colon' });
  });
  return problems.length === before ? (raw as unknown as RegisterEntry) : undefined;
};

/**
 * Reads a register file's parsed JSON, checking every field; a bad file is refused whole,
 * with every problem listed, because a half-read register would let the wrong invoices in.
 */
export const parseRegister = (json: unknown): SellerRegister => {
  const problems: ErrorDetail[] = [];
  if (!isRecord(json)) throw new AppError('validation_failed', 'The seller register is not a JSON object.');
  if (json.format !== REGISTER_FORMAT)
    throw new AppError('unsupported_format', `The seller register's format is not ${REGISTER_FORMAT}.`, [
      { at: 'format', message: `expected ${REGISTER_FORMAT}` },
    ]);
  if (!isDate(json.generated)) problems.push({ at: 'generated', message: 'must be a date YYYY-MM-DD' });
  const rawSources = Array.isArray(json.sources) ? json.sources : [];
  if (!Array.isArray(json.sources)) problems.push({ at: 'sources', message: 'must be a list' });
  const sources = rawSources.map((s, i) => readSource(s, `sources[${i}]`, problems));
  const sourceIds = new Set(sources.flatMap((s) => (s && typeof s.id === 'string' ? [s.id] : [])));
  if (sourceIds.size !== sources.length) problems.push({ at: 'sources', message: 'ids must be unique' });
  if (!Array.isArray(json.entries)) problems.push({ at: 'entries', message: 'must be a list' });
  const rawEntries = Array.isArray(json.entries) ? json.entries : [];
  const entries = rawEntries.map((e, i) => readEntry(e, `entries[${i}]`, sourceIds, problems));
  // One organisation number or GLN naming two entries would make classification a guess.
  const seen = new Map<string, number>();
  entries.forEach((e, i) => {
    for (const key of e ? [...(e.orgnr ? [`orgnr ${e.orgnr}`] : []), ...e.gln.map((g) => `GLN ${g}`)] : []) {
      const first = seen.get(key);
      if (first !== undefined)
        problems.push({ at: `entries[${i}]`, message: `${key} is also in entries[${first}]` });
      else seen.set(key, i);
    }
  });
  if (problems.length > 0) {
    const shown = problems.slice(0, MAX_DETAILS);
    if (problems.length > MAX_DETAILS)
      shown.push({ message: `and ${problems.length - MAX_DETAILS} more problems` });
    throw new AppError('validation_failed', 'The seller register is not valid.', shown);
  }
  return json as unknown as SellerRegister;
};

export interface RegisterIndex {
  readonly byOrgnr: ReadonlyMap<string, RegisterEntry>;
  readonly byGln: ReadonlyMap<string, RegisterEntry>;
}

/**
 * Built once when the registers are loaded; classification is then two map look-ups. With
 * several registers a later one overrides an earlier one's entry for the same organisation
 * number or GLN, so that a local file can correct or extend the shipped register.
 */
export const indexRegister = (...registers: readonly SellerRegister[]): RegisterIndex => {
  const byOrgnr = new Map<string, RegisterEntry>();
  const byGln = new Map<string, RegisterEntry>();
  for (const entry of registers.flatMap((r) => r.entries)) {
    if (entry.orgnr) byOrgnr.set(entry.orgnr, entry);
    for (const gln of entry.gln) byGln.set(gln, entry);
  }
  return { byOrgnr, byGln };
};

export interface SellerIdentifiers {
  /** As the invoice gives it: `NO 976 944 801 MVA` and similar spellings are accepted. */
  readonly orgnr: string | null;
  readonly glns: readonly string[];
}

export interface SellerClassification {
  readonly kind: SellerKind | 'other';
  readonly basis: 'orgnr' | 'gln' | null;
  readonly name: string | null;
}

/**
 * The kind that decides how an invoice is read: a company that both runs a grid and sells
 * power invoices grid rent under its grid licence, so grid wins, then supplier.
 */
export const invoiceKindOf = (kinds: readonly SellerKind[]): SellerKind =>
  SELLER_KINDS.find((k) => kinds.includes(k)) ?? 'producer';

/**
 * The organisation number is the seller's legal identity and wins over a GLN, which a
 * company can hold several of and which an invoice may carry for another party's location.
 */
export const classifySeller = (index: RegisterIndex, seller: SellerIdentifiers): SellerClassification => {
  const orgnr = seller.orgnr ? normaliseOrgnr(seller.orgnr) : '';
  const byOrgnr = orgnr ? index.byOrgnr.get(orgnr) : undefined;
  if (byOrgnr) return { kind: invoiceKindOf(byOrgnr.kinds), basis: 'orgnr', name: byOrgnr.name };
  for (const gln of seller.glns) {
    const byGln = index.byGln.get(gln.replace(/\s/g, ''));
    if (byGln) return { kind: invoiceKindOf(byGln.kinds), basis: 'gln', name: byGln.name };
  }
  return { kind: 'other', basis: null, name: null };
};
