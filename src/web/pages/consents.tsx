import type { PermissionEvent, PermissionState } from '../../modules/consents/permission.ts';
import type { PermissionText } from '../../modules/consents/permission-texts.ts';
import type { PageContext } from '../context.ts';
import { formatDate, formatDateTime } from '../i18n.ts';
import { CsrfField, Layout, Notice } from '../layout.tsx';

const statusLine = (ctx: PageContext, s: PermissionState): string => {
  const date = s.since ? formatDate(s.since, ctx.locale) : '';
  switch (s.status) {
    case 'active':
      return ctx.t('consents.status.active', { date });
    case 'withdrawn':
      return ctx.t('consents.status.withdrawn', { date });
    case 'expired':
      return ctx.t('consents.status.expired', {
        date: s.validUntil ? formatDate(s.validUntil, ctx.locale) : '',
      });
    default:
      return ctx.t('consents.status.never');
  }
};

export const ConsentsPage = ({
  ctx,
  items,
  history,
  uses,
  error,
}: {
  ctx: PageContext;
  items: readonly { text: PermissionText; state: PermissionState }[];
  history: readonly PermissionEvent[];
  uses: readonly { scope: string; action: string; usedAt: Date }[];
  error?: string | undefined;
}) => {
  const { t, locale } = ctx;
  return (
    <Layout ctx={ctx} title={t('consents.title')}>
      <h1>{t('consents.title')}</h1>
      <p>{t('consents.lead')}</p>
      {error ? <Notice kind="error">{error}</Notice> : null}
      <form method="post" action="/samtykke">
        <CsrfField ctx={ctx} />
        {items.map(({ text, state }) => {
          const id = `${text.kind}-${text.scope}`;
          return (
            <section class="permission" aria-labelledby={`${id}-title`}>
              <h2 id={`${id}-title`}>{text.title[locale]}</h2>
              <p>
                <span class="tag">{t(`consents.kind.${text.kind}`)}</span>{' '}
                <span class="tag">{text.required ? t('consents.required') : t('consents.optional')}</span>
              </p>
              <p>{text.body[locale]}</p>
              <input type="hidden" name={`version:${id}`} value={text.version} />
              <label class="check" for={id}>
                <input type="checkbox" id={id} name={id} value="1" checked={state.status === 'active'} />
                {text.kind === 'consent' ? t('consents.give') : t('consents.grant')}
              </label>
              <p class="hint">
                {statusLine(ctx, state)}
                {state.status === 'active' && state.validUntil
                  ? ` · ${t('consents.validUntil', { date: formatDate(state.validUntil, locale) })}`
                  : ''}{' '}
                · {t('consents.version', { version: text.version })}
              </p>
              {text.scope === 'invoice_analysis' && state.status === 'active' ? (
                <p class="hint">{t('consents.withdrawWarning')}</p>
              ) : null}
            </section>
          );
        })}
        <button type="submit">{t('consents.save')}</button>
      </form>
      {history.length > 0 ? (
        <section>
          <h2>{t('consents.history')}</h2>
          <ul class="plain">
            {[...history].reverse().map((e) => (
              <li>
                {formatDateTime(e.occurredAt, locale)}: {t(`consents.kind.${e.kind}`)} «
                {items.find((i) => i.text.scope === e.scope)?.text.title[locale] ?? e.scope}»{' '}
                {t(`consents.action.${e.action}`)} ({t('consents.version', { version: e.textVersion })},{' '}
                {e.channel})
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {uses.length > 0 ? (
        <section>
          <h2>{t('consents.uses')}</h2>
          <ul class="plain">
            {uses.slice(0, 50).map((u) => (
              <li data-use={u.scope}>
                {formatDateTime(u.usedAt, locale)}: «
                {items.find((i) => i.text.scope === u.scope)?.text.title[locale] ?? u.scope}» · {u.action}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </Layout>
  );
};
