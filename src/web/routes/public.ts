import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import type { App } from '../../app.ts';
import { SESSION_HOURS } from '../../modules/customers/customer.service.ts';
import { isAppError } from '../../platform/errors.ts';
import type { Flash } from '../flash.ts';
import { PrivacyPage } from '../pages/privacy.tsx';
import { HomePage, SignInPage, SignUpPage } from '../pages/public.tsx';
import {
  AUTH_COOKIE,
  fieldErrors,
  formText,
  LANG_COOKIE,
  pageContext,
  sendPage,
} from '../request-context.ts';
import { anyone } from './access.ts';
import { authServicesOf } from './auth.ts';
import { form, ReturnTo, SHORT } from './schemas.ts';

export interface WebOptions {
  readonly secureCookies: boolean;
  readonly demoLogin: { email: string; password: string } | null;
  /** What a form's answer carries to the page it redirects to. */
  readonly flash: Flash;
}

/** Pages anyone can see: the front page, sign-in and sign-up, the privacy policy, language. */
export const registerPublicRoutes = (server: FastifyInstance, app: App, options: WebOptions): void => {
  const { customers, permissions } = app.services;
  const ctx = (request: Parameters<typeof pageContext>[0], reply: Parameters<typeof pageContext>[1]) =>
    pageContext(request, reply, options.secureCookies);

  const startSession = async (reply: Parameters<typeof pageContext>[1], customerId: string) => {
    const { token } = await customers.createSession(customerId);
    reply.setCookie(AUTH_COOKIE, token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: options.secureCookies,
      path: '/',
      maxAge: SESSION_HOURS * 3600,
    });
  };

  /** After sign-in: to the consents page until the service has what it needs, then to Min side. */
  const landing = async (customerId: string) =>
    (await permissions.isActive(customerId, 'consent', 'invoice_analysis')) ? '/min-side' : '/samtykke';

  const open = { config: { access: anyone() } } as const;

  server.get('/', open, async (request, reply) => {
    if (request.session) return reply.redirect('/min-side');
    return sendPage(reply, h(HomePage, { ctx: ctx(request, reply), demo: options.demoLogin }));
  });

  server.get('/logg-inn', open, async (request, reply) =>
    sendPage(
      reply,
      h(SignInPage, {
        ctx: ctx(request, reply),
        demo: options.demoLogin,
        oidc: app.config.oidc !== undefined,
      }),
    ),
  );

  // Tries are limited per account and per address in the database (SignInLimiter), not here.
  server.post(
    '/logg-inn',
    {
      config: { access: anyone() },
      schema: { body: form({ email: SHORT, password: 1000 }) },
    },
    async (request, reply) => {
      const email = formText(request.body, 'email');
      const limits = authServicesOf(app).limits;
      const attempt = await limits.attempt('household_password', email, request.ip);
      try {
        const id = await customers.authenticate(email, formText(request.body, 'password'));
        await limits.succeeded(attempt);
        await startSession(reply, id);
        return reply.redirect(await landing(id), 303);
      } catch (e) {
        if (!isAppError(e) || e.code !== 'unauthenticated') throw e;
        const c = ctx(request, reply);
        return sendPage(
          reply,
          h(SignInPage, {
            ctx: c,
            error: c.t('error.unauthenticated'),
            email,
            demo: options.demoLogin,
            oidc: app.config.oidc !== undefined,
          }),
          401,
        );
      }
    },
  );

  server.get('/registrer', open, async (request, reply) =>
    sendPage(reply, h(SignUpPage, { ctx: ctx(request, reply), errors: {}, values: {} })),
  );

  server.post(
    '/registrer',
    {
      config: { access: anyone(), rateLimit: { max: 10, timeWindow: '15 minutes' } },
      schema: {
        body: form({ name: SHORT, email: SHORT, phone: SHORT, identityNumber: SHORT, password: 1000 }),
      },
    },
    async (request, reply) => {
      const input = {
        name: formText(request.body, 'name'),
        email: formText(request.body, 'email'),
        phone: formText(request.body, 'phone'),
        identityNumber: formText(request.body, 'identityNumber'),
        password: formText(request.body, 'password'),
      };
      try {
        const id = await customers.signUp(input);
        await startSession(reply, id);
        return reply.redirect('/samtykke', 303);
      } catch (e) {
        if (!isAppError(e) || (e.code !== 'validation_failed' && e.code !== 'conflict')) throw e;
        // The identity number and password are never sent back into the page.
        const values = { name: input.name, email: input.email, phone: input.phone };
        return sendPage(
          reply,
          h(SignUpPage, { ctx: ctx(request, reply), errors: fieldErrors(e), values }),
          400,
        );
      }
    },
  );

  server.post('/logg-ut', open, async (request, reply) => {
    const token = request.cookies[AUTH_COOKIE];
    if (token) await customers.signOut(token);
    reply.clearCookie(AUTH_COOKIE, { path: '/' });
    return reply.redirect('/', 303);
  });

  const policyPage = (locale: 'nb' | 'en') => async (request: FastifyRequest, reply: FastifyReply) => {
    request.locale = locale;
    const policy = await app.services.policy.current();
    return sendPage(
      reply,
      h(PrivacyPage, {
        ctx: ctx(request, reply),
        doc: policy.document,
        version: policy.version,
        publishedAt: policy.publishedAt,
      }),
    );
  };
  server.get('/personvern', open, policyPage('nb'));
  server.get('/en/privacy', open, policyPage('en'));

  server.get<{ Params: { lang: string }; Querystring: { til?: string } }>(
    '/sprak/:lang',
    {
      config: { access: anyone({ lang: 'language' }) },
      schema: { params: Type.Object({ lang: Type.String({ maxLength: 10 }) }), querystring: ReturnTo },
    },
    async (request, reply) => {
      const lang = request.params.lang === 'en' ? 'en' : 'nb';
      // Only paths on this site, so the switch cannot be used to send people elsewhere.
      const target =
        request.query.til && /^\/(?!\/)[\w\-/.]*$/.test(request.query.til) ? request.query.til : '/';
      reply.setCookie(LANG_COOKIE, lang, {
        path: '/',
        sameSite: 'lax',
        secure: options.secureCookies,
        maxAge: 31_536_000,
      });
      return reply.redirect(target, 303);
    },
  );

  server.get('/helse', open, async () => ({ status: 'ok' }));
};
