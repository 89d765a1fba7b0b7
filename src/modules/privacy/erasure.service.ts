import type { Clock } from '../../platform/clock.ts';
import type { Keyring } from '../../platform/crypto/keyring.ts';
import type { Db, Transactor } from '../../platform/db/database.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { consentBoundTables, personalColumns, RETENTION_RULES, subjectTables } from './data-map.ts';
import { type ErasureItem, planErasure } from './erasure-plan.ts';
import type { LegalHoldRepository } from './legal-hold.repository.ts';
import type { PersonalDataRepository } from './personal-data.repository.ts';

export interface ErasureReceipt {
  readonly erasedAt: string;
  /** False when a legal hold keeps everything until it is released; erasure then finishes by itself. */
  readonly completed: boolean;
  readonly items: readonly ErasureItem[];
}

/**
 * Erasure, derived from the data map: deletes what may go, clears every personal field of
 * the account row, keeps what the law requires until its date, and destroys the subject's
 * general key so that no copy of the deleted data can be read again. Under a legal hold
 * nothing is deleted; the account waits as `erasure_pending` until the hold is released.
 */
export class ErasureService {
  constructor(
    private readonly tx: Transactor,
    private readonly repo: PersonalDataRepository,
    private readonly holds: LegalHoldRepository,
    private readonly keyring: Keyring,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  private async plan(tx: Db, subjectId: string, newRequests = 0): Promise<ErasureItem[]> {
    const repo = this.repo.with(tx);
    const counts = new Map<string, number>();
    const latest = new Map<string, string | null>();
    for (const [table, spec] of subjectTables()) {
      if (!spec.subject) continue;
      const extra = table === 'privacy_requests' ? newRequests : 0;
      counts.set(table, (await repo.count(table, spec.subject, subjectId)) + extra);
      if (spec.keepUntilColumn)
        latest.set(table, await repo.latestDate(table, spec.subject, subjectId, spec.keepUntilColumn));
    }
    const held = await this.holds.with(tx).hasActive(subjectId);
    return planErasure(counts, latest, this.clock.now(), held);
  }

  /**
   * What erasure would do now, without doing it. `withNewRequest`: the plan is shown before
   * the erasure request itself is made, and that request is kept as proof of what was done,
   * so it is counted too.
   */
  preview(subjectId: string, options: { withNewRequest?: boolean } = {}): Promise<ErasureItem[]> {
    return this.tx.run((tx) => this.plan(tx, subjectId, options.withNewRequest ? 1 : 0));
  }

  async erase(subjectId: string, actor = 'customer'): Promise<ErasureReceipt> {
    const now = this.clock.now();
    const receipt = await this.tx.run(async (tx) => {
      const repo = this.repo.with(tx);
      const items = await this.plan(tx, subjectId);
      const audit = this.audit.withTx(tx);
      if (items.some((i) => i.outcome === 'held')) {
        // Signed out at once; nothing else changes until the hold is released.
        await repo.delete('sessions', { column: 'customer_id' }, subjectId);
        await repo.clear('customers', { column: 'id' }, subjectId, [], { status: 'erasure_pending' });
        await audit.record({ actor, action: 'subject.erasure_held', subjectId, purpose: 'erasure' });
        return { erasedAt: now.toISOString(), completed: false, items };
      }
      for (const [table, spec] of [...subjectTables()].reverse()) {
        if (!spec.subject) continue;
        if (spec.onErasure === 'delete') await repo.delete(table, spec.subject, subjectId);
        if (spec.onErasure === 'pseudonymise') {
          const clear = personalColumns(spec)
            .filter(([, c]) => RETENTION_RULES[c.retention].endsWithRelationship)
            .map(([name]) => name);
          const extra: Record<string, string | Date> = 'status' in spec.columns ? { status: 'erased' } : {};
          if ('erased_at' in spec.columns) extra.erased_at = now;
          await repo.clear(table, spec.subject, subjectId, clear, extra);
        }
      }
      await audit.record({
        actor,
        action: 'subject.erased',
        subjectId,
        purpose: 'erasure',
        details: Object.fromEntries(items.map((i) => [i.table, `${i.outcome}:${i.rows}`])),
      });
      return { erasedAt: now.toISOString(), completed: true, items };
    });
    if (receipt.completed) await this.destroyKeys(subjectId, receipt.items);
    return receipt;
  }

  /**
   * Keys go after the data's transaction has committed: a crash in between leaves an
   * erased account with a live key, which the retention sweeper destroys on its next run.
   */
  private async destroyKeys(subjectId: string, items: readonly ErasureItem[]): Promise<void> {
    const now = this.clock.now();
    await this.keyring.destroy(subjectId, 'general', now);
    const bookkeeping = items.some((i) => i.rule === 'bookkeeping_5y' && i.rows > 0);
    if (!bookkeeping) await this.keyring.destroy(subjectId, 'bookkeeping', now);
  }

  /**
   * Deletes, inside the caller's transaction, everything that existed only under a consent
   * that was just withdrawn (the data map says which tables those are).
   */
  async purgeForWithdrawnConsent(
    tx: Db,
    subjectId: string,
    consentScope: string,
  ): Promise<Record<string, number>> {
    const repo = this.repo.with(tx);
    if (await this.holds.with(tx).hasActive(subjectId)) {
      // A dispute needs the data as it was; it goes when the hold is released.
      await this.audit
        .withTx(tx)
        .record({ actor: 'system', action: 'consent.data_held', subjectId, purpose: consentScope });
      return {};
    }
    const deleted: Record<string, number> = {};
    for (const [table, spec] of [...consentBoundTables(consentScope)].reverse()) {
      if (spec.subject) deleted[table] = await repo.delete(table, spec.subject, subjectId);
    }
    if (Object.keys(deleted).length > 0) {
      await this.audit.withTx(tx).record({
        actor: 'system',
        action: 'consent.data_deleted',
        subjectId,
        purpose: consentScope,
        details: deleted,
      });
    }
    return deleted;
  }
}
