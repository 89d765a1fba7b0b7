import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';

/**
 * SQL for the retention sweeper: each method deletes (or, with `dryRun`, counts) at most
 * `limit` rows whose rule has run out, and returns how many. Rows of a customer under an
 * active legal hold are never touched. Table and column names are constants in code.
 */
const notHeld = (column: RawBuilder<unknown>) =>
  sql`not exists (select 1 from legal_holds h where h.customer_id = ${column} and h.released_at is null)`;

export class RetentionRepository {
  constructor(private readonly db: Db) {}

  with(tx: Db): RetentionRepository {
    return new RetentionRepository(tx);
  }

  /** Deletes up to `limit` rows of `table` whose key matches `where`; counts them instead on a dry run. */
  private async sweep(
    table: string,
    key: string,
    where: RawBuilder<unknown>,
    limit: number,
    dryRun: boolean,
  ): Promise<number> {
    if (dryRun) {
      const r = await sql<{
        n: number | string;
      }>`select count(*) as n from ${sql.table(table)} where ${where}`.execute(this.db);
      return Number(r.rows[0]?.n ?? 0);
    }
    const r = await sql`delete from ${sql.table(table)} where ${sql.ref(key)} in (
      select ${sql.ref(key)} from ${sql.table(table)} where ${where} limit ${limit})`.execute(this.db);
    return Number(r.numAffectedRows ?? 0);
  }

  /** Download records past their week (the daily limit needs only the last day). */
  oldExportRuns(before: Date, limit: number, dryRun: boolean): Promise<number> {
    return this.sweep('export_runs', 'id', sql`started_at <= ${before}`, limit, dryRun);
  }

  expiredSessions(now: Date, limit: number, dryRun: boolean): Promise<number> {
    return this.sweep('sessions', 'token_hash', sql`expires_at <= ${now}`, limit, dryRun);
  }

  expiredStaffSessions(now: Date, limit: number, dryRun: boolean): Promise<number> {
    return this.sweep('staff_sessions', 'token_hash', sql`expires_at <= ${now}`, limit, dryRun);
  }

  /** Counters of sign-in attempts whose window has ended. */
  endedAttemptWindows(now: Date, limit: number, dryRun: boolean): Promise<number> {
    return this.sweep('sign_in_limits', 'key', sql`window_ends_at <= ${now}`, limit, dryRun);
  }

  /**
   * Staff accounts ended before `endedBefore` lose every personal field; the row stays as
   * the id that audit entries, requests, holds and breaches refer to.
   */
  async endedStaffAccounts(endedBefore: Date, now: Date, limit: number, dryRun: boolean): Promise<number> {
    const due = sql`disabled_at < ${endedBefore} and removed_at is null`;
    if (dryRun) {
      const r = await sql<{ n: number | string }>`select count(*) as n from staff_users where ${due}`.execute(
        this.db,
      );
      return Number(r.rows[0]?.n ?? 0);
    }
    const r = await sql`update staff_users set username = null, name = null, password_hash = null,
        roles = '{}', totp_secret_enc = null, totp_confirmed_at = null, totp_last_step = null,
        totp_failures = 0, totp_locked_until = null, password_expires_at = null,
        oidc_subject_bidx = null, oidc_linked_at = null, oidc_last_used_at = null, removed_at = ${now}
      where id in (select id from staff_users where ${due} limit ${limit})`.execute(this.db);
    return Number(r.numAffectedRows ?? 0);
  }

  expiredRequestCodes(now: Date, limit: number, dryRun: boolean): Promise<number> {
    return this.sweep('privacy_request_codes', 'request_id', sql`expires_at <= ${now}`, limit, dryRun);
  }

  /** Whole months of consumption that ended before the 16-month window began. */
  oldConsumption(cutoff: Date, limit: number, dryRun: boolean): Promise<number> {
    return this.sweep(
      'consumption_series',
      'starts_at',
      sql`starts_at + (hours * interval '1 hour') <= ${cutoff}
        and ${notHeld(sql`(select customer_id from metering_points m where m.id = metering_point_id)`)}`,
      limit,
      dryRun,
    );
  }

  oldMessages(cutoff: Date, limit: number, dryRun: boolean): Promise<number> {
    return this.sweep(
      'outbox',
      'id',
      sql`status <> 'pending' and coalesce(sent_at, created_at) <= ${cutoff}`,
      limit,
      dryRun,
    );
  }

  expiredInvoices(today: string, limit: number, dryRun: boolean): Promise<number> {
    return this.sweep(
      'invoices',
      'id',
      sql`keep_until < ${today} and ${notHeld(sql`customer_id`)}`,
      limit,
      dryRun,
    );
  }

