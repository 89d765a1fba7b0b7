/**
 * Page statistics, only with consent: views per page and day, and first visits of the day,
 * counted as aggregates. The statistics cookie holds nothing but the date of the last
 * counted visit, so it identifies nobody; no address, no identifier, no query string is kept.
 */
export const VISITORS_PATH = '(first visits of the day)';

/** Identifiers in paths are replaced, so a path never points at one person's record. */
export const normalisePath = (path: string): string =>
  (path.split('?')[0] ?? '/')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, ':id')
    .replace(/\d{6,}/g, ':n')
    .slice(0, 200);
