import { timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../platform/clock.ts';
import type { Keyring } from '../../platform/crypto/keyring.ts';
import type { Transactor } from '../../platform/db/database.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { StaffService } from '../staff/staff.service.ts';
import { isRole, type Role } from '../staff/staff.ts';
import type { VerifiedClaims } from './oidc.ts';
import type { StaffOidcRepository } from './staff-oidc.repository.ts';

/** Blind-index domain of the company identity provider's issuer and subject. */
export const STAFF_OIDC_SUBJECT_INDEX = 'staff.oidc_subject';

/**
 * Why single sign-on let nobody in, as audited: the provider did not release the claim that
 * names the account, no account has that user name, the account is disabled, the account
 * is tied to another provider account, or this provider account is tied to another staff
 * account (renamed at the provider).
 */
export type StaffOidcRefusal =
  | 'claim_missing'
  | 'unknown_account'
  | 'disabled'
  | 'subject_mismatch'
  | 'subject_taken';

export type StaffOidcOutcome =
  | {
      readonly kind: 'signed_in';
      readonly staffId: string;
      readonly roles: readonly Role[];
      /** The staff session, the same as after a right one-time code. */
      readonly token: string;
    }
  | { readonly kind: 'refused'; readonly reason: StaffOidcRefusal };

/** The `amr` claim as method names fit for the audit log; anything else is not written down. */
const methodsOf = (amr: unknown): string[] | null => {
  const list: unknown[] = typeof amr === 'string' ? [amr] : Array.isArray(amr) ? amr : [];
  const methods = list
    .filter((m): m is string => typeof m === 'string' && /^[A-Za-z0-9_.:-]{1,32}$/.test(m))
    .slice(0, 10);
  return methods.length > 0 ? methods : null;
};

const sameHash = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && timingSafeEqual(a, b);

/**
 * Staff sign-in through the company's OpenID Connect provider. The provider vouches for the
 * person and their second factor; Elvakt decides who gets in and with which roles: only an
 * existing, enabled account whose user name equals the configured claim, and only from the
 * provider account it was first signed in with. The claim's value is never written down,
 * so a refusal for an unknown name leaves no name behind.
 */
export class StaffOidcSignInService {
  constructor(
    private readonly tx: Transactor,
    private readonly repo: StaffOidcRepository,
    private readonly sessions: Pick<StaffService, 'createSession'>,
    private readonly keyring: Keyring,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    /** The claim whose value names the account (ELVAKT_STAFF_OIDC_CLAIM). */
    readonly claim: string,
  ) {}

  /**
   * A staff member with a new account at the provider (a replaced or merged one): the tie
   * to the old one is forgotten, audited, and the next sign-in ties the account anew.
   * False for no such staff account.
   */
  async unlink(username: string, actor: string): Promise<boolean> {
    return this.tx.run(async (tx) => {
      const id = await this.repo.with(tx).unlink(username.trim().toLowerCase());
      if (!id) return false;
      await this.audit.withTx(tx).record({
        actor,
        action: 'staff.oidc_unlinked',
        purpose: 'security',
        details: { staff: id },
      });
      return true;
    });
  }

  async signIn(verified: VerifiedClaims): Promise<StaffOidcOutcome> {
    const value = verified.claims[this.claim];
    const username = typeof value === 'string' ? value.trim().toLowerCase() : '';
    // Outside the transaction: the key store is another database (PGlite serialises one connection).
    const subject = await this.keyring.index(
      STAFF_OIDC_SUBJECT_INDEX,
      `${verified.issuer}\u0000${verified.subject}`,
    );
    const now = this.clock.now();
    const verdict = await this.tx.run(async (tx) => {
      const repo = this.repo.with(tx);
      const audit = this.audit.withTx(tx);
      const refuse = async (reason: StaffOidcRefusal, staffId?: string) => {
        await audit.record({
          actor: staffId ? `staff:${staffId}` : 'system',
          action: 'staff.oidc_refused',
          purpose: 'security',
          details: staffId ? { reason, staff: staffId } : { reason },
        });
        return { kind: 'refused', reason } as const;
      };
      if (username === '') return refuse('claim_missing');
      const account = await repo.findByUsername(username);
      if (!account) return refuse('unknown_account');
      if (account.disabled) return refuse('disabled', account.id);
      if (account.subjectBidx) {
        if (!sameHash(account.subjectBidx, subject)) return refuse('subject_mismatch', account.id);
        await repo.touch(account.id, now);
      } else {
        if ((await repo.findIdBySubject(subject)) !== undefined) return refuse('subject_taken', account.id);
        // Another sign-in may have tied the account a moment ago; its tie stands and this one is refused.
        if (!(await repo.link(account.id, subject, now))) return refuse('subject_mismatch', account.id);
        await audit.record({
          actor: `staff:${account.id}`,
          action: 'staff.oidc_linked',
          purpose: 'security',
          details: { staff: account.id },
        });
      }
      await audit.record({
        actor: `staff:${account.id}`,
        action: 'staff.signed_in_oidc',
        purpose: 'security',
        details: { staff: account.id, amr: methodsOf(verified.claims.amr) },
      });
      return { kind: 'accepted', staffId: account.id, roles: account.roles.filter(isRole) } as const;
    });
    if (verdict.kind === 'refused') return verdict;
    const token = await this.sessions.createSession(verdict.staffId);
    return { kind: 'signed_in', staffId: verdict.staffId, roles: verdict.roles, token };
  }
}
