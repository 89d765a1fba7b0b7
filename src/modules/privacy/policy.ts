import { createHash } from 'node:crypto';
import { canonicalJson } from '../../platform/canonical-json.ts';
import { COOKIE_POLICY_VERSION, COOKIES, type CookieSpec } from './cookies.ts';
import { DATA_MAP, personalColumns } from './data-map.ts';
import { insideEea, type Processor } from './processors.ts';
import {
  CATEGORIES,
  type Category,
  LEGAL_BASES,
  PURPOSES,
  type Purpose,
  RETENTION_RULES,
  type RetentionRule,
  SOURCES,
  type Text,
} from './vocabulary.ts';

/**
 * The privacy policy as data, made from the data map, the processors and the cookie list:
 * what we collect and from where, why and on which basis, for how long, who receives it,
 * transfers outside the EEA, cookies, rights and the supervisory authority. The page, the
 * record of processing and the change detection all read this; nothing is written twice.
 */
export interface PolicyCategory {
  readonly id: Category;
  readonly name: Text;
  readonly source: Text;
  readonly purposes: readonly Purpose[];
  readonly retention: readonly RetentionRule[];
  readonly processors: readonly string[];
}

export interface PolicyDocument {
  readonly controller: { readonly name: string; readonly contact: string };
  readonly categories: readonly PolicyCategory[];
  readonly purposes: readonly { id: Purpose; text: Text; basis: Text; basisId: string }[];
  readonly retention: readonly { id: RetentionRule; text: Text; source: Text }[];
  readonly processors: readonly Processor[];
  readonly transfers: readonly Processor[];
  readonly cookies: readonly CookieSpec[];
  readonly cookieVersion: string;
}

export const buildPolicy = (
  controller: { name: string; contact: string },
  processors: readonly Processor[],
): PolicyDocument => {
  const byCategory = new Map<Category, { purposes: Set<Purpose>; retention: Set<RetentionRule> }>();
  for (const spec of Object.values(DATA_MAP)) {
    for (const [, c] of personalColumns(spec)) {
      const entry = byCategory.get(c.category) ?? { purposes: new Set(), retention: new Set() };
      for (const p of c.purposes) entry.purposes.add(p);
      entry.retention.add(c.retention);
      byCategory.set(c.category, entry);
    }
  }
  const categoryIds = (Object.keys(CATEGORIES) as Category[]).filter((c) => byCategory.has(c));
  const purposeIds = (Object.keys(PURPOSES) as Purpose[]).filter((p) =>
    categoryIds.some((c) => byCategory.get(c)?.purposes.has(p)),
  );
  const ruleIds = (Object.keys(RETENTION_RULES) as RetentionRule[]).filter((r) =>
    categoryIds.some((c) => byCategory.get(c)?.retention.has(r)),
  );
  return {
    controller,
    categories: categoryIds.map((id) => ({
      id,
      name: CATEGORIES[id],
      source: SOURCES[id],
      purposes: purposeIds.filter((p) => byCategory.get(id)?.purposes.has(p)),
      retention: ruleIds.filter((r) => byCategory.get(id)?.retention.has(r)),
      processors: processors.filter((p) => p.categories.includes(id)).map((p) => p.id),
    })),
    purposes: purposeIds.map((id) => ({
      id,
      text: { nb: PURPOSES[id].nb, en: PURPOSES[id].en },
      basis: LEGAL_BASES[PURPOSES[id].basis],
      basisId: PURPOSES[id].basis,
    })),
    retention: ruleIds.map((id) => ({
      id,
      text: { nb: RETENTION_RULES[id].nb, en: RETENTION_RULES[id].en },
      source: RETENTION_RULES[id].source,
    })),
    processors,
    transfers: processors.filter((p) => !insideEea(p.country)),
    cookies: COOKIES,
    cookieVersion: COOKIE_POLICY_VERSION,
  };
};

/** Any change of the document changes the fingerprint and makes a new version. */
export const fingerprint = (doc: PolicyDocument): string =>
  createHash('sha256').update(canonicalJson(doc)).digest('hex').slice(0, 32);

export interface MaterialChanges {
  readonly purposes: readonly string[];
  readonly categories: readonly string[];
  readonly processors: readonly string[];
}

/** A new purpose, category or processor is a material change: every customer is told. */
export const materialChanges = (before: PolicyDocument | null, after: PolicyDocument): MaterialChanges => {
  if (!before) return { purposes: [], categories: [], processors: [] };
  const added = (a: readonly { id: string }[], b: readonly { id: string }[]) =>
    b.map((x) => x.id).filter((id) => !a.some((y) => y.id === id));
  return {
    purposes: added(before.purposes, after.purposes),
    categories: added(before.categories, after.categories),
    processors: added(before.processors, after.processors),
  };
};

export const isMaterial = (c: MaterialChanges): boolean =>
  c.purposes.length + c.categories.length + c.processors.length > 0;

/** The changes in words, for the message to customers. */
export const describeChanges = (c: MaterialChanges, doc: PolicyDocument, lang: 'nb' | 'en'): string => {
  const parts: string[] = [];
  for (const id of c.purposes) {
    const p = doc.purposes.find((x) => x.id === id);
    if (p) parts.push(`${lang === 'nb' ? 'nytt formål' : 'new purpose'}: ${p.text[lang]}`);
  }
  for (const id of c.categories) {
    const x = doc.categories.find((y) => y.id === id);
    if (x) parts.push(`${lang === 'nb' ? 'ny kategori' : 'new category'}: ${x.name[lang]}`);
  }
  for (const id of c.processors) {
    const x = doc.processors.find((y) => y.id === id);
    if (x) parts.push(`${lang === 'nb' ? 'ny databehandler' : 'new processor'}: ${x.name} (${x.role[lang]})`);
  }
  return parts.join('; ');
};
