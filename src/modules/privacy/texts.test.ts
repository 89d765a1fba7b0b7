import { describe, expect, it } from 'vitest';
import { buildArt30 } from './art30.ts';
import { countOf, plural } from './count.ts';
import { DATA_MAP } from './data-map.ts';
import { type ExportEvent, exportWriter, pdfRowText } from './export-formats.ts';
import { buildPolicy } from './policy.ts';
import { BUILT_IN_PROCESSORS } from './processors.ts';
import { REQUEST_TYPES } from './request-rules.ts';
import { CATEGORIES, LEGAL_BASES, PURPOSES, RETENTION_RULES, SOURCES } from './vocabulary.ts';

/** Every {nb, en} pair anywhere inside a value, with where it was found. */
const texts = (
  value: unknown,
  at: string,
  out: [string, string, string][] = [],
): [string, string, string][] => {
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) texts(v, `${at}[${i}]`, out);
  } else if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.nb === 'string' || typeof o.en === 'string') out.push([at, String(o.nb), String(o.en)]);
    for (const [k, v] of Object.entries(o)) if (k !== 'nb' && k !== 'en') texts(v, `${at}.${k}`, out);
  }
  return out;
};

/**
 * The privacy texts people read (the policy, the record of processing, the export, the
 * erasure plan) come from the data map in both languages: none may be empty, and the two
 * may not be the same words, which would be a translation that was never made.
 */
describe('the data map speaks both languages', () => {
  const policy = buildPolicy({ name: 'Elvakt AS', contact: 'personvern@elvakt.no' }, BUILT_IN_PROCESSORS);
  const all = texts(
    {
      CATEGORIES,
      LEGAL_BASES,
      PURPOSES,
      RETENTION_RULES,
      SOURCES,
      REQUEST_TYPES,
      BUILT_IN_PROCESSORS,
      tables: Object.fromEntries(Object.entries(DATA_MAP).map(([name, spec]) => [name, spec.description])),
      record: buildArt30(policy, 1, new Date('2026-11-26T10:00:00Z')),
    },
    '',
  );

  it('finds the texts it checks', () => {
    // The record alone has a description, basis, categories and retention per purpose.
    expect(all.length).toBeGreaterThan(150);
    expect(all.some(([at]) => at.startsWith('.record.securityMeasures'))).toBe(true);
    expect(all.some(([at]) => at.endsWith('.source'))).toBe(true);
  });

  it('has every text in Norwegian and English, and translated', () => {
    const bad = all.filter(
      ([, nb, en]) => !nb.trim() || !en.trim() || nb === 'undefined' || en === 'undefined',
    );
    expect(bad).toEqual([]);
    const same = all.filter(([, nb, en]) => nb.trim().toLowerCase() === en.trim().toLowerCase());
    expect(same).toEqual([]);
  });

  it('names what a row of every table is, in the singular and plural of both languages', () => {
    for (const [table, { unit }] of Object.entries(DATA_MAP)) {
      for (const lang of ['nb', 'en'] as const) {
        expect(unit[lang].one.trim(), `${table} ${lang}`).not.toBe('');
        expect(unit[lang].other.trim(), `${table} ${lang}`).not.toBe('');
      }
      // English always marks the plural; Norwegian may not ("1 avvik", "3 avvik").
      expect(unit.en.one, table).not.toBe(unit.en.other);
      expect(unit.nb.one, table).not.toBe(unit.en.one);
      expect(unit.nb.other, table).not.toBe(unit.en.other);
    }
  });

  it('counts in words a person knows, with the plural rules of each language', () => {
    const invoice = DATA_MAP.invoices?.unit;
    const point = DATA_MAP.metering_points?.unit;
    if (!invoice || !point) throw new Error('the data map lost its invoices or metering points');
    expect(countOf(1, invoice, 'nb')).toBe('1 faktura');
    expect(countOf(12, invoice, 'nb')).toBe('12 fakturaer');
    expect(countOf(0, invoice, 'nb')).toBe('0 fakturaer');
    expect(countOf(1, invoice, 'en')).toBe('1 invoice');
    expect(countOf(0, invoice, 'en')).toBe('0 invoices');
    expect(countOf(3, point, 'nb')).toBe('3 målepunkter');
    expect(countOf(1, point, 'en')).toBe('1 metering point');
    // Thousands are separated, by a no-break space in Norwegian.
    expect(countOf(1234, invoice, 'nb')).toBe('1\u00a0234 fakturaer');
    expect(countOf(1234, invoice, 'en')).toBe('1,234 invoices');
    expect(plural('nb', 1, { one: 'rad', other: 'rader' })).toBe('rad');
    expect(plural('nb', 2, { one: 'rad', other: 'rader' })).toBe('rader');
  });

  it('writes the CSV column names and the PDF rows in the language the export was asked for', async () => {
    const csv = async (lang: 'nb' | 'en') => {
      let out = '';
      const w = exportWriter(
        'csv',
        (c) => {
          out += String(c);
        },
        undefined,
        lang,
      );
      const events: ExportEvent[] = [
        {
          type: 'head',
          head: {
            format: 'x',
            generatedAt: '2026-11-26T10:00:00Z',
            subjectId: 's',
            controller: { name: 'E', contact: 'c' },
          },
        },
        { type: 'end', consentTexts: [] },
      ];
      for (const e of events) await w.write(e);
      return out;
    };
    expect(await csv('nb')).toBe('\uFEFFtabell;rad;felt;verdi\r\n');
    expect(await csv('en')).toBe('\uFEFFtable;row;field;value\r\n');
    expect(pdfRowText({ a: 1 }, 0, 'nb')).toBe('Rad 1 — a: 1');
    expect(pdfRowText({ a: 1 }, 0, 'en')).toBe('Row 1 — a: 1');
  });
});
