/**
 * A strict reader for the XML that invoices are written in: XML 1.0 with namespaces, and
 * nothing that lets a document reach outside itself or make the reader do unbounded work.
 * No DTD is read at all (a document type declaration is refused, and with it every entity
 * declaration), the only entity references are the five predefined ones and character
 * references, nesting is bounded, and every element must be in an allowed namespace.
 * Anything that is not well-formed is refused with the position of the first problem.
 *
 * It exists because invoices are read in bulk: the general-purpose parser this project
 * started with spent most of an import reading XML (see docs/architecture.md, "Invoice
 * ingest"). It builds the same shape of tree: every child element under its local name in
 * a list, text under '#text' (trimmed, entities resolved), attributes under '@' + local
 * name; namespace declarations are checked and dropped. Its output is compared with that
 * parser's on every official example and on thousands of mutated documents in the tests.
 */
export type XmlNode = Record<string, unknown>;

export type XmlProblem =
  | 'ELVAKT-XML-WELLFORMED'
  | 'ELVAKT-XML-DTD'
  | 'ELVAKT-XML-ENTITY'
  | 'ELVAKT-XML-NAMESPACE'
  | 'ELVAKT-XML-LIMIT'
  | 'ELVAKT-XML-ROOT';

export type XmlReadOutcome =
  | { readonly ok: true; readonly rootName: string; readonly rootNamespace: string; readonly root: XmlNode }
  | {
      readonly ok: false;
      readonly rule: XmlProblem;
      readonly message: string;
      readonly line: number;
      readonly column: number;
    };

export interface XmlReaderOptions {
  readonly maxDepth: number;
  /** Namespaces elements below the root may be in; an element in any other namespace is refused. */
  readonly namespaces: ReadonlySet<string>;
  /** Decides on the root element before anything below it is read: a refusal message, or undefined to go on. */
  readonly root: (namespace: string, local: string) => string | undefined;
}

const XML_NS = 'http://www.w3.org/XML/1998/namespace';

// ASCII name characters: 1 may start a name, 2 may continue one.
const NAME = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
  if (letter) NAME[c] = 3;
  else if ((c >= 48 && c <= 57) || c === 45 || c === 46) NAME[c] = 2;
}
const isNameStart = (c: number) =>
  c < 128 ? (NAME[c] as number) & 1 : c !== 0xd7 && c !== 0xf7 && c >= 0xc0;
const isNameChar = (c: number) => (c < 128 ? NAME[c] !== 0 || c === 58 : c === 0xb7 || c >= 0xc0);
const isSpace = (c: number) => c === 32 || c === 10 || c === 9 || c === 13;

const isXmlChar = (c: number) =>
  c === 9 ||
  c === 10 ||
  c === 13 ||
  (c >= 0x20 && c <= 0xd7ff) ||
  (c >= 0xe000 && c <= 0xfffd) ||
  (c >= 0x10000 && c <= 0x10ffff);

class Refusal {
  constructor(
    readonly rule: XmlProblem,
    readonly message: string,
    readonly at: number,
  ) {}
}

const PREDEFINED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Resolves entity and character references in text read between markup. */
const decode = (raw: string, start: number): string => {
  let out = '';
  let from = 0;
  for (let amp = raw.indexOf('&'); amp >= 0; amp = raw.indexOf('&', from)) {
    const semi = raw.indexOf(';', amp);
    if (semi < 0 || semi - amp > 12)
      throw new Refusal('ELVAKT-XML-ENTITY', 'An & is not the start of a reference.', start + amp);
    const name = raw.slice(amp + 1, semi);
    let value = PREDEFINED[name];
    if (value === undefined) {
      const hex = name.startsWith('#x');
      const digits = hex ? name.slice(2) : name.startsWith('#') ? name.slice(1) : '';
      const code =
        digits !== '' && (hex ? /^[0-9A-Fa-f]+$/ : /^[0-9]+$/).test(digits)
          ? Number.parseInt(digits, hex ? 16 : 10)
          : -1;
      if (code < 0) {
        throw new Refusal(
          'ELVAKT-XML-ENTITY',
          'The document refers to an entity that is not one of the five XML predefines.',
          start + amp,
        );
      }
      if (!isXmlChar(code))
        throw new Refusal(
          'ELVAKT-XML-ENTITY',
          'A character reference names a character XML does not allow.',
          start + amp,
        );
      value = String.fromCodePoint(code);
    }
    out += raw.slice(from, amp) + value;
    from = semi + 1;
  }
  return from === 0 ? raw : out + raw.slice(from);
};

