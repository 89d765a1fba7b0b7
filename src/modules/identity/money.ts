/**
 * Money is integer øre wherever it is stored or shown. Engines may compute in floating
 * point; they round once, at the edge, with these functions.
 */
export type Ore = number;

/** Half away from zero, the way a person rounds a bill. */
export const roundOre = (ore: number): Ore => {
  if (!Number.isFinite(ore)) throw new RangeError('amount is not a finite number');
  const r = Math.sign(ore) * Math.round(Math.abs(ore));
  return r === 0 ? 0 : r;
};

/** A decimal amount in kroner as written in a document ('1543.34') to øre, without floating-point drift. */
export const parseNokToOre = (text: string): Ore | undefined => {
  const m = /^\s*(-)?(\d+)(?:[.,](\d{1,2}))?\s*$/.exec(text);
  if (!m) return undefined;
  const ore = Number(m[2]) * 100 + Number((m[3] ?? '0').padEnd(2, '0'));
  return m[1] ? -ore : ore;
};

const nbFormat = new Intl.NumberFormat('nb-NO', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const enFormat = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const nbWhole = new Intl.NumberFormat('nb-NO', { maximumFractionDigits: 0 });
const enWhole = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });

/**
 * The space after the currency is a no-break space, as are the thousands separators the
 * Norwegian format writes (U+00A0), so a line never breaks inside an amount and "kr" never
 * ends a line without its figure.
 */
export const NBSP = '\u00a0';

const currency = (locale: 'nb' | 'en') => (locale === 'nb' ? `kr${NBSP}` : `NOK${NBSP}`);

/** 'kr 1 234,56' (nb) or 'NOK 1,234.56' (en), every space in it a no-break space. */
export const formatOre = (ore: Ore, locale: 'nb' | 'en' = 'nb'): string =>
  currency(locale) + (locale === 'nb' ? nbFormat : enFormat).format(ore / 100);

/** Whole kroner for headline figures such as a yearly saving. */
export const formatOreWhole = (ore: Ore, locale: 'nb' | 'en' = 'nb'): string =>
  currency(locale) + (locale === 'nb' ? nbWhole : enWhole).format(Math.round(ore / 100));
