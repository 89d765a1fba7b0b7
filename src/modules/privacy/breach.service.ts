import { randomUUID } from 'node:crypto';
import type { Clock } from '../../platform/clock.ts';
import type { Transactor } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { NotificationService } from '../notifications/notification.service.ts';
import { requireCapability, type StaffRolesOf } from '../staff/staff.ts';
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
  /** People recorded by name as affected (the count above may be an estimate of more). */
  readonly subjectsLinked: number;
  readonly duties: BreachDuties;
}

/** What the people affected are told (Art. 34(2) with Art. 33(3)(b)–(d)), besides what happened. */
export interface BreachNotice {
  readonly consequences: string;
  readonly measures: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The breach register: staff write what happened without personal data in the text; the clock runs from discovery. */
export class BreachService {
  constructor(
    private readonly tx: Transactor,
    private readonly db: BreachRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly staffRoles: StaffRolesOf,
    private readonly people?: {
      readonly notifications: NotificationService;
      /** Whether the customer exists and is not erased. */
      readonly isActive: (customerId: string) => Promise<boolean>;
      /** The address to write to; null when there is none to use. */
      readonly emailOf: (customerId: string) => Promise<string | null>;
      /** Who the people affected can contact: the data protection officer. */
      readonly contact: string;
    },
  ) {}

  private async authorize(staffId: string): Promise<void> {
    requireCapability(await this.staffRoles(staffId), 'breaches.manage');
  }

  private get subjects() {
    if (!this.people) throw new AppError('internal', 'The breach register was built without its people.');
    return this.people;
  }

  /**
   * Records a person as affected by a breach, by the customer ID on their card, so they can
   * be told. Audited with the person as its subject (their access extract shows it).
   */
  async addSubject(staffId: string, breachId: string, customerId: string): Promise<boolean> {
    await this.authorize(staffId);
    const id = customerId.trim().toLowerCase();
    if (!UUID.test(id) || !(await this.subjects.isActive(id)))
      throw new AppError('validation_failed', 'No such customer.', [
        { at: 'customer', message: 'customer_not_found' },
      ]);
    return this.tx.run(async (tx) => {
      const repo = this.db.with(tx);
      if (!(await repo.find(breachId))) throw new AppError('not_found', 'No such breach.');
      const added = await repo.addSubject(breachId, id);
      if (added)
        await this.audit.withTx(tx).record({
          actor: `staff:${staffId}`,
          action: 'breach.subject_added',
          subjectId: id,
          purpose: 'breach_handling',
          details: { breach: breachId },
        });
      return added;
    });
  }

  /**
   * Tells every person recorded as affected what happened, what it may mean for them, what
   * is done about it and whom to contact (Art. 34), by e-mail through the outbox, in one
   * transaction with the record that they were told. Each person is told once per breach.
   */
  async notifySubjects(
    staffId: string,
    breachId: string,
    notice: BreachNotice,
  ): Promise<{ queued: number; withoutAddress: number }> {
    await this.authorize(staffId);
    const problems = [
      ...(notice.consequences.trim().length >= 10 ? [] : [{ at: 'consequences', message: 'required' }]),
      ...(notice.measures.trim().length >= 10 ? [] : [{ at: 'measures', message: 'required' }]),
      ...(notice.consequences.length + notice.measures.length <= 4000
        ? []
        : [{ at: 'measures', message: 'notice_too_long' }]),
    ];
    if (problems.length > 0) throw new AppError('validation_failed', 'The notice is not complete.', problems);
    const breach = await this.db.find(breachId);
    if (!breach) throw new AppError('not_found', 'No such breach.');
    const ids = await this.db.subjectsOf(breachId);
    if (ids.length === 0)
      throw new AppError('validation_failed', 'Nobody is recorded as affected yet.', [
        { at: 'consequences', message: 'no_subjects' },
      ]);
    // Addresses are read before the transaction: the key store is another database.
    const addresses = new Map<string, string>();
    for (const id of ids) {
      const email = await this.subjects.emailOf(id);
      if (email) addresses.set(id, email);
    }
    const now = this.clock.now();
    let queued = 0;
    await this.tx.run(async (tx) => {
      for (const [customerId, to] of addresses) {
        const fresh = await this.subjects.notifications.enqueue(tx, {
          customerId,
          channel: 'email',
          to,
          template: 'breach_notice',
          params: {
            title: breach.title,
            description: breach.description,
            consequences: notice.consequences.trim(),
            measures: notice.measures.trim(),
            contact: this.subjects.contact,
          },
          idempotencyKey: `breach-notice:${breachId}:${customerId}`,
        });
        if (fresh) queued++;
      }
      await this.db.with(tx).update(breachId, { subjectsNotifiedAt: now });
      await this.audit.withTx(tx).record({
        actor: `staff:${staffId}`,
        action: 'breach.subjects_notified',
        purpose: 'breach_handling',
        details: { breach: breachId, queued, withoutAddress: ids.length - addresses.size },
      });
    });
    return { queued, withoutAddress: ids.length - addresses.size };
  }

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
    await this.authorize(staffId);
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
    await this.authorize(staffId);
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
    const linked = await this.db.subjectCounts();
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
        subjectsLinked: linked.get(r.id) ?? 0,
        duties: breachDuties(facts, now),
      };
    });
  }
}
