/**
 * Numbers as a person reads them. Norwegian separates thousands with a no-break space
 * (U+00A0) and English with a comma, so a figure never breaks across two lines; both come
 * from the locale's own format.
 */
type Locale = 'nb' | 'en';

/** Making a number format costs far more than using one; a page formats hundreds of numbers. */
const numberFormats = new Map<string, Intl.NumberFormat>();

export const formatNumber = (n: number, locale: Locale, digits = 0): string => {
  const key = `${locale}${digits}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale === 'nb' ? 'nb-NO' : 'en-GB', {
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    numberFormats.set(key, format);
  }
  return format.format(n);
};

/**
 * How many decimals a kWh figure gets. A meter counts whole watt-hours, so one hour's
 * value keeps all three; a sum of 100 kWh or more (a month, a year) reads best whole, where
 * a tenth is noise; a smaller sum (a day, an average hour) keeps one, so it is not rounded
 * to nothing.
 */
export const kwhDecimals = (kwh: number, scale: 'sum' | 'hour' = 'sum'): number =>
  scale === 'hour' ? 3 : Math.abs(Math.round(kwh * 10) / 10) >= 100 ? 0 : 1;

/** A kWh figure with the decimals `kwhDecimals` gives it; the unit is the text's to write. */
export const formatKwh = (kwh: number, locale: Locale, scale: 'sum' | 'hour' = 'sum'): string =>
  formatNumber(kwh, locale, kwhDecimals(kwh, scale));
