import { createHash, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../platform/clock.ts';
import type { Keyring } from '../../platform/crypto/keyring.ts';
import type { Db, Transactor } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import type { RequestType, VerificationMethod } from '../../schema.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { CustomerService } from '../customers/customer.service.ts';
import { checkPersonName } from '../identity/person-name.ts';
import type { NotificationService } from '../notifications/notification.service.ts';
import type { TemplateName } from '../notifications/templates.ts';
import {
  type RequestAction,
  requestCapability,
  requireCapability,
  type StaffRolesOf,
} from '../staff/staff.ts';
import type { ErasureReceipt, ErasureService } from './erasure.service.ts';
import type { RequestRepository, RequestRow } from './request.repository.ts';
import {
  CODE_MINUTES,
  canMove,
  type DeadlineStatus,
  deadlineStatus,
  dueDate,
  isFreshLogin,
  latestExtension,
  MAX_CODE_ATTEMPTS,
  REQUEST_TYPES,
} from './request-rules.ts';
import {
  PROCESSING_PURPOSES,
  type ProcessingPurpose,
  type RestrictionService,
} from './restriction.service.ts';

/** What the person asked, in their words and, for rectification, the new values. */
export interface RequestDetails {
  readonly text?: string;
  readonly changes?: { name?: string; email?: string; phone?: string };
  readonly purposes?: ProcessingPurpose[];
}

export interface PrivacyRequest {
  readonly id: string;
  readonly customerId: string;
  readonly type: RequestType;
  readonly state: RequestRow['state'];
  readonly channel: string;
  readonly receivedAt: Date;
  readonly dueAt: Date;
  readonly deadline: DeadlineStatus;
  readonly extended: boolean;
  readonly extensionReason: string | null;
  readonly verifiedAt: Date | null;
  readonly verificationMethod: VerificationMethod | null;
  readonly details: RequestDetails | null;
  readonly resolution: string | null;
  readonly outcome: Record<string, unknown> | null;
  readonly completedAt: Date | null;
}

const codeHash = (requestId: string, code: string) =>
  new Uint8Array(createHash('sha256').update(`${requestId}:${code}`).digest());

/**
 * Data-subject requests from receipt to answer. Nothing is disclosed or changed before the
 * person's identity is confirmed: a fresh sign-in, a one-time code to the registered e-mail
 * or phone, or a staff member recording how it was checked and why. Requests a person's
 * own confirmation can settle (access, portability, rectification of contact details,
 * erasure, restriction, objection to marketing) complete as soon as they are verified; the
 * rest wait for a person on our side. Every step is in the audit log, in the same
 * transaction as the step.
 */
export class RequestService {
  constructor(
    private readonly tx: Transactor,
    private readonly repo: RequestRepository,
    private readonly customers: CustomerService,
    private readonly erasure: ErasureService,
    private readonly restrictions: RestrictionService,
    private readonly notifications: NotificationService,
    private readonly keyring: Keyring,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly staffRoles: StaffRolesOf,
  ) {}

  /**
   * A staff member's action on a request, decided here by the one capability table and the
   * roles the account has now, so no caller (the desk, the command line, a job) can skip it.
   */
  private async authorize(staffId: string, type: RequestType, action: RequestAction): Promise<void> {
    requireCapability(await this.staffRoles(staffId), requestCapability(type, action));
  }

  private async present(row: RequestRow): Promise<PrivacyRequest> {
    let details: RequestDetails | null = null;
    let resolution: string | null = null;
    let extensionReason: string | null = null;
    try {
      const cipher = await this.keyring.cipherFor(row.customer_id, 'general', this.clock.now());
      if (row.details_enc)
        details = cipher.openJson(`privacy_requests.details_enc/${row.id}`, row.details_enc);
      if (row.resolution_enc)
        resolution = cipher.openText(`privacy_requests.resolution_enc/${row.id}`, row.resolution_enc);
      if (row.extended_reason_enc) {
        extensionReason = cipher.openText(
          `privacy_requests.extended_reason_enc/${row.id}`,
          row.extended_reason_enc,
        );
      }
    } catch {
      // An erased person's request keeps its dates and type; its words went with the key.
    }
    const closed = row.state === 'completed' || row.state === 'rejected' || row.state === 'withdrawn';
    return {
      id: row.id,
      customerId: row.customer_id,
      type: row.type,
      state: row.state,
      channel: row.channel,
      receivedAt: row.received_at,
      dueAt: row.due_at,
      deadline: deadlineStatus(row.due_at, closed, this.clock.now()),
      extended: row.extended_at !== null,
      extensionReason,
      verifiedAt: row.verified_at,
      verificationMethod: row.verification_method,
      details,
      resolution,
      outcome: row.outcome,
      completedAt: row.completed_at,
    };
  }

  /** The address to write to, read before a transaction opens (a read outside it would wait for it). */
  private async emailOf(customerId: string): Promise<string | null> {
    try {
      return (await this.customers.profile(customerId)).email;
    } catch {
      return null;
    }
  }

  private async notify(
    tx: Db,
    customerId: string,
    email: string | null,
    template: TemplateName,
    params: Record<string, string>,
    key: string,
  ) {
    if (!email) return;
    await this.notifications.enqueue(tx, {
      customerId,
      channel: 'email',
      to: email,
      template,
      params,
      idempotencyKey: key,
    });
  }

  /**
   * Receives a request. With a fresh sign-in the identity counts as confirmed at once;
   * otherwise a one-time code goes to the registered e-mail (or phone).
   */
  async submit(
    customerId: string,
    type: RequestType,
    details: RequestDetails,
    options: {
      channel: string;
      authenticatedAt?: Date;
      codeChannel?: 'email' | 'sms';
      /** A staff member who took the request in by letter, phone or at the counter. */
      receivedBy?: string;
    },
  ): Promise<{ request: PrivacyRequest; needsCode: boolean }> {
    if (!(type in REQUEST_TYPES)) throw new AppError('validation_failed', 'Unknown request type.');
    if (details.purposes?.some((p) => !PROCESSING_PURPOSES.includes(p))) {
      throw new AppError('validation_failed', 'Unknown purposes.', [{ at: 'purposes', message: 'invalid' }]);
    }
    // A name the rectification could never write is refused now, not after the request is stored and answered.
    const newName = details.changes?.name === undefined ? undefined : checkPersonName(details.changes.name);
    if (newName && !newName.ok)
      throw new AppError('validation_failed', 'The new name is not valid.', [
        { at: 'name', message: newName.problem },
      ]);
    const now = this.clock.now();
    const id = randomUUID();
    const cipher = await this.keyring.cipherForWriting(customerId, 'general', now);
    const fresh = options.authenticatedAt !== undefined && isFreshLogin(options.authenticatedAt, now);
    const profile = await this.customers.profile(customerId);
    const codeChannel = options.codeChannel === 'sms' && profile.phone ? 'sms' : 'email';
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    await this.tx.run(async (tx) => {
      const repo = this.repo.with(tx);
      await repo.insert({
        id,
        customerId,
        type,
        channel: options.channel,
        receivedAt: now,
        dueAt: dueDate(now),
        detailsEnc: cipher.sealJson(`privacy_requests.details_enc/${id}`, details),
      });
      const audit = this.audit.withTx(tx);
      await audit.record({
        actor: options.receivedBy ? `staff:${options.receivedBy}` : 'customer',
        action: 'request.received',
        subjectId: customerId,
        purpose: type,
        details: { request: id },
      });
      const labels = { typeNb: REQUEST_TYPES[type].nb, typeEn: REQUEST_TYPES[type].en };
      await this.notify(
        tx,
        customerId,
        profile.email,
        'request_received',
        {
          ...labels,
          due: dueDate(now).toISOString(),
        },
        `request-received-${id}`,
      );
      if (fresh) {
        await repo.verify(id, 'fresh_login', now, null, null);
        await audit.record({
          actor: 'customer',
          action: 'request.verified',
          subjectId: customerId,
          purpose: type,
          details: { request: id, method: 'fresh_login' },
        });
      } else {
        await repo.saveCode(
          id,
          codeHash(id, code),
          codeChannel,
          new Date(now.getTime() + CODE_MINUTES * 60_000),
        );
        await this.notifications.enqueue(tx, {
          customerId,
          channel: codeChannel,
          to: codeChannel === 'sms' ? (profile.phone as string) : profile.email,
          template: 'request_code',
          params: { code, ...labels },
          idempotencyKey: `request-code-${id}-${now.getTime()}`,
        });
        await audit.record({
          actor: 'system',
          action: 'request.code_sent',
          subjectId: customerId,
          purpose: type,
          details: { request: id, channel: codeChannel },
        });
      }
    });
    if (fresh && REQUEST_TYPES[type].selfService) await this.completeSelfService(id);
    return { request: await this.get(customerId, id), needsCode: !fresh };
  }

  /**
   * A download from "Mine data" is an access (or portability) request answered at once. This
   * returns the step that records it, received, verified by the fresh sign-in and completed,
   * for the caller to run in the transaction that marks the download delivered: the request
   * is never recorded without the file, nor the file handed over without the record. The
   * key and the address are fetched now, before that transaction opens.
   */
  async answeredDownload(
    customerId: string,
    type: 'access' | 'portability',
    authenticatedAt: Date,
    outcome: Record<string, unknown>,
  ): Promise<(tx: Db) => Promise<string>> {
    const receivedAt = this.clock.now();
    if (!isFreshLogin(authenticatedAt, receivedAt))
      throw new AppError('unauthenticated', 'A fresh sign-in is needed.');
    const id = randomUUID();
    const cipher = await this.keyring.cipherForWriting(customerId, 'general', receivedAt);
    const email = await this.emailOf(customerId);
    return async (tx) => {
      const repo = this.repo.with(tx);
      await repo.insert({
        id,
        customerId,
        type,
        channel: 'web',
        receivedAt,
        dueAt: dueDate(receivedAt),
        detailsEnc: cipher.sealJson(`privacy_requests.details_enc/${id}`, {}),
      });
      const audit = this.audit.withTx(tx);
      await audit.record({
        actor: 'customer',
        action: 'request.received',
        subjectId: customerId,
        purpose: type,
        details: { request: id },
      });
      await repo.verify(id, 'fresh_login', receivedAt, null, null);
      await audit.record({
        actor: 'customer',
        action: 'request.verified',
        subjectId: customerId,
        purpose: type,
        details: { request: id, method: 'fresh_login' },
      });
      const row = await repo.find(id);
      if (!row) throw new AppError('internal', 'The request was not stored.');
      await this.closeIn(tx, row, email, 'completed', null, outcome, null);
      return id;
    };
  }

  /** Confirms identity with the one-time code; five wrong tries and the code is spent. */
  async verifyWithCode(customerId: string, requestId: string, code: string): Promise<PrivacyRequest> {
    const now = this.clock.now();
    const verified = await this.tx.run(async (tx) => {
      const repo = this.repo.with(tx);
      const row = await repo.find(requestId, true);
      if (!row || row.customer_id !== customerId) throw new AppError('not_found', 'No such request.');
      if (row.state !== 'received') return row.state === 'verified';
      const stored = await repo.findCode(requestId);
      const audit = this.audit.withTx(tx);
      if (
        !stored ||
        stored.usedAt ||
        stored.expiresAt.getTime() < now.getTime() ||
        stored.attempts >= MAX_CODE_ATTEMPTS
      ) {
        throw new AppError('validation_failed', 'The code has expired. Ask for a new one.', [
          { at: 'code', message: 'code_expired' },
        ]);
      }
      const given = codeHash(requestId, code.trim());
      if (!timingSafeEqual(Buffer.from(given), Buffer.from(stored.codeHash))) {
        await repo.countAttempt(requestId);
        await audit.record({
          actor: 'customer',
          action: 'request.code_wrong',
          subjectId: customerId,
          purpose: row.type,
          details: { request: requestId },
        });
        return false;
      }
      await repo.useCode(requestId, now);
      const method: VerificationMethod = stored.channel === 'sms' ? 'code_sms' : 'code_email';
      await repo.verify(requestId, method, now, null, null);
      await audit.record({
        actor: 'customer',
        action: 'request.verified',
        subjectId: customerId,
        purpose: row.type,
        details: { request: requestId, method },
      });
      return true;
    });
    if (!verified)
      throw new AppError('validation_failed', 'Wrong code.', [{ at: 'code', message: 'code_wrong' }]);
    const row = await this.repo.find(requestId);
    if (row && REQUEST_TYPES[row.type].selfService && row.state === 'verified')
      await this.completeSelfService(requestId);
    return this.get(customerId, requestId);
  }

  /** Staff confirm identity by other means (a signed letter, an ID shown in person) and say how. */
  async verifyByStaff(requestId: string, staffId: string, note: string): Promise<void> {
    const found = await this.repo.find(requestId);
    if (!found) throw new AppError('not_found', 'No such request.');
    await this.authorize(staffId, found.type, 'verify');
    if (note.trim().length < 5)
      throw new AppError('validation_failed', 'Say how identity was confirmed.', [
        { at: 'note', message: 'required' },
      ]);
    const now = this.clock.now();
    await this.tx.run(async (tx) => {
      const repo = this.repo.with(tx);
      const row = await repo.find(requestId, true);
      if (!row) throw new AppError('not_found', 'No such request.');
      if (!canMove(row.state, 'verified'))
        throw new AppError('conflict', 'The request is not waiting for verification.');
      const cipher = await this.keyring.cipherFor(row.customer_id, 'general', now);
      await repo.verify(
        requestId,
        'staff',
        now,
        staffId,
        cipher.sealText(`privacy_requests.verification_note_enc/${requestId}`, note.trim()),
      );
      await this.audit.withTx(tx).record({
        actor: `staff:${staffId}`,
        action: 'request.verified',
        subjectId: row.customer_id,
        purpose: row.type,
        details: { request: requestId, method: 'staff' },
      });
    });
  }

  /** Moves the deadline by up to two further months (Art. 12(3)), with the reason sent to the person. */
  async extend(requestId: string, staffId: string, reason: string, until?: Date): Promise<PrivacyRequest> {
    const first = await this.repo.find(requestId);
    if (!first) throw new AppError('not_found', 'No such request.');
    await this.authorize(staffId, first.type, 'extend');
    if (reason.trim().length < 5)
      throw new AppError('validation_failed', 'An extension needs a reason.', [
        { at: 'reason', message: 'required' },
      ]);
    const now = this.clock.now();
    const email = await this.emailOf(first.customer_id);
    const row = await this.tx.run(async (tx) => {
      const repo = this.repo.with(tx);
      const r = await repo.find(requestId, true);
      if (!r) throw new AppError('not_found', 'No such request.');
      if (r.state !== 'received' && r.state !== 'verified')
        throw new AppError('conflict', 'The request is closed.');
      const latest = latestExtension(r.received_at);
      const due = until ?? latest;
      if (due.getTime() > latest.getTime() || due.getTime() <= r.due_at.getTime()) {
        throw new AppError(
          'validation_failed',
          'The new deadline must be later, and at most two months past the first.',
          [{ at: 'until', message: 'extension_too_long' }],
        );
      }
      const cipher = await this.keyring.cipherFor(r.customer_id, 'general', now);
      await repo.extend(
        requestId,
        due,
        cipher.sealText(`privacy_requests.extended_reason_enc/${requestId}`, reason.trim()),
        now,
      );
      await this.audit.withTx(tx).record({
        actor: `staff:${staffId}`,
        action: 'request.extended',
        subjectId: r.customer_id,
        purpose: r.type,
        details: { request: requestId, dueAt: due.toISOString() },
      });
      await this.notify(
        tx,
        r.customer_id,
        email,
        'request_extended',
        {
          typeNb: REQUEST_TYPES[r.type].nb,
          typeEn: REQUEST_TYPES[r.type].en,
          due: due.toISOString(),
          reason: reason.trim(),
        },
        `request-extended-${requestId}-${due.getTime()}`,
      );
      return r;
    });
    return this.get(row.customer_id, requestId);
  }

  /**
   * Carries out what a verified self-service request asks, and closes it. `by`: a staff
   * member completing it from the desk, who is then named in the audit log, may answer in
   * words, and for a rectification may correct the values before they are written.
   */
  private async completeSelfService(
    requestId: string,
    by?: { staffId: string; resolution: string | null; changes?: RequestDetails['changes'] },
  ): Promise<void> {
    const row = await this.repo.find(requestId);
    if (row?.state !== 'verified') return;
    const request = await this.present(row);
    const email = await this.emailOf(row.customer_id);
    const staffId = by?.staffId ?? null;
    const resolution = by?.resolution ?? null;
    const actor = staffId ? `staff:${staffId}` : 'customer';
    switch (row.type) {
      case 'access':
      case 'portability':
        await this.close(
          row,
          'completed',
          staffId,
          { formats: row.type === 'access' ? ['json', 'csv', 'pdf'] : ['signed-json'] },
          resolution,
        );
        return;
      case 'rectification':
        await this.tx.run(async (tx) => {
          const changes = by?.changes ?? request.details?.changes ?? {};
          const changed = await this.customers.rectify(row.customer_id, changes, tx);
          await this.closeIn(tx, row, email, 'completed', staffId, { fields: changed }, resolution);
        });
        return;
      case 'restriction':
        await this.tx.run(async (tx) => {
          const id = await this.restrictions.place(
            row.customer_id,
            'restriction',
            PROCESSING_PURPOSES,
            actor,
            requestId,
            tx,
          );
          await this.closeIn(tx, row, email, 'completed', staffId, { restriction: id }, resolution);
        });
        return;
      case 'objection_marketing':
        await this.tx.run(async (tx) => {
          const id = await this.restrictions.place(
            row.customer_id,
            'marketing_objection',
            ['marketing'],
            actor,
            requestId,
            tx,
          );
          await this.closeIn(tx, row, email, 'completed', staffId, { restriction: id }, resolution);
        });
        return;
      case 'erasure': {
        // The decision is kept first: a step start-up and the sweeper resume. The erasure and
        // the request's closing then commit together (`closeErased`), never one without the other.
        const now = this.clock.now();
        await this.tx.run(async (tx) => {
          const repo = this.repo.with(tx);
          const r = await repo.find(requestId, true);
          if (r?.state !== 'verified' || r.carry_out_at) return;
          await repo.carryOut(requestId, now, staffId);
          await this.audit.withTx(tx).record({
            actor,
            action: 'request.carry_out',
            subjectId: r.customer_id,
            purpose: r.type,
            details: { request: requestId },
          });
        });
        await this.carryOutErasure(requestId);
        return;
      }
      default:
        return;
    }
  }

  /**
   * Erases the person a decided erasure request is about and closes the request, in one
   * transaction. Under a legal hold the account waits and the request stays open; the
   * release of the last hold erases and closes it. Returns whether the erasure completed.
   */
  private async carryOutErasure(requestId: string): Promise<boolean> {
    const done = await this.tx.run(async (tx) => {
      const r = await this.repo.with(tx).find(requestId, true);
      if (r?.state !== 'verified' || !r.carry_out_at) return null;
      const actor = r.carry_out_by ? `staff:${r.carry_out_by}` : 'customer';
      const receipt = await this.erasure.eraseIn(tx, r.customer_id, actor);
      return receipt ? { customerId: r.customer_id, receipt } : null;
    });
    if (!done?.receipt.completed) return false;
    await this.erasure.finish(done.customerId, done.receipt.items);
    return true;
  }

  /** Carries on with decided erasures a crash, a restart or an error interrupted; returns how many completed. */
  async resumeErasures(): Promise<number> {
    let completed = 0;
    let failure: unknown;
    for (const id of await this.repo.decidedErasures(1000)) {
      // One erasure that keeps failing must not hold back the others; the run still fails.
      try {
        if (await this.carryOutErasure(id)) completed++;
      } catch (e) {
        failure ??= e;
      }
    }
    if (failure) throw failure;
    return completed;
  }

  /**
   * Runs inside an erasure's transaction: closes the person's open erasure requests with what
   * was done, so a request is completed exactly when `subject.erased` is in the audit log.
   * No answer in words and no message of its own: words would be sealed under the key the
   * erasure destroys, and the erasure itself tells the person.
   */
  async closeErased(tx: Db, e: { subjectId: string; receipt: ErasureReceipt }): Promise<void> {
    for (const r of await this.repo.with(tx).openErasuresOf(e.subjectId)) {
      const erasure = e.receipt.items.map((i) => ({
        table: i.table,
        outcome: i.outcome,
        rows: i.rows,
        keptUntil: i.keptUntil,
      }));
      await this.closeIn(tx, r, null, 'completed', r.carry_out_by, { erasure }, null, false);
    }
  }

  /**
   * Staff complete a request that needs a person: an objection (upheld with the purposes
   * it stops, or not), a review of an automated decision, or a complaint. They also carry
   * out, from the desk, a request the person's own confirmation would have settled (one
   * that came by letter, or whose code was never entered): the extract, the rectification
   * (with the values corrected if need be), the restriction, the erasure. Those carry
   * out what was asked, so a written answer is optional.
   */
  async completeByStaff(
    requestId: string,
    staffId: string,
    resolution: string,
    decision?: {
      upheld: boolean;
      purposes?: ProcessingPurpose[];
      changes?: RequestDetails['changes'];
    },
  ): Promise<PrivacyRequest> {
    const row = await this.repo.find(requestId);
    if (!row) throw new AppError('not_found', 'No such request.');
    await this.authorize(staffId, row.type, 'complete');
    const selfService = REQUEST_TYPES[row.type].selfService;
    if (resolution.trim().length < 5 && !(selfService && resolution.trim() === ''))
      throw new AppError('validation_failed', 'Write the answer.', [
        { at: 'resolution', message: 'required' },
      ]);
    if (row.state !== 'verified') throw new AppError('conflict', 'The request must be verified and open.');
    if (selfService) {
      await this.completeSelfService(requestId, {
        staffId,
        resolution: resolution.trim() || null,
        ...(decision?.changes ? { changes: decision.changes } : {}),
      });
      return this.get(row.customer_id, requestId);
    }
    const email = await this.emailOf(row.customer_id);
    await this.tx.run(async (tx) => {
      const outcome: Record<string, unknown> = {};
      if (row.type === 'objection') {
        outcome.upheld = decision?.upheld === true;
        if (decision?.upheld) {
          const purposes = decision.purposes?.length ? decision.purposes : [...PROCESSING_PURPOSES];
          outcome.restriction = await this.restrictions.place(
            row.customer_id,
            'objection',
            purposes,
            `staff:${staffId}`,
            requestId,
            tx,
          );
        }
      }
      await this.closeIn(tx, row, email, 'completed', staffId, outcome, resolution.trim());
    });
    return this.get(row.customer_id, requestId);
  }

  async reject(requestId: string, staffId: string, reason: string): Promise<void> {
    const row = await this.repo.find(requestId);
    if (!row) throw new AppError('not_found', 'No such request.');
    await this.authorize(staffId, row.type, 'reject');
    // The person is told why; a refusal without a reason is not an answer (Art. 12(4)).
    if (reason.trim().length < 5)
      throw new AppError('validation_failed', 'A refusal needs a reason.', [
        { at: 'reason', message: 'required' },
      ]);
    if (!canMove(row.state, 'rejected')) throw new AppError('conflict', 'The request is closed.');
    await this.close(row, 'rejected', staffId, {}, reason.trim());
  }

  /** Restricts processing while a request is looked into (Art. 18(1)): contested accuracy, a pending objection. */
  async restrictWhileHandled(
    requestId: string,
    staffId: string,
    purposes: ProcessingPurpose[],
  ): Promise<string> {
    const row = await this.repo.find(requestId);
    if (!row) throw new AppError('not_found', 'No such request.');
    await this.authorize(staffId, row.type, 'restrict');
    if (row.state !== 'received' && row.state !== 'verified')
      throw new AppError('conflict', 'The request is closed.');
    return this.restrictions.place(row.customer_id, 'restriction', purposes, `staff:${staffId}`, row.id);
  }

  /**
   * Whose data an extract answering this request is made of: only for access and
   * portability, only by a role that may see the full identity number it holds, and only
   * once identity is confirmed and the request is open.
   */
  async extractFor(requestId: string, staffId: string): Promise<{ customerId: string; type: RequestType }> {
    const row = await this.repo.find(requestId);
    if (!row) throw new AppError('not_found', 'No such request.');
    await this.authorize(staffId, row.type, 'extract');
    if (row.state !== 'verified')
      throw new AppError(
        'conflict',
        'Identity must be confirmed, and the request open, before an extract is made.',
      );
    return { customerId: row.customer_id, type: row.type };
  }

  /** For staff: any request, whoever it belongs to, for a role that may handle it. */
  async forStaff(requestId: string, staffId: string): Promise<PrivacyRequest> {
    const row = await this.repo.find(requestId);
    if (!row) throw new AppError('not_found', 'No such request.');
    await this.authorize(staffId, row.type, 'view');
    return this.present(row);
  }

  async withdraw(customerId: string, requestId: string): Promise<void> {
    const row = await this.repo.find(requestId);
    if (!row || row.customer_id !== customerId) throw new AppError('not_found', 'No such request.');
    if (!canMove(row.state, 'withdrawn')) throw new AppError('conflict', 'The request is closed.');
    await this.close(row, 'withdrawn', null, {}, null);
  }

  private async close(
    row: RequestRow,
    state: 'completed' | 'rejected' | 'withdrawn',
    staffId: string | null,
    outcome: Record<string, unknown>,
    resolution: string | null,
    notify = true,
  ): Promise<void> {
    const email = notify ? await this.emailOf(row.customer_id) : null;
    await this.tx.run((tx) => this.closeIn(tx, row, email, state, staffId, outcome, resolution, notify));
  }

  private async closeIn(
    tx: Db,
    row: RequestRow,
    email: string | null,
    state: 'completed' | 'rejected' | 'withdrawn',
    staffId: string | null,
    outcome: Record<string, unknown>,
    resolution: string | null,
    notify = true,
  ): Promise<void> {
    const now = this.clock.now();
    const cipher = resolution ? await this.keyring.cipherFor(row.customer_id, 'general', now) : null;
    await this.repo
      .with(tx)
      .close(
        row.id,
        state,
        now,
        staffId,
        outcome,
        cipher && resolution
          ? cipher.sealText(`privacy_requests.resolution_enc/${row.id}`, resolution)
          : null,
      );
    await this.audit.withTx(tx).record({
      actor: staffId ? `staff:${staffId}` : 'customer',
      action: `request.${state}`,
      subjectId: row.customer_id,
      purpose: row.type,
      details: { request: row.id },
    });
    if (notify && state !== 'withdrawn') {
      await this.notify(
        tx,
        row.customer_id,
        email,
        'request_completed',
        {
          typeNb: REQUEST_TYPES[row.type].nb,
          typeEn: REQUEST_TYPES[row.type].en,
        },
        `request-closed-${row.id}`,
      );
    }
  }

  async get(customerId: string, requestId: string): Promise<PrivacyRequest> {
    const row = await this.repo.find(requestId);
    if (!row || row.customer_id !== customerId) throw new AppError('not_found', 'No such request.');
    return this.present(row);
  }

  /** For staff: any request, whoever it belongs to. */
  async byId(requestId: string): Promise<PrivacyRequest> {
    const row = await this.repo.find(requestId);
    if (!row) throw new AppError('not_found', 'No such request.');
    return this.present(row);
  }

  async ofCustomer(customerId: string): Promise<PrivacyRequest[]> {
    return Promise.all((await this.repo.ofCustomer(customerId)).map((r) => this.present(r)));
  }

  /** The staff queue: open requests, nearest deadline first. */
  async queue(): Promise<PrivacyRequest[]> {
    return Promise.all((await this.repo.open()).map((r) => this.present(r)));
  }
}
