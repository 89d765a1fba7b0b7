import { randomUUID } from 'node:crypto';
import type { Clock } from '../../platform/clock.ts';
import type { Db, Transactor } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { RestrictionRepository, RestrictionRow } from './restriction.repository.ts';

/**
 * Purposes that count as processing beyond storage. Restriction (Art. 18) stops all of
 * them; an objection (Art. 21) stops the ones it names; an objection to direct marketing
 * stops marketing at once and for good. Storage, bookkeeping and the handling of the
 * person's own requests go on: those are not stopped by a restriction.
 */
export const PROCESSING_PURPOSES = ['savings_analysis', 'monitoring', 'marketing'] as const;
export type ProcessingPurpose = (typeof PROCESSING_PURPOSES)[number];

/** What other modules ask before they process: a single question, answered from the active restrictions. */
export interface ProcessingGate {
  assertMayProcess(customerId: string, purpose: ProcessingPurpose): Promise<void>;
  mayProcess(customerId: string, purpose: ProcessingPurpose): Promise<boolean>;
}

export class RestrictionService implements ProcessingGate {
  constructor(
    private readonly tx: Transactor,
    private readonly repo: RestrictionRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async mayProcess(customerId: string, purpose: ProcessingPurpose): Promise<boolean> {
    const active = await this.repo.active(customerId);
    return !active.some((r) => r.purposes.includes(purpose));
  }

  async assertMayProcess(customerId: string, purpose: ProcessingPurpose): Promise<void> {
    if (!(await this.mayProcess(customerId, purpose))) {
      throw new AppError('processing_restricted', 'Processing is restricted for this purpose.', [
        { at: purpose, message: 'restricted' },
      ]);
    }
  }

  active(customerId: string): Promise<RestrictionRow[]> {
    return this.repo.active(customerId);
  }

  /** Places a restriction or objection inside the caller's transaction (a request being completed) or its own. */
  async place(
    customerId: string,
    kind: RestrictionRow['kind'],
    purposes: readonly ProcessingPurpose[],
    actor: string,
    requestId: string | null = null,
    tx?: Db,
  ): Promise<string> {
    if (purposes.length === 0 || purposes.some((p) => !PROCESSING_PURPOSES.includes(p))) {
      throw new AppError('validation_failed', 'Unknown purposes.', [{ at: 'purposes', message: 'invalid' }]);
    }
    const id = randomUUID();
    const work = async (t: Db) => {
      await this.repo
        .with(t)
        .place({ id, customerId, kind, purposes: [...purposes], requestId, placedAt: this.clock.now() });
      await this.audit.withTx(t).record({
        actor,
        action: `processing.${kind}_placed`,
        subjectId: customerId,
        purpose: 'data_subject_rights',
        details: { restriction: id, purposes: [...purposes] },
      });
    };
    if (tx) await work(tx);
    else await this.tx.run(work);
    return id;
  }

  async lift(customerId: string, id: string, actor: string): Promise<void> {
    await this.tx.run(async (t) => {
      if (!(await this.repo.with(t).lift(id, customerId, this.clock.now()))) {
        throw new AppError('not_found', 'No active restriction with that id.');
      }
      await this.audit.withTx(t).record({
        actor,
        action: 'processing.restriction_lifted',
        subjectId: customerId,
        purpose: 'data_subject_rights',
        details: { restriction: id },
      });
    });
  }
}
