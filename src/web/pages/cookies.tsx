import { COOKIES } from '../../modules/privacy/cookies.ts';
import type { PageContext } from '../context.ts';
import { CsrfField, Layout, Notice } from '../layout.tsx';
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
  const { t, locale } = ctx;
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
      <div class="table-wrap">
        <table>
          <tbody>
            {COOKIES.map((c) => (
              <tr>
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
      </div>
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