// XMLDecl: version, then optionally encoding and standalone, in that order.
const DECLARATION =
  /^<\?xml[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*(["'])1\.[0-9]+\1(?:[ \t\r\n]+encoding[ \t\r\n]*=[ \t\r\n]*(["'])[A-Za-z][A-Za-z0-9._-]*\2)?(?:[ \t\r\n]+standalone[ \t\r\n]*=[ \t\r\n]*(["'])(?:yes|no)\3)?[ \t\r\n]*\?>/;

const ATTRIBUTE_SPACE = /\r\n?|[\t\n]/g;

const normaliseNewlines = (text: string): string =>
  text.indexOf('\r') < 0 ? text : text.replace(/\r\n?/g, '\n');

interface Open {
  readonly qname: string;
  readonly node: XmlNode;
  readonly bindings: number;
  text: string;
}

export const readXml = (s: string, options: XmlReaderOptions): XmlReadOutcome => {
  try {
    return parse(s, options);
  } catch (e) {
    if (!(e instanceof Refusal)) throw e;
    const before = s.slice(0, e.at);
    const line = before.split('\n').length;
    return { ok: false, rule: e.rule, message: e.message, line, column: e.at - before.lastIndexOf('\n') };
  }
};

const parse = (s: string, options: XmlReaderOptions): XmlReadOutcome => {
  const n = s.length;
  let i = 0;
  // Namespace bindings in scope, innermost last; each open element remembers how many were in scope before it.
  const prefixes: string[] = ['xml'];
  const uris: string[] = [XML_NS];
  const stack: Open[] = [];
  let root: XmlNode | undefined;
  let rootName = '';
  let rootNamespace = '';

  const fail = (rule: XmlProblem, message: string, at = i): never => {
    throw new Refusal(rule, message, at);
  };
  const resolve = (prefix: string, at: number): string => {
    for (let k = prefixes.length - 1; k >= 0; k--) if (prefixes[k] === prefix) return uris[k] as string;
    if (prefix === '') return '';
    return fail('ELVAKT-XML-NAMESPACE', `The prefix ${prefix} is not declared.`, at);
  };
  const readName = (): string => {
    const start = i;
    if (i >= n || !isNameStart(s.charCodeAt(i))) fail('ELVAKT-XML-WELLFORMED', 'A name was expected.');
    i++;
    while (i < n && isNameChar(s.charCodeAt(i))) i++;
    const name = s.slice(start, i);
    const colon = name.indexOf(':');
    if (
      colon >= 0 &&
      (colon === name.length - 1 ||
        name.indexOf(':', colon + 1) >= 0 ||
        !isNameStart(name.charCodeAt(colon + 1)))
    ) {
      fail('ELVAKT-XML-NAMESPACE', 'A name has a misplaced colon.', start);
    }
    return name;
  };
  const skipSpace = (): boolean => {
    const start = i;
    while (i < n && isSpace(s.charCodeAt(i))) i++;
    return i > start;
  };
  const skipComment = () => {
    const end = s.indexOf('--', i + 4);
    if (end < 0) fail('ELVAKT-XML-WELLFORMED', 'A comment is not closed.');
    if (s.charCodeAt(end + 2) !== 62) fail('ELVAKT-XML-WELLFORMED', 'A comment contains --.', end);
    i = end + 3;
  };
  const skipPi = () => {
    const start = i;
    i += 2;
    const target = readName();
    if (target.toLowerCase() === 'xml')
      fail('ELVAKT-XML-WELLFORMED', 'An XML declaration may only stand first.', start);
    const end = s.indexOf('?>', i);
    if (end < 0) fail('ELVAKT-XML-WELLFORMED', 'A processing instruction is not closed.');
    if (end > i && !isSpace(s.charCodeAt(i)))
      fail('ELVAKT-XML-WELLFORMED', 'A processing instruction is malformed.');
    i = end + 2;
  };
  /** Comments, processing instructions and white space before and after the root element. */
  const skipMisc = () => {
    for (;;) {
      skipSpace();
      if (s.startsWith('<!--', i)) skipComment();
      else if (s.startsWith('<?', i)) skipPi();
      else return;
    }
  };

  if (s.startsWith('<?xml', 0) && (isSpace(s.charCodeAt(5)) || s.startsWith('?>', 5))) {
    const declaration = DECLARATION.exec(s);
    if (!declaration) fail('ELVAKT-XML-WELLFORMED', 'The XML declaration is malformed.');
    i = (declaration as RegExpExecArray)[0].length;
  }
  skipMisc();
  if (s.startsWith('<!DOCTYPE', i) || s.startsWith('<!doctype', i)) {
    fail(
      'ELVAKT-XML-DTD',
      'The document has a document type declaration (DTD); DTDs and entity declarations are refused.',
    );
  }
  if (i >= n) fail('ELVAKT-XML-ROOT', 'The document has no root element.');
  if (s.charCodeAt(i) !== 60) fail('ELVAKT-XML-WELLFORMED', 'Text before the root element.');

  while (i < n) {
    const c = s.charCodeAt(i);
    if (c !== 60) {
      // Text: up to the next markup.
      let lt = s.indexOf('<', i);
      if (lt < 0) lt = n;
      const top = stack[stack.length - 1];
      if (!top) {
        if (s.slice(i, lt).trim() !== '') fail('ELVAKT-XML-ROOT', 'Text after the root element.');
        i = lt;
        continue;
      }
      const raw = s.slice(i, lt);
      if (raw.indexOf(']]>') >= 0)
        fail('ELVAKT-XML-WELLFORMED', 'Text contains ]]>.', i + raw.indexOf(']]>'));
      // Line ends are normalised before references are resolved, so a written &#13; survives.
      const text = normaliseNewlines(raw);
      top.text += text.indexOf('&') >= 0 ? decode(text, i) : text;
      i = lt;
      continue;
    }
    const next = s.charCodeAt(i + 1);
    if (next === 47) {
      // End tag.
      const top = stack.pop();
      const at = i;
      i += 2;
      const qname = readName();
      skipSpace();
      if (s.charCodeAt(i) !== 62) fail('ELVAKT-XML-WELLFORMED', 'An end tag is not closed.');
      i++;
      if (!top) fail('ELVAKT-XML-WELLFORMED', 'An end tag without a start tag.', at);
      const open = top as Open;
      if (qname !== open.qname)
        fail('ELVAKT-XML-WELLFORMED', `The end tag ${qname} does not close ${open.qname}.`, at);
      finishText(open);
      prefixes.length = open.bindings;
      uris.length = open.bindings;
      if (stack.length === 0) skipMisc();
      continue;
    }
    if (next === 33) {
      if (s.startsWith('<!--', i)) {
        skipComment();
        continue;
      }
      if (s.startsWith('<![CDATA[', i) && stack.length > 0) {
        const end = s.indexOf(']]>', i + 9);
        if (end < 0) fail('ELVAKT-XML-WELLFORMED', 'A CDATA section is not closed.');
        (stack[stack.length - 1] as Open).text += normaliseNewlines(s.slice(i + 9, end));
        i = end + 3;
        continue;
      }
      if (s.startsWith('<!DOCTYPE', i) || s.startsWith('<!ENTITY', i)) {
        fail(
          'ELVAKT-XML-DTD',
          'The document has a document type declaration (DTD); DTDs and entity declarations are refused.',
        );
      }
      fail('ELVAKT-XML-WELLFORMED', 'Unknown markup <!.');
    }
    if (next === 63) {
      skipPi();
      continue;
    }
    // Start tag.
    if (stack.length === 0 && root !== undefined)
      fail('ELVAKT-XML-ROOT', 'The document has more than one root element.');
    const tagStart = i;
    i++;
    const qname = readName();
    const bindings = prefixes.length;
    let attrNames: string[] | undefined;
    let attrValues: string[] | undefined;
    let selfClosing = false;
    for (;;) {
      const spaced = skipSpace();
      if (i >= n) fail('ELVAKT-XML-WELLFORMED', 'A start tag is not closed.');
      const ch = s.charCodeAt(i);
      if (ch === 62) {
        i++;
        break;
      }
      if (ch === 47 && s.charCodeAt(i + 1) === 62) {
        i += 2;
        selfClosing = true;
        break;
      }
      if (!spaced) fail('ELVAKT-XML-WELLFORMED', 'Attributes must be separated by white space.');
      const nameAt = i;
      const name = readName();
      skipSpace();
      if (s.charCodeAt(i) !== 61) fail('ELVAKT-XML-WELLFORMED', `The attribute ${name} has no value.`);
      i++;
      skipSpace();
      const quote = s.charCodeAt(i);
      if (quote !== 34 && quote !== 39) fail('ELVAKT-XML-WELLFORMED', `The value of ${name} is not quoted.`);
      const end = s.indexOf(quote === 34 ? '"' : "'", i + 1);
      if (end < 0) fail('ELVAKT-XML-WELLFORMED', `The value of ${name} is not closed.`);
      const raw = s.slice(i + 1, end);
      if (raw.indexOf('<') >= 0) fail('ELVAKT-XML-WELLFORMED', `The value of ${name} contains <.`);
      // Attribute-value normalisation: each line end and white-space character written as such
      // becomes one space; one written as a character reference stays.
      const flat = raw.replace(ATTRIBUTE_SPACE, ' ');
      const value = flat.indexOf('&') >= 0 ? decode(flat, i + 1) : flat;
      i = end + 1;
      if (name === 'xmlns' || name.startsWith('xmlns:')) {
        const prefix = name === 'xmlns' ? '' : name.slice(6);
        if (
          prefix === 'xmlns' ||
          (prefix === 'xml') !== (value === XML_NS) ||
          (prefix !== '' && value === '')
        ) {
          fail('ELVAKT-XML-NAMESPACE', `The namespace declaration ${name} is not allowed.`, nameAt);
        }
        for (let k = bindings; k < prefixes.length; k++) {
          if (prefixes[k] === prefix)
            fail('ELVAKT-XML-WELLFORMED', `The attribute ${name} is repeated.`, nameAt);
        }
        prefixes.push(prefix);
        uris.push(value);
        continue;
      }
      if (attrNames === undefined) {
        attrNames = [];
        attrValues = [];
      } else if (attrNames.includes(name)) {
        fail('ELVAKT-XML-WELLFORMED', `The attribute ${name} is repeated.`, nameAt);
      }
      attrNames.push(name);
      (attrValues as string[]).push(value);
    }
    const colon = qname.indexOf(':');
    const local = colon < 0 ? qname : qname.slice(colon + 1);
    const namespace = resolve(colon < 0 ? '' : qname.slice(0, colon), tagStart);
    if (root === undefined) {
      const refused = options.root(namespace, local);
      if (refused !== undefined) fail('ELVAKT-XML-ROOT', refused, tagStart);
    } else if (namespace !== rootNamespace && !options.namespaces.has(namespace)) {
      fail(
        'ELVAKT-XML-NAMESPACE',
        `Elements in namespace ${namespace || '(none)'} are not part of this document.`,
        tagStart,
      );
    }
    // No prototype: an element may be called __proto__ or constructor.
    const node: XmlNode = Object.create(null);
    if (attrNames !== undefined) {
      for (let k = 0; k < attrNames.length; k++) {
        const a = attrNames[k] as string;
        const ac = a.indexOf(':');
        if (ac >= 0) resolve(a.slice(0, ac), tagStart);
        const key = `@${ac < 0 ? a : a.slice(ac + 1)}`;
        if (key in node)
          fail('ELVAKT-XML-NAMESPACE', `The attribute ${a} is repeated under another prefix.`, tagStart);
        node[key] = (attrValues as string[])[k];
      }
    }
    const parent = stack[stack.length - 1];
    if (parent) {
      const siblings = parent.node[local];
      if (siblings === undefined) parent.node[local] = [node];
      else (siblings as XmlNode[]).push(node);
    } else {
      root = node;
      rootName = local;
      rootNamespace = namespace;
    }
    if (selfClosing) {
      prefixes.length = bindings;
      uris.length = bindings;
      if (stack.length === 0) skipMisc();
      continue;
    }
    if (stack.length >= options.maxDepth) {
      fail(
        'ELVAKT-XML-LIMIT',
        `The document nests elements deeper than ${options.maxDepth} levels.`,
        tagStart,
      );
    }
    stack.push({ qname, node, bindings, text: '' });
  }
  if (stack.length > 0) {
    fail('ELVAKT-XML-WELLFORMED', `The document ends with ${stack.length} elements not closed (truncated?).`);
  }
  if (root === undefined) fail('ELVAKT-XML-ROOT', 'The document has no root element.');
  return { ok: true, rootName, rootNamespace, root: root as XmlNode };
};

const finishText = (open: Open): void => {
  if (open.text === '') return;
  const text = open.text.trim();
  if (text !== '') open.node['#text'] = text;
};
