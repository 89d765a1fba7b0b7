/**
 * How often a person's data may be exported. Each export reads and decrypts everything held
 * about the person and lays it out, so one person must not be able to keep the server busy:
 * one export at a time (on the desk too), and from "Mine data" at most this many a day.
 */
export const EXPORTS_PER_DAY = 10;

/** A run still `running` after this long was left by a process that died; it is let go. */
export const EXPORT_STALE_MS = 15 * 60_000;

export type ExportVerdict = 'ok' | 'export_running' | 'export_daily_limit';

export const exportAllowed = (state: {
  readonly running: boolean;
  readonly today: number;
  readonly selfService: boolean;
}): ExportVerdict =>
  state.running
    ? 'export_running'
    : state.selfService && state.today >= EXPORTS_PER_DAY
      ? 'export_daily_limit'
      : 'ok';
