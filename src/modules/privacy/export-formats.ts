import { createHash, createPrivateKey, createPublicKey, sign } from 'node:crypto';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { canonicalJson } from '../../platform/canonical-json.ts';
import { CSV_BOM, type CsvValue, csvLine } from '../../platform/csv.ts';
import { formatKwh, formatNumber } from '../../platform/numbers.ts';
import { simpleLayout } from './pdf-layout.ts';
import { keyIdOf, PACKAGE_FORMAT, PORTABLE_TABLES } from './portability.ts';
import type { Text } from './vocabulary.ts';

/**
 * The register extract in the formats people ask for, written as it is read: the export
 * arrives as a head, then each table's head and its rows a page at a time, then the end,
 * and each writer turns that into bytes at once, so no format ever holds the whole extract.
 * JSON is the export itself. CSV is one line per stored value (table, row, field, value)
 * through the one CSV writer. The PDF is for reading: every table with why and how long it
 * is kept, every row and field, hourly series summarised per month and long values (an
 * invoice's details and original document) shortened (JSON and CSV hold them whole).
 * The portability package is canonical JSON, hashed as it is written and signed at the end.
 */
export type Row = Record<string, unknown>;

export interface ExportHead {
  readonly format: string;
  readonly generatedAt: string;
  readonly subjectId: string;
  readonly controller: { readonly name: string; readonly contact: string };
}

/**
 * What a table holds and why, in both languages as the data map has them: the JSON keeps
 * both, the PDF prints the reader's.
 */
export interface TableHead {
  readonly name: string;
  readonly description: Text;
  readonly purposes: { purpose: Text; legalBasis: Text }[];
  readonly retention: Text[];
}

/** The language the PDF and the CSV's column names are read in: the one of the page asked from. */
export type ExportLang = 'nb' | 'en';

const PDF_WORDS = {
  purpose: { nb: 'Formål', en: 'Purpose' },
  retention: { nb: 'Lagringstid', en: 'Retention' },
  row: { nb: 'Rad', en: 'Row' },
} as const satisfies Record<string, Text>;

export type ExportEvent =
  | { readonly type: 'head'; readonly head: ExportHead }
  | { readonly type: 'table'; readonly table: TableHead }
  | { readonly type: 'rows'; readonly rows: readonly Row[]; readonly first: number }
  | { readonly type: 'end'; readonly consentTexts: readonly unknown[] };

export type ExportFormat = 'json' | 'csv' | 'pdf' | 'portability';

export interface ExportWriter {
  /** Takes one event; what it writes goes to the sink it was made with. */
  write(event: ExportEvent): void | Promise<void>;
}

type Sink = (chunk: Uint8Array | string) => void;

const jsonWriter = (sink: Sink): ExportWriter => {
  let tables = 0;
  let rowsInTable = 0;
  const closeTable = () => {
    if (tables > 0) sink(']}');
  };
  return {
    write(e) {
      switch (e.type) {
        case 'head': {
          const h = JSON.stringify(e.head);
          sink(`${h.slice(0, -1)},"tables":{`);
          return;
        }
        case 'table': {
          closeTable();
          const { name, ...rest } = e.table;
          const head = JSON.stringify(rest);
          sink(`${tables > 0 ? ',' : ''}\n${JSON.stringify(name)}:${head.slice(0, -1)},"rows":[`);
          tables++;
          rowsInTable = 0;
          return;
        }
        case 'rows':
          for (const row of e.rows) sink(`${rowsInTable++ > 0 ? ',' : ''}\n${JSON.stringify(row)}`);
          return;
        case 'end':
          closeTable();
          sink(`},"consentTexts":${JSON.stringify(e.consentTexts)}}\n`);
      }
    },
  };
};

const flatten = (value: unknown, prefix: string, out: [string, CsvValue][]): void => {
  if (value === null || value === undefined) out.push([prefix, null]);
  else if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) flatten(v, `${prefix}[${i}]`, out);
  } else if (value instanceof Date) out.push([prefix, value.toISOString()]);
  else if (typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Row)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (typeof value === 'number') out.push([prefix, value]);
  else out.push([prefix, String(value)]);
};

