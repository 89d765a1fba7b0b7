import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeText, decodeTextOrThrow } from './text-decoding.ts';

/** The real Elhub export (UTF-8 with a byte order mark; «Målenavn», «Målt») in the encodings people send. */
const CSV_BYTES = fs.readFileSync(
  path.join(import.meta.dirname, '..', '..', 'fixtures', 'conformance', 'hourly', 'elhub_april.csv'),
);
const TEXT = CSV_BYTES.subarray(3).toString('utf8');
const utf16le = (text: string, bom = true) =>
  Buffer.concat([bom ? Buffer.from([0xff, 0xfe]) : Buffer.alloc(0), Buffer.from(text, 'utf16le')]);
const utf16be = (text: string) => {
  const le = Buffer.from(text, 'utf16le');
  return Buffer.concat([Buffer.from([0xfe, 0xff]), le.swap16()]);
};
// Latin-1 and Windows-1252 agree on æ, ø and å.
const windows1252 = (text: string) => Buffer.from(text, 'latin1');

describe('decoding a text file someone gave us', () => {
  it('reads UTF-8 with and without a byte order mark, without the mark', () => {
    expect(TEXT.startsWith('Fra;Til;Målenavn')).toBe(true);
    expect(decodeText(CSV_BYTES)).toEqual({ ok: true, text: TEXT, encoding: 'utf-8' });
    expect(decodeText(Buffer.from(TEXT, 'utf8'))).toEqual({ ok: true, text: TEXT, encoding: 'utf-8' });
  });

  it('reads UTF-16 when its byte order mark says so, little- and big-endian', () => {
    expect(decodeText(utf16le(TEXT))).toEqual({ ok: true, text: TEXT, encoding: 'utf-16le' });
    expect(decodeText(utf16be(TEXT))).toEqual({ ok: true, text: TEXT, encoding: 'utf-16be' });
    expect(decodeText(utf16le('Ø😀'))).toEqual({ ok: true, text: 'Ø😀', encoding: 'utf-16le' });
  });

  it('refuses Windows-1252 with an ø, naming it and saying how to save the file as UTF-8', () => {
    const bytes = windows1252(TEXT);
    expect(bytes.includes(0xe5)).toBe(true);
    expect(decodeText(bytes)).toEqual({ ok: false, problem: 'not_utf8', likely: 'windows-1252' });
    expect(decodeText(windows1252('Målepunkt;Fjøs'))).toMatchObject({ ok: false, likely: 'windows-1252' });
    expect(() => decodeTextOrThrow(bytes, 'elhub.csv')).toThrow(
      /^elhub\.csv is not UTF-8 text \(it looks like Windows-1252 \/ Latin-1.*Save it as UTF-8 and try again: in Excel, Save As → "CSV UTF-8 \(comma delimited\)"/,
    );
  });

  it('refuses UTF-16 without a byte order mark, UTF-32, a broken UTF-16 file and binary data', () => {
    expect(decodeText(utf16le(TEXT, false))).toMatchObject({ ok: false, likely: 'utf-16-without-bom' });
    expect(decodeText(Buffer.from([0xff, 0xfe, 0, 0, 0x41, 0, 0, 0]))).toMatchObject({
      ok: false,
      likely: 'utf-32',
    });
    expect(decodeText(Buffer.from([0xff, 0xfe, 0x41]))).toMatchObject({ ok: false, likely: 'binary' });
    // A lone high surrogate is not text.
    expect(decodeText(Buffer.from([0xff, 0xfe, 0x00, 0xd8, 0x41, 0x00]))).toMatchObject({ ok: false });
    expect(
      decodeText(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x14, 0x00, 0x00, 0x00, 0x08])),
    ).toMatchObject({
      ok: false,
      likely: 'binary',
    });
  });
});
