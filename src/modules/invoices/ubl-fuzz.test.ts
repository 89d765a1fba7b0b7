import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyMutations as apply, mutation } from '../../../test/mutations.ts';
import type { ParseResult } from './ubl.ts';
import { parseUbl } from './ubl-parser.ts';

const CONFORMANCE = path.join(import.meta.dirname, '..', '..', '..', 'fixtures', 'conformance');
const FILES = ['ehf', 'peppol'].flatMap((dir) =>
  fs.readdirSync(path.join(CONFORMANCE, dir)).map((f) => fs.readFileSync(path.join(CONFORMANCE, dir, f))),
);

/** Either a whole value with warnings only, or at least one fatal finding; every finding well-formed. */
const wellBehaved = (r: ParseResult): void => {
  for (const f of r.findings) {
    expect(typeof f.rule).toBe('string');
    expect(['fatal', 'warning']).toContain(f.severity);
    expect(f.message.length).toBeGreaterThan(0);
  }
  if (r.ok) {
    expect(r.findings.every((f) => f.severity === 'warning')).toBe(true);
    const t = r.value.totals;
    for (const v of [
      t.lineExtensionOre,
      t.taxExclusiveOre,
      t.taxInclusiveOre,
      t.payableOre,
      r.value.taxTotalOre,
    ]) {
      expect(Number.isSafeInteger(v)).toBe(true);
    }
    expect(r.value.lines.length).toBeGreaterThan(0);
    expect(r.value.id.length).toBeGreaterThan(0);
  } else {
    expect(r.findings.some((f) => f.severity === 'fatal')).toBe(true);
  }
};

describe('fuzzing the parser with mutated conformance files', () => {
  it('never throws or hangs: every mutant gives a value or findings', () => {
    let refused = 0;
    let runs = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: FILES.length - 1 }),
        fc.array(mutation(), { minLength: 1, maxLength: 6 }),
        (file, mutations) => {
          const r = parseUbl(apply(FILES[file] as Buffer, mutations));
          wellBehaved(r);
          runs++;
          if (!r.ok) refused++;
        },
      ),
      { numRuns: 4000, seed: 20261126 },
    );
    // The mutations must actually reach the refusal paths, or the test proves nothing.
    expect(runs).toBe(4000);
    expect(refused).toBeGreaterThan(1000);
    expect(refused).toBeLessThan(4000);
  }, 120_000);

  it('takes the same string input as bytes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: FILES.length - 1 }),
        fc.array(mutation(), { maxLength: 3 }),
        (file, ms) => {
          const bytes = apply(FILES[file] as Buffer, ms);
          const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
          wellBehaved(parseUbl(text));
        },
      ),
      { numRuns: 500, seed: 7 },
    );
  }, 60_000);
});
