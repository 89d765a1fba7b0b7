import { parse as parseYaml } from 'yaml';
import type { ErrorDetail } from '../../platform/errors.ts';
import { parseIsoDate } from '../../platform/time.ts';
import { isValidOrgnr } from '../identity/organisasjonsnummer.ts';
import {
  isValidGln,
  type RegisterEntry,
  type RegisterSource,
  SELLER_KINDS,
  type SellerKind,
} from './seller-register.ts';

/**
 * Pure readers for the register's two public sources. Each turns a source's own records
 * into register entries and says what it left out and why; merging them is
 * `seller-register-merge.ts`'s job.
 */
export const FRI_NETTLEIE = {
  id: 'fri-nettleie',
  title: 'Fri nettleie: grid tariffs of Norwegian grid companies (tariffer/)',
  url: 'https://github.com/kraftsystemet/fri-nettleie',
  licence: 'CC-BY-4.0 (credit: Fri nettleie)',
} as const;

export const ENHETSREGISTERET = {
  id: 'enhetsregisteret',
  title: 'Enhetsregisteret, Brønnøysundregistrene: all units (bulk download)',
  url: 'https://data.brreg.no/enhetsregisteret/api/enheter/lastned',
  licence: 'NLOD-2.0 (made available by Brønnøysundregistrene)',
} as const;

export const sourceWithDate = (
  source: typeof FRI_NETTLEIE | typeof ENHETSREGISTERET,
  retrieved: string,
): RegisterSource => ({ ...source, retrieved });

export interface SourceRead {
  readonly entries: RegisterEntry[];
  /** Records left out because something in them is wrong (a bad GLN, a missing name). */
  readonly rejected: ErrorDetail[];
}

/**
 * Fri nettleie names a tariff area after the company, `Linja AS - Sør`, and a company's grid
 * business after it, `Elmea AS Nett`; the company is what invoices, so the qualifier goes.
 */
export const gridCompanyName = (netteier: string): string => {
  const name = netteier.replace(/\s+/g, ' ').trim();
  const company = name.split(' - ')[0]?.trim() ?? name;
  return company.replace(/ (AS|SA) Nett$/, ' $1');
};

const isDate = (v: unknown): v is string =>
  typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && parseIsoDate(v) !== undefined;

export interface FriNettleieRead extends SourceRead {
  /** The newest `sist_oppdatert` among the files: a copy of the folder carries no download date. */
  readonly updated: string | null;
}

/** One grid entry per tariff file; files of one company share its GLN and merge later. */
export const fromFriNettleie = (files: readonly { file: string; text: string }[]): FriNettleieRead => {
  const entries: RegisterEntry[] = [];
  const rejected: ErrorDetail[] = [];
  let updated: string | null = null;
  for (const { file, text } of [...files].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))) {
    let doc: unknown;
    try {
      doc = parseYaml(text);
    } catch {
      rejected.push({ at: file, message: 'is not valid YAML' });
      continue;
    }
    const record = typeof doc === 'object' && doc !== null ? (doc as Record<string, unknown>) : {};
    const { netteier, gln, sist_oppdatert: date } = record;
    if (typeof netteier !== 'string' || netteier.trim() === '') {
      rejected.push({ at: file, message: 'has no netteier' });
      continue;
    }
    // Unquoted GLNs come out of YAML as numbers; 13 digits are still exact in a double.
    const glns = (Array.isArray(gln) ? gln : []).map((g) => (typeof g === 'number' ? String(g) : g));
    const valid = glns.filter((g): g is string => typeof g === 'string' && isValidGln(g));
    for (const g of glns)
      if (!valid.includes(g as string))
        rejected.push({ at: `${file}: gln`, message: `${String(g)} is not a GLN with a valid check digit` });
    if (valid.length === 0) {
      rejected.push({ at: file, message: 'has no valid GLN to find the company by' });
      continue;
    }
    if (isDate(date) && (updated === null || date > updated)) updated = date;
    entries.push({
      name: gridCompanyName(netteier),
      orgnr: null,
      gln: [...new Set(valid)].sort(),
      kinds: ['grid'],
      sources: [`${FRI_NETTLEIE.id}:tariffer/${file}`],
    });
  }
  return { entries, rejected, updated };
};

/**
 * SN2025 (NACE Rev. 2.1) renumbered group 35.1, so 35.12 and 35.14 mean different things
 * under SN2007 and SN2025. Brønnøysund sends each code with its title, which names the
 * activity and so tells the two apart; without a title the caller's standard decides.
 */
export type NaceStandard = 'SN2007' | 'SN2025';
type Activity = 'production' | 'transmission' | 'distribution' | 'trade' | 'storage';

const GROUPS: Record<NaceStandard, Record<string, Activity>> = {
  SN2007: { '35.11': 'production', '35.12': 'transmission', '35.13': 'distribution', '35.14': 'trade' },
  SN2025: {
    '35.11': 'production',
    '35.12': 'production',
    '35.13': 'transmission',
    '35.14': 'distribution',
    '35.15': 'trade',
    '35.16': 'storage',
  },
};

