import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import type { App } from '../../app.ts';
import { createStaffOidcServices, STAFF_OIDC_CALLBACK_PATH } from '../../modules/auth/auth-services.ts';
import { OidcError, type OidcFlow, type VerifiedClaims } from '../../modules/auth/oidc.ts';
import { STAFF_SESSION_HOURS } from '../../modules/staff/staff.service.ts';
import type { MessageKey } from '../i18n.ts';
import { StaffSignInPage, staffHome } from '../pages/staff.tsx';
import { StaffSignedInPage } from '../pages/staff-totp.tsx';
import { pageContext, sendPage } from '../request-context.ts';
import { authServicesOf, codeOf, redirectToProvider } from './auth.ts';
import type { WebOptions } from './public.ts';
import { STAFF_COOKIE } from './staff.ts';

/** The OpenID Connect state (state, nonce, PKCE verifier) between the redirect and the callback. */
const FLOW_COOKIE = 'staff_oidc_flow';
/** Its own kind, so a household's flow token is no staff flow token, and the other way round. */
const FLOW_TOKEN = 'staff-oidc-flow';
const OIDC_PATH = '/ansatt/logg-inn/oidc';
const FLOW_SECONDS = 600;

import { anyone } from './access.ts';
import { ProviderAnswer } from './schemas.ts';

const RATE_LIMIT = { config: { access: anyone(), rateLimit: { max: 30, timeWindow: '15 minutes' } } };

/**
 * Staff single sign-on through the company's OpenID Connect provider, beside the password
 * and one-time code. Nothing here exists unless ELVAKT_STAFF_OIDC_ISSUER is set.
 */
export const registerStaffOidcRoutes = (server: FastifyInstance, app: App, options: WebOptions): void => {
  const sso = createStaffOidcServices({
    db: app.store.db,
    keyring: app.keyring,
    audit: app.services.audit,
    staff: app.services.staff,
    clock: app.clock,
    config: app.config.staffOidc,
    publicUrl: app.config.publicUrl,
  });
  if (!sso) return;
  const { tokens } = authServicesOf(app);
  const secure = options.secureCookies;

  /** Every failure lands on the sign-in page, with both ways in and what went wrong. */
  const signInPage = (request: FastifyRequest, reply: FastifyReply, message: MessageKey, status: number) => {
    const ctx = pageContext(request, reply, secure);
    return sendPage(reply, h(StaffSignInPage, { ctx, error: ctx.t(message), oidc: true }), status);
  };

  server.get(OIDC_PATH, RATE_LIMIT, async (request, reply) => {
    try {
      return await redirectToProvider(
        reply,
        sso.client,
        tokens,
        { name: FLOW_COOKIE, kind: FLOW_TOKEN, path: OIDC_PATH, seconds: FLOW_SECONDS },
        secure,
      );
    } catch (e) {
      if (!(e instanceof OidcError)) throw e;
      request.log.warn({ failure: e.failure, code: codeOf(e) }, 'staff oidc provider unavailable');
      return signInPage(request, reply, 'staffOidc.unavailable', 503);
    }
  });

  server.get(
    STAFF_OIDC_CALLBACK_PATH,
    { ...RATE_LIMIT, schema: { querystring: ProviderAnswer } },
    async (request, reply) => {
      // One callback per flow: the state is spent whatever happens next.
      const flow = await tokens.open<OidcFlow>(FLOW_TOKEN, request.cookies[FLOW_COOKIE]);
      reply.clearCookie(FLOW_COOKIE, { path: OIDC_PATH });
      if (!flow) return signInPage(request, reply, 'staffOidc.expired', 400);
      let verified: VerifiedClaims;
      try {
        verified = await sso.client.claims(new URL(request.url, app.config.publicUrl), flow, {
          wanted: sso.signIn.claim,
        });
      } catch (e) {
        if (!(e instanceof OidcError)) throw e;
        request.log.warn({ failure: e.failure, code: codeOf(e) }, 'staff oidc sign-in refused');
        if (e.failure === 'cancelled') return signInPage(request, reply, 'staffOidc.cancelled', 401);
        if (e.failure === 'unavailable') return signInPage(request, reply, 'staffOidc.unavailable', 503);
        return signInPage(request, reply, 'staffOidc.failed', 401);
      }
      const outcome = await sso.signIn.signIn(verified);
      if (outcome.kind === 'refused') {
        // The reason only; which name was asked for stays out of the log, as it does out of the audit row.
        request.log.info({ reason: outcome.reason }, 'staff oidc sign-in refused');
        return signInPage(request, reply, 'staffOidc.refused', 403);
      }
      reply.setCookie(STAFF_COOKIE, outcome.token, {
        httpOnly: true,
        sameSite: 'strict',
        secure,
        path: '/ansatt',
        maxAge: STAFF_SESSION_HOURS * 3600,
      });
      const home = staffHome(outcome.roles);
      // Not a redirect: this request came from the provider's site, and browsers keep a
      // SameSite=Strict cookie off every redirect that follows it, so the home page would
      // open signed out. A refresh from this page of our own is a same-site navigation.
      // No referrer: the next request would otherwise carry this URL with its code and state.
      reply.header('refresh', `0; url=${home}`).header('referrer-policy', 'no-referrer');
      return sendPage(reply, h(StaffSignedInPage, { ctx: pageContext(request, reply, secure), home }));
    },
  );
};
