import type { Clock } from '../../platform/clock.ts';
import type { Transactor } from '../../platform/db/database.ts';
import type { Logger } from '../../platform/logger.ts';
import type { NotificationService } from '../notifications/notification.service.ts';
import { type Art30Record, buildArt30 } from './art30.ts';
import type { PolicyRepository } from './policy.repository.ts';
import {
  buildPolicy,
  describeChanges,
  fingerprint,
  isMaterial,
  type MaterialChanges,
  materialChanges,
  type PolicyDocument,
} from './policy.ts';
import type { Processor } from './processors.ts';

export interface PublishedPolicy {
  readonly version: number;
  readonly publishedAt: Date;
  readonly document: PolicyDocument;
}

/** Where the notice-sending service finds who to tell: active customers with an e-mail address, in batches. */
export type ContactSource = (
  afterId: string | null,
  limit: number,
) => Promise<{ id: string; email: string }[]>;

/**
 * Publishes the policy the running code describes. Each start compares the document with
 * the last published version; any difference makes a new version, and a material one (a
 * new purpose, category or processor) queues a notice to every customer with an e-mail.
 */
export class PolicyService {
  private cached: PublishedPolicy | undefined;

  constructor(
    private readonly tx: Transactor,
    private readonly repo: PolicyRepository,
    private readonly notifications: NotificationService,
    private readonly contacts: ContactSource,
    private readonly controller: { name: string; contact: string },
    private readonly processors: readonly Processor[],
    private readonly publicUrl: string,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  document(): PolicyDocument {
    return buildPolicy(this.controller, this.processors);
  }

  async publish(): Promise<{
    policy: PublishedPolicy;
    created: boolean;
    changes: MaterialChanges;
    notified: number;
  }> {
    const doc = this.document();
    const fp = fingerprint(doc);
    const latest = await this.repo.latest();
    const none = { purposes: [], categories: [], processors: [] };
    if (latest?.fingerprint === fp) {
      this.cached = { version: latest.version, publishedAt: latest.publishedAt, document: doc };
      return { policy: this.cached, created: false, changes: none, notified: 0 };
    }
    const changes = materialChanges(latest?.snapshot ?? null, doc);
    const material = isMaterial(changes);
    const version = (latest?.version ?? 0) + 1;
    const publishedAt = this.clock.now();
    const created = await this.repo.insert({
      version,
      fingerprint: fp,
      material,
      changes,
      snapshot: doc,
      publishedAt,
    });
    if (!created) return this.publish();
    this.cached = { version, publishedAt, document: doc };
    const notified = material ? await this.notifyAll(version, changes, doc) : 0;
    this.logger.info({ version, material, notified }, 'privacy policy published');
    return { policy: this.cached, created: true, changes, notified };
  }

  private async notifyAll(version: number, changes: MaterialChanges, doc: PolicyDocument): Promise<number> {
    let after: string | null = null;
    let count = 0;
    for (;;) {
      const batch = await this.contacts(after, 500);
      if (batch.length === 0) return count;
      await this.tx.run(async (tx) => {
        for (const c of batch) {
          const queued = await this.notifications.enqueue(tx, {
            customerId: c.id,
            channel: 'email',
            to: c.email,
            template: 'policy_changed',
            params: {
              version: String(version),
              changesNb: describeChanges(changes, doc, 'nb'),
              changesEn: describeChanges(changes, doc, 'en'),
              urlNb: `${this.publicUrl}/personvern`,
              urlEn: `${this.publicUrl}/en/privacy`,
            },
            idempotencyKey: `policy-${version}-${c.id}`,
          });
          if (queued) count++;
        }
      });
      after = batch[batch.length - 1]?.id ?? null;
    }
  }

  /** The published version (publishing first if this process has not yet). */
  async current(): Promise<PublishedPolicy> {
    if (this.cached) return this.cached;
    return (await this.publish()).policy;
  }

  async art30(): Promise<Art30Record> {
    const current = await this.current();
    return buildArt30(current.document, current.version, this.clock.now());
  }

  history() {
    return this.repo.history();
  }
}
