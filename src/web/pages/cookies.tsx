import { COOKIES, type CookieSpec } from '../../modules/privacy/cookies.ts';
import type { PageContext } from '../context.ts';
import { CsrfField, Layout, Notice, TableWrap } from '../layout.tsx';
import type { CookieChoice } from '../request-context.ts';

export const CookiesPage = ({
  ctx,
  choice,
  signal,
}: {
  ctx: PageContext;
  choice: CookieChoice | undefined;
  signal: string | null;
}) => {
  const { t } = ctx;
  return (
    <Layout ctx={{ ...ctx, cookieBanner: false }} title={t('cookies.title')}>
      <h1>{t('cookies.title')}</h1>
      {signal ? <Notice kind="info">{t('cookies.signal')}</Notice> : null}
      <p data-choice={choice ? (choice.analytics ? 'statistics' : 'necessary') : 'none'}>
        {choice
          ? choice.analytics
            ? t('cookies.current.statistics')
            : t('cookies.current.necessary')
          : t('cookies.current.none')}
      </p>
      <CookieTable ctx={ctx} cookies={COOKIES} />
      <form method="post" action="/informasjonskapsler" class="cookie-choices">
        <CsrfField ctx={ctx} />
        <input type="hidden" name="til" value="/informasjonskapsler" />
        <button type="submit" name="analytics" value="0" class="cookie-choice">
          {t('cookies.necessaryOnly')}
        </button>
        <button type="submit" name="analytics" value="1" class="cookie-choice">
          {t('cookies.acceptStatistics')}
        </button>
      </form>
    </Layout>
  );
};

/** Every cookie with its purpose, kind and lifetime; on the policy page and the cookie page alike. */
export const CookieTable = ({ ctx, cookies }: { ctx: PageContext; cookies: readonly CookieSpec[] }) => {
  const { t, locale } = ctx;
  return (
    <TableWrap label={t('cookies.title')}>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('privacy.col.cookie')}</th>
            <th scope="col">{t('privacy.col.purpose')}</th>
            <th scope="col">{t('privacy.col.kind')}</th>
            <th scope="col">{t('privacy.col.lifetime')}</th>
          </tr>
        </thead>
        <tbody>
          {cookies.map((c) => (
            <tr data-cookie={c.name}>
              <th scope="row">
                <code>{c.name}</code>
              </th>
              <td>{c.purpose[locale]}</td>
              <td>{c.necessary ? t('privacy.necessary') : t('privacy.optional')}</td>
              <td>{c.lifetime[locale]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
};
