import type { Clock } from '../../platform/clock.ts';
import { open, seal } from '../../platform/crypto/envelope.ts';
import type { Keyring } from '../../platform/crypto/keyring.ts';
import type { Transactor } from '../../platform/db/database.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { AuditAction } from '../audit/audit-actions.ts';
import type { StaffTotpRepository } from './staff-totp.repository.ts';
import { groupedBase32, matchTotp, newTotpSecret, otpauthUri } from './totp.ts';

/** Wrong codes in a row before the second step is locked, and for how long. */
export const MAX_CODE_FAILURES = 5;
export const CODE_LOCK_MINUTES = 15;
/** The name authenticator apps show beside the codes. */
export const TOTP_ISSUER = 'Elvakt';

/** The platform key the TOTP secrets are sealed under (staff are not data subjects with keys of their own). */
const SECRET_KEY = 'staff-totp';
const secretAad = (staffId: string) => `staff_users.totp_secret_enc:${staffId}`;

export interface Enrolment {
  readonly uri: string;
  /** The secret in base32, in groups of four, for typing into an app by hand. */
  readonly secret: string;
}

export type CodeVerdict =
  | {
      readonly ok: true;
      readonly staffId: string;
      readonly roles: readonly string[];
      readonly justEnrolled: boolean;
    }
  | { readonly ok: false; readonly reason: 'wrong' | 'locked' };

/**
 * The staff second factor: TOTP (RFC 6238). An account without a confirmed secret enrols
 * at its first sign-in: a fresh secret, sealed under a platform key, is shown once as an
 * otpauth:// URI and becomes the account's when a right code comes back. A code is good
 * for one use (its time step is spent); five wrong codes in a row lock the step for
 * fifteen minutes. Enrolments, refusals and locks are audited.
 */
export class StaffSecondFactorService {
  constructor(
    private readonly tx: Transactor,
    private readonly repo: StaffTotpRepository,
    private readonly keyring: Keyring,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  private async key(): Promise<Uint8Array> {
    return this.keyring.platformKey(SECRET_KEY);
  }

  /**
   * After a right password: whether the account has a second factor, and if it has none, a
   * new secret to enrol (each attempt gets its own, so a secret seen once and abandoned
   * is worth nothing).
   */
  async afterPassword(staffId: string): Promise<'enrolled' | 'enrolling'> {
    const row = await this.repo.find(staffId);
    if (row?.confirmedAt) return 'enrolled';
    const sealed = seal(await this.key(), newTotpSecret(), secretAad(staffId));
    await this.repo.setPendingSecret(staffId, sealed);
    return 'enrolling';
  }

  /** What to show on the enrolment page; undefined once the account is enrolled. */
  async enrolment(staffId: string): Promise<Enrolment | undefined> {
    const row = await this.repo.find(staffId);
    if (!row?.secretEnc || row.confirmedAt) return undefined;
    const secret = open(await this.key(), row.secretEnc, secretAad(staffId));
    return { uri: otpauthUri(secret, TOTP_ISSUER, row.username), secret: groupedBase32(secret) };
  }

  /** A lost phone: the account enrols a new second factor at its next sign-in. Audited; false for no such account. */
  async reset(username: string, actor: string): Promise<boolean> {
    return this.tx.run(async (tx) => {
      const id = await this.repo.with(tx).reset(username);
      if (!id) return false;
      await this.audit.withTx(tx).record({
        actor,
        action: 'staff.second_factor_reset',
        subjectId: null,
        purpose: 'security',
        details: { staff: id },
      });
      return true;
    });
  }

  async isEnrolled(staffId: string): Promise<boolean> {
    return (await this.repo.find(staffId))?.confirmedAt != null;
  }

  async verify(staffId: string, code: string): Promise<CodeVerdict> {
    const now = this.clock.now();
    const row = await this.repo.find(staffId);
    if (!row?.secretEnc) return { ok: false, reason: 'wrong' };
    if (row.lockedUntil && row.lockedUntil > now) {
      await this.record(staffId, 'staff.second_factor_refused', { reason: 'locked' });
      return { ok: false, reason: 'locked' };
    }
    const secret = open(await this.key(), row.secretEnc, secretAad(staffId));
    const step = matchTotp(secret, code, now);
    // A step at or before the last one spent is a replay, refused like a wrong code.
    const spent =
      step !== undefined &&
      (await this.tx.run(async (tx) => {
        if (!(await this.repo.with(tx).spendStep(staffId, step, now))) return false;
        if (!row.confirmedAt)
          await this.audit
            .withTx(tx)
            .record({ actor: `staff:${staffId}`, action: 'staff.second_factor_enrolled' });
        return true;
      }));
    if (spent) return { ok: true, staffId, roles: row.roles, justEnrolled: !row.confirmedAt };
    const failures = await this.repo.countFailure(staffId);
    if (failures >= MAX_CODE_FAILURES) {
      await this.repo.lock(staffId, new Date(now.getTime() + CODE_LOCK_MINUTES * 60_000));
      await this.record(staffId, 'staff.second_factor_locked', {});
      return { ok: false, reason: 'locked' };
    }
    await this.record(staffId, 'staff.second_factor_refused', {
      reason: step === undefined ? 'wrong' : 'replayed',
    });
    return { ok: false, reason: 'wrong' };
  }

  private record(staffId: string, action: AuditAction, details: Record<string, unknown>): Promise<number> {
    return this.tx.run((tx) => this.audit.withTx(tx).record({ actor: `staff:${staffId}`, action, details }));
  }
}
