import { randomBytes } from 'node:crypto';
import type { Clock } from '../../platform/clock.ts';
import type { Keyring } from '../../platform/crypto/keyring.ts';
import type { Db, Transactor } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import type { Logger } from '../../platform/logger.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { PermissionService } from '../consents/permission.service.ts';
import type { CustomerService } from '../customers/customer.service.ts';
import { formatOreWhole } from '../identity/money.ts';
import type { NotificationService } from '../notifications/notification.service.ts';
import type { ProcessingGate } from '../privacy/restriction.service.ts';
import { type BasisCode, basisCode } from '../savings/basis-kind.ts';
import type { PricingInput, SavingsResult } from '../savings/calculate-savings.ts';
import { createEnginePool, type EnginePool } from '../savings/engine-pool.ts';
import type { SavingsService } from '../savings/savings.service.ts';
import type { DuePoint, MonitoringRepository } from './monitoring.repository.ts';
import {
  type Channel,
  changeKey,
  DEFAULT_PREFERENCES,
  decideNotification,
  MAX_THRESHOLD_ORE,
  type Preferences,
  stillAbove,
} from './monitoring.ts';

const TOKEN_INDEX = 'monitoring.unsubscribe';
const TOKEN_FIELD = 'monitoring_preferences.unsubscribe_token_enc';
const PAGE = 100;
// Below this many points a page is priced in this thread: starting workers would cost more.
const PARALLEL_FROM = 8;
const INLINE = createEnginePool(0);

/** A consent not given or a restriction: the customer is left alone, which is no failure. */
const isRefusal = (e: unknown): boolean =>
  e instanceof AppError && (e.code === 'consent_required' || e.code === 'processing_restricted');

export interface RepriceReport {
  readonly priced: number;
  readonly notified: number;
  readonly skipped: number;
  readonly failed: number;
}

/**
 * Keeps every metering point's saving current and tells the customer when it crosses their
 * threshold. Prices, offers, invoices and consumption mark what they change; the job
 * re-prices exactly those points. The saving is computed under the analysis consent; a
 * message needs the consent to continued monitoring as well, and no restriction or
 * objection covering monitoring.
 */
export class MonitoringService {
  constructor(
    private readonly tx: Transactor,
    private readonly repo: MonitoringRepository,
    private readonly savings: SavingsService,
    private readonly permissions: PermissionService,
    private readonly gate: ProcessingGate,
    private readonly customers: CustomerService,
    private readonly notifications: NotificationService,
    private readonly keyring: Keyring,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly publicUrl: string,
    /** Engine worker threads for pages worth spreading; 0 prices in this thread. */
    private readonly workers: number,
  ) {}

  /** Spot prices or offers changed in these areas: every metering point there is re-priced. */
  marketChanged(areas: readonly string[], tx?: Db): Promise<void> {
    return (tx ? this.repo.with(tx) : this.repo).bumpMarket(areas, this.clock.now());
  }

  /** Inside the changing transaction: a metering point's consumption or contract changed. */
  meteringPointsChanged(tx: Db, meteringPointIds: readonly string[]): Promise<void> {
    return this.repo.with(tx).markChanged(meteringPointIds);
  }

  /** Inside the changing transaction: a customer's invoices changed, which may tell their current contract. */
  customerChanged(tx: Db, customerId: string): Promise<void> {
    return this.repo.with(tx).markCustomerChanged(customerId);
  }

  async preferences(customerId: string): Promise<Preferences> {
    const row = await this.repo.preferences(customerId);
    return row
      ? { channel: row.channel, thresholdOre: row.thresholdOre, paused: row.paused }
      : DEFAULT_PREFERENCES;
  }

  async setPreferences(customerId: string, p: Preferences, actor: string): Promise<void> {
    await this.permissions.require(customerId, [{ kind: 'consent', scope: 'continued_monitoring' }]);
    if (
      (p.channel !== 'email' && p.channel !== 'sms') ||
      !Number.isInteger(p.thresholdOre) ||
      p.thresholdOre < 0 ||
      p.thresholdOre > MAX_THRESHOLD_ORE
    ) {
      throw new AppError('validation_failed', 'Not a valid notification choice.', [
        { at: 'preferences', message: 'channel email or sms, threshold 0 to 100,000 kroner' },
      ]);
    }
    if (p.channel === 'sms' && !(await this.customers.profile(customerId)).phone) {
      throw new AppError('validation_failed', 'Text messages need a mobile number on the account.', [
        { at: 'channel', message: 'no_phone' },
      ]);
    }
    await this.tx.run(async (t) => {
      await this.repo.with(t).savePreferences(customerId, p, this.clock.now());
      await this.audit.withTx(t).record({
        actor,
        action: 'monitoring.preferences_changed',
        subjectId: customerId,
        purpose: 'monitoring',
        details: { channel: p.channel, thresholdOre: p.thresholdOre, paused: p.paused },
      });
    });
  }

