import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { applyMutations, type Mutation, mutation } from '../../../test/mutations.ts';
import { NS } from './ubl-parser.ts';
import { readXml, type XmlReaderOptions } from './xml-reader.ts';

const CONFORMANCE = path.join(import.meta.dirname, '..', '..', '..', 'fixtures', 'conformance');
const OURS = path.join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'ehf');
const FILES = [
  ...['ehf', 'peppol'].flatMap((dir) =>
    fs.readdirSync(path.join(CONFORMANCE, dir)).map((f) => path.join(CONFORMANCE, dir, f)),
  ),
  ...fs
    .readdirSync(OURS)
    .filter((f) => f.endsWith('.xml'))
    .map((f) => path.join(OURS, f)),
].map((f) => ({ name: path.basename(f), text: fs.readFileSync(f, 'utf8').replace(/^\uFEFF/, '') }));

const OPTIONS: XmlReaderOptions = {
  maxDepth: 64,
  namespaces: new Set([NS.cac, NS.cbc, NS.ext]),
  root: (namespace, name) =>
    (name === 'Invoice' && namespace === NS.invoice) || (name === 'CreditNote' && namespace === NS.creditNote)
      ? undefined
      : 'not an invoice',
};
const read = (xml: string) => readXml(xml, OPTIONS);

/**
 * The oracle: fast-xml-parser's tree for the same document, configured to the same shape
 * (every element a list, attributes under '@', prefixes removed, text trimmed), with the
 * references it leaves as written resolved afterwards.
 */
const oracle = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  commentPropName: false,
  isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
});
const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const resolveReferences = (s: string): string =>
  s.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9A-Fa-f]+);/g, (_m, name: string) =>
    name[0] !== '#'
      ? (PREDEFINED[name] as string)
      : String.fromCodePoint(name[1] === 'x' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1))),
  );
/** The oracle gives an element with only text as that text, and an empty one as ''; we always give a node. */
const element = (value: unknown): unknown => {
  if (typeof value !== 'string') return normalise(value as Record<string, unknown>);
  return normalise({ '#text': value });
};
const normalise = (node: Record<string, unknown>): Record<string, unknown> => {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (k.startsWith('@xmlns')) continue;
    if (k === '#text') {
      // We trim text after resolving references, the oracle before: '&#13;' is no text to us.
      const text = resolveReferences(v as string).trim();
      if (text !== '') out[k] = text;
    } else if (k.startsWith('@')) {
      // XML's attribute-value normalisation, which the oracle leaves out.
      out[k] = resolveReferences((v as string).replace(/\r\n?|[\t\n]/g, ' '));
    } else out[k] = (v as unknown[]).map(element);
  }
  return out;
};
const oracleTree = (xml: string): { name: string; root: unknown } => {
  const doc = oracle.parse(xml) as Record<string, unknown[]>;
  const [name, roots] = Object.entries(doc)[0] as [string, unknown[]];
  const root = roots[0];
  return { name, root: element(root) };
};
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding exactly these characters is the point
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\uFFFD]/;
/**
 * Pieces that keep a document well-formed where they land in text, so the trees get compared
 * often. No elements and no bare white space: where text is split (by an element, a comment,
 * CDATA) the oracle trims each piece on its own, which XML does not do.
 */
const WELL_FORMED_PIECES = [
  '&amp;',
  '&lt;&gt;&quot;&apos;',
  '&#65;&#x1F600;',
  '&#13;',
  'a\r\nb',
  'a\rb',
  // Without a reference inside: the oracle mixes CDATA into text unresolved, so it could not tell.
  '<![CDATA[<a> x]]>',
  '<!-- note -->',
  '<?pi data?>',
  'a b',
  'ø',
];
/** Inserts each piece at the start of the n-th text (modulo their number), where it stays text. */
const insertAfterTags = (text: string, pieces: readonly [number, string][]): string => {
  let out = text;
  for (const [n, piece] of pieces) {
    const ends: number[] = [];
    for (let k = out.indexOf('>'); k >= 0; k = out.indexOf('>', k + 1)) {
      if (/^[^<\s]/.test(out.slice(k + 1, k + 2))) ends.push(k + 1);
    }
    const at = ends[n % ends.length] as number;
    out = out.slice(0, at) + piece + out.slice(at);
  }
  return out;
};

/**
 * Our tree as plain objects, so the comparison sees content, not prototypes; attribute
 * values trimmed as the oracle trims them (XML keeps their spaces, and so do we; the UBL
 * reader trims them where it reads them).
 */
const plain = (x: unknown): unknown =>
  JSON.parse(JSON.stringify(x), function (this: Record<string, unknown>, key, value) {
    return key.startsWith('@') && typeof value === 'string' ? value.trim() : value;
  });

