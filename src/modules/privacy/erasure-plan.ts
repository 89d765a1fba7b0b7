import { DATA_MAP, personalColumns, RETENTION_RULES, type RetentionRule, subjectTables } from './data-map.ts';

/**
 * What erasure will do, table by table, before anything is done: deleted now,
 * pseudonymised (the row stays, every personal field goes), or kept until a date under a
 * named rule. The person sees this list before confirming, and gets it afterwards.
 */
export interface ErasureItem {
  readonly table: string;
  readonly description: { readonly nb: string; readonly en: string };
  readonly rows: number;
  readonly outcome: 'delete' | 'pseudonymise' | 'keep';
  /** For kept rows: the date the last of them goes, and the rule. */
  readonly keptUntil: string | null;
  readonly rule: RetentionRule | null;
  readonly ruleSource: string | null;
}

/** End of the accounting year (31 December) of `now`, plus years and months, as a date. */
const afterAccountingYear = (now: Date, years: number, months: number): string => {
  const end = new Date(Date.UTC(now.getUTCFullYear() + years, 11 + months + 1, 0));
  return end.toISOString().slice(0, 10);
};

const keepDate = (rule: RetentionRule, now: Date, rowDate: string | null): string => {
  switch (rule) {
    case 'bookkeeping_5y':
      return rowDate ?? afterAccountingYear(now, 5, 0);
    case 'agreements_3_5y':
      return afterAccountingYear(now, 3, 6);
    case 'audit_5y':
      return new Date(Date.UTC(now.getUTCFullYear() + 5, now.getUTCMonth(), now.getUTCDate()))
        .toISOString()
        .slice(0, 10);
    default:
      return now.toISOString().slice(0, 10);
  }
};

/** The longest retention among a table's personal columns decides how long kept rows stay. */
const ruleOfKeptTable = (table: string): RetentionRule | null => {
  const spec = DATA_MAP[table];
  if (!spec) return null;
  const rules = personalColumns(spec).map(([, c]) => c.retention);
  const order: RetentionRule[] = ['bookkeeping_5y', 'audit_5y', 'agreements_3_5y'];
  return order.find((r) => rules.includes(r)) ?? rules[0] ?? null;
};

export const planErasure = (
  counts: ReadonlyMap<string, number>,
  latestKeepDates: ReadonlyMap<string, string | null>,
  now: Date,
): ErasureItem[] =>
  subjectTables().map(([table, spec]) => {
    const outcome = spec.onErasure ?? 'delete';
    const rows = counts.get(table) ?? 0;
    const rule = outcome === 'keep' ? ruleOfKeptTable(table) : null;
    return {
      table,
      description: spec.description,
      rows,
      outcome,
      keptUntil: rule && rows > 0 ? keepDate(rule, now, latestKeepDates.get(table) ?? null) : null,
      rule,
      ruleSource: rule ? RETENTION_RULES[rule].source : null,
    };
  });
