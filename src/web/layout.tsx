import type { ComponentChildren, VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { PageContext } from './context.ts';

export const CsrfField = ({ ctx }: { ctx: PageContext }) => (
  <input type="hidden" name="_csrf" value={ctx.csrf} />
);

const languageSwitch = (ctx: PageContext) => {
  const other = ctx.locale === 'nb' ? 'en' : 'nb';
  return `/sprak/${other}?til=${encodeURIComponent(ctx.path)}`;
};

/** The document head every page shares: no scripts, one style sheet. */
export const Head = ({ title, noindex = false }: { title: string; noindex?: boolean }) => (
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    {noindex ? <meta name="robots" content="noindex" /> : null}
    <title>{title}</title>
    <link rel="icon" href="/static/favicon.svg" type="image/svg+xml" />
    <link rel="stylesheet" href="/static/style.css" />
  </head>
);

export const Layout = ({
  ctx,
  title,
  children,
}: {
  ctx: PageContext;
  title: string;
  children: ComponentChildren;
}) => {
  const { t } = ctx;
  return (
    <html lang={ctx.locale === 'nb' ? 'nb' : 'en'}>
      <Head title={`${title} · ${t('app.name')}`} />
      <body>
        <a class="skip" href="#main">
          {t('nav.skip')}
        </a>
        <header class="site">
          <a class="brand" href="/">
            {t('app.name')}
          </a>
          <nav aria-label={t('app.name')}>
            <ul>
              {ctx.signedIn ? (
                <>
                  <li>
                    <a href="/min-side">{t('nav.minSide')}</a>
                  </li>
                  <li>
                    <a href="/fakturaer">{t('nav.invoices')}</a>
                  </li>
                  <li>
                    <a href="/forbruk">{t('nav.consumption')}</a>
                  </li>
                  <li>
                    <a href="/varsler">{t('nav.notifications')}</a>
                  </li>
                  <li>
                    <a href="/samtykke">{t('nav.consents')}</a>
                  </li>
                  <li>
                    <a href="/mine-data">{t('nav.myData')}</a>
                  </li>
                  <li>
                    <form method="post" action="/logg-ut" class="inline">
                      <CsrfField ctx={ctx} />
                      <button type="submit" class="link">
                        {t('nav.signOut')}
                      </button>
                    </form>
                  </li>
                </>
              ) : (
                <>
                  <li>
                    <a href="/logg-inn">{t('nav.signIn')}</a>
                  </li>
                  <li>
                    <a href="/registrer">{t('nav.signUp')}</a>
                  </li>
                </>
              )}
              <li>
                <a href={languageSwitch(ctx)} lang={ctx.locale === 'nb' ? 'en' : 'nb'}>
                  {t('nav.language')}
                </a>
              </li>
            </ul>
          </nav>
        </header>
        {ctx.cookieBanner ? <CookieBanner ctx={ctx} /> : null}
        <main id="main">{children}</main>
        <footer class="site">
          <p>
            {t('footer.text')} ·{' '}
            <a href={ctx.locale === 'nb' ? '/personvern' : '/en/privacy'}>{t('nav.privacy')}</a> ·{' '}
            <a href="/informasjonskapsler">{t('cookies.settings')}</a>
          </p>
        </footer>
      </body>
    </html>
  );
};

/**
 * The cookie question, on every page until answered: "only necessary" is exactly as
 * prominent as "accept", and the settings page can change the answer any time. It comes
 * before the page's content so it is met first, as a named region; its title is not a
 * heading, so every page's outline still begins with its own h1.
 */
export const CookieBanner = ({ ctx }: { ctx: PageContext }) => (
  <section class="cookie-banner" aria-labelledby="cookie-title">
    <p id="cookie-title" class="banner-title">
      {ctx.t('cookies.bannerTitle')}
    </p>
    <p>{ctx.t('cookies.bannerText')}</p>
    <form method="post" action="/informasjonskapsler" class="cookie-choices">
      <CsrfField ctx={ctx} />
      <input type="hidden" name="til" value={ctx.path} />
      <button type="submit" name="analytics" value="0" class="cookie-choice">
        {ctx.t('cookies.necessaryOnly')}
      </button>
      <button type="submit" name="analytics" value="1" class="cookie-choice">
        {ctx.t('cookies.acceptStatistics')}
      </button>
    </form>
    <p>
      <a href="/informasjonskapsler">{ctx.t('cookies.settings')}</a>
    </p>
  </section>
);

/**
 * The box around a table that may be wider than a phone: it scrolls sideways, so it takes
 * focus (a keyboard can scroll it) and is a region named by the table's heading or a label.
 */
export const TableWrap = ({
  label,
  labelledBy,
  children,
}: {
  label?: string;
  labelledBy?: string;
  children: ComponentChildren;
}) => (
  <section
    class="table-wrap"
    tabindex={0}
    aria-label={labelledBy ? undefined : label}
    aria-labelledby={labelledBy}
  >
    {children}
  </section>
);

export const renderPage = <P,>(node: VNode<P>): string =>
  `<!doctype html>${renderToString(node as unknown as VNode)}`;

export const FieldErrors = ({
  ctx,
  errors,
  field,
}: {
  ctx: PageContext;
  errors: Record<string, string>;
  field: string;
}) =>
  errors[field] ? (
    <p class="field-error" id={`${field}-error`}>
      {ctx.t(errors[field] as Parameters<PageContext['t']>[0])}
    </p>
  ) : null;

export const Notice = ({ kind, children }: { kind: 'error' | 'info'; children: ComponentChildren }) => (
  <div class={`notice ${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
    {children}
  </div>
);

/**
 * A labelled input with its hint and its error, wired together for screen readers. The
 * value is never filled for secrets (passwords, identity numbers): callers leave it out.
 */
export const TextField = ({
  ctx,
  name,
  label,
  errors,
  hint,
  value,
  type = 'text',
  autocomplete,
  required = false,
  inputmode,
  minLength,
}: {
  ctx: PageContext;
  name: string;
  label: string;
  errors: Record<string, string>;
  hint?: string;
  value?: string;
  type?: 'text' | 'email' | 'password' | 'tel';
  autocomplete?: string;
  required?: boolean;
  inputmode?: 'numeric';
  minLength?: number;
}) => {
  const describedBy = [hint ? `${name}-hint` : '', errors[name] ? `${name}-error` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div>
      <label for={name}>{label}</label>
      <input
        id={name}
        name={name}
        type={type}
        autocomplete={autocomplete ?? 'off'}
        required={required}
        value={value}
        inputmode={inputmode}
        minLength={minLength}
        aria-invalid={errors[name] ? 'true' : undefined}
        aria-describedby={describedBy || undefined}
      />
      {hint ? (
        <p class="hint" id={`${name}-hint`}>
          {hint}
        </p>
      ) : null}
      <FieldErrors ctx={ctx} errors={errors} field={name} />
    </div>
  );
};
