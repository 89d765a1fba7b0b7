import type { Finding } from './ubl.ts';
import { readXml, type XmlNode } from './xml-reader.ts';

/**
 * Reads an XML document from an outside party without trusting it: oversized input is
 * refused before a byte is decoded, then invalid UTF-8, characters XML does not allow and
 * other declared encodings; the reader (xml-reader.ts) refuses DTDs (and with them every
 * entity declaration, so nothing is ever expanded), unknown entity references, deep
 * nesting, a wrong root element, several roots and namespaces outside the allowed set.
 * The result is the parsed tree or one fatal finding naming the problem; messages name
 * rules and positions, never content.
 */
export type { XmlNode };

export interface XmlDocument {
  readonly rootName: string;
  readonly rootNamespace: string;
  readonly root: XmlNode;
}

export interface XmlReadOptions {
  readonly maxBytes: number;
  /** Root elements this reader accepts, by namespace and local name. */
  readonly roots: readonly { readonly namespace: string; readonly name: string }[];
  /** Namespaces elements may be in, besides the root's. */
  readonly namespaces: readonly string[];
  /** Known documents that are not accepted, to say what a refused document is. */
  readonly knownOthers?: Readonly<Record<string, string>>;
}

export type XmlReadResult =
  | { readonly ok: true; readonly document: XmlDocument }
  | { readonly ok: false; readonly finding: Finding };

export const MAX_DEPTH = 64;

const utf8 = new TextDecoder('utf-8', { fatal: true });
// Characters outside the XML 1.0 Char production: control characters and the two non-characters.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding exactly these characters is the point
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
const DECLARATION = /^<\?xml\s[^?]*\?>/;

export const tooLarge = (size: number, maxBytes: number): Finding => ({
  rule: 'ELVAKT-XML-SIZE',
  severity: 'fatal',
  message: `The document is ${size} bytes; the limit is ${maxBytes} bytes. It was not read.`,
});

const fatal = (rule: string, message: string, at?: string): XmlReadResult => ({
  ok: false,
  finding: at === undefined ? { rule, severity: 'fatal', message } : { rule, severity: 'fatal', message, at },
});

export const readXmlDocument = (input: string | Uint8Array, options: XmlReadOptions): XmlReadResult => {
  const size = typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.byteLength;
  if (size > options.maxBytes) return { ok: false, finding: tooLarge(size, options.maxBytes) };
  let xml: string;
  if (typeof input === 'string') xml = input;
  else {
    try {
      xml = utf8.decode(input);
    } catch {
      return fatal('ELVAKT-XML-ENCODING', 'The document is not valid UTF-8 text.');
    }
  }
  if (xml.charCodeAt(0) === 0xfeff) xml = xml.slice(1);
  if (size === 0 || xml.trim() === '') return fatal('ELVAKT-XML-EMPTY', 'The document is empty.');
  if (NOT_XML_CHAR.test(xml)) {
    return fatal(
      'ELVAKT-XML-CHAR',
      'The document contains characters that XML does not allow (binary data?).',
    );
  }
  const declaration = DECLARATION.exec(xml)?.[0];
  const encoding = declaration ? /encoding\s*=\s*["']([^"']+)["']/.exec(declaration)?.[1] : undefined;
  if (encoding && !/^utf-?8$/i.test(encoding)) {
    return fatal(
      'ELVAKT-XML-ENCODING',
      `The document declares encoding ${encoding}; only UTF-8 is accepted.`,
    );
  }
  const read = readXml(xml, {
    maxDepth: MAX_DEPTH,
    namespaces: new Set(options.namespaces),
    root: (namespace, name) => {
      if (options.roots.some((r) => r.name === name && r.namespace === namespace)) return undefined;
      const known = options.knownOthers?.[`${namespace}#${name}`];
      return known
        ? `The document is ${known}, not an invoice or credit note.`
        : `The root element is ${name} in namespace ${namespace || '(none)'}; expected ${options.roots
            .map((r) => `${r.name} in ${r.namespace}`)
            .join(' or ')}.`;
    },
  });
  if (!read.ok)
    return fatal(
      read.rule,
      `${read.message} (line ${read.line}, column ${read.column})`,
      `line ${read.line}`,
    );
  return {
    ok: true,
    document: { rootName: read.rootName, rootNamespace: read.rootNamespace, root: read.root },
  };
};
