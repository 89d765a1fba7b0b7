import { randomUUID } from 'node:crypto';
import type { Clock } from '../../platform/clock.ts';
import type { Keyring } from '../../platform/crypto/keyring.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import type { Logger } from '../../platform/logger.ts';
import type { OutboxRepository } from './outbox.repository.ts';
import type { MessageSender } from './senders.ts';
import { renderTemplate, type TemplateName } from './templates.ts';

export const MAX_ATTEMPTS = 8;

interface Payload {
  readonly to: string;
  readonly params: Record<string, string>;
}

export interface DeliveryReport {
  readonly sent: number;
  readonly retried: number;
  readonly failed: number;
  readonly discarded: number;
}

/**
 * The outbox: a message is queued in the same transaction as the change that causes it,
 * with an idempotency key so it is queued once, and its address and content encrypted
 * under the customer's key, so an erased customer's queued mail can no longer be read or
 * sent. A job delivers due messages with exponential backoff.
 */
export class NotificationService {
  constructor(
    private readonly outbox: OutboxRepository,
    private readonly keyring: Keyring,
    private readonly senders: Readonly<Record<'email' | 'sms', MessageSender>>,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  async enqueue(
    tx: Db,
    m: {
      customerId: string;
      channel: 'email' | 'sms';
      to: string;
      template: TemplateName;
      params: Record<string, string>;
      idempotencyKey: string;
    },
  ): Promise<boolean> {
    const id = randomUUID();
    const now = this.clock.now();
    const cipher = await this.keyring.cipherForWriting(m.customerId, 'general', now);
    const payload: Payload = { to: m.to, params: m.params };
    return this.outbox.with(tx).enqueue({
      id,
      customerId: m.customerId,
      channel: m.channel,
      template: m.template,
      payloadEnc: cipher.sealJson(`outbox.payload_enc/${id}`, payload),
      idempotencyKey: m.idempotencyKey,
      at: now,
    });
  }

  private readonly guards = new Map<TemplateName, (customerId: string) => Promise<boolean>>();

  /**
   * A message sent under a consent (a saving notice under the consent to monitoring) is
   * asked again the moment before it is sent: a consent withdrawn or a restriction placed
   * after it was queued keeps it from going out.
   */
  guard(template: TemplateName, maySend: (customerId: string) => Promise<boolean>): void {
    this.guards.set(template, maySend);
  }

  deliverDue(limit = 100): Promise<DeliveryReport> {
    return this.deliver(limit);
  }

  /**
   * Delivers one person's due messages now: an erasure tells the person it is done before
   * their key, which the message is sealed under, is destroyed.
   */
  deliverFor(customerId: string): Promise<DeliveryReport> {
    return this.deliver(100, customerId);
  }

  /** Removes the copies a sender keeps of a person's messages (the file drop); returns how many. */
  forgetCopies(subjectId: string): number {
    let removed = 0;
    for (const sender of Object.values(this.senders)) removed += sender.forget?.(subjectId) ?? 0;
    return removed;
  }

  /** The people whose messages a sender keeps copies of. */
  keptSubjects(): string[] {
    return [...new Set(Object.values(this.senders).flatMap((s) => s.keptSubjects?.() ?? []))];
  }

  private async deliver(limit: number, customerId?: string): Promise<DeliveryReport> {
    const now = this.clock.now();
    const due = await this.outbox.claimDue(now, limit, 5 * 60_000, customerId);
    const report = { sent: 0, retried: 0, failed: 0, discarded: 0 };
    for (const m of due) {
      let payload: Payload;
      try {
        if (!m.customerId) throw new AppError('crypto_failure', 'no subject');
        const cipher = await this.keyring.cipherFor(m.customerId, 'general', now);
        payload = cipher.openJson<Payload>(`outbox.payload_enc/${m.id}`, m.payloadEnc);
      } catch {
        // The customer was erased after this was queued: it can no longer be read, and must not be sent.
        await this.outbox.discard(m.id, 'unreadable: subject erased');
        report.discarded++;
        continue;
      }
      const guard = this.guards.get(m.template as TemplateName);
      if (guard && m.customerId && !(await guard(m.customerId))) {
        await this.outbox.discard(m.id, 'not sent: no consent, or processing restricted');
        report.discarded++;
        continue;
      }
      try {
        const rendered = renderTemplate(m.template as TemplateName, payload.params);
        await this.senders[m.channel].send(payload.to, rendered.subject, rendered.text, m.customerId);
        await this.outbox.markSent(m.id, this.clock.now());
        report.sent++;
      } catch (e) {
        const attempts = m.attempts + 1;
        const giveUp = attempts >= MAX_ATTEMPTS;
        const next = new Date(this.clock.now().getTime() + 60_000 * 2 ** Math.min(attempts, 10));
        // The error text is the transport's, which carries no message content; addresses are cut out.
        const error = (e as Error).message.replace(/\S+@\S+|\+?\d{8,}/g, '[address]');
        await this.outbox.markRetry(m.id, attempts, next, error, giveUp);
        if (giveUp) report.failed++;
        else report.retried++;
        this.logger.warn({ message: m.id, attempts, giveUp }, 'message delivery failed');
      }
    }
    return report;
  }
}