describe('the XML reader', () => {
  it('reads every official example into the same tree as fast-xml-parser', () => {
    expect(FILES.length).toBeGreaterThanOrEqual(17);
    for (const f of FILES) {
      const ours = read(f.text);
      expect(ours.ok, f.name).toBe(true);
      if (!ours.ok) continue;
      const theirs = oracleTree(f.text);
      expect(ours.rootName, f.name).toBe(theirs.name);
      expect(plain(ours.root), f.name).toEqual(theirs.root);
    }
  });

  it('accepts only well-formed documents, and then reads them as fast-xml-parser does', () => {
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: FILES.length - 1 }),
        fc.oneof(
          fc.array(mutation(), { minLength: 1, maxLength: 4 }),
          fc.array(fc.tuple(fc.nat(), fc.constantFrom(...WELL_FORMED_PIECES)), {
            minLength: 1,
            maxLength: 4,
          }),
        ),
        (file, ms) => {
          const text = (FILES[file] as { text: string }).text;
          const xml = Array.isArray(ms[0])
            ? insertAfterTags(text, ms as [number, string][])
            : applyMutations(Buffer.from(text), ms as Mutation[]).toString('utf8');
          // Characters XML does not allow are refused before the reader runs (xml-document.ts).
          if (NOT_XML_CHAR.test(xml)) return;
          const ours = read(xml);
          if (!ours.ok) {
            refused++;
            expect(ours.line).toBeGreaterThan(0);
            expect(ours.column).toBeGreaterThan(0);
            return;
          }
          accepted++;
          expect(XMLValidator.validate(xml)).toBe(true);
          const theirs = oracleTree(xml);
          expect(ours.rootName).toBe(theirs.name);
          expect(plain(ours.root)).toEqual(theirs.root);
        },
      ),
      { numRuns: 3000, seed: 20261126 },
    );
    // Both paths must be taken often, or the comparison proves little.
    expect(accepted).toBeGreaterThan(300);
    expect(refused).toBeGreaterThan(300);
  }, 120_000);

  it('refuses what is not well-formed, naming the problem and where', () => {
    const invoice = (body: string) =>
      `<?xml version="1.0"?>\n<Invoice xmlns="${NS.invoice}" xmlns:cbc="${NS.cbc}">${body}</Invoice>`;
    const cases: [string, string, RegExp][] = [
      [invoice('<cbc:ID>1</cbc:Note>'), 'ELVAKT-XML-WELLFORMED', /does not close/],
      [invoice('<cbc:ID a="1" a="2">1</cbc:ID>'), 'ELVAKT-XML-WELLFORMED', /repeated/],
      [invoice('<cbc:ID>1 ]]> 2</cbc:ID>'), 'ELVAKT-XML-WELLFORMED', /\]\]>/],
      [invoice('<cbc:ID>&lol;</cbc:ID>'), 'ELVAKT-XML-ENTITY', /entity/],
      [invoice('<cbc:ID>&#0;</cbc:ID>'), 'ELVAKT-XML-ENTITY', /character/],
      [invoice('<x:ID xmlns:x="urn:evil">1</x:ID>'), 'ELVAKT-XML-NAMESPACE', /urn:evil/],
      [invoice('<y:ID>1</y:ID>'), 'ELVAKT-XML-NAMESPACE', /prefix y/],
      [`${invoice('<cbc:ID>1</cbc:ID>')}<Invoice/>`, 'ELVAKT-XML-ROOT', /more than one root/],
      [invoice('<cbc:ID>1</cbc:ID>').slice(0, -12), 'ELVAKT-XML-WELLFORMED', /not closed|truncated/],
      [`<!DOCTYPE Invoice [<!ENTITY a "b">]>${invoice('')}`, 'ELVAKT-XML-DTD', /DTD/],
      [invoice('<!-- a -- b -->'), 'ELVAKT-XML-WELLFORMED', /--/],
      [invoice('<?xml version="1.0"?>'), 'ELVAKT-XML-WELLFORMED', /declaration/],
    ];
    for (const [xml, rule, message] of cases) {
      const r = read(xml);
      expect(r.ok, xml).toBe(false);
      if (r.ok) continue;
      expect(r.rule, xml).toBe(rule);
      expect(r.message, xml).toMatch(message);
    }
    const deep = invoice(`${'<cbc:Note>'.repeat(100)}x${'</cbc:Note>'.repeat(100)}`);
    expect(read(deep)).toMatchObject({ ok: false, rule: 'ELVAKT-XML-LIMIT' });
  });

  it('resolves references once, normalises line ends before them, and takes hostile element names as names', () => {
    const r = read(
      `<Invoice xmlns="${NS.invoice}" xmlns:cbc="${NS.cbc}" a="x\r\n\ty&#10;z">` +
        `<cbc:Note>&amp;#65; &#x41;&lt;\r\n&#13;<![CDATA[<b>&amp;</b>]]></cbc:Note>` +
        '<cbc:__proto__>p</cbc:__proto__><cbc:constructor/></Invoice>',
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.root['@a']).toBe('x  y\nz');
    expect(r.root.Note).toEqual([{ '#text': '&#65; A<\n\r<b>&amp;</b>' }]);
    expect(Object.getPrototypeOf(r.root)).toBe(null);
    expect(Object.getOwnPropertyDescriptor(r.root, '__proto__')?.value).toEqual([{ '#text': 'p' }]);
    expect(r.root.constructor).toEqual([{}]);
  });
});
