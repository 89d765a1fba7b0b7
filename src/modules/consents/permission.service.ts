import type { Clock } from '../../platform/clock.ts';
import type { Db, Transactor } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { PermissionRepository } from './permission.repository.ts';
import { addMonths, type PermissionEvent, type PermissionState, permissionState } from './permission.ts';
import {
  PERMISSION_TEXTS,
  type PermissionKind,
  type PermissionScope,
  permissionText,
} from './permission-texts.ts';

export interface PermissionChange {
  readonly kind: PermissionKind;
  readonly scope: string;
  /** The version of the text the person was shown; an outdated version must be shown again. */
  readonly textVersion: string;
  readonly give: boolean;
}

/** Runs in the withdrawing transaction, so the data goes in the same commit as the consent. */
export type WithdrawalHandler = (tx: Db, customerId: string, scope: PermissionScope) => Promise<unknown>;

export class PermissionService {
  private readonly withdrawalHandlers: WithdrawalHandler[] = [];

  constructor(
    private readonly tx: Transactor,
    private readonly permissions: PermissionRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Called by the composition root: other modules react to a withdrawal without this module knowing them. */
  onWithdrawal(handler: WithdrawalHandler): void {
    this.withdrawalHandlers.push(handler);
  }

  /**
   * Records several changes in one transaction, each as its own ledger event with its text
   * version. `tx`: the caller's transaction (a withdrawal that ends the relationship commits
   * with the erasure).
   */
  async change(
    customerId: string,
    changes: readonly PermissionChange[],
    channel: string,
    tx?: Db,
  ): Promise<void> {
    const now = this.clock.now();
    const events: PermissionEvent[] = [];
    const current = await (tx ? this.permissions.with(tx) : this.permissions).events(customerId);
    for (const c of changes) {
      const text = permissionText(c.kind, c.scope);
      if (!text)
        throw new AppError('validation_failed', 'Unknown permission.', [{ at: c.scope, message: 'unknown' }]);
      const state = permissionState(current, c.kind, text.scope, now);
      if (c.give && state.status === 'active' && state.textVersion === text.version) continue;
      if (!c.give && state.status !== 'active') continue;
      if (c.give && c.textVersion !== text.version) {
        throw new AppError('conflict', 'The text has changed since it was shown; read it again.', [
          { at: c.scope, message: 'text_outdated' },
        ]);
      }
      events.push({
        kind: c.kind,
        scope: text.scope,
        action: c.give ? 'given' : 'withdrawn',
        textVersion: text.version,
        channel,
        validUntil: c.give && text.validMonths ? addMonths(now, text.validMonths) : null,
        occurredAt: now,
      });
    }
    if (events.length === 0) return;
    const work = async (tx: Db) => {
      const repo = this.permissions.with(tx);
      const audit = this.audit.withTx(tx);
      for (const e of events) {
        await repo.append(customerId, e);
        await audit.record({
          actor: 'customer',
          action: `${e.kind}.${e.action}`,
          subjectId: customerId,
          purpose: e.scope,
          details: { scope: e.scope, textVersion: e.textVersion, channel },
        });
        if (e.action === 'withdrawn')
          for (const handler of this.withdrawalHandlers) await handler(tx, customerId, e.scope);
      }
    };
    await (tx ? work(tx) : this.tx.run(work));
  }

  async states(customerId: string): Promise<PermissionState[]> {
    const events = await this.permissions.events(customerId);
    const now = this.clock.now();
    return PERMISSION_TEXTS.map((t) => permissionState(events, t.kind, t.scope, now));
  }

  history(customerId: string): Promise<PermissionEvent[]> {
    return this.permissions.events(customerId);
  }

  async isActive(customerId: string, kind: PermissionKind, scope: PermissionScope): Promise<boolean> {
    const events = await this.permissions.events(customerId);
    return permissionState(events, kind, scope, this.clock.now()).status === 'active';
  }

  /**
   * Uses a power of attorney: checks that it is active and records the use, in one
   * transaction, so no use goes unrecorded and none happens after a revocation.
   */
  async use(
    customerId: string,
    scope: PermissionScope,
    action: string,
    details: Record<string, unknown> = {},
  ): Promise<void> {
    await this.tx.run(async (tx) => {
      const repo = this.permissions.with(tx);
      const state = permissionState(
        await repo.events(customerId),
        'power_of_attorney',
        scope,
        this.clock.now(),
      );
      if (state.status !== 'active') {
        throw new AppError('consent_required', 'This needs a power of attorney that is not active.', [
          { at: scope, message: 'power_of_attorney_missing' },
        ]);
      }
      await repo.recordUse(customerId, scope, action, details, this.clock.now());
    });
  }

  /** Customers for whom this permission is active now, a page at a time. */
  holders(
    kind: PermissionKind,
    scope: PermissionScope,
    afterId: string | null,
    limit: number,
  ): Promise<string[]> {
    return this.permissions.holders(kind, scope, this.clock.now(), afterId, limit);
  }

  lastUse(customerId: string, scope: PermissionScope, action: string): Promise<Date | undefined> {
    return this.permissions.lastUse(customerId, scope, action);
  }

  uses(customerId: string) {
    return this.permissions.uses(customerId);
  }

  /** Throws unless every named permission is active: processing stops the moment one is withdrawn. */
  async require(
    customerId: string,
    needed: readonly { kind: PermissionKind; scope: PermissionScope }[],
  ): Promise<void> {
    const events = await this.permissions.events(customerId);
    const now = this.clock.now();
    const missing = needed.filter((n) => permissionState(events, n.kind, n.scope, now).status !== 'active');
    if (missing.length > 0) {
      throw new AppError(
        'consent_required',
        'This needs a consent or power of attorney that is not active.',
        missing.map((m) => ({ at: m.scope, message: `${m.kind}_missing` })),
      );
    }
  }
}
