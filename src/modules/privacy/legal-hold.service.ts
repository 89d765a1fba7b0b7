import { randomUUID } from 'node:crypto';
import type { Clock } from '../../platform/clock.ts';
import type { Keyring } from '../../platform/crypto/keyring.ts';
import type { Transactor } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { requireCapability, type StaffRolesOf } from '../staff/staff.ts';
import type { ErasureService } from './erasure.service.ts';
import type { LegalHoldRepository } from './legal-hold.repository.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface LegalHold {
  readonly id: string;
  readonly customerId: string;
  readonly reason: string;
  readonly placedBy: string;
  readonly placedAt: Date;
}

/**
 * Legal holds (disputes): while one is active nothing of the customer is deleted, not by
 * erasure, not by a withdrawn consent, not by the retention sweeper. Releasing the last
 * hold of a customer who asked for erasure finishes that erasure at once.
 */
export class LegalHoldService {
  constructor(
    private readonly tx: Transactor,
    private readonly holds: LegalHoldRepository,
    private readonly erasure: ErasureService,
    private readonly customerStatus: (customerId: string) => Promise<string | undefined>,
    private readonly keyring: Keyring,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly staffRoles: StaffRolesOf,
  ) {}

  private async authorize(staffId: string): Promise<void> {
    requireCapability(await this.staffRoles(staffId), 'holds.manage');
  }

  async place(customerId: string, staffId: string, reason: string): Promise<string> {
    await this.authorize(staffId);
    const text = reason.trim();
    if (text.length < 5)
      throw new AppError('validation_failed', 'A hold needs a reason.', [
        { at: 'reason', message: 'required' },
      ]);
    const status = UUID.test(customerId) ? await this.customerStatus(customerId) : undefined;
    if (!status || status === 'erased') throw new AppError('not_found', 'No such customer.');
    const now = this.clock.now();
    const id = randomUUID();
    const cipher = await this.keyring.cipherForWriting(customerId, 'general', now);
    await this.tx.run(async (tx) => {
      await this.holds.with(tx).place({
        id,
        customerId,
        reasonEnc: cipher.sealText(`legal_holds.reason_enc/${id}`, text),
        placedBy: staffId,
        placedAt: now,
      });
      await this.audit.withTx(tx).record({
        actor: `staff:${staffId}`,
        action: 'legal_hold.placed',
        subjectId: customerId,
        purpose: 'legal_claims',
        details: { hold: id },
      });
    });
    return id;
  }

  /**
   * Releases a hold. Releasing the last hold of an account waiting for erasure erases it in
   * the same transaction, so the hold is never gone while the erasure it kept back is undone.
   */
  async release(holdId: string, staffId: string): Promise<{ erasureCompleted: boolean }> {
    await this.authorize(staffId);
    const now = this.clock.now();
    const done = await this.tx.run(async (tx) => {
      const id = await this.holds.with(tx).release(holdId, staffId, now);
      if (!id) throw new AppError('not_found', 'No active hold with that id.');
      await this.audit.withTx(tx).record({
        actor: `staff:${staffId}`,
        action: 'legal_hold.released',
        subjectId: id,
        purpose: 'legal_claims',
        details: { hold: holdId },
      });
      if (await this.holds.with(tx).hasActive(id)) return null;
      const receipt = await this.erasure.eraseIn(tx, id, 'system', { onlyWaiting: true });
      return receipt ? { customerId: id, receipt } : null;
    });
    if (!done?.receipt.completed) return { erasureCompleted: false };
    await this.erasure.finish(done.customerId, done.receipt.items);
    return { erasureCompleted: true };
  }

  async active(): Promise<LegalHold[]> {
    const rows = await this.holds.active();
    const out: LegalHold[] = [];
    for (const r of rows) {
      let reason = '[unreadable]';
      try {
        const cipher = await this.keyring.cipherFor(r.customerId, 'general', this.clock.now());
        reason = cipher.openText(`legal_holds.reason_enc/${r.id}`, r.reasonEnc);
      } catch {
        // A hold outliving its subject's key keeps its dates; the reason is gone with the key.
      }
      out.push({ id: r.id, customerId: r.customerId, reason, placedBy: r.placedBy, placedAt: r.placedAt });
    }
    return out;
  }

  hasActive(customerId: string): Promise<boolean> {
    return this.holds.hasActive(customerId);
  }
}
