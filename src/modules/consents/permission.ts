import type { PermissionKind, PermissionScope } from './permission-texts.ts';

/** One row of the append-only ledger. */
export interface PermissionEvent {
  readonly kind: PermissionKind;
  readonly scope: PermissionScope;
  readonly action: 'given' | 'withdrawn';
  readonly textVersion: string;
  readonly channel: string;
  readonly validUntil: Date | null;
  readonly occurredAt: Date;
}

export type PermissionStatus = 'active' | 'withdrawn' | 'expired' | 'never';

export interface PermissionState {
  readonly kind: PermissionKind;
  readonly scope: PermissionScope;
  readonly status: PermissionStatus;
  readonly textVersion: string | null;
  readonly since: Date | null;
  readonly validUntil: Date | null;
}

/**
 * Current state is derived from the events, never stored: the latest event for a scope
 * decides, and a power of attorney past its end date counts as expired.
 */
export const permissionState = (
  events: readonly PermissionEvent[],
  kind: PermissionKind,
  scope: PermissionScope,
  now: Date,
): PermissionState => {
  let last: PermissionEvent | undefined;
  for (const e of events) {
    if (e.kind !== kind || e.scope !== scope) continue;
    if (!last || e.occurredAt.getTime() >= last.occurredAt.getTime()) last = e;
  }
  if (!last) return { kind, scope, status: 'never', textVersion: null, since: null, validUntil: null };
  const status: PermissionStatus =
    last.action === 'withdrawn'
      ? 'withdrawn'
      : last.validUntil && last.validUntil.getTime() <= now.getTime()
        ? 'expired'
        : 'active';
  return {
    kind,
    scope,
    status,
    textVersion: last.textVersion,
    since: last.occurredAt,
    validUntil: last.validUntil,
  };
};

export const addMonths = (date: Date, months: number): Date => {
  const d = new Date(date);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
};
