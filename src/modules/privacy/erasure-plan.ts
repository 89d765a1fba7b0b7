import { keepUntil, later } from '../retention/retention-rules.ts';
import {
  type Countable,
  DATA_MAP,
  personalColumns,
  RETENTION_RULES,
  type RetentionRule,
  subjectTables,
  type Text,
} from './data-map.ts';

/**
 * What erasure will do, table by table, before anything is done: deleted now,
 * pseudonymised (the row stays, every personal field goes), kept until a date under a named
 * rule, or held: kept whole under a legal hold until it is released. The person sees this
 * list before confirming, and gets it afterwards.
 */
export type ErasureOutcome = 'delete' | 'pseudonymise' | 'keep' | 'held';

export interface ErasureItem {
  readonly table: string;
  readonly description: Text;
  /** What a row is called, so the plan counts things a person knows ("12 fakturaer"). */
  readonly unit: Countable;
  readonly rows: number;
  readonly outcome: ErasureOutcome;
  /**
   * For kept rows, and the emptied row left by pseudonymisation: the date the last of them
   * goes. Null for held rows: until the hold is released.
   */
  readonly keptUntil: string | null;
  readonly rule: RetentionRule | null;
  readonly ruleSource: Text | null;
}

/** The rule that keeps a table longest after erasure, and the date it gives. */
const keptBy = (
  table: string,
  now: Date,
  rowDate: string | null,
): { rule: RetentionRule | null; until: string | null } => {
  const spec = DATA_MAP[table];
  if (!spec) return { rule: null, until: null };
  const rules = [...new Set(personalColumns(spec).map(([, c]) => c.retention))].filter(
    (r) => !RETENTION_RULES[r].endsWithRelationship,
  );
  if (spec.keepRule) rules.push(spec.keepRule);
  let best: { rule: RetentionRule | null; until: string | null | undefined } = {
    rule: null,
    until: undefined,
  };
  for (const rule of rules) {
    const until = keepUntil(rule, now, rowDate);
    const max = later(best.until, until);
    if (max !== best.until) best = { rule, until: max };
  }
  return { rule: best.rule, until: best.until ?? null };
};

export const planErasure = (
  counts: ReadonlyMap<string, number>,
  latestKeepDates: ReadonlyMap<string, string | null>,
  now: Date,
  held: boolean,
): ErasureItem[] =>
  subjectTables().map(([table, spec]) => {
    const rows = counts.get(table) ?? 0;
    if (held && rows > 0) {
      return {
        table,
        description: spec.description,
        unit: spec.unit,
        rows,
        outcome: 'held' as const,
        keptUntil: null,
        rule: 'legal_hold' as const,
        ruleSource: RETENTION_RULES.legal_hold.source,
      };
    }
    const outcome = spec.onErasure ?? 'delete';
    // A pseudonymised row keeps what a rule outside the relationship keeps (the account's
    // creation date, as proof of the agreement), so the person is told until when.
    const kept =
      outcome === 'keep' || outcome === 'pseudonymise'
        ? keptBy(table, now, latestKeepDates.get(table) ?? null)
        : null;
    return {
      table,
      description: spec.description,
      unit: spec.unit,
      rows,
      outcome,
      keptUntil: kept && rows > 0 ? kept.until : null,
      rule: kept?.rule ?? null,
      ruleSource: kept?.rule ? RETENTION_RULES[kept.rule].source : null,
    };
  });
