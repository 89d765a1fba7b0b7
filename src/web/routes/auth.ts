import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import type { App } from '../../app.ts';
import {
  type AuthServices,
  createAuthServices,
  OIDC_CALLBACK_PATH,
} from '../../modules/auth/auth-services.ts';
import { type OidcClient, OidcError, type OidcFlow } from '../../modules/auth/oidc.ts';
import type { PendingSignUp } from '../../modules/auth/oidc-sign-in.service.ts';
import { qrSvgPath } from '../../modules/auth/qr-code.ts';
import type { SealedTokens } from '../../modules/auth/sealed-token.ts';
import { SESSION_HOURS } from '../../modules/customers/customer.service.ts';
import { maskIdentityNumber } from '../../modules/identity/fodselsnummer.ts';
import { STAFF_SESSION_HOURS } from '../../modules/staff/staff.service.ts';
import { isAppError } from '../../platform/errors.ts';
import type { MessageKey } from '../i18n.ts';
import { OidcErrorPage, OidcSignUpPage } from '../pages/sign-in-oidc.tsx';
import { staffHome } from '../pages/staff.tsx';
import { StaffCodePage, StaffEnrolPage, StaffNewPasswordPage } from '../pages/staff-totp.tsx';
import { AUTH_COOKIE, fieldErrors, formText, pageContext, sendPage } from '../request-context.ts';
import { anyone } from './access.ts';
import type { WebOptions } from './public.ts';
import { form, ProviderAnswer, SHORT } from './schemas.ts';
import { STAFF_COOKIE } from './staff.ts';

/** The OpenID Connect state (state, nonce, PKCE verifier) between the redirect and the callback. */
const FLOW_COOKIE = 'oidc_flow';
/** A verified identity without an account, between the callback and the sign-up form. */
const SIGN_UP_COOKIE = 'oidc_signup';
const OIDC_PATH = '/logg-inn/oidc';
const FLOW_SECONDS = 600;
const SIGN_UP_SECONDS = 900;

/** A right staff password, waiting for the code. */
const STAFF_2FA_COOKIE = 'staff_2fa';
const STAFF_2FA_PATH = '/ansatt/logg-inn';
const STAFF_2FA_SECONDS = 300;
const STAFF_NEW_PASSWORD_PATH = '/ansatt/logg-inn/nytt-passord';

const services = new WeakMap<App, AuthServices>();

/** The sign-in services of an app, built once per app from its parts. */
export const authServicesOf = (app: App): AuthServices => {
  let s = services.get(app);
  if (!s) {
    s = createAuthServices({
      db: app.store.db,
      keyring: app.keyring,
      audit: app.services.audit,
      customers: app.services.customers,
      clock: app.clock,
      oidc: app.config.oidc,
      publicUrl: app.config.publicUrl,
    });
    services.set(app, s);
  }
  return s;
};

/** Between the password and the session: who gave a right password, and whether it was a first one to replace. */
interface StaffPending {
  readonly staff: string;
  readonly change?: boolean;
}

/**
 * The staff sign-in's password step calls this once the password was right: a sealed
 * cookie remembers it for five minutes. A first password (made by an administrator) leads
 * to the page that replaces it and nowhere else; then the code page asks for the second
 * factor, or enrols one when the account has none yet. No staff session exists before the
 * code.
 */
export const staffPasswordAccepted = async (
  app: App,
  reply: FastifyReply,
  staffId: string,
  secure: boolean,
  options: { readonly mustChangePassword?: boolean } = {},
): Promise<FastifyReply> => {
  const auth = authServicesOf(app);
  const pending: StaffPending = options.mustChangePassword
    ? { staff: staffId, change: true }
    : { staff: staffId };
  if (!pending.change) await auth.staffSecondFactor.afterPassword(staffId);
  const token = await auth.tokens.seal('staff-2fa', { ...pending }, STAFF_2FA_SECONDS);
  reply.setCookie(STAFF_2FA_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure,
    path: STAFF_2FA_PATH,
    maxAge: STAFF_2FA_SECONDS,
  });
  return reply.redirect(pending.change ? STAFF_NEW_PASSWORD_PATH : '/ansatt/logg-inn/kode', 303);
};