const CSV_HEADER = {
  nb: ['tabell', 'rad', 'felt', 'verdi'],
  en: ['table', 'row', 'field', 'value'],
} as const;

const csvWriter = (sink: Sink, lang: ExportLang): ExportWriter => {
  let table = '';
  return {
    write(e) {
      if (e.type === 'head') sink(CSV_BOM + csvLine([...CSV_HEADER[lang]]));
      else if (e.type === 'table') table = e.table.name;
      else if (e.type === 'rows') {
        let out = '';
        e.rows.forEach((row, i) => {
          const cells: [string, CsvValue][] = [];
          flatten(row, '', cells);
          for (const [field, value] of cells) out += csvLine([table, e.first + i + 1, field, value]);
        });
        sink(out);
      }
    },
  };
};

/**
 * The PDF is for reading: a field's value is shown up to this many characters, and a
 * longer one (an invoice's parsed details, its original document) is cut with its length;
 * the JSON and CSV downloads hold every value whole.
 */
const PDF_VALUE_LIMIT = 120;

const readable = (v: unknown): string => {
  if (v === null || v === undefined) return '—';
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return `[${v.map(readable).join('; ')}]`;
  // Spaces between the parts, so the line breaks between words and repeated words are laid out once.
  if (typeof v === 'object')
    return Object.entries(v as Row)
      .map(([k, x]) => `${k}: ${readable(x)}`)
      .join(', ');
  return String(v);
};

const summarise = (value: unknown): string => {
  if (
    Array.isArray(value) &&
    value.length > 48 &&
    value.every((v) => v && typeof v === 'object' && 'kwh' in v)
  ) {
    const hours = value as { start: string; kwh: number | null }[];
    const measured = hours.filter((h) => h.kwh !== null);
    const kwh = measured.reduce((a, h) => a + (h.kwh ?? 0), 0);
    return `${formatNumber(hours.length, 'nb')} timer fra ${hours[0]?.start ?? ''}, ${formatNumber(measured.length, 'nb')} med måling, ${formatKwh(kwh, 'nb')} kWh til sammen`;
  }
  const text = readable(value);
  return text.length > PDF_VALUE_LIMIT
    ? `${text.slice(0, PDF_VALUE_LIMIT)} … [${text.length} tegn / characters]`
    : text;
};

/** A row of the PDF as one paragraph: its number, then every field and its (shortened) value. */
export const pdfRowText = (row: Row, index: number, lang: ExportLang = 'nb'): string =>
  `${PDF_WORDS.row[lang]} ${index + 1} — ${Object.entries(row)
    .map(([field, value]) => `${field}: ${summarise(value)}`)
    .join(' · ')}`;

const require = createRequire(import.meta.url);
const FONT = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const FONT_BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');

/**
 * pdfkit remembers the layout of every word it has set, for the whole document: with
 * thousands of invoices that was gigabytes. Forgetting it at each new page keeps memory to
 * a page's worth; the words of the next page are laid out again, which costs little.
 */
const forgetLayouts = (doc: PDFKit.PDFDocument): void => {
  const families = (doc as unknown as { _fontFamilies?: Record<string, { layoutCache?: object }> })
    ._fontFamilies;
  for (const font of Object.values(families ?? {}))
    if (font.layoutCache) font.layoutCache = Object.create(null);
};

