import type { OidcConfig, StaffOidcConfig } from '../../config.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Keyring } from '../../platform/crypto/keyring.ts';
import { type Db, transactor } from '../../platform/db/database.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { CustomerService } from '../customers/customer.service.ts';
import type { StaffService } from '../staff/staff.service.ts';
import { OidcClient } from './oidc.ts';
import { OidcLinkRepository } from './oidc-link.repository.ts';
import { OidcSignInService } from './oidc-sign-in.service.ts';
import { SealedTokens } from './sealed-token.ts';
import { SignInLimitRepository } from './sign-in-limit.repository.ts';
import { SignInLimiter } from './sign-in-limit.service.ts';
import { StaffOidcRepository } from './staff-oidc.repository.ts';
import { StaffOidcSignInService } from './staff-oidc-sign-in.service.ts';
import { StaffSecondFactorService } from './staff-second-factor.service.ts';
import { StaffTotpRepository } from './staff-totp.repository.ts';

export interface AuthServices {
  readonly tokens: SealedTokens;
  readonly staffSecondFactor: StaffSecondFactorService;
  /** Tries at passwords and codes, per account and per address, shared by every process. */
  readonly limits: SignInLimiter;
  /** Absent when no OpenID Connect provider is configured. */
  readonly oidc: { readonly client: OidcClient; readonly signIn: OidcSignInService } | undefined;
}

/** Path of the OpenID Connect callback; the redirect URI to register at the provider is the public URL and this. */
export const OIDC_CALLBACK_PATH = '/logg-inn/oidc/tilbake';

/** Builds the sign-in services from the parts of the composed app. */
export const createAuthServices = (parts: {
  readonly db: Db;
  readonly keyring: Keyring;
  readonly audit: AuditService;
  readonly customers: CustomerService;
  readonly clock: Clock;
  readonly oidc: OidcConfig | undefined;
  readonly publicUrl: string;
}): AuthServices => {
  const tx = transactor(parts.db);
  return {
    tokens: new SealedTokens(parts.keyring, parts.clock),
    limits: new SignInLimiter(new SignInLimitRepository(parts.db), parts.keyring, parts.clock),
    staffSecondFactor: new StaffSecondFactorService(
      tx,
      new StaffTotpRepository(parts.db),
      parts.keyring,
      parts.audit,
      parts.clock,
    ),
    oidc: parts.oidc
      ? {
          client: new OidcClient(parts.oidc, `${parts.publicUrl}${OIDC_CALLBACK_PATH}`),
          signIn: new OidcSignInService(
            tx,
            new OidcLinkRepository(parts.db),
            parts.customers,
            parts.keyring,
            parts.audit,
            parts.clock,
          ),
        }
      : undefined,
  };
};

/** Staff single sign-on through the company's provider. */
export interface StaffOidcServices {
  readonly client: OidcClient;
  readonly signIn: StaffOidcSignInService;
}

/** Path of the staff sign-on's callback; the redirect URI to register at the company's provider is the public URL and this. */
export const STAFF_OIDC_CALLBACK_PATH = '/ansatt/logg-inn/oidc/tilbake';

/** Staff single sign-on, or undefined when no company provider is configured. */
export const createStaffOidcServices = (parts: {
  readonly db: Db;
  readonly keyring: Keyring;
  readonly audit: AuditService;
  readonly staff: StaffService;
  readonly clock: Clock;
  readonly config: StaffOidcConfig | undefined;
  readonly publicUrl: string;
}): StaffOidcServices | undefined =>
  parts.config
    ? {
        client: new OidcClient(parts.config, `${parts.publicUrl}${STAFF_OIDC_CALLBACK_PATH}`),
        signIn: new StaffOidcSignInService(
          transactor(parts.db),
          new StaffOidcRepository(parts.db),
          parts.staff,
          parts.keyring,
          parts.audit,
          parts.clock,
          parts.config.claim,
        ),
      }
    : undefined;
