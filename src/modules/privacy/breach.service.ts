import { randomUUID } from 'node:crypto';
import type { Clock } from '../../platform/clock.ts';
import type { Transactor } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { BreachRepository } from './breach.repository.ts';
import { type BreachDuties, breachDuties } from './breach.ts';
import { CATEGORIES } from './vocabulary.ts';

export interface Breach {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly categories: string[];
  readonly subjectsAffected: number;
  readonly occurredAt: Date | null;
  readonly foundAt: Date;
  readonly containedAt: Date | null;
  readonly risk: 'none' | 'risk' | 'high_risk';
  readonly authorityNotifiedAt: Date | null;
  readonly authorityNotNotifiedReason: string | null;
  readonly subjectsNotifiedAt: Date | null;
  readonly duties: BreachDuties;
}

/** The breach register: staff write what happened without personal data in the text; the clock runs from discovery. */
export class BreachService {
  constructor(
    private readonly tx: Transactor,
    private readonly db: BreachRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async register(
    staffId: string,
    b: {
      title: string;
      description: string;
      categories: string[];
      subjectsAffected: number;
      foundAt: Date;
      occurredAt?: Date | null;
      risk: 'none' | 'risk' | 'high_risk';
    },
  ): Promise<string> {
    const problems = [
      ...(b.title.trim().length >= 3 ? [] : [{ at: 'title', message: 'required' }]),
      ...(b.description.trim().length >= 10 ? [] : [{ at: 'description', message: 'required' }]),
      ...(b.categories.length > 0 && b.categories.every((c) => c in CATEGORIES)
        ? []
        : [{ at: 'categories', message: 'invalid' }]),
      ...(Number.isInteger(b.subjectsAffected) && b.subjectsAffected >= 0
        ? []
        : [{ at: 'subjectsAffected', message: 'invalid' }]),
      ...(b.foundAt.getTime() <= this.clock.now().getTime() + 60_000
        ? []
        : [{ at: 'foundAt', message: 'in_future' }]),
    ];
    if (problems.length > 0)
      throw new AppError('validation_failed', 'The breach entry is not complete.', problems);
    const id = randomUUID();
    await this.tx.run(async (tx) => {
      await this.db.with(tx).insert({
        id,
        ...b,
        occurredAt: b.occurredAt ?? null,
        createdBy: staffId,
        createdAt: this.clock.now(),
      });
      await this.audit.withTx(tx).record({
        actor: `staff:${staffId}`,
        action: 'breach.registered',
        details: { breach: id, risk: b.risk },
      });
    });
    return id;
  }

  async update(
    staffId: string,
    id: string,
    change: {
      authorityNotifiedAt?: Date;
      authorityNotNotifiedReason?: string;
      subjectsNotifiedAt?: Date;
      containedAt?: Date;
    },
  ): Promise<void> {
    await this.tx.run(async (tx) => {
      if (!(await this.db.with(tx).update(id, change))) throw new AppError('not_found', 'No such breach.');
      await this.audit.withTx(tx).record({
        actor: `staff:${staffId}`,
        action: 'breach.updated',
        details: { breach: id, fields: Object.keys(change) },
      });
    });
  }

  async list(): Promise<Breach[]> {
    const now = this.clock.now();
    return (await this.db.all()).map((r) => {
      const facts = {
        foundAt: r.found_at,
        risk: r.risk,
        authorityNotifiedAt: r.authority_notified_at,
        authorityNotNotifiedReason: r.authority_not_notified_reason,
        subjectsNotifiedAt: r.subjects_notified_at,
      };
      return {
        id: r.id,
        title: r.title,
        description: r.description,
        categories: r.categories,
        subjectsAffected: r.subjects_affected,
        occurredAt: r.occurred_at,
        foundAt: r.found_at,
        containedAt: r.contained_at,
        risk: r.risk,
        authorityNotifiedAt: r.authority_notified_at,
        authorityNotNotifiedReason: r.authority_not_notified_reason,
        subjectsNotifiedAt: r.subjects_notified_at,
        duties: breachDuties(facts, now),
      };
    });
  }
}
