import type { RetentionRule } from '../privacy/vocabulary.ts';

/**
 * When a record kept past the end of the customer relationship goes, rule by rule. Dates
 * are calendar dates ('YYYY-MM-DD'); the accounting year is the calendar year.
 */
const iso = (d: Date): string => d.toISOString().slice(0, 10);

/** The last day of the accounting year of `from`, plus years and months. */
export const afterAccountingYear = (from: Date, years: number, months = 0): string =>
  iso(new Date(Date.UTC(from.getUTCFullYear() + years, 12 + months, 0)));

/** How long an ended staff account keeps its personal fields; the reasoning is the rule's text in the vocabulary. */
export const STAFF_KEPT_MONTHS = 6;

/** The same day `months` later (the month's last day when it has no such day). */
export const monthsAfter = (from: Date, months: number): string => {
  const d = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + months, 1));
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  return iso(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), Math.min(from.getUTCDate(), last))));
};

export const yearsAfter = (from: Date, years: number): string =>
  iso(new Date(Date.UTC(from.getUTCFullYear() + years, from.getUTCMonth(), from.getUTCDate())));

/**
 * The date a record under `rule` may go, counted from `event` (the erasure, the end of
 * the relationship, the closing of a request). `rowDate` is a date the row carries itself
 * (an invoice's own keep-until date), which wins where the rule has one. Null: no date,
 * the record waits for something else (a released hold).
 */
export const keepUntil = (rule: RetentionRule, event: Date, rowDate: string | null = null): string | null => {
  switch (rule) {
    case 'bookkeeping_5y':
      return rowDate ?? afterAccountingYear(event, 5);
    case 'agreements_3_5y':
      return afterAccountingYear(event, 3, 6);
    case 'requests_3y':
      return yearsAfter(event, 3);
    case 'audit_5y':
      return yearsAfter(event, 5);
    case 'cookie_choice_12m':
      return yearsAfter(event, 1);
    case 'while_employed':
      return monthsAfter(event, STAFF_KEPT_MONTHS);
    case 'legal_hold':
      return null;
    default:
      return iso(event);
  }
};

/** The later of two keep dates; null (no date yet) outlasts any date. */
export const later = (
  a: string | null | undefined,
  b: string | null | undefined,
): string | null | undefined => {
  if (a === undefined) return b;
  if (b === undefined) return a;
  if (a === null || b === null) return null;
  return a > b ? a : b;
};

/**
 * Staff accounts ended (disabled) before this instant have reached their `while_employed`
 * date by `now`: the day of the ending plus STAFF_KEPT_MONTHS is today or earlier.
 */
export const staffRemovalCutoff = (now: Date): Date => {
  const lastDay = monthsAfter(now, -STAFF_KEPT_MONTHS);
  return new Date(Date.parse(`${lastDay}T00:00:00Z`) + 86_400_000);
};
