import type { Clock } from '../../platform/clock.ts';
import type { Keyring } from '../../platform/crypto/keyring.ts';
import type { Transactor } from '../../platform/db/database.ts';
import type { Job } from '../../platform/jobs/scheduler.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { addMonths } from '../consents/permission.ts';
import { DATA_MAP, personalColumns } from '../privacy/data-map.ts';
import type { ErasureService } from '../privacy/erasure.service.ts';
import type { RetentionRepository } from './retention.repository.ts';
import { afterAccountingYear, staffRemovalCutoff } from './retention-rules.ts';

/**
 * Deletes every record whose retention rule has run out, in batches of its own
 * transaction: safe to stop at any point (a killed run leaves whole batches done and the
 * rest for the next run) and idempotent (a second run finds nothing). Reports counts per
 * category of personal data. A legal hold keeps a customer's records out of every step.
 */
export interface SweepReport {
  readonly dryRun: boolean;
  readonly byTable: Record<string, number>;
  readonly byCategory: Record<string, number>;
  readonly keysDestroyed: number;
  readonly erasuresCompleted: number;
  /** Files of the message drop that still held an erased person's messages. */
  readonly copiesForgotten: number;
}

const yearsBefore = (d: Date, years: number) => {
  const x = new Date(d);
  x.setUTCFullYear(x.getUTCFullYear() - years);
  return x;
};

/** The date whose accounting-year rule (end of year + years, months) has run out by `now`. */
const accountingCutoff = (now: Date, years: number, months: number): Date => {
  // A record from year Y goes after afterAccountingYear(Y); find the last year whose date is past.
  let y = now.getUTCFullYear();
  while (afterAccountingYear(new Date(Date.UTC(y, 0, 1)), years, months) >= now.toISOString().slice(0, 10))
    y--;
  return new Date(Date.UTC(y + 1, 0, 1));
};

const categoryOf = (table: string): string => {
  const spec = DATA_MAP[table];
  const cats = spec ? [...new Set(personalColumns(spec).map(([, c]) => c.category))] : [];
  return cats[0] ?? 'not-personal';
};

export class RetentionSweeper {
  constructor(
    private readonly tx: Transactor,
    private readonly repo: RetentionRepository,
    private readonly erasure: ErasureService,
    private readonly keyring: Keyring,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly batchSize = 500,
  ) {}

  async run(
    options: {
      dryRun?: boolean;
      onBatch?: (table: string, n: number) => void;
      /**
       * Dry runs only: count as if the sweep ran on this date, so staff see what falls due
       * when. A real sweep always runs on today's date.
       */
      asOf?: Date;
    } = {},
  ): Promise<SweepReport> {
    const dryRun = options.dryRun ?? false;
    const now = dryRun && options.asOf ? options.asOf : this.clock.now();
    const today = now.toISOString().slice(0, 10);
    const byTable: Record<string, number> = {};
    const add = (table: string, n: number) => {
      if (n > 0) byTable[table] = (byTable[table] ?? 0) + n;
    };
    /** Repeats a step until it deletes less than a batch (once on a dry run, which only counts). */
    const loop = async (table: string, step: (repo: RetentionRepository) => Promise<number>) => {
      for (;;) {
        // A dry run only counts: no transaction to open, nothing to hold together.
        const n = dryRun ? await step(this.repo) : await this.tx.run((tx) => step(this.repo.with(tx)));
        add(table, n);
        if (n > 0 && !dryRun) options.onBatch?.(table, n);
        if (dryRun || n < this.batchSize) return;
      }
    };
    const b = this.batchSize;

    // Erasures that were decided but did not commit (a crash, an error, a hold now released)
    // finish first, so their data is swept below.
    const erasuresCompleted = dryRun ? 0 : await this.erasure.resume();
    await loop('sessions', (r) => r.expiredSessions(now, b, dryRun));
    await loop('staff_sessions', (r) => r.expiredStaffSessions(now, b, dryRun));
    await loop('privacy_request_codes', (r) => r.expiredRequestCodes(now, b, dryRun));
    await loop('sign_in_limits', (r) => r.endedAttemptWindows(now, b, dryRun));
    await loop('staff_users', (r) => r.endedStaffAccounts(staffRemovalCutoff(now), now, b, dryRun));
    await loop('consumption_series', (r) => r.oldConsumption(addMonths(now, -16), b, dryRun));
    await loop('export_runs', (r) => r.oldExportRuns(new Date(now.getTime() - 7 * 86_400_000), b, dryRun));
    await loop('outbox', (r) => r.oldMessages(new Date(now.getTime() - 30 * 86_400_000), b, dryRun));
    await loop('invoices', (r) => r.expiredInvoices(today, b, dryRun));
    const agreementsCutoff = accountingCutoff(now, 3, 6);
    /** Steps that sweep several tables at once are counted once on a dry run, not once per table. */
    const loopTables = async (
      tables: readonly string[],
      step: (repo: RetentionRepository) => Promise<number[]>,
    ) => {
      if (dryRun) {
        const counts = await step(this.repo);
        for (const [i, table] of tables.entries()) add(table, counts[i] ?? 0);
        return;
      }
      for (const [i, table] of tables.entries()) await loop(table, async (r) => (await step(r))[i] ?? 0);
    };
    await loopTables(['permission_events', 'power_of_attorney_uses'], (r) =>
      r.oldPermissionRecords(agreementsCutoff, b, dryRun),
    );
    const requestsCutoff = yearsBefore(now, 3);
    await loopTables(['privacy_requests', 'processing_restrictions', 'legal_holds'], (r) =>
      r.oldRequests(requestsCutoff, b, dryRun),
    );
    await loop('breach_subjects', (r) => r.oldBreachSubjects(yearsBefore(now, 5), b, dryRun));
    await loop('cookie_choices', (r) => r.oldCookieChoices(yearsBefore(now, 1), b, dryRun));
    await this.pruneAudit(yearsBefore(now, 5), dryRun, add, options.onBatch);
    // Keys before account rows: a key is found through its erased account row.
    const keysDestroyed = dryRun ? 0 : await this.destroySpentKeys();
    // The file drop's copies of an erased person's messages that a crash after the erasure left.
    const copiesForgotten = dryRun ? 0 : await this.erasure.forgetCopiesOfErased();
    await loop('customers', (r) => r.emptyTombstones(agreementsCutoff, b, dryRun));

    const byCategory: Record<string, number> = {};
    for (const [table, n] of Object.entries(byTable))
      byCategory[categoryOf(table)] = (byCategory[categoryOf(table)] ?? 0) + n;
    const report = { dryRun, byTable, byCategory, keysDestroyed, erasuresCompleted, copiesForgotten };
    if (!dryRun) {
      await this.tx.run((tx) =>
        this.audit.withTx(tx).record({
          actor: 'system',
          action: 'retention.swept',
          details: { ...byTable, keysDestroyed, erasuresCompleted, copiesForgotten },
        }),
      );
    }
    return report;
  }

