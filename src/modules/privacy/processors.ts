import type { ErrorDetail } from '../../platform/errors.ts';
import { CATEGORIES, type Category, type Text } from './vocabulary.ts';

/**
 * Processors (databehandlere) and where data goes: who receives which categories, under
 * which agreement, in which country, and by what safeguard if outside the EEA. The two of
 * the Elekt policy are built in; more are configured with ELVAKT_PROCESSORS_FILE. The
 * policy page and the record of processing list them from here.
 */
export interface Processor {
  readonly id: string;
  readonly name: string;
  readonly role: Text;
  readonly categories: readonly Category[];
  /** ISO 3166 country of processing. */
  readonly country: string;
  readonly agreementDate: string;
  /** Outside the EEA only: the safeguard (for example the Commission's standard contractual clauses). */
  readonly transferSafeguard: Text | null;
}

/** EEA members (EU plus Iceland, Liechtenstein and Norway). */
const EEA = new Set(
  'AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE IS LI NO'.split(' '),
);
export const insideEea = (country: string): boolean => EEA.has(country.toUpperCase());

export const BUILT_IN_PROCESSORS: readonly Processor[] = [
  {
    id: 'cgi-norge',
    name: 'CGI Norge AS',
    role: { nb: 'Avregning', en: 'Settlement' },
    categories: ['contact', 'agreement', 'consumption', 'invoice'],
    country: 'NO',
    agreementDate: '2021-06-18',
    transferSafeguard: null,
  },
  {
    id: 'kredinor',
    name: 'Kredinor AS',
    role: { nb: 'Innfordring', en: 'Debt collection' },
    categories: ['contact', 'identity_number', 'invoice'],
    country: 'NO',
    agreementDate: '2021-06-18',
    transferSafeguard: null,
  },
];

/** Reads extra processors from the configured JSON file, naming every problem. */
export const parseProcessors = (text: string): { processors: Processor[]; problems: ErrorDetail[] } => {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return { processors: [], problems: [{ message: 'not JSON' }] };
  }
  const list = (doc as { processors?: unknown })?.processors;
  if (!Array.isArray(list)) return { processors: [], problems: [{ message: 'no "processors" list' }] };
  const processors: Processor[] = [];
  const problems: ErrorDetail[] = [];
  list.forEach((raw: Record<string, unknown>, i) => {
    const at = (f: string) => `processors[${i}].${f}`;
    const before = problems.length;
    const text = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';
    const role = raw?.role as { nb?: unknown; en?: unknown } | undefined;
    const safeguard = raw?.transferSafeguard as { nb?: unknown; en?: unknown } | null | undefined;
    if (!text(raw?.id) || !/^[a-z0-9-]{2,40}$/.test(raw.id as string))
      problems.push({ at: at('id'), message: 'a-z, 0-9 and -' });
    if (!text(raw?.name)) problems.push({ at: at('name'), message: 'required' });
    if (!text(role?.nb) || !text(role?.en)) problems.push({ at: at('role'), message: 'nb and en' });
    const categories = raw?.categories;
    if (!Array.isArray(categories) || categories.length === 0 || !categories.every((c) => c in CATEGORIES)) {
      problems.push({ at: at('categories'), message: `a list of ${Object.keys(CATEGORIES).join(', ')}` });
    }
    if (!text(raw?.country) || !/^[A-Z]{2}$/.test(raw.country as string))
      problems.push({ at: at('country'), message: 'ISO country code' });
    if (!text(raw?.agreementDate) || !/^\d{4}-\d{2}-\d{2}$/.test(raw.agreementDate as string)) {
      problems.push({ at: at('agreementDate'), message: 'YYYY-MM-DD' });
    }
    const outside = text(raw?.country) && !insideEea(raw.country as string);
    if (outside && (!text(safeguard?.nb) || !text(safeguard?.en))) {
      problems.push({ at: at('transferSafeguard'), message: 'required outside the EEA, in nb and en' });
    }
    if (problems.length > before) return;
    processors.push({
      id: raw.id as string,
      name: (raw.name as string).trim(),
      role: { nb: role?.nb as string, en: role?.en as string },
      categories: categories as Category[],
      country: raw.country as string,
      agreementDate: raw.agreementDate as string,
      transferSafeguard: outside ? { nb: safeguard?.nb as string, en: safeguard?.en as string } : null,
    });
  });
  return { processors, problems };
};