  /** Consent records and uses of powers of attorney of customers erased before `erasedBefore`. */
  oldPermissionRecords(erasedBefore: Date, limit: number, dryRun: boolean): Promise<[number, number]> {
    const of = sql`customer_id in (select id from customers where status = 'erased' and erased_at < ${erasedBefore})
      and ${notHeld(sql`customer_id`)}`;
    return Promise.all([
      this.sweep('permission_events', 'id', of, limit, dryRun),
      this.sweep('power_of_attorney_uses', 'id', of, limit, dryRun),
    ]);
  }

  /** Requests closed before `closedBefore`, with their restrictions and released holds. */
  async oldRequests(closedBefore: Date, limit: number, dryRun: boolean): Promise<[number, number, number]> {
    const restrictions = await this.sweep(
      'processing_restrictions',
      'id',
      sql`lifted_at < ${closedBefore} and ${notHeld(sql`customer_id`)}`,
      limit,
      dryRun,
    );
    const holds = await this.sweep('legal_holds', 'id', sql`released_at < ${closedBefore}`, limit, dryRun);
    const requests = await this.sweep(
      'privacy_requests',
      'id',
      sql`completed_at < ${closedBefore} and ${notHeld(sql`customer_id`)}
        and not exists (select 1 from processing_restrictions r where r.request_id = privacy_requests.id)`,
      limit,
      dryRun,
    );
    return [requests, restrictions, holds];
  }

  oldBreachSubjects(foundBefore: Date, limit: number, dryRun: boolean): Promise<number> {
    return this.sweep(
      'breach_subjects',
      'breach_id',
      sql`breach_id in (select id from breaches where found_at < ${foundBefore})`,
      limit,
      dryRun,
    );
  }

  oldCookieChoices(cutoff: Date, limit: number, dryRun: boolean): Promise<number> {
    return this.sweep('cookie_choices', 'id', sql`chosen_at < ${cutoff}`, limit, dryRun);
  }

  /** Account rows of erased customers whose agreement period ran out and that nothing refers to any more. */
  emptyTombstones(erasedBefore: Date, limit: number, dryRun: boolean): Promise<number> {
    const referenced = [
      'invoices',
      'permission_events',
      'power_of_attorney_uses',
      'privacy_requests',
      'legal_holds',
      'processing_restrictions',
      'breach_subjects',
      'outbox',
      'metering_points',
      'sessions',
    ].map((t) => sql`not exists (select 1 from ${sql.table(t)} x where x.customer_id = customers.id)`);
    return this.sweep(
      'customers',
      'id',
      sql`status = 'erased' and erased_at < ${erasedBefore} and ${sql.join(referenced, sql` and `)}`,
      limit,
      dryRun,
    );
  }

  /** Erased customers, and whether anything kept under the bookkeeping law remains, in id order. */
  async erasedSubjects(
    afterId: string | null,
    limit: number,
  ): Promise<{ id: string; hasInvoices: boolean }[]> {
    const r = await sql<{ id: string; has_invoices: boolean }>`select c.id,
        exists (select 1 from invoices i where i.customer_id = c.id) as has_invoices
      from customers c where c.status = 'erased' and (${afterId}::uuid is null or c.id > ${afterId}::uuid)
      order by c.id limit ${limit}`.execute(this.db);
    return r.rows.map((x) => ({ id: x.id, hasInvoices: x.has_invoices }));
  }

  /** Which of these ids still have an account row (any status). */
  async existingCustomers(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.db
      .selectFrom('customers')
      .select('id')
      .where('id', 'in', [...ids])
      .execute();
    return new Set(rows.map((r) => r.id));
  }

  /** Audit rows older than `before`, from the start of the chain, as one block to remove. */
  async oldAuditRows(
    before: Date,
    limit: number,
  ): Promise<{ lastId: number; lastHash: Uint8Array } | undefined> {
    const r = await sql<{ id: number; hash: Uint8Array }>`select id, hash from audit_log
      where id in (select id from audit_log where occurred_at < ${before} order by id limit ${limit})
      order by id desc limit 1`.execute(this.db);
    const row = r.rows[0];
    return row ? { lastId: Number(row.id), lastHash: row.hash } : undefined;
  }

  async countAuditRowsBefore(before: Date): Promise<number> {
    const r = await sql<{
      n: number | string;
    }>`select count(*) as n from audit_log where occurred_at < ${before}`.execute(this.db);
    return Number(r.rows[0]?.n ?? 0);
  }

  /** Removes the chain's first rows up to `lastId` and moves its base there, in the caller's transaction. */
  async pruneAudit(lastId: number, lastHash: Uint8Array): Promise<number> {
    await sql`select 1 from audit_head where id = 1 for update`.execute(this.db);
    const r = await sql`delete from audit_log where id <= ${lastId}`.execute(this.db);
    await sql`update audit_head set base_id = ${lastId}, base_hash = ${lastHash} where id = 1`.execute(
      this.db,
    );
    return Number(r.numAffectedRows ?? 0);
  }
}
