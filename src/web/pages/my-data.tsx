import { countOf } from '../../modules/privacy/count.ts';
import { RETENTION_RULES } from '../../modules/privacy/data-map.ts';
import type { ErasureItem } from '../../modules/privacy/erasure-plan.ts';
import type { PrivacyRequest } from '../../modules/privacy/request.service.ts';
import type { PageContext } from '../context.ts';
import { formatDate } from '../i18n.ts';
import { CsrfField, Layout, Notice, TableWrap } from '../layout.tsx';
import { RequestList, RightsForms } from './rights.tsx';

export const MyDataPage = ({
  ctx,
  requests,
  restricted,
  errors,
}: {
  ctx: PageContext;
  requests: readonly PrivacyRequest[];
  restricted: boolean;
  errors: Record<string, string>;
}) => {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('myData.title')}>
      <h1>{t('myData.title')}</h1>
      {restricted ? <Notice kind="info">{t('myData.restricted')}</Notice> : null}
      <p>{t('myData.lead')}</p>
      <ul class="plain downloads">
        <li>
          <a href="/mine-data/eksport.json" download>
            {t('myData.json')}
          </a>
        </li>
        <li>
          <a href="/mine-data/eksport.csv" download>
            {t('myData.csv')}
          </a>
        </li>
        <li>
          <a href="/mine-data/eksport.pdf" download>
            {t('myData.pdf')}
          </a>
        </li>
        <li>
          <a href="/mine-data/portabilitet.json" download>
            {t('myData.portability')}
          </a>{' '}
          <span class="hint">{t('myData.portabilityHint')}</span>
        </li>
      </ul>
      <h2>{t('rights.title')}</h2>
      <RequestList ctx={ctx} requests={requests} />
      <h2>{t('rights.new')}</h2>
      <p>{t('rights.newLead')}</p>
      <RightsForms ctx={ctx} errors={errors} />
      <h2>{t('myData.erase')}</h2>
      <p>{t('myData.eraseLead')}</p>
      <p>
        <a class="button secondary" href="/slett-meg">
          {t('myData.erase')}
        </a>
      </p>
    </Layout>
  );
};

const outcome = (ctx: PageContext, item: ErasureItem): string => {
  if (item.rows === 0) return ctx.t('erase.nothing');
  if (item.outcome === 'delete') return ctx.t('erase.delete');
  if (item.outcome === 'held') return ctx.t('erase.held');
  const rule = item.rule
    ? `${RETENTION_RULES[item.rule][ctx.locale]}, ${item.ruleSource?.[ctx.locale] ?? ''}`
    : '';
  if (item.outcome === 'pseudonymise')
    return item.keptUntil
      ? ctx.t('request.erase.pseudonymiseUntil', { date: formatDate(item.keptUntil, ctx.locale), rule })
      : ctx.t('erase.pseudonymise');
  return ctx.t('erase.keep', { date: item.keptUntil ? formatDate(item.keptUntil, ctx.locale) : '', rule });
};

export const ErasureTable = ({ ctx, items }: { ctx: PageContext; items: readonly ErasureItem[] }) => (
  <TableWrap label={ctx.t('staff.request.plan')}>
    <table>
      <tbody>
        {items.map((item) => (
          <tr
            data-table={item.table}
            data-outcome={item.rows === 0 ? 'none' : item.outcome}
            data-kept-until={item.rows > 0 && item.keptUntil ? item.keptUntil : undefined}
          >
            <th scope="row">{item.description[ctx.locale]}</th>
            <td>{countOf(item.rows, item.unit, ctx.locale)}</td>
            <td>{outcome(ctx, item)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  </TableWrap>
);

export const ErasePage = ({
  ctx,
  items,
  error,
}: {
  ctx: PageContext;
  items: readonly ErasureItem[];
  error?: string | undefined;
}) => {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('erase.title')}>
      <h1>{t('erase.title')}</h1>
      <p>{t('erase.lead')}</p>
      <ErasureTable ctx={ctx} items={items} />
      <p>{t('erase.keyNote')}</p>
      {error ? <Notice kind="error">{error}</Notice> : null}
      <form method="post" action="/slett-meg" class="stack">
        <CsrfField ctx={ctx} />
        <div>
          <label for="password">{t('erase.password')}</label>
          <input id="password" name="password" type="password" autocomplete="current-password" required />
        </div>
        <div>
          <button type="submit" class="danger">
            {t('erase.confirm')}
          </button>
        </div>
      </form>
    </Layout>
  );
};

export const ErasedPage = ({
  ctx,
  items,
  completed,
  ended = false,
}: {
  ctx: PageContext;
  items: readonly ErasureItem[];
  completed: boolean;
  ended?: boolean;
}) => {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('erase.done')}>
      {ended ? <p class="notice info">{t('end.done')}</p> : null}
      <h1>{completed ? t('erase.done') : t('erase.pending')}</h1>
      <p>{completed ? t('erase.doneLead') : t('erase.pendingLead')}</p>
      <ErasureTable ctx={ctx} items={items} />
      <p>{t('erase.keyNote')}</p>
    </Layout>
  );
};

/**
 * Withdrawing the consent the service depends on ends the customer relationship (as the
 * policy says): this page says exactly what will happen, and the same form is sent again
 * with the confirmation.
 */
export const ConfirmEndPage = ({
  ctx,
  items,
  body,
}: {
  ctx: PageContext;
  items: readonly ErasureItem[];
  body: Record<string, string>;
}) => {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('end.title')}>
      <h1>{t('end.title')}</h1>
      <p>{t('end.lead')}</p>
      <ErasureTable ctx={ctx} items={items} />
      <p>{t('erase.keyNote')}</p>
      <form method="post" action="/samtykke" class="stack">
        <CsrfField ctx={ctx} />
        {Object.entries(body)
          .filter(([k, v]) => k !== '_csrf' && k !== 'confirmEnd' && typeof v === 'string')
          .map(([k, v]) => (
            <input type="hidden" name={k} value={v} />
          ))}
        <input type="hidden" name="confirmEnd" value="1" />
        <div>
          <button type="submit" class="danger">
            {t('end.confirm')}
          </button>{' '}
          <a class="button secondary" href="/samtykke">
            {t('end.cancel')}
          </a>
        </div>
      </form>
    </Layout>
  );
};
