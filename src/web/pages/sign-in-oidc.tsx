import type { PageContext } from '../context.ts';
import type { MessageKey } from '../i18n.ts';
import { CsrfField, Layout, Notice, TextField } from '../layout.tsx';
import type { SignUpValues } from './public.tsx';

/** A refused, cancelled or expired OpenID Connect sign-in: what happened, and the ways on. */
export const OidcErrorPage = ({ ctx, message }: { ctx: PageContext; message: MessageKey }) => (
  <Layout ctx={ctx} title={ctx.t('oidc.error.title')}>
    <h1>{ctx.t('oidc.error.title')}</h1>
    <Notice kind="error">{ctx.t(message)}</Notice>
    <p>
      <a class="button" href="/logg-inn/oidc">
        {ctx.t('oidc.error.retry')}
      </a>{' '}
      <a class="button secondary" href="/logg-inn">
        {ctx.t('oidc.error.password')}
      </a>
    </p>
  </Layout>
);

/**
 * Sign-up after a verified sign-in: the identity number comes from the identity provider,
 * is shown masked and cannot be changed; it never travels in the form or a URL.
 */
export const OidcSignUpPage = ({
  ctx,
  maskedIdentity,
  errors,
  values,
  error,
}: {
  ctx: PageContext;
  maskedIdentity: string;
  errors: Record<string, string>;
  values: SignUpValues;
  error?: string | undefined;
}) => {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('signUp.title')}>
      <h1>{t('signUp.title')}</h1>
      <p>{t('oidc.signUp.lead')}</p>
      {error ? <Notice kind="error">{error}</Notice> : null}
      <dl class="verified-identity">
        <dt>{t('oidc.signUp.identity')}</dt>
        <dd data-identity>{maskedIdentity}</dd>
        <dd class="hint">{t('oidc.signUp.identityVerified')}</dd>
      </dl>
      <form method="post" action="/logg-inn/oidc/registrer" class="stack" novalidate>
        <CsrfField ctx={ctx} />
        <TextField
          ctx={ctx}
          errors={errors}
          name="name"
          label={t('signUp.name')}
          autocomplete="name"
          required
          value={values.name ?? ''}
        />
        <TextField
          ctx={ctx}
          errors={errors}
          name="email"
          label={t('signUp.email')}
          type="email"
          autocomplete="email"
          required
          value={values.email ?? ''}
        />
        <TextField
          ctx={ctx}
          errors={errors}
          name="phone"
          label={t('signUp.phone')}
          type="tel"
          autocomplete="tel"
          value={values.phone ?? ''}
        />
        <TextField
          ctx={ctx}
          errors={errors}
          name="password"
          label={t('signUp.password')}
          hint={t('oidc.signUp.passwordHint')}
          type="password"
          autocomplete="new-password"
          required
          minLength={10}
        />
        <div>
          <button type="submit">{t('signUp.submit')}</button>
        </div>
      </form>
    </Layout>
  );
};
