import type { Clock } from '../../platform/clock.ts';
import type { Keyring } from '../../platform/crypto/keyring.ts';
import type { Db, Transactor } from '../../platform/db/database.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { NotificationService } from '../notifications/notification.service.ts';
import type { TemplateName } from '../notifications/templates.ts';
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

/** What an erasure commits with: another module's record of it (a request closed), in the same transaction. */
export type ErasureHook = (
  tx: Db,
  e: { subjectId: string; actor: string; receipt: ErasureReceipt },
) => Promise<unknown>;

/** The message that tells the person their erasure is done. */
export type ErasureNotice = Extract<TemplateName, 'erasure_completed' | 'relationship_ended'>;

/**
 * Erasure, derived from the data map: deletes what may go, clears every personal field of
 * the account row, keeps what the law requires until its date, and destroys the subject's
 * general key so that no copy of the deleted data can be read again. Under a legal hold
 * nothing is deleted; the account waits as `erasure_pending` until the hold is released.
 *
 * The erasure is one transaction with whatever records it (the request it answers, the
 * withdrawal that ends the relationship, the release of the last hold), so nothing says it
 * is done before `subject.erased` is in the audit log. After the commit, `finish` tells the
 * person, destroys the keys and removes the file drop's copies of their messages; a crash
 * before that is repaired by the retention sweeper.
 */
export class ErasureService {
  private readonly hooks: ErasureHook[] = [];
  private readonly resumers: (() => Promise<number>)[] = [];

  constructor(
    private readonly tx: Transactor,
    private readonly repo: PersonalDataRepository,
    private readonly holds: LegalHoldRepository,
    private readonly keyring: Keyring,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly notifications: NotificationService,
    /** The person's e-mail address, read inside the erasure's transaction before it is cleared. */
    private readonly emailOf: (tx: Db, subjectId: string) => Promise<string | null>,
  ) {}

  /** Called by the composition root: runs inside every completed erasure's transaction. */
  onErased(hook: ErasureHook): void {
    this.hooks.push(hook);
  }

  /** Called by the composition root: a decided erasure another module keeps the state of, resumed by `resume`. */
  onResume(resumer: () => Promise<number>): void {
    this.resumers.push(resumer);
  }

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

  async erase(
    subjectId: string,
    actor = 'customer',
    options: { notice?: ErasureNotice } = {},
  ): Promise<ErasureReceipt> {
    const receipt = await this.tx.run((tx) => this.eraseIn(tx, subjectId, actor, options));
    if (receipt?.completed) await this.finish(subjectId, receipt.items);
    return receipt ?? { erasedAt: this.clock.now().toISOString(), completed: false, items: [] };
  }

  /**
   * Withdraws the consent the service depends on (`withdraw`, in this transaction) and
   * erases, committed together: a crash leaves the consent given and nothing erased.
   */
  async endRelationship(
    subjectId: string,
    actor: string,
    withdraw: (tx: Db) => Promise<unknown>,
  ): Promise<ErasureReceipt> {
    const receipt = await this.tx.run(async (tx) => {
      await withdraw(tx);
      return this.eraseIn(tx, subjectId, actor, { notice: 'relationship_ended' });
    });
    if (receipt?.completed) await this.finish(subjectId, receipt.items);
    return receipt ?? { erasedAt: this.clock.now().toISOString(), completed: false, items: [] };
  }

  /**
   * Erases inside the caller's transaction; the caller runs `finish` after the commit.
   * `onlyWaiting`: only an account that waits for erasure (a hold was released), else
   * nothing happens and the answer is null. An account already erased is not erased again,
   * but the hooks run, so what waited for its erasure is recorded.
   */
  async eraseIn(
    tx: Db,
    subjectId: string,
    actor: string,
    options: { notice?: ErasureNotice; onlyWaiting?: boolean } = {},
  ): Promise<ErasureReceipt | null> {
    const now = this.clock.now();
    const repo = this.repo.with(tx);
    const status = await repo.lockSubject(subjectId);
    if (status === undefined) return null;
    if (options.onlyWaiting && status !== 'erasure_pending') return null;
    const audit = this.audit.withTx(tx);
    if (status === 'erased') {
      const receipt = { erasedAt: now.toISOString(), completed: true, items: [] };
      for (const hook of this.hooks) await hook(tx, { subjectId, actor, receipt });
      return receipt;
    }
    const items = await this.plan(tx, subjectId);
    if (items.some((i) => i.outcome === 'held')) {
      if (options.onlyWaiting) return null;
      // Signed out at once; nothing else changes until the hold is released.
      await repo.delete('sessions', { column: 'customer_id' }, subjectId);
      await repo.clear('customers', { column: 'id' }, subjectId, [], { status: 'erasure_pending' });
      await audit.record({ actor, action: 'subject.erasure_held', subjectId, purpose: 'erasure' });
      return { erasedAt: now.toISOString(), completed: false, items };
    }
    const email = await this.emailOf(tx, subjectId);
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
    const receipt = { erasedAt: now.toISOString(), completed: true, items };
    for (const hook of this.hooks) await hook(tx, { subjectId, actor, receipt });
    // Queued after the outbox was emptied, sealed under the key `finish` destroys once it is sent.
    if (email) {
      await this.notifications.enqueue(tx, {
        customerId: subjectId,
        channel: 'email',
        to: email,
        template: options.notice ?? 'erasure_completed',
        params: {},
        idempotencyKey: `erased-${subjectId}`,
      });
    }
    return receipt;
  }

  /**
   * After the erasure has committed: the person is told (the message is sealed under the
   * key about to go), the message row goes like the rest of the outbox, the keys are
   * destroyed, and the file drop forgets the person's messages. Each step is safe to repeat;
   * the retention sweeper repeats the last two for an erasure interrupted here.
   */
  async finish(subjectId: string, items: readonly ErasureItem[]): Promise<void> {
    await this.notifications.deliverFor(subjectId);
    await this.tx.run((tx) => this.repo.with(tx).delete('outbox', { column: 'customer_id' }, subjectId));
    const now = this.clock.now();
    await this.keyring.destroy(subjectId, 'general', now);
    const bookkeeping = items.some((i) => i.rule === 'bookkeeping_5y' && i.rows > 0);
    if (!bookkeeping) await this.keyring.destroy(subjectId, 'bookkeeping', now);
    this.notifications.forgetCopies(subjectId);
  }

  /**
   * Carries on with every erasure that was decided but has not committed: requests whose
   * erasure was interrupted (kept by the request module), then accounts whose last hold
   * was released. Start-up, a job and the retention sweeper run it; it returns how many
   * erasures it completed.
   */
  async resume(): Promise<number> {
    let completed = 0;
    let failure: unknown;
    // One erasure that keeps failing must not hold back the others; the run still fails.
    const attempt = async (work: () => Promise<number>) => {
      try {
        completed += await work();
      } catch (e) {
        failure ??= e;
      }
    };
    for (const resumer of this.resumers) await attempt(resumer);
    for (const id of await this.repo.waitingErasures(1000))
      await attempt(async () => ((await this.erase(id, 'system')).completed ? 1 : 0));
    if (failure) throw failure;
    return completed;
  }

  /** Removes the file drop's copies of messages to people since erased (a crash before `finish` left them). */
  async forgetCopiesOfErased(): Promise<number> {
    let removed = 0;
    for (const id of await this.repo.erasedOrGone(this.notifications.keptSubjects()))
      removed += this.notifications.forgetCopies(id);
    return removed;
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