const pdfWriter = (sink: Sink, lang: ExportLang): ExportWriter => {
  let doc: PDFKit.PDFDocument | undefined;
  let ended: Promise<void> = Promise.resolve();
  return {
    write(e) {
      if (e.type === 'head') {
        const d = new PDFDocument({
          size: 'A4',
          margin: 50,
          info: { Title: 'Registerutskrift', Author: e.head.controller.name },
        });
        doc = d;
        d.on('data', (c: Buffer) => sink(c));
        ended = new Promise((resolve, reject) => {
          d.on('end', resolve);
          d.on('error', reject);
        });
        d.on('pageAdded', () => forgetLayouts(d));
        d.registerFont('body', FONT);
        d.registerFont('bold', FONT_BOLD);
        d.font('bold').fontSize(18).text('Registerutskrift / Register extract');
        d.font('body');
        simpleLayout(d);
        d.font('body').fontSize(10).moveDown(0.5);
        d.text(`${e.head.controller.name} · ${e.head.controller.contact}`);
        d.text(`Laget / generated: ${e.head.generatedAt}`);
        d.text(`Person (intern id): ${e.head.subjectId}`);
        d.text(
          'Lange verdier er forkortet her; JSON- og CSV-nedlastingen har dem hele. / Long values are shortened here; the JSON and CSV downloads hold them whole.',
        );
        d.moveDown();
        return;
      }
      const d = doc;
      if (!d) throw new Error('the export began without its head');
      if (e.type === 'table') {
        d.moveDown();
        d.font('bold').fontSize(13).text(`${e.table.description[lang]} (${e.table.name})`);
        d.font('body').fontSize(9);
        for (const p of e.table.purposes)
          d.text(`${PDF_WORDS.purpose[lang]}: ${p.purpose[lang]} — ${p.legalBasis[lang]}`);
        for (const r of e.table.retention) d.text(`${PDF_WORDS.retention[lang]}: ${r[lang]}`);
        d.moveDown(0.3);
      } else if (e.type === 'rows') {
        // One paragraph a row: pdfkit's cost is mostly per call and per line set.
        e.rows.forEach((row, i) => {
          d.text(pdfRowText(row, e.first + i, lang), { paragraphGap: 3 });
        });
      } else {
        d.end();
        return ended;
      }
    },
  };
};

/**
 * The signed package in canonical JSON (keys sorted at every level): the body's keys in
 * order (data, format, issuedAt, issuer, subjectId), the portable tables in order, each row
 * canonical. The body is hashed (SHA-512) as it is written and the hash signed with Ed25519
 * at the end, since a signature over the whole body would need it whole.
 */
const portabilityWriter = (sink: Sink, privateDer: Uint8Array): ExportWriter => {
  const hash = createHash('sha512');
  const body = (s: string) => {
    hash.update(s);
    sink(s);
  };
  let head: ExportHead | undefined;
  let tables = 0;
  let rowsInTable = 0;
  let open = false;
  return {
    write(e) {
      switch (e.type) {
        case 'head':
          head = e.head;
          body('{"data":{');
          return;
        case 'table':
          if (!(PORTABLE_TABLES as readonly string[]).includes(e.table.name))
            throw new Error(`${e.table.name} is not portable`);
          body(`${open ? ']' : ''}${tables++ > 0 ? ',' : ''}${JSON.stringify(e.table.name)}:[`);
          open = true;
          rowsInTable = 0;
          return;
        case 'rows': {
          let out = '';
          for (const row of e.rows)
            out += `${rowsInTable++ > 0 ? ',' : ''}${canonicalJson(JSON.parse(JSON.stringify(row)))}`;
          body(out);
          return;
        }
        case 'end': {
          if (!head) throw new Error('the package ended without its head');
          body(
            `${open ? ']' : ''}},${canonicalJson({
              format: PACKAGE_FORMAT,
              issuedAt: head.generatedAt,
              issuer: head.controller,
              subjectId: head.subjectId,
            }).slice(1, -1)}`,
          );
          hash.update('}');
          const key = createPrivateKey({ key: Buffer.from(privateDer), format: 'der', type: 'pkcs8' });
          const value = sign(null, hash.digest(), key).toString('base64url');
          sink(
            `,"signature":${JSON.stringify({ alg: 'Ed25519', digest: 'SHA-512', keyId: keyIdOf(createPublicKey(key)), value })}}\n`,
          );
        }
      }
    },
  };
};

export const exportWriter = (
  format: ExportFormat,
  sink: Sink,
  signingKey?: Uint8Array,
  lang: ExportLang = 'nb',
): ExportWriter => {
  switch (format) {
    case 'json':
      return jsonWriter(sink);
    case 'csv':
      return csvWriter(sink, lang);
    case 'pdf':
      return pdfWriter(sink, lang);
    case 'portability':
      if (!signingKey) throw new Error('the portability package needs the signing key');
      return portabilityWriter(sink, signingKey);
  }
};
