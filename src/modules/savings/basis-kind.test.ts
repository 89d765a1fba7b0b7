import { describe, expect, it } from 'vitest';
import { BASIS_CODES, basisCode, basisKindOf } from './basis-kind.ts';

describe('the basis of a saving', () => {
  it('is measured without a profile, and a profile with its source otherwise', () => {
    expect(basisKindOf(null)).toEqual({ kind: 'measured' });
    expect(basisKindOf(undefined)).toEqual({ kind: 'measured' });
    expect(basisKindOf({ annualKwh: 9455, source: 'invoices' })).toEqual({
      kind: 'profile',
      annualKwh: 9455,
      source: 'invoices',
    });
  });

  it('has one code a kind, each listed', () => {
    const codes = [
      basisCode({ kind: 'measured' }),
      basisCode({ kind: 'profile', annualKwh: 1, source: 'invoices' }),
      basisCode({ kind: 'profile', annualKwh: 1, source: 'estimate' }),
    ];
    expect(codes).toEqual(['measured', 'profile-invoices', 'profile-estimate']);
    expect([...BASIS_CODES].sort()).toEqual([...codes].sort());
  });
});
