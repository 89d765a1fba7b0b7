import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentTypeOf, embeddedAttachments, extensionOf } from './attachments.ts';
import { parseUbl } from './ubl-parser.ts';

const ROOT = path.join(import.meta.dirname, '..', '..', '..');
const read = (...parts: string[]) => fs.readFileSync(path.join(ROOT, ...parts), 'utf8');
const LIMIT = 10 * 1024 * 1024;

describe('files embedded in a stored invoice', () => {
  it('reads the embedded PDF of an invoice back as the bytes the parser only measured', () => {
    const xml = read('test', 'fixtures', 'ehf', 'supplier-invoice-2026-06-demo-pdf.xml');
    const found = embeddedAttachments(xml, LIMIT);
    expect(found).toHaveLength(1);
    const [pdf] = found;
    expect(pdf).toMatchObject({ index: 1, mimeCode: 'application/pdf', description: 'Fakturaen som PDF' });
    const bytes = Buffer.from(pdf?.base64 ?? '', 'base64');
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // The parser's size, the size here and the decoded bytes agree.
    const parsed = parseUbl(xml);
    expect(parsed.ok && parsed.value.attachments[0]?.bytes).toBe(bytes.length);
    expect(pdf?.bytes).toBe(bytes.length);
  });

  it('finds the attachment of an official EHF example and nothing in references that carry none', () => {
    const official = embeddedAttachments(
      read('fixtures', 'conformance', 'ehf', 'Invoice_EHF3.0_forward-billing-nettleie-consumer_v2.0.xml'),
      LIMIT,
    );
    expect(official.map((a) => [a.filename, a.mimeCode])).toEqual([
      ['originalinvoice.pdf', 'application/pdf'],
    ]);
    expect(Buffer.from(official[0]?.base64 ?? '', 'base64').toString('utf8')).toBe('Base64 content example');
    expect(
      embeddedAttachments(read('test', 'fixtures', 'ehf', 'supplier-invoice-2026-05.xml'), LIMIT),
    ).toEqual([]);
    expect(embeddedAttachments('<not-an-invoice/>', LIMIT)).toEqual([]);
  });

  it('tells the browser only the content types EHF allows', () => {
    expect(contentTypeOf('application/pdf')).toBe('application/pdf');
    expect(contentTypeOf('text/html')).toBe('application/octet-stream');
    expect(contentTypeOf(null)).toBe('application/octet-stream');
    expect(extensionOf('image/png')).toBe('png');
    expect(extensionOf('text/html')).toBe('bin');
  });
});