const TITLES: [RegExp, Activity][] = [
  [/produksjon|production/i, 'production'],
  [/overføring|transmission/i, 'transmission'],
  [/distribusjon|distribution/i, 'distribution'],
  [/handel|trade/i, 'trade'],
  [/lagring|storage/i, 'storage'],
];

// Storage operators do not invoice households for power or grid rent.
const KIND_OF: Record<Activity, SellerKind | null> = {
  production: 'producer',
  transmission: 'grid',
  distribution: 'grid',
  trade: 'supplier',
  storage: null,
};

export interface NaceReading {
  readonly standard: NaceStandard;
  readonly code: string;
  readonly kind: SellerKind | null;
}

/** A code in group 35.1 read under the standard its title (or the fallback) points to. */
export const readNaceCode = (
  code: string,
  title: string | null,
  fallback: NaceStandard,
): NaceReading | undefined => {
  const group = code.trim().slice(0, 5);
  if (!/^35\.1\d$/.test(group)) return undefined;
  const said = title ? TITLES.find(([re]) => re.test(title))?.[1] : undefined;
  const fits = (['SN2025', 'SN2007'] as const).filter((s) => {
    const activity = GROUPS[s][group];
    return activity !== undefined && (said === undefined || activity === said);
  });
  const standard = fits.includes(fallback) ? fallback : fits[0];
  const activity = standard ? GROUPS[standard][group] : undefined;
  return standard && activity ? { standard, code: code.trim(), kind: KIND_OF[activity] } : undefined;
};

/** The kind an entry's `enhetsregisteret:SN2025/35.150` source line stands for. */
export const kindOfEnhetsregisteretSource = (source: string): SellerKind | null => {
  const m = /^enhetsregisteret:(SN2007|SN2025)\/(35\.1\d)/.exec(source);
  const activity = m ? GROUPS[m[1] as NaceStandard][m[2] as string] : undefined;
  return activity ? KIND_OF[activity] : null;
};

export interface EnhetsregisteretRead extends SourceRead {
  readonly counts: {
    readonly units: number;
    readonly kept: number;
    readonly deleted: number;
    readonly bankrupt: number;
    readonly notSellers: number;
  };
}

const field = (v: unknown, key: string): unknown =>
  typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[key] : undefined;

/**
 * Units from Brønnøysund's bulk download (`/enhetsregisteret/api/enheter/lastned`) whose
 * industry codes place them in electricity production, transmission, distribution or
 * trade; a deleted or bankrupt unit no longer sends invoices anyone should accept.
 */
export const fromEnhetsregisteret = (
  units: readonly unknown[],
  options: { standard?: NaceStandard } = {},
): EnhetsregisteretRead => {
  const fallback = options.standard ?? 'SN2025';
  const entries: RegisterEntry[] = [];
  const rejected: ErrorDetail[] = [];
  const counts = { units: units.length, kept: 0, deleted: 0, bankrupt: 0, notSellers: 0 };
  for (const unit of units) {
    const readings = ['naeringskode1', 'naeringskode2', 'naeringskode3'].flatMap((key) => {
      const code = field(field(unit, key), 'kode');
      const title = field(field(unit, key), 'beskrivelse');
      const r =
        typeof code === 'string'
          ? readNaceCode(code, typeof title === 'string' ? title : null, fallback)
          : undefined;
      return r?.kind ? [r] : [];
    });
    if (readings.length === 0) {
      counts.notSellers++;
      continue;
    }
    const orgnr = field(unit, 'organisasjonsnummer');
    const name = field(unit, 'navn');
    if (typeof orgnr !== 'string' || !/^\d{9}$/.test(orgnr) || !isValidOrgnr(orgnr)) {
      rejected.push({ at: 'organisasjonsnummer', message: `${String(orgnr)} fails the mod-11 check` });
      continue;
    }
    if (typeof name !== 'string' || name.trim() === '') {
      rejected.push({ at: orgnr, message: 'has no name' });
      continue;
    }
    const deleted = field(unit, 'slettedato');
    if (typeof deleted === 'string' && deleted !== '') {
      counts.deleted++;
      continue;
    }
    if (field(unit, 'konkurs') === true || field(unit, 'underKonkursbehandling') === true) {
      counts.bankrupt++;
      continue;
    }
    counts.kept++;
    entries.push({
      name: name.replace(/\s+/g, ' ').trim(),
      orgnr,
      gln: [],
      kinds: SELLER_KINDS.filter((k) => readings.some((r) => r.kind === k)),
      sources: [...new Set(readings.map((r) => `${ENHETSREGISTERET.id}:${r.standard}/${r.code}`))],
    });
  }
  return { entries, rejected, counts };
};
