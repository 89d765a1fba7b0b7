import type { Countable, Forms } from './vocabulary.ts';

type Lang = 'nb' | 'en';

const rules = { nb: new Intl.PluralRules('nb'), en: new Intl.PluralRules('en') };
const numbers = { nb: new Intl.NumberFormat('nb-NO'), en: new Intl.NumberFormat('en-GB') };

/**
 * The form of a word for a count. Norwegian and English have only "one" and "other" among
 * whole numbers, but the rules decide, so a count never reads "1 fakturaer".
 */
export const plural = (lang: Lang, n: number, forms: Forms): string =>
  rules[lang].select(n) === 'one' ? forms.one : forms.other;

/** A count with its word: "1 målepunkt", "12 fakturaer", "1 234 meldinger". */
export const countOf = (n: number, unit: Countable, lang: Lang): string =>
  `${numbers[lang].format(n)} ${plural(lang, n, unit[lang])}`;

/** For a table no longer in the data map (an old receipt): a word that fits anything stored. */
export const ENTRIES: Countable = {
  nb: { one: 'oppføring', other: 'oppføringer' },
  en: { one: 'entry', other: 'entries' },
};
