import { describe, expect, it } from 'vitest';
import { changeKey, DEFAULT_PREFERENCES, decideNotification, stillAbove } from './monitoring.ts';

const base = {
  savingOre: 80_000,
  preferences: DEFAULT_PREFERENCES,
  notifiedAbove: false,
  consent: true,
  allowed: true,
};

describe('when a customer hears about a saving', () => {
  it.each([
    ['above the threshold, not told yet', {}, { notify: true }],
    ['exactly at the threshold', { savingOre: 50_000 }, { notify: true }],
    ['one øre below', { savingOre: 49_999 }, { notify: false, reason: 'below-threshold' }],
    [
      'told already while it stayed above',
      { notifiedAbove: true },
      { notify: false, reason: 'told-already' },
    ],
    ['no consent to monitoring', { consent: false }, { notify: false, reason: 'no-consent' }],
    ['restricted or objected to', { allowed: false }, { notify: false, reason: 'restricted' }],
    [
      'paused',
      { preferences: { ...DEFAULT_PREFERENCES, paused: true } },
      { notify: false, reason: 'paused' },
    ],
    ['no saving at all', { savingOre: 0 }, { notify: false, reason: 'no-saving' }],
    ['nothing computed', { savingOre: null }, { notify: false, reason: 'no-saving' }],
    [
      'a lower threshold of their own',
      { savingOre: 10_000, preferences: { ...DEFAULT_PREFERENCES, thresholdOre: 10_000 } },
      { notify: true },
    ],
  ])('%s', (_name, change, expected) => {
    expect(decideNotification({ ...base, ...change })).toEqual(expected);
  });

  it('forgets the mark when the saving falls below, so the next crossing is told again', () => {
    expect(stillAbove(60_000, 50_000, true)).toBe(true);
    expect(stillAbove(49_999, 50_000, true)).toBe(false);
    expect(stillAbove(null, 50_000, true)).toBe(false);
    expect(stillAbove(60_000, 50_000, false)).toBe(false);
  });

  it('names each change once', () => {
    expect(changeKey('mp', 3, 1)).toBe('saving:mp:3:1');
    expect(changeKey('mp', 3, 2)).not.toBe(changeKey('mp', 3, 1));
    expect(changeKey('mp', 4, 1)).not.toBe(changeKey('mp', 3, 1));
  });
});
