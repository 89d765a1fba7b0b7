/**
 * The one CSV writer: every CSV the product writes goes through here (a test fails on any
 * other `;` join in src/). The dialect is the one a Norwegian spreadsheet opens as it is: a
 * byte-order mark, `;` between fields, CRLF, a decimal comma where the caller writes one.
 *
 * A spreadsheet runs a cell that begins with `=`, `+`, `-` or `@` (and, in some, tab or
 * carriage return) as a formula, so a name like `=HYPERLINK(...)` would become a link in
 * the reader's spreadsheet. Text cells that begin with one of them are written as text: a
 * single quote in front, and the cell quoted (OWASP's rule). Numbers must stay readable as
 * numbers, so a cell the caller marks as numeric (a JS number, or `numeric('-1,250')`) is
 * written as it is, but only when it really is a plain number; anything else marked numeric
 * is neutralised like text. Separators, quotes and line breaks are quoted as RFC 4180 says.
 */
export interface CsvNumber {
  readonly csvNumber: string;
}

export type CsvValue = string | number | null | undefined | CsvNumber;

export const CSV_BOM = '\uFEFF';
export const CSV_SEPARATOR = ';';

/** A number already formatted by the caller (a decimal comma, say); written unprefixed if it is one. */
export const numeric = (text: string): CsvNumber => ({ csvNumber: text });

const PLAIN_NUMBER = /^[+-]?\d+(?:[.,]\d+)?(?:[eE][+-]?\d+)?$/;
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[;"\r\n]/;

export const csvCell = (value: CsvValue): string => {
  if (value === null || value === undefined) return '';
  let text: string;
  let isNumber = false;
  if (typeof value === 'number') {
    text = String(value);
    isNumber = Number.isFinite(value);
  } else if (typeof value === 'string') text = value;
  else {
    text = value.csvNumber;
    isNumber = PLAIN_NUMBER.test(text);
  }
  const risky = !isNumber && FORMULA_START.test(text);
  const body = risky ? `'${text}` : text;
  return risky || NEEDS_QUOTES.test(body) ? `"${body.replaceAll('"', '""')}"` : body;
};

/** One record, with its line end. */
export const csvLine = (cells: readonly CsvValue[]): string =>
  `${cells.map(csvCell).join(CSV_SEPARATOR)}\r\n`;

/** A whole small document: the mark, the header and the rows. Large ones stream `csvLine`s instead. */
export const csvDocument = (header: readonly string[], rows: Iterable<readonly CsvValue[]>): string => {
  let out = CSV_BOM + csvLine(header);
  for (const row of rows) out += csvLine(row);
  return out;
};