/**
 * Sends the browser to an OpenID Connect provider, keeping state, nonce and the PKCE
 * verifier in a sealed cookie for the way back. SameSite=Lax: the provider sends the
 * browser back with a top-level GET from its own site.
 */
export const redirectToProvider = async (
  reply: FastifyReply,
  client: OidcClient,
  tokens: SealedTokens,
  flowCookie: {
    readonly name: string;
    readonly kind: string;
    readonly path: string;
    readonly seconds: number;
  },
  secure: boolean,
): Promise<FastifyReply> => {
  const { url, flow } = await client.begin();
  reply.setCookie(flowCookie.name, await tokens.seal(flowCookie.kind, { ...flow }, flowCookie.seconds), {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: flowCookie.path,
    maxAge: flowCookie.seconds,
  });
  return reply.redirect(url, 303);
};

/** A library's error code for the log: never its message or cause, which may quote a token's claims. */
export const codeOf = (e: unknown): string | undefined => {
  const cause = (e as { cause?: unknown }).cause;
  const code = (cause as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : cause instanceof Error ? cause.name : undefined;
};

/** Sign-in through OpenID Connect (BankID and ID-porten brokers speak it), and the staff second factor. */
export const registerAuthRoutes = (server: FastifyInstance, app: App, options: WebOptions): void => {
  const auth = authServicesOf(app);
  const { customers, permissions, staff } = app.services;
  const secure = options.secureCookies;
  const ctx = (request: FastifyRequest, reply: FastifyReply) => pageContext(request, reply, secure);

  registerStaffSecondFactor(server, app, auth, ctx, secure, staff);

  const oidc = auth.oidc;
  if (!oidc) return;

  const errorPage = (request: FastifyRequest, reply: FastifyReply, message: MessageKey, status: number) =>
    sendPage(reply, h(OidcErrorPage, { ctx: ctx(request, reply), message }), status);

  /** The same session, cookie and landing as the password sign-in. */
  const startSession = async (reply: FastifyReply, customerId: string) => {
    const { token } = await customers.createSession(customerId);
    reply.setCookie(AUTH_COOKIE, token, {
      httpOnly: true,
      sameSite: 'lax',
      secure,
      path: '/',
      maxAge: SESSION_HOURS * 3600,
    });
    const consented = await permissions.isActive(customerId, 'consent', 'invoice_analysis');
    return reply.redirect(consented ? '/min-side' : '/samtykke', 303);
  };

  server.get(
    OIDC_PATH,
    { config: { access: anyone(), rateLimit: { max: 30, timeWindow: '15 minutes' } } },
    async (request, reply) => {
      try {
        return await redirectToProvider(
          reply,
          oidc.client,
          auth.tokens,
          { name: FLOW_COOKIE, kind: 'oidc-flow', path: OIDC_PATH, seconds: FLOW_SECONDS },
          secure,
        );
      } catch (e) {
        if (!(e instanceof OidcError)) throw e;
        request.log.warn({ failure: e.failure, code: codeOf(e) }, 'oidc provider unavailable');
        return errorPage(request, reply, 'oidc.error.unavailable', 503);
      }
    },
  );

  server.get(
    OIDC_CALLBACK_PATH,
    {
      config: { access: anyone(), rateLimit: { max: 30, timeWindow: '15 minutes' } },
      schema: { querystring: ProviderAnswer },
    },
    async (request, reply) => {
      // One callback per flow: the state is spent whatever happens next.
      const flow = await auth.tokens.open<OidcFlow>('oidc-flow', request.cookies[FLOW_COOKIE]);
      reply.clearCookie(FLOW_COOKIE, { path: OIDC_PATH });
      if (!flow) return errorPage(request, reply, 'oidc.error.expired', 400);
      let identity: Awaited<ReturnType<typeof oidc.client.complete>>;
      try {
        identity = await oidc.client.complete(new URL(request.url, app.config.publicUrl), flow);
      } catch (e) {
        if (!(e instanceof OidcError)) throw e;
        request.log.warn({ failure: e.failure, code: codeOf(e) }, 'oidc sign-in refused');
        if (e.failure === 'cancelled') return errorPage(request, reply, 'oidc.error.cancelled', 401);
        if (e.failure === 'unavailable') return errorPage(request, reply, 'oidc.error.unavailable', 503);
        return errorPage(request, reply, 'oidc.error.refused', 401);
      }
      const outcome = await oidc.signIn.signIn(identity);
      switch (outcome.kind) {
        case 'signed_in':
          return startSession(reply, outcome.customerId);
        case 'sign_up':
          reply.setCookie(
            SIGN_UP_COOKIE,
            await auth.tokens.seal('oidc-sign-up', { ...outcome.pending }, SIGN_UP_SECONDS),
            { httpOnly: true, sameSite: 'lax', secure, path: OIDC_PATH, maxAge: SIGN_UP_SECONDS },
          );
          return reply.redirect(`${OIDC_PATH}/registrer`, 303);
        case 'no_identity':
          return errorPage(request, reply, 'oidc.error.noIdentity', 403);
        case 'unavailable':
          return errorPage(request, reply, 'oidc.error.accountUnavailable', 403);
      }
    },
  );

  const pendingOf = (request: FastifyRequest) =>
    auth.tokens.open<PendingSignUp>('oidc-sign-up', request.cookies[SIGN_UP_COOKIE]);

  server.get(`${OIDC_PATH}/registrer`, { config: { access: anyone() } }, async (request, reply) => {
    const pending = await pendingOf(request);
    if (!pending) return errorPage(request, reply, 'oidc.error.expired', 400);
    return sendPage(
      reply,
      h(OidcSignUpPage, {
        ctx: ctx(request, reply),
        maskedIdentity: maskIdentityNumber(pending.identityNumber),
        errors: {},
        values: { name: pending.name ?? '' },
      }),
    );
  });

  server.post(
    `${OIDC_PATH}/registrer`,
    {
      config: { access: anyone(), rateLimit: { max: 10, timeWindow: '15 minutes' } },
      schema: { body: form({ name: SHORT, email: SHORT, phone: SHORT, password: 1000 }) },
    },
    async (request, reply) => {
      const pending = await pendingOf(request);
      if (!pending) return errorPage(request, reply, 'oidc.error.expired', 400);
      const input = {
        name: formText(request.body, 'name'),
        email: formText(request.body, 'email'),
        phone: formText(request.body, 'phone'),
        password: formText(request.body, 'password'),
      };
      try {
        const customerId = await oidc.signIn.signUp(pending, input);
        reply.clearCookie(SIGN_UP_COOKIE, { path: OIDC_PATH });
        return await startSession(reply, customerId);
      } catch (e) {
        if (!isAppError(e) || (e.code !== 'validation_failed' && e.code !== 'conflict')) throw e;
        const c = ctx(request, reply);
        const errors = fieldErrors(e);
        // The identity number is not a field of this form: its problem (an account exists) goes on top.
        const identityProblem = errors.identityNumber;
        return sendPage(
          reply,
          h(OidcSignUpPage, {
            ctx: c,
            maskedIdentity: maskIdentityNumber(pending.identityNumber),
            errors,
            values: { name: input.name, email: input.email, phone: input.phone },
            error: identityProblem ? c.t(identityProblem as MessageKey) : undefined,
          }),
          400,
        );
      }
    },
  );
};

/** The second step of the staff sign-in: enrolment at the first sign-in, then a code every time. */
const registerStaffSecondFactor = (
  server: FastifyInstance,
  app: App,
  auth: AuthServices,
  ctx: (request: FastifyRequest, reply: FastifyReply) => ReturnType<typeof pageContext>,
  secure: boolean,
  staff: App['services']['staff'],
): void => {
  const factor = auth.staffSecondFactor;
  const pendingOf = (request: FastifyRequest) =>
    auth.tokens.open<StaffPending>('staff-2fa', request.cookies[STAFF_2FA_COOKIE]);

  const newPasswordPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    errors: Record<string, string> = {},
    status = 200,
  ) => sendPage(reply, h(StaffNewPasswordPage, { ctx: ctx(request, reply), errors }), status);

  server.get(STAFF_NEW_PASSWORD_PATH, { config: { access: anyone() } }, async (request, reply) => {
    const pending = await pendingOf(request);
    if (!pending?.change) return reply.redirect('/ansatt/logg-inn', 303);
    return newPasswordPage(request, reply);
  });

  server.post(
    STAFF_NEW_PASSWORD_PATH,
    {
      config: { access: anyone(), rateLimit: { max: 10, timeWindow: '15 minutes' } },
      schema: { body: form({ password: 1000, repeat: 1000 }) },
    },
    async (request, reply) => {
      const pending = await pendingOf(request);
      if (!pending?.change) return reply.redirect('/ansatt/logg-inn', 303);
      const password = formText(request.body, 'password');
      if (password !== formText(request.body, 'repeat')) {
        const c = ctx(request, reply);
        return newPasswordPage(request, reply, { repeat: c.t('staffPassword.mismatch') }, 400);
      }
      try {
        await staff.changePassword(pending.staff, password);
      } catch (e) {
        if (!isAppError(e) || e.code !== 'validation_failed') throw e;
        const c = ctx(request, reply);
        const same = e.details.some((d) => d.message === 'same as before');
        return newPasswordPage(
          request,
          reply,
          { password: c.t(same ? 'staffPassword.same' : 'staffPassword.length') },
          400,
        );
      }
      return staffPasswordAccepted(app, reply, pending.staff, secure);
    },
  );
  const qrOf = (uri: string) => {
    try {
      return qrSvgPath(uri);
    } catch {
      // A user name too long for the code: the key and the link below still work.
      return undefined;
    }
  };

  const codePage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    staffId: string,
    error?: MessageKey,
    status = 200,
  ) => {
    const c = ctx(request, reply);
    const enrolment = await factor.enrolment(staffId);
    const message = error ? c.t(error) : undefined;
    return enrolment
      ? sendPage(
          reply,
          h(StaffEnrolPage, { ctx: c, enrolment, qr: qrOf(enrolment.uri), error: message }),
          status,
        )
      : sendPage(reply, h(StaffCodePage, { ctx: c, error: message }), status);
  };

  server.get('/ansatt/logg-inn/kode', { config: { access: anyone() } }, async (request, reply) => {
    const pending = await pendingOf(request);
    if (!pending) return reply.redirect('/ansatt/logg-inn', 303);
    if (pending.change) return reply.redirect(STAFF_NEW_PASSWORD_PATH, 303);
    return codePage(request, reply, pending.staff);
  });

  // The account's own lock (five wrong codes) is the one guessing meets first; the shared
  // limiter counts the address too, so many accounts tried from one place are slowed.
  server.post(
    '/ansatt/logg-inn/kode',
    {
      config: { access: anyone() },
      schema: { body: form({ code: 20 }) },
    },
    async (request, reply) => {
      const pending = await pendingOf(request);
      if (!pending) return reply.redirect('/ansatt/logg-inn', 303);
      // A first password opens nothing until it is replaced, not even the second factor's step.
      if (pending.change) return reply.redirect(STAFF_NEW_PASSWORD_PATH, 303);
      const attempt = await auth.limits.attempt('staff_code', pending.staff, request.ip);
      const verdict = await factor.verify(pending.staff, formText(request.body, 'code'));
      if (verdict.ok) {
        await auth.limits.succeeded(attempt);
        reply.clearCookie(STAFF_2FA_COOKIE, { path: STAFF_2FA_PATH });
        const token = await staff.createSession(verdict.staffId);
        reply.setCookie(STAFF_COOKIE, token, {
          httpOnly: true,
          sameSite: 'strict',
          secure,
          path: '/ansatt',
          maxAge: STAFF_SESSION_HOURS * 3600,
        });
        return reply.redirect(staffHome(verdict.roles), 303);
      }
      if (verdict.reason === 'locked') {
        // The password must be given again once the lock is over.
        reply.clearCookie(STAFF_2FA_COOKIE, { path: STAFF_2FA_PATH });
        const c = ctx(request, reply);
        return sendPage(
          reply,
          h(StaffCodePage, { ctx: c, error: c.t('staffTotp.locked'), locked: true }),
          429,
        );
      }
      return codePage(request, reply, pending.staff, 'staffTotp.wrong', 400);
    },
  );
};
