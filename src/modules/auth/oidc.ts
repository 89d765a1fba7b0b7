import * as client from 'openid-client';
import type { OidcConfig } from '../../config.ts';
import { AppError } from '../../platform/errors.ts';
import { parseIdentityNumber } from '../identity/fodselsnummer.ts';

/**
 * The OpenID Connect client for household sign-in (and, with a client of its own, staff
 * single sign-on): discovery, the authorization code flow with PKCE (S256), state and
 * nonce, and the claims that carry the national identity number.
 * ID-porten calls it `pid`; BankID brokers use `nnin`, `norwegian_national_id` or `socialno`.
 */
export const IDENTITY_CLAIMS = ['pid', 'nnin', 'norwegian_national_id', 'socialno'] as const;

/** What the browser must bring back to the callback; kept sealed in a cookie meanwhile. */
export interface OidcFlow {
  readonly state: string;
  readonly nonce: string;
  readonly verifier: string;
}

/** A person as the identity provider vouched for them. */
export interface VerifiedIdentity {
  readonly issuer: string;
  readonly subject: string;
  /** Checked like at sign-up (digits, check digits, date); undefined when not released or not valid. */
  readonly identityNumber: string | undefined;
  readonly name: string | undefined;
}

/** What a provider vouched for, with no claim required beyond the subject. */
export interface VerifiedClaims {
  readonly issuer: string;
  readonly subject: string;
  /** The ID token's claims (signature, issuer, audience, expiry and nonce checked), UserInfo's beneath them if fetched. */
  readonly claims: Readonly<Record<string, unknown>>;
}

/**
 * Why a callback was refused, in words for the page: the person cancelled at the provider,
 * the provider could not be reached, or the answer did not hold (state, nonce, issuer,
 * signature, code): the last never says which, so a forger learns nothing.
 */
export type OidcFailure = 'cancelled' | 'unavailable' | 'refused';

export class OidcError extends AppError {
  constructor(
    readonly failure: OidcFailure,
    options?: ErrorOptions,
  ) {
    super(
      failure === 'unavailable' ? 'upstream_unavailable' : 'unauthenticated',
      `oidc_${failure}`,
      [],
      options,
    );
  }
}

const isLocal = (url: URL) => url.hostname === 'localhost' || url.hostname === '127.0.0.1';

const identityOf = (claims: Record<string, unknown>): string | undefined => {
  for (const name of IDENTITY_CLAIMS) {
    const value = claims[name];
    if (typeof value !== 'string') continue;
    const parsed = parseIdentityNumber(value);
    if (parsed.ok) return parsed.value.value;
  }
  return undefined;
};

const nameOf = (claims: Record<string, unknown>): string | undefined => {
  if (typeof claims.name === 'string' && claims.name.trim() !== '') return claims.name.trim();
  const parts = [claims.given_name, claims.family_name].filter(
    (p): p is string => typeof p === 'string' && p.trim() !== '',
  );
  return parts.length > 0 ? parts.join(' ') : undefined;
};

const failureOf = (e: unknown): OidcFailure => {
  if (e instanceof client.AuthorizationResponseError)
    return e.error === 'access_denied' ? 'cancelled' : 'refused';
  // A fetch that never got an answer (refused connection, timeout) is the provider's absence, not a forgery.
  if (e instanceof TypeError || (e instanceof Error && e.name === 'TimeoutError')) return 'unavailable';
  if (e instanceof client.ClientError && e.cause instanceof TypeError) return 'unavailable';
  return 'refused';
};

export class OidcClient {
  private configuration: Promise<client.Configuration> | undefined;

  constructor(
    private readonly settings: OidcConfig,
    /** Where the provider sends the browser back: the public URL and the sign-in's callback path. */
    readonly redirectUri: string,
  ) {}

  /**
   * Discovery on first use rather than at start, so a provider that is down keeps only its
   * own sign-in from working; a failed discovery is tried again on the next sign-in.
   */
  private config(): Promise<client.Configuration> {
    const issuer = new URL(this.settings.issuer);
    this.configuration ??= client
      .discovery(
        issuer,
        this.settings.clientId,
        this.settings.clientSecret ? undefined : { token_endpoint_auth_method: 'none' },
        this.settings.clientSecret ? client.ClientSecretBasic(this.settings.clientSecret) : client.None(),
        // Plain http only for a provider on this machine (tests, development); the config refuses it elsewhere.
        {
          timeout: 10,
          ...(issuer.protocol === 'http:' && isLocal(issuer)
            ? { execute: [client.allowInsecureRequests] }
            : {}),
        },
      )
      .catch((e: unknown) => {
        this.configuration = undefined;
        throw new OidcError('unavailable', { cause: e });
      });
    return this.configuration;
  }

  /** The provider's authorization URL and the secrets the callback will be checked against. */
  async begin(): Promise<{ url: string; flow: OidcFlow }> {
    const config = await this.config();
    const flow: OidcFlow = {
      state: client.randomState(),
      nonce: client.randomNonce(),
      verifier: client.randomPKCECodeVerifier(),
    };
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.redirectUri,
      scope: this.settings.scopes,
      code_challenge: await client.calculatePKCECodeChallenge(flow.verifier),
      code_challenge_method: 'S256',
      state: flow.state,
      nonce: flow.nonce,
    });
    return { url: url.href, flow };
  }

  /**
   * Checks the callback (state, the issuer parameter when the provider sends one), redeems
   * the code with the PKCE verifier, checks the ID token (signature, issuer, audience,
   * expiry, nonce) and reads the identity number from it, or from UserInfo when the
   * provider keeps claims there.
   */
  async complete(callbackUrl: URL, flow: OidcFlow): Promise<VerifiedIdentity> {
    const verified = await this.redeem(callbackUrl, flow, (claims) => identityOf(claims) === undefined);
    return {
      issuer: verified.issuer,
      subject: verified.subject,
      identityNumber: identityOf(verified.claims),
      name: nameOf(verified.claims),
    };
  }

  /**
   * The same checks as `complete`, for a sign-in that needs no identity number: the claims
   * as verified, with UserInfo's beneath the ID token's when the token lacks `wanted`.
   */
  claims(
    callbackUrl: URL,
    flow: OidcFlow,
    options: { readonly wanted?: string } = {},
  ): Promise<VerifiedClaims> {
    const { wanted } = options;
    return this.redeem(callbackUrl, flow, (claims) => wanted !== undefined && claims[wanted] === undefined);
  }

  private async redeem(
    callbackUrl: URL,
    flow: OidcFlow,
    needsUserInfo: (claims: Readonly<Record<string, unknown>>) => boolean,
  ): Promise<VerifiedClaims> {
    const config = await this.config();
    try {
      const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: flow.verifier,
        expectedState: flow.state,
        expectedNonce: flow.nonce,
        idTokenExpected: true,
      });
      const idToken = tokens.claims();
      if (!idToken) throw new OidcError('refused');
      let claims: Record<string, unknown> = { ...idToken };
      if (needsUserInfo(claims) && config.serverMetadata().userinfo_endpoint) {
        // fetchUserInfo refuses an answer about any other subject than the ID token's.
        const info = await client.fetchUserInfo(config, tokens.access_token, idToken.sub);
        claims = { ...info, ...claims };
      }
      return { issuer: idToken.iss, subject: idToken.sub, claims };
    } catch (e) {
      if (e instanceof OidcError) throw e;
      throw new OidcError(failureOf(e), { cause: e });
    }
  }
}
