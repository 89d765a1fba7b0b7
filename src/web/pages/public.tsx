import type { PageContext } from '../context.ts';
import { CsrfField, Layout, Notice, TextField } from '../layout.tsx';

export const HomePage = ({
  ctx,
  demo,
}: {
  ctx: PageContext;
  demo: { email: string; password: string } | null;
}) => {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('home.title')}>
      <h1>{t('home.title')}</h1>
      <p>{t('home.lead')}</p>
      <ol>
        <li>{t('home.how1')}</li>
        <li>{t('home.how2')}</li>
        <li>{t('home.how3')}</li>
      </ol>
      {demo ? <Notice kind="info">{t('home.demo', demo)}</Notice> : null}
      <p>
        <a class="button" href="/logg-inn">
          {t('nav.signIn')}
        </a>{' '}
        <a class="button secondary" href="/registrer">
          {t('nav.signUp')}
        </a>
      </p>
    </Layout>
  );
};

export const SignInPage = ({
  ctx,
  error,
  email,
  demo,
  oidc = false,
}: {
  ctx: PageContext;
  error?: string | undefined;
  email?: string | undefined;
  demo: { email: string; password: string } | null;
  /** Whether an OpenID Connect provider (BankID / ID-porten) is configured. */
  oidc?: boolean;
}) => {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('signIn.title')}>
      <h1>{t('signIn.title')}</h1>
      {error ? <Notice kind="error">{error}</Notice> : null}
      {demo ? <Notice kind="info">{t('home.demo', demo)}</Notice> : null}
      {oidc ? (
        <>
          <p>
            <a class="button" href="/logg-inn/oidc">
              {t('oidc.signIn')}
            </a>
          </p>
          <p>{t('oidc.signInOr')}</p>
        </>
      ) : null}
      <form method="post" action="/logg-inn" class="stack">
        <CsrfField ctx={ctx} />
        <div>
          <label for="email">{t('signIn.email')}</label>
          <input id="email" name="email" type="email" autocomplete="username" required value={email ?? ''} />
        </div>
        <div>
          <label for="password">{t('signIn.password')}</label>
          <input id="password" name="password" type="password" autocomplete="current-password" required />
        </div>
        <div>
          <button type="submit">{t('signIn.submit')}</button>
        </div>
      </form>
      <p>
        {t('signIn.noAccount')} <a href="/registrer">{t('nav.signUp')}</a>
      </p>
    </Layout>
  );
};

export interface SignUpValues {
  readonly name?: string;
  readonly email?: string;
  readonly phone?: string;
}

export const SignUpPage = ({
  ctx,
  errors,
  values,
}: {
  ctx: PageContext;
  errors: Record<string, string>;
  values: SignUpValues;
}) => {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('signUp.title')}>
      <h1>{t('signUp.title')}</h1>
      <p>{t('signUp.lead')}</p>
      <form method="post" action="/registrer" class="stack" novalidate>
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
          name="identityNumber"
          label={t('signUp.identityNumber')}
          hint={t('signUp.identityNumberHint')}
          inputmode="numeric"
          required
        />
        <TextField
          ctx={ctx}
          errors={errors}
          name="password"
          label={t('signUp.password')}
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

export const ErrorPage = ({ ctx, message, status }: { ctx: PageContext; message: string; status: number }) =>
  status === 404 ? (
    // A wrong address is not a failure of ours: say so, and offer a way back.
    <Layout ctx={ctx} title={ctx.t('error.notFoundTitle')}>
      <h1>{ctx.t('error.notFoundTitle')}</h1>
      <p>{ctx.t('error.notFoundLead')}</p>
      <ul class="plain">
        <li>
          <a href="/">{ctx.t('error.backHome')}</a>
        </li>
        {ctx.signedIn ? (
          <li>
            <a href="/min-side">{ctx.t('error.toMinSide')}</a>
          </li>
        ) : null}
      </ul>
    </Layout>
  ) : (
    <Layout ctx={ctx} title={ctx.t('error.title')}>
      <h1>{ctx.t('error.title')}</h1>
      <Notice kind="error">{message}</Notice>
      <p class="muted">{ctx.t('error.code', { status })}</p>
      <p>
        <a href="/">{ctx.t('error.backHome')}</a>
      </p>
    </Layout>
  );
