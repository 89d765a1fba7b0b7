import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { addMonths, type PermissionEvent, permissionState } from './permission.ts';
import { PERMISSION_TEXTS } from './permission-texts.ts';

const at = (iso: string) => new Date(iso);
const ev = (
  action: 'given' | 'withdrawn',
  when: string,
  validUntil: string | null = null,
): PermissionEvent => ({
  kind: 'power_of_attorney',
  scope: 'elhub_metering_values',
  action,
  textVersion: 'v1',
  channel: 'web',
  validUntil: validUntil ? at(validUntil) : null,
  occurredAt: at(when),
});

describe('permission state from the ledger', () => {
  const now = at('2026-11-26T12:00:00Z');
  it.each([
    ['no events', [], 'never'],
    ['given', [ev('given', '2026-01-01T00:00:00Z')], 'active'],
    [
      'given then withdrawn',
      [ev('given', '2026-01-01T00:00:00Z'), ev('withdrawn', '2026-02-01T00:00:00Z')],
      'withdrawn',
    ],
    [
      'withdrawn then given again',
      [ev('withdrawn', '2026-02-01T00:00:00Z'), ev('given', '2026-03-01T00:00:00Z')],
      'active',
    ],
    ['past its end date', [ev('given', '2023-01-01T00:00:00Z', '2026-01-01T00:00:00Z')], 'expired'],
    ['before its end date', [ev('given', '2026-01-01T00:00:00Z', '2029-01-01T00:00:00Z')], 'active'],
  ])('%s → %s', (_name, events, status) => {
    expect(permissionState(events, 'power_of_attorney', 'elhub_metering_values', now).status).toBe(status);
  });

  it('ignores other scopes and kinds', () => {
    expect(
      permissionState([ev('given', '2026-01-01T00:00:00Z')], 'consent', 'elhub_metering_values', now).status,
    ).toBe('never');
  });

  it('adds months without running past the end of a short month', () => {
    expect(addMonths(at('2026-01-31T10:00:00Z'), 1).toISOString()).toBe('2026-02-28T10:00:00.000Z');
    expect(addMonths(at('2026-11-26T10:00:00Z'), -16).toISOString()).toBe('2025-07-26T10:00:00.000Z');
  });
});

describe('permission texts', () => {
  // Changing the words someone agreed to needs a new version; this pins each version's words.
  const pinned: Record<string, string> = {
    'consent/invoice_analysis/2026-11-26': '1a712f8d09504393',
    'consent/continued_monitoring/2026-11-26': '9190b12f21cdb4b6',
    'power_of_attorney/elhub_metering_values/2026-11-26': 'a40fc176fc7edea2',
    'power_of_attorney/elhub_master_data/2026-11-26': '53587245c33709d7',
    'power_of_attorney/invoice_fetching/2026-11-26': '83fe8dee41c3074f',
    'power_of_attorney/credit_check/2026-11-26': '2393c22c03034be9',
    'power_of_attorney/supplier_switch/2026-11-26': 'f5e6706552da9a9d',
    'power_of_attorney/efaktura_agreement/2026-11-26': 'd576c809b209d6de',
    'power_of_attorney/move_in_out/2026-11-26': '5d48e10a8945ba75',
  };
  it('has a new version for every change of words', () => {
    const actual = Object.fromEntries(
      PERMISSION_TEXTS.map((t) => [
        `${t.kind}/${t.scope}/${t.version}`,
        createHash('sha256')
          .update(JSON.stringify([t.title, t.body]))
          .digest('hex')
          .slice(0, 16),
      ]),
    );
    expect(actual).toEqual(pinned);
  });

  it('has every text in both languages', () => {
    for (const t of PERMISSION_TEXTS) {
      expect(t.title.nb && t.title.en && t.body.nb && t.body.en).toBeTruthy();
    }
  });
});
