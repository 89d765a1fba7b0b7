import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Finding } from './ubl.ts';

/**
 * Reads an XML document from an outside party without trusting it. Everything that can
 * make a parser do unbounded work or reach outside the document is refused before the
 * document is parsed: oversized input, DTDs (and with them every entity declaration, so
 * no expansion can happen at all), undeclared entity references, characters XML does not
 * allow, encodings other than UTF-8, several root elements and namespaces outside the
 * allowed set. The result is the parsed tree or one fatal finding naming the problem;
 * messages name rules and positions, never content.
 */
export type XmlNode = Record<string, unknown>;

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

// Every element is a list, so a repeated element that the schema allows once is seen and reported, not silently merged.
const parser = new XMLParser({
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
  isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
  // UBL invoices nest about ten levels deep; anything far deeper is an attack on the parser's stack.
  maxNestedTags: MAX_DEPTH,
});

const utf8 = new TextDecoder('utf-8', { fatal: true });
// Characters outside the XML 1.0 Char production: control characters and the two non-characters.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding exactly these characters is the point
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
const DECLARATION = /^<\?xml\s[^?]*\?>/;
const XMLNS = /\sxmlns(?::([A-Za-z_][\w.-]*))?\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const ELEMENT_PREFIX = /<\/?([A-Za-z_][\w.-]*):[A-Za-z_]/g;
const UNKNOWN_ENTITY = /&(?!(?:amp|lt|gt|quot|apos|#\d{1,7}|#x[0-9A-Fa-f]{1,6});)/;
const FIRST_ELEMENT = /<([A-Za-z_][\w.-]*)(?::([A-Za-z_][\w.-]*))?[\s/>]/;

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
  if (/<!DOCTYPE/i.test(xml) || /<!ENTITY/i.test(xml)) {
    return fatal(
      'ELVAKT-XML-DTD',
      'The document has a document type declaration (DTD); DTDs and entity declarations are refused.',
    );
  }
  let valid: ReturnType<typeof XMLValidator.validate>;
  try {
    valid = XMLValidator.validate(xml);
  } catch {
    return fatal('ELVAKT-XML-LIMIT', 'The document exceeds what the XML reader accepts (nesting or size).');
  }
  if (valid !== true) {
    return fatal(
      'ELVAKT-XML-WELLFORMED',
      `The document is not well-formed XML (${valid.err.code} at line ${valid.err.line}, column ${valid.err.col}).`,
      `line ${valid.err.line}`,
    );
  }
  if (UNKNOWN_ENTITY.test(xml) && UNKNOWN_ENTITY.test(stripNonMarkup(xml))) {
    return fatal(
      'ELVAKT-XML-ENTITY',
      'The document refers to an entity that is not one of the five XML predefines.',
    );
  }

  const namespaces = declaredNamespaces(xml);
  if (typeof namespaces === 'string') return fatal('ELVAKT-XML-NAMESPACE', namespaces);
  const first = FIRST_ELEMENT.exec(body(xml));
  if (!first) return fatal('ELVAKT-XML-ROOT', 'The document has no root element.');
  const [prefix, local] = first[2] === undefined ? [undefined, first[1] as string] : [first[1], first[2]];
  const rootNamespace = namespaces.get(prefix ?? '') ?? '';
  const accepted = options.roots.find((r) => r.name === local && r.namespace === rootNamespace);
  if (!accepted) {
    const known = options.knownOthers?.[`${rootNamespace}#${local}`];
    return fatal(
      'ELVAKT-XML-ROOT',
      known
        ? `The document is ${known}, not an invoice or credit note.`
        : `The root element is ${local} in namespace ${rootNamespace || '(none)'}; expected ${options.roots
            .map((r) => `${r.name} in ${r.namespace}`)
            .join(' or ')}.`,
    );
  }
  const allowed = new Set([rootNamespace, ...options.namespaces]);
  for (const m of xml.matchAll(ELEMENT_PREFIX)) {
    const p = m[1] as string;
    const uri = namespaces.get(p);
    if (uri === undefined || !allowed.has(uri)) {
      // A prefix inside a comment or CDATA section is text, not an element; look again without them.
      return (
        checkPrefixesStrictly(stripNonMarkup(xml), namespaces, allowed) ??
        parseTree(xml, local, rootNamespace)
      );
    }
  }
  return parseTree(xml, local, rootNamespace);
};

const parseTree = (xml: string, local: string, rootNamespace: string): XmlReadResult => {
  let tree: XmlNode;
  try {
    tree = parser.parse(xml) as XmlNode;
  } catch {
    return fatal('ELVAKT-XML-LIMIT', `The document nests elements deeper than ${MAX_DEPTH} levels.`);
  }
  const keys = Object.keys(tree);
  const roots = tree[local];
  if (keys.length !== 1 || !Array.isArray(roots) || roots.length !== 1) {
    return fatal('ELVAKT-XML-ROOT', 'The document has more than one root element.');
  }
  const root = roots[0];
  return {
    ok: true,
    document: {
      rootName: local,
      rootNamespace,
      root: root && typeof root === 'object' ? (root as XmlNode) : {},
    },
  };
};

const checkPrefixesStrictly = (
  xml: string,
  namespaces: Map<string, string>,
  allowed: Set<string>,
): XmlReadResult | undefined => {
  for (const m of xml.matchAll(ELEMENT_PREFIX)) {
    const p = m[1] as string;
    const uri = namespaces.get(p);
    if (uri === undefined) return fatal('ELVAKT-XML-NAMESPACE', `The element prefix ${p} is not declared.`);
    if (!allowed.has(uri)) {
      return fatal('ELVAKT-XML-NAMESPACE', `Elements in namespace ${uri} are not part of a UBL invoice.`);
    }
  }
  return undefined;
};

const stripNonMarkup = (xml: string): string =>
  xml.replace(/<!--[\s\S]*?-->/g, '').replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '');

const body = (xml: string): string => xml.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->/g, '');

/** Prefix → namespace ('' for the default). A prefix bound to two namespaces in one document is refused as ambiguous. */
const declaredNamespaces = (xml: string): Map<string, string> | string => {
  const map = new Map<string, string>();
  for (const m of xml.matchAll(XMLNS)) {
    const prefix = m[1] ?? '';
    const uri = m[2] ?? m[3] ?? '';
    const seen = map.get(prefix);
    if (seen !== undefined && seen !== uri) {
      return `The namespace prefix ${prefix || '(default)'} is bound to two different namespaces.`;
    }
    map.set(prefix, uri);
  }
  return map;
};

const ENTITY_REF = /&(amp|lt|gt|quot|apos|#\d{1,7}|#x[0-9A-Fa-f]{1,6});/g;
const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Text as written, with the predefined entities and character references resolved in one pass (so '&amp;#65;' stays '&#65;'). */
export const decodeText = (raw: string): string =>
  raw.indexOf('&') < 0
    ? raw
    : raw.replace(ENTITY_REF, (_m, name: string) => {
        if (name[0] !== '#') return PREDEFINED[name] ?? '';
        const code = name[1] === 'x' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
        const char = code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '\uFFFD';
        return NOT_XML_CHAR.test(char) ? '\uFFFD' : char;
      });
