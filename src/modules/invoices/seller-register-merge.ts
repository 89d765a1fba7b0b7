import { type RegisterEntry, SELLER_KINDS, type SellerKind } from './seller-register.ts';
import { ENHETSREGISTERET, FRI_NETTLEIE, kindOfEnhetsregisteretSource } from './seller-register-sources.ts';

/**
 * Names compared the way a person would: case, spacing and the spelling of a trailing
 * `AS` (`A/S`, `A.S.`, or none at all) do not make two companies; anything else does.
 */
export const nameKey = (name: string): string =>
  name
    .normalize('NFC')
    .toLocaleLowerCase('nb')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\s*\b(a\/s|a\.s\.?|as)$/, '')
    .trim();

const sortedKinds = (kinds: Iterable<SellerKind>): SellerKind[] => {
  const set = new Set(kinds);
  return SELLER_KINDS.filter((k) => set.has(k));
};

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

interface Mutable {
  name: string;
  orgnr: string | null;
  gln: Set<string>;
  kinds: Set<SellerKind>;
  sources: Set<string>;
}

const compatible = (a: { orgnr: string | null }, b: { orgnr: string | null }): boolean =>
  a.orgnr === null || b.orgnr === null || a.orgnr === b.orgnr;

/** The one candidate that fits; two different ones make the match a guess, so none. */
const only = (candidates: readonly (Mutable | undefined)[], entry: RegisterEntry): Mutable | undefined => {
  const found = [...new Set(candidates.filter((c): c is Mutable => !!c && compatible(c, entry)))];
  return found.length === 1 ? found[0] : undefined;
};

/**
 * Merges entries from every source into one per company: by organisation number first,
 * then by a shared GLN, then by the same name, so that a grid company known to Fri
 * nettleie only by name and GLN gains its organisation number from Enhetsregisteret. Two
 * different organisation numbers never merge, and an ambiguous match merges nothing.
 */
export const mergeRegisters = (...lists: readonly (readonly RegisterEntry[])[]): RegisterEntry[] => {
  const merged: Mutable[] = [];
  const byOrgnr = new Map<string, Mutable>();
  const byGln = new Map<string, Mutable[]>();
  const byName = new Map<string, Mutable[]>();
  const add = <K>(map: Map<K, Mutable[]>, key: K, m: Mutable) => {
    const list = map.get(key) ?? [];
    if (!list.includes(m)) map.set(key, [...list, m]);
  };
  for (const entry of lists.flat()) {
    const target =
      (entry.orgnr ? byOrgnr.get(entry.orgnr) : undefined) ??
      only(
        entry.gln.flatMap((g) => byGln.get(g) ?? []),
        entry,
      ) ??
      only(byName.get(nameKey(entry.name)) ?? [], entry);
    const m: Mutable = target ?? {
      name: entry.name,
      orgnr: entry.orgnr,
      gln: new Set(),
      kinds: new Set(),
      sources: new Set(),
    };
    if (!target) merged.push(m);
    // The name that comes with an organisation number is the legal one.
    if (m.orgnr === null && entry.orgnr !== null) {
      m.orgnr = entry.orgnr;
      m.name = entry.name;
    }
    for (const g of entry.gln) m.gln.add(g);
    for (const k of entry.kinds) m.kinds.add(k);
    for (const s of entry.sources) m.sources.add(s);
    if (m.orgnr) byOrgnr.set(m.orgnr, m);
    for (const g of m.gln) add(byGln, g, m);
    add(byName, nameKey(entry.name), m);
    add(byName, nameKey(m.name), m);
  }
  return sortEntries(
    merged.map((m) => ({
      name: m.name,
      orgnr: m.orgnr,
      gln: [...m.gln].sort(byText),
      kinds: sortedKinds(m.kinds),
      sources: [...m.sources].sort(byText),
    })),
  );
};

/** Sorted by name, then organisation number, then GLN, so a regenerated file diffs cleanly. */
export const sortEntries = (entries: readonly RegisterEntry[]): RegisterEntry[] =>
  [...entries].sort(
    (a, b) =>
      byText(nameKey(a.name), nameKey(b.name)) ||
      byText(a.name, b.name) ||
      byText(a.orgnr ?? '', b.orgnr ?? '') ||
      byText(a.gln[0] ?? '', b.gln[0] ?? ''),
  );

/**
 * What one source contributed to a register, recovered from the entries' source lines so
 * that an update can re-read one source and keep the other as it was. Fri nettleie gives
 * GLNs and the grid kind; Enhetsregisteret the organisation number, legal name and the
 * kinds its industry codes stand for.
 */
export const entriesFromSource = (entries: readonly RegisterEntry[], sourceId: string): RegisterEntry[] =>
  entries.flatMap((e) => {
    const sources = e.sources.filter((s) => s.startsWith(`${sourceId}:`));
    if (sources.length === 0) return [];
    if (sourceId === FRI_NETTLEIE.id)
      return e.gln.length > 0 ? [{ name: e.name, orgnr: null, gln: e.gln, kinds: ['grid'], sources }] : [];
    if (sourceId === ENHETSREGISTERET.id) {
      const kinds = sortedKinds(sources.flatMap((s) => kindOfEnhetsregisteretSource(s) ?? []));
      return e.orgnr && kinds.length > 0 ? [{ name: e.name, orgnr: e.orgnr, gln: [], kinds, sources }] : [];
    }
    return [{ ...e, sources }];
  });
