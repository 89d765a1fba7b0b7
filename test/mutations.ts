import fc from 'fast-check';

/**
 * Mutations of real documents for the fuzz tests: flipped bytes, deletions, duplications,
 * truncations and inserted pieces that make XML readers stumble (markup, entities, DTDs,
 * odd numbers, odd characters).
 */
export const TOKENS = [
  '<',
  '>',
  '&',
  '&amp;',
  '&#0;',
  '&#x110000;',
  '&lol;',
  ']]>',
  '<![CDATA[',
  '<!--',
  '-->',
  '<!DOCTYPE x>',
  '<?pi x?>',
  '</cbc:ID>',
  '<cbc:ID>',
  '<cac:InvoiceLine>',
  ' xmlns:cbc="urn:x"',
  '"',
  "'",
  '=',
  '-1',
  '1e308',
  '0.001',
  '99999999999999999999',
  '\u0000',
  '\uFFFF',
  '\uD800',
  'ø',
  '\u202E',
];

export type Mutation =
  | { kind: 'flip'; at: number; byte: number }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'insert'; at: number; token: string }
  | { kind: 'duplicate'; at: number; length: number }
  | { kind: 'truncate'; at: number };

export const mutation = (tokens: readonly string[] = TOKENS): fc.Arbitrary<Mutation> =>
  fc.oneof(
    fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
    fc.record({
      kind: fc.constant('delete' as const),
      at: fc.nat(),
      length: fc.integer({ min: 1, max: 64 }),
    }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), token: fc.constantFrom(...tokens) }),
    fc.record({
      kind: fc.constant('duplicate' as const),
      at: fc.nat(),
      length: fc.integer({ min: 1, max: 400 }),
    }),
    fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  );

export const applyMutations = (doc: Buffer, ms: readonly Mutation[]): Buffer => {
  let b = doc;
  for (const m of ms) {
    const at = b.length === 0 ? 0 : m.at % b.length;
    if (m.kind === 'flip') {
      b = Buffer.from(b);
      b[at] = m.byte;
    } else if (m.kind === 'delete') b = Buffer.concat([b.subarray(0, at), b.subarray(at + m.length)]);
    else if (m.kind === 'insert')
      b = Buffer.concat([b.subarray(0, at), Buffer.from(m.token), b.subarray(at)]);
    else if (m.kind === 'duplicate') b = Buffer.concat([b.subarray(0, at + m.length), b.subarray(at)]);
    else b = b.subarray(0, at);
  }
  return b;
};