  /** The unsubscribe link: pauses every message, without signing in. False for a link that is not (or no longer) valid. */
  async unsubscribe(token: string): Promise<boolean> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return false;
    const customerId = await this.repo.customerOfToken(await this.keyring.index(TOKEN_INDEX, token));
    if (!customerId) return false;
    const current = await this.preferences(customerId);
    await this.tx.run(async (t) => {
      await this.repo.with(t).savePreferences(customerId, { ...current, paused: true }, this.clock.now());
      await this.audit.withTx(t).record({
        actor: 'unsubscribe-link',
        action: 'monitoring.unsubscribed',
        subjectId: customerId,
        purpose: 'monitoring',
      });
    });
    return true;
  }

  /**
   * The scheduled job: re-prices what is due, a page at a time. Each page's series are read
   * and decrypted here, priced on the engine's worker threads, and each result stored (and
   * told) in its own transaction, so memory stays at one page and a crash loses one page.
   */
  async repriceDue(limit = Number.POSITIVE_INFINITY): Promise<RepriceReport> {
    const report = { priced: 0, notified: 0, skipped: 0, failed: 0 };
    let after: string | null = null;
    let seen = 0;
    while (seen < limit) {
      const page = await this.repo.due(after, Math.min(PAGE, limit - seen));
      if (page.length === 0) break;
      after = page[page.length - 1]?.meteringPointId ?? null;
      seen += page.length;
      const ready: { point: DuePoint; input: PricingInput }[] = [];
      for (const point of page) {
        try {
          // The savings service asks the consent and the restrictions itself; a refusal is a skip, not a failure.
          const prepared = await this.savings.inputFor(point.customerId, point.meteringPointId);
          ready.push({ point, input: prepared.input });
        } catch (e) {
          if (isRefusal(e)) report.skipped++;
          else this.failed(report, e);
        }
      }
      const engine = ready.length >= PARALLEL_FROM ? this.engine() : INLINE;
      const results = await engine.run(ready.map((r) => r.input));
      for (const [i, { point }] of ready.entries()) {
        try {
          const outcome = await this.store(point, results[i] as SavingsResult);
          report.priced++;
          if (outcome === 'notified') report.notified++;
        } catch (e) {
          this.failed(report, e);
        }
      }
    }
    if (report.priced + report.failed > 0) this.logger.info(report, 'metering points re-priced');
    return report;
  }

  /** Stops the engine's worker threads, if they were started. */
  async close(): Promise<void> {
    await this.pool?.close();
    this.pool = undefined;
  }

  private pool: EnginePool | undefined;

  private engine(): EnginePool {
    this.pool ??= createEnginePool(this.workers);
    return this.pool;
  }

  private failed(report: { failed: number }, e: unknown): void {
    report.failed++;
    this.logger.warn(
      { code: e instanceof AppError ? e.code : 'internal' },
      'repricing a metering point failed',
    );
  }

  /**
   * Whether a saving notice may go to this customer now: the consent to continued
   * monitoring and no restriction or objection. Asked when a notice is queued and again by
   * the outbox the moment before it is sent.
   */
  async mayNotify(customerId: string): Promise<{ consent: boolean; allowed: boolean }> {
    return {
      consent: await this.permissions.isActive(customerId, 'consent', 'continued_monitoring'),
      allowed: await this.gate.mayProcess(customerId, 'monitoring'),
    };
  }

  private async store(point: DuePoint, result: SavingsResult): Promise<'priced' | 'notified'> {
    const { customerId } = point;
    const saving = result.yearlySavingOre;
    const preferences = await this.preferences(customerId);
    const decision = decideNotification({
      savingOre: saving,
      preferences,
      notifiedAbove: point.notifiedAbove,
      ...(await this.mayNotify(customerId)),
    });
    const now = this.clock.now();
    const message = decision.notify
      ? await this.message(customerId, preferences.channel, saving ?? 0, basisCode(result.basis.kind))
      : undefined;
    await this.tx.run(async (t) => {
      await this.repo.with(t).saveSnapshot({
        meteringPointId: point.meteringPointId,
        customerId,
        marketVersion: point.marketVersion,
        computedVersion: point.dataVersion,
        computedAt: now,
        bestOfferId: result.best?.offer.id ?? null,
        yearlySavingOre: saving,
        notifiedAbove: message ? true : stillAbove(saving, preferences.thresholdOre, point.notifiedAbove),
        notifiedAt: message ? now : null,
        basis: basisCode(result.basis.kind),
      });
      if (message) {
        await this.notifications.enqueue(t, {
          customerId,
          ...message,
          idempotencyKey: changeKey(point.meteringPointId, point.marketVersion, point.dataVersion),
        });
      }
    });
    return message ? 'notified' : 'priced';
  }

  /** The message, to the chosen channel (e-mail when no mobile number is on the account), with the unsubscribe link. */
  private async message(customerId: string, channel: Channel, savingOre: number, basis: BasisCode) {
    const profile = await this.customers.profile(customerId);
    const sms = channel === 'sms' && profile.phone !== null;
    const token = await this.unsubscribeToken(customerId);
    return {
      channel: sms ? ('sms' as const) : ('email' as const),
      to: sms ? (profile.phone as string) : profile.email,
      template: 'saving_found' as const,
      params: {
        amountNb: formatOreWhole(savingOre, 'nb'),
        amountEn: formatOreWhole(savingOre, 'en'),
        basis,
        url: `${this.publicUrl}/min-side`,
        unsubscribeUrl: `${this.publicUrl}/varsler/avmeld/${token}`,
      },
    };
  }

  /** One token per customer, kept sealed so later messages carry the same link; looked up by its keyed hash. */
  private async unsubscribeToken(customerId: string): Promise<string> {
    const now = this.clock.now();
    const row = await this.repo.preferences(customerId);
    if (row?.unsubscribeTokenEnc) {
      return (await this.keyring.cipherFor(customerId, 'general', now)).openText(
        TOKEN_FIELD,
        row.unsubscribeTokenEnc,
      );
    }
    if (!row) await this.repo.savePreferences(customerId, DEFAULT_PREFERENCES, now);
    const token = randomBytes(32).toString('base64url');
    const cipher = await this.keyring.cipherForWriting(customerId, 'general', now);
    await this.repo.setToken(
      customerId,
      cipher.sealText(TOKEN_FIELD, token),
      await this.keyring.index(TOKEN_INDEX, token),
    );
    return token;
  }

  snapshots(customerId: string) {
    return this.repo.snapshotsOf(customerId);
  }
}
