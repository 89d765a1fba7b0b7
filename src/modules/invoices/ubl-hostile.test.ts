import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ParseResult } from './ubl.ts';
import { parseUbl } from './ubl-parser.ts';

const CONFORMANCE = path.join(import.meta.dirname, '..', '..', '..', 'fixtures', 'conformance');
const INVOICE = fs.readFileSync(
  path.join(CONFORMANCE, 'ehf', 'Invoice_EHF3.0_forward-billing-nettleie-consumer_v2.0.xml'),
  'utf8',
);
const NS = 'xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"';

/** The single fatal finding of a refused document. */
const refusal = (r: ParseResult) => {
  expect(r.ok).toBe(false);
  expect(r.findings.filter((f) => f.severity === 'fatal').length).toBeGreaterThan(0);
  return r.findings[0];
};

const withProlog = (prolog: string) => INVOICE.replace('<?xml version="1.0" encoding="UTF-8"?>', prolog);

describe('hostile and broken documents are refused with a finding that names the problem', () => {
  it('refuses external entities (XXE) without reading anything', () => {
    const xml = withProlog(
      '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE Invoice [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
    ).replace('<cbc:ID>0997462625</cbc:ID>', '<cbc:ID>&xxe;</cbc:ID>');
    const f = refusal(parseUbl(xml));
    expect(f?.rule).toBe('ELVAKT-XML-DTD');
    expect(f?.message).toMatch(/DTD/);
    expect(JSON.stringify(parseUbl(xml))).not.toContain('root:');
  });

  it('refuses entity expansion bombs before expanding anything', () => {
    const lol = [
      '<!ENTITY lol "lol">',
      ...Array.from(
        { length: 9 },
        (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`,
      ),
    ].join('');
    const xml = `<?xml version="1.0"?><!DOCTYPE Invoice [${lol}]><Invoice ${NS}><cbc:Note>&lol9;</cbc:Note></Invoice>`;
    expect(refusal(parseUbl(xml))?.rule).toBe('ELVAKT-XML-DTD');
  });

  it('refuses a reference to an entity that is not one of the predefined five', () => {
    const xml = INVOICE.replace(
      '<cbc:BuyerReference>NA</cbc:BuyerReference>',
      '<cbc:BuyerReference>&secret;</cbc:BuyerReference>',
    );
    expect(refusal(parseUbl(xml))?.rule).toBe('ELVAKT-XML-ENTITY');
  });

  it('resolves the predefined entities and character references in text, once', () => {
    const xml = INVOICE.replace(
      '<cbc:BuyerReference>NA</cbc:BuyerReference>',
      '<cbc:BuyerReference>A&amp;B &#x41;&#66; &amp;#65;</cbc:BuyerReference>',
    );
    const r = parseUbl(xml);
    expect(r.ok && r.value.buyerReference).toBe('A&B AB &#65;');
  });

  it('refuses documents over the size limit before parsing, by default 10 MB', () => {
    const r = parseUbl(INVOICE, { maxBytes: 1000 });
    expect(refusal(r)?.rule).toBe('ELVAKT-XML-SIZE');
    const big = INVOICE.replace('</Invoice>', `<!--${'x'.repeat(10 * 1024 * 1024)}--></Invoice>`);
    const f = refusal(parseUbl(big));
    expect(f?.rule).toBe('ELVAKT-XML-SIZE');
    expect(f?.message).toContain('10485760');
  });

  it('refuses a wrong root element, a wrong namespace and a UBL order, saying which', () => {
    const wrongRoot = refusal(
      parseUbl(INVOICE.replace('<Invoice ', '<Faktura ').replace('</Invoice>', '</Faktura>')),
    );
    expect(wrongRoot?.rule).toBe('ELVAKT-XML-ROOT');
    expect(wrongRoot?.message).toContain('Faktura');
    const wrongNs = refusal(parseUbl(INVOICE.replace('xsd:Invoice-2"', 'xsd:Invoice-3"')));
    expect(wrongNs?.rule).toBe('ELVAKT-XML-ROOT');
    expect(wrongNs?.message).toContain('Invoice-3');
    const order = `<?xml version="1.0" encoding="UTF-8"?>
<Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2"
  xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:CustomizationID>urn:fdc:peppol.eu:poacc:trns:order:3</cbc:CustomizationID>
  <cbc:ID>1</cbc:ID><cbc:IssueDate>2026-01-01</cbc:IssueDate>
</Order>`;
    const f = refusal(parseUbl(order));
    expect(f?.rule).toBe('ELVAKT-XML-ROOT');
    expect(f?.message).toContain('The document is a UBL order, not an invoice or credit note.');
  });

  it('refuses elements in namespaces that are not UBL, and undeclared prefixes', () => {
    const wrongCbc = INVOICE.replace(
      'xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"',
      'xmlns:cbc="urn:example:not-ubl"',
    );
    expect(refusal(parseUbl(wrongCbc))?.rule).toBe('ELVAKT-XML-NAMESPACE');
    const undeclared = INVOICE.replace('<cbc:BuyerReference>NA</cbc:BuyerReference>', '<x:Extra>1</x:Extra>');
    const f = refusal(parseUbl(undeclared));
    expect(f?.rule).toBe('ELVAKT-XML-NAMESPACE');
    expect(f?.message).toContain('x');
    // A prefix inside a comment is text, not an element.
    const commented = INVOICE.replace('<cbc:BuyerReference>', '<!-- <x:Extra> --><cbc:BuyerReference>');
    expect(parseUbl(commented).ok).toBe(true);
  });

  it('refuses truncated XML at any cut', () => {
    for (const cut of [10, 200, Math.floor(INVOICE.length / 2), INVOICE.length - 5]) {
      const f = refusal(parseUbl(INVOICE.slice(0, cut)));
      expect(['ELVAKT-XML-WELLFORMED', 'ELVAKT-XML-ROOT']).toContain(f?.rule);
    }
  });

  it('refuses binary garbage, invalid UTF-8, other encodings and empty input', () => {
    const garbage = new Uint8Array(4096).map((_, i) => (i * 7919 + 13) % 256);
    expect(['ELVAKT-XML-ENCODING', 'ELVAKT-XML-CHAR']).toContain(refusal(parseUbl(garbage))?.rule);
    expect(refusal(parseUbl(new Uint8Array([0x3c, 0x61, 0xff, 0xfe, 0x3e])))?.rule).toBe(
      'ELVAKT-XML-ENCODING',
    );
    expect(refusal(parseUbl(withProlog('<?xml version="1.0" encoding="ISO-8859-1"?>')))?.rule).toBe(
      'ELVAKT-XML-ENCODING',
    );
    expect(
      refusal(parseUbl(INVOICE.replace('NA</cbc:BuyerReference>', 'N\u0001A</cbc:BuyerReference>')))?.rule,
    ).toBe('ELVAKT-XML-CHAR');
    expect(refusal(parseUbl(''))?.rule).toBe('ELVAKT-XML-EMPTY');
    expect(refusal(parseUbl('   \n'))?.rule).toBe('ELVAKT-XML-EMPTY');
  });

  it('accepts a UTF-8 byte order mark', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(INVOICE, 'utf8')]);
    expect(parseUbl(bytes).ok).toBe(true);
  });

  it('refuses extreme nesting and a second root element', () => {
    const deep = `<Invoice ${NS} xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">${'<cbc:Note>'.repeat(50_000)}x${'</cbc:Note>'.repeat(50_000)}</Invoice>`;
    expect(refusal(parseUbl(deep))?.rule).toBe('ELVAKT-XML-LIMIT');
    expect(refusal(parseUbl(`${INVOICE}<Invoice ${NS}/>`))?.rule).toMatch(/ELVAKT-XML-(ROOT|WELLFORMED)/);
  });

  it('refuses a document whose single-valued elements repeat, instead of picking one', () => {
    const twice = INVOICE.replace(
      '<cbc:ID>0997462625</cbc:ID>',
      '<cbc:ID>0997462625</cbc:ID><cbc:ID>1</cbc:ID>',
    );
    const r = parseUbl(twice);
    expect(r.ok).toBe(false);
    expect(r.findings.map((f) => f.rule)).toContain('ELVAKT-UBL-CARDINALITY');
  });

  it('refuses amounts that are not amounts, or carry more than two decimals', () => {
    for (const bad of ['1543.345', '1e3', 'NaN', '12,50', '']) {
      const r = parseUbl(
        INVOICE.replace(
          '<cbc:PayableAmount currencyID="NOK">1543.34</cbc:PayableAmount>',
          `<cbc:PayableAmount currencyID="NOK">${bad}</cbc:PayableAmount>`,
        ),
      );
      expect(r.ok, bad).toBe(false);
      expect(r.findings.map((f) => f.rule)).toContain('BR-15');
    }
    // Trailing zeros are not extra precision.
    const zeros = INVOICE.replace('>1543.34</cbc:PayableAmount>', '>1543.3400</cbc:PayableAmount>');
    expect(parseUbl(zeros).ok).toBe(true);
  });

  it('never puts document content into a finding', () => {
    const secret = '12345678901';
    const xml = INVOICE.replace(
      '<cbc:BuyerReference>NA</cbc:BuyerReference>',
      `<cbc:BuyerReference>${secret}</cbc:BuyerReference>`,
    )
      .replace(
        '<cbc:PayableAmount currencyID="NOK">1543.34</cbc:PayableAmount>',
        `<cbc:PayableAmount currencyID="NOK">${secret}x</cbc:PayableAmount>`,
      )
      .replace('<cbc:ID>0997462625</cbc:ID>', `<cbc:ID>${secret}</cbc:ID><cbc:ID>${secret}</cbc:ID>`);
    const r = parseUbl(xml);
    expect(r.ok).toBe(false);
    expect(JSON.stringify(r.findings)).not.toContain(secret);
  });
});