  private async pruneAudit(
    before: Date,
    dryRun: boolean,
    add: (table: string, n: number) => void,
    onBatch?: (table: string, n: number) => void,
  ): Promise<void> {
    if (dryRun) {
      add('audit_log', await this.repo.countAuditRowsBefore(before));
      return;
    }
    for (;;) {
      const n = await this.tx.run(async (tx) => {
        const repo = this.repo.with(tx);
        const block = await repo.oldAuditRows(before, this.batchSize);
        return block ? repo.pruneAudit(block.lastId, block.lastHash) : 0;
      });
      add('audit_log', n);
      if (n > 0) onBatch?.('audit_log', n);
      if (n < this.batchSize) return;
    }
  }

  /**
   * Erased customers keep no general key (an erasure interrupted between its commit and the
   * key's destruction is finished here), and keep a bookkeeping key only while a record
   * kept under the bookkeeping law remains.
   */
  private async destroySpentKeys(): Promise<number> {
    const now = this.clock.now();
    let destroyed = 0;
    let after: string | null = null;
    for (;;) {
      const batch = await this.repo.erasedSubjects(after, this.batchSize);
      for (const s of batch) {
        if (await this.keyring.destroy(s.id, 'general', now)) destroyed++;
        if (!s.hasInvoices && (await this.keyring.destroy(s.id, 'bookkeeping', now))) destroyed++;
      }
      if (batch.length < this.batchSize) break;
      after = batch[batch.length - 1]?.id ?? null;
    }
    // Keys whose account row is gone (a sign-up that never committed, or a crash after a row was
    // swept) open nothing any more. A day's grace keeps a sign-up in progress safe.
    const graceBefore = new Date(now.getTime() - 86_400_000);
    let afterKey: string | null = null;
    for (;;) {
      const subjects = await this.keyring.liveSubjects(afterKey, this.batchSize, graceBefore);
      const existing = await this.repo.existingCustomers(subjects);
      for (const id of subjects) {
        if (existing.has(id)) continue;
        if (await this.keyring.destroy(id, 'general', now)) destroyed++;
        if (await this.keyring.destroy(id, 'bookkeeping', now)) destroyed++;
      }
      if (subjects.length < this.batchSize) return destroyed;
      afterKey = subjects[subjects.length - 1] ?? null;
    }
  }

  /** The same sweeper with another batch size (operators tune it; tests make batches small). */
  withBatchSize(batchSize: number): RetentionSweeper {
    return new RetentionSweeper(
      this.tx,
      this.repo,
      this.erasure,
      this.keyring,
      this.audit,
      this.clock,
      batchSize,
    );
  }

  job(): Job {
    return { name: 'retention-sweep', everyMs: 24 * 3_600_000, run: () => this.run() };
  }
}
