import type { Clock } from '../../platform/clock.ts';
import type { Db, Transactor } from '../../platform/db/database.ts';
import type { AuditRepository } from './audit.repository.ts';
import type { AuditAction } from './audit-actions.ts';
import { type ChainVerdict, ChainVerifier } from './audit-chain.ts';

export interface AuditEvent {
  readonly actor: string;
  readonly action: AuditAction;
  readonly subjectId?: string | null;
  readonly purpose?: string | null;
  readonly details?: Record<string, unknown>;
}

/** Writes audit rows in the caller's transaction (bind with `withTx`) and verifies the chain. */
export class AuditService {
  constructor(
    private readonly repo: AuditRepository,
    private readonly clock: Clock,
    private readonly tx: Transactor,
  ) {}

  withTx(tx: Db): AuditService {
    return new AuditService(this.repo.with(tx), this.clock, this.tx);
  }

  record(event: AuditEvent): Promise<number> {
    return this.repo.append({
      occurredAt: this.clock.now(),
      actor: event.actor,
      action: event.action,
      subjectId: event.subjectId ?? null,
      purpose: event.purpose ?? null,
      details: event.details ?? {},
    });
  }

  /** A system event in a transaction of its own (operations that are not part of a data change). */
  recordSystem(action: AuditAction, details: Record<string, unknown>): Promise<number> {
    return this.tx.run((tx) => this.withTx(tx).record({ actor: 'system', action, details }));
  }

  recent(limit = 50) {
    return this.repo.recent(limit);
  }

  async verify(): Promise<ChainVerdict> {
    const head = await this.repo.head();
    const verifier = new ChainVerifier({ id: head?.baseId ?? 0, hash: head?.baseHash ?? null });
    for await (const row of this.repo.rowsInOrder()) if (!verifier.add(row)) break;
    return verifier.finish(head);
  }
}
