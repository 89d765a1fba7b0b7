import type { Clock } from '../../platform/clock.ts';
import type { Keyring } from '../../platform/crypto/keyring.ts';
import type { Transactor } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { CustomerService } from '../customers/customer.service.ts';
import { checkPersonName } from '../identity/person-name.ts';
import type { VerifiedIdentity } from './oidc.ts';
import type { OidcLinkRepository } from './oidc-link.repository.ts';

/** Blind-index domain of an identity provider's issuer and subject. */
export const OIDC_SUBJECT_INDEX = 'customers.oidc_subject';

/**
 * A verified identity without an account, waiting for the person to finish sign-up. It
 * travels sealed (see SealedTokens), never in a URL and never in a row of its own.
 */
export interface PendingSignUp {
  readonly identityNumber: string;
  /** The subject's blind index, base64url: the link to make once the account exists. */
  readonly subject: string;
  readonly name: string | null;
}

export type OidcOutcome =
  | { readonly kind: 'signed_in'; readonly customerId: string; readonly linked: boolean }
  | { readonly kind: 'sign_up'; readonly pending: PendingSignUp }
  /** The provider did not release a valid identity number and the subject is not linked. */
  | { readonly kind: 'no_identity' }
  /** The person's account is being erased (a legal hold keeps it): no sign-in, no new account. */
  | { readonly kind: 'unavailable' };

/**
 * Household sign-in with OpenID Connect. A subject linked before signs in at once; an
 * unlinked one is linked to the customer whose identity number matches (through the blind
 * index, never by decrypting anyone); a person with no account goes to sign-up with the
 * verified identity number filled in. Links are audited.
 */
export class OidcSignInService {
  constructor(
    private readonly tx: Transactor,
    private readonly links: OidcLinkRepository,
    private readonly customers: CustomerService,
    private readonly keyring: Keyring,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  private subjectIndex(identity: VerifiedIdentity): Promise<Uint8Array> {
    return this.keyring.index(OIDC_SUBJECT_INDEX, `${identity.issuer}\u0000${identity.subject}`);
  }

  async signIn(identity: VerifiedIdentity): Promise<OidcOutcome> {
    const subject = await this.subjectIndex(identity);
    const now = this.clock.now();
    const linked = await this.links.findActiveCustomer(subject);
    if (linked) {
      await this.links.touch(subject, now);
      return { kind: 'signed_in', customerId: linked, linked: false };
    }
    if (!identity.identityNumber) return { kind: 'no_identity' };
    const customerId = await this.customers.findIdByIdentityNumber(identity.identityNumber);
    if (!customerId)
      return {
        kind: 'sign_up',
        pending: {
          identityNumber: identity.identityNumber,
          subject: Buffer.from(subject).toString('base64url'),
          // A provider's name is only a suggestion for the form; one the form would refuse is not suggested.
          name: identity.name && checkPersonName(identity.name).ok ? identity.name : null,
        },
      };
    if ((await this.customers.status(customerId)) !== 'active') return { kind: 'unavailable' };
    await this.link(subject, customerId);
    return { kind: 'signed_in', customerId, linked: true };
  }

  /**
   * Sign-up with the identity number the provider verified; the other fields are checked
   * like any sign-up. The link follows in its own transaction: should it fail, the next
   * sign-in with the provider finds the account by identity number and links it then.
   */
  async signUp(
    pending: PendingSignUp,
    input: { name: string; email: string; phone: string; password: string },
  ): Promise<string> {
    const customerId = await this.customers.signUp({ ...input, identityNumber: pending.identityNumber });
    await this.link(new Uint8Array(Buffer.from(pending.subject, 'base64url')), customerId);
    return customerId;
  }

  private async link(subject: Uint8Array, customerId: string): Promise<void> {
    const now = this.clock.now();
    await this.tx.run(async (tx) => {
      const links = this.links.with(tx);
      if (!(await links.insert(subject, customerId, now))) {
        // Only a link to an account no longer active can be in the way (an active one was found above).
        if ((await links.findActiveCustomer(subject)) !== undefined)
          throw new AppError('conflict', 'This sign-in is linked to another account.');
        await links.relink(subject, customerId, now);
      }
      await this.audit
        .withTx(tx)
        .record({ actor: 'customer', action: 'customer.oidc_linked', subjectId: customerId });
    });
  }
}
