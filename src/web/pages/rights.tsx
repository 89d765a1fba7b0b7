import type { ComponentChildren } from 'preact';
import type { PrivacyRequest } from '../../modules/privacy/request.service.ts';
import { REQUEST_TYPES } from '../../modules/privacy/request-rules.ts';
import type { RequestType } from '../../schema.ts';
import type { PageContext } from '../context.ts';
import { formatDate, formatDateTime } from '../i18n.ts';
import { CsrfField, Layout, Notice, TableWrap, TextField } from '../layout.tsx';

const typeName = (ctx: PageContext, type: RequestType) => REQUEST_TYPES[type][ctx.locale];

export const RequestList = ({ ctx, requests }: { ctx: PageContext; requests: readonly PrivacyRequest[] }) => {
  const { t, locale } = ctx;
  if (requests.length === 0) return <p>{t('rights.none')}</p>;
  return (
    <TableWrap label={t('rights.title')}>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('rights.col.type')}</th>
            <th scope="col">{t('rights.col.received')}</th>
            <th scope="col">{t('rights.col.status')}</th>
            <th scope="col">{t('rights.col.due')}</th>
          </tr>
        </thead>
        <tbody>
          {requests.map((r) => (
            <tr data-request={r.id} data-state={r.state}>
              <th scope="row">
                <a href={`/mine-data/foresporsel/${r.id}`}>{typeName(ctx, r.type)}</a>
              </th>
              <td>{formatDate(r.receivedAt, locale)}</td>
              <td>
                {t(`rights.state.${r.state}`)}
                {r.completedAt ? ` ${formatDate(r.completedAt, locale)}` : ''}
              </td>
              <td data-due={r.dueAt.toISOString().slice(0, 10)}>{formatDate(r.dueAt, locale)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
};

/**
 * One form per right, in the order of the articles; each says what happens. Access and
 * portability are answered by the downloads once identity is confirmed; erasure has its own
 * page that shows the plan before anything is confirmed.
 */
export const RightsForms = ({ ctx, errors }: { ctx: PageContext; errors: Record<string, string> }) => {
  const { t } = ctx;
  const simple = (type: RequestType, lead: string, withText: boolean) => (
    <details class="card">
      <summary>{typeName(ctx, type)}</summary>
      <p>{lead}</p>
      <form method="post" action="/mine-data/foresporsel" class="stack">
        <CsrfField ctx={ctx} />
        <input type="hidden" name="type" value={type} />
        {withText ? (
          <div>
            <label for={`text-${type}`}>{t('rights.text')}</label>
            <textarea id={`text-${type}`} name="text" rows={4} required />
          </div>
        ) : null}
        <div>
          <button type="submit">{t('rights.send')}</button>
        </div>
      </form>
    </details>
  );
  return (
    <>
      {simple('access', t('request.lead.access'), false)}
      {simple('portability', t('request.lead.portability'), false)}
      <details class="card">
        <summary>{typeName(ctx, 'rectification')}</summary>
        <p>{t('rights.lead.rectification')}</p>
        <form method="post" action="/mine-data/foresporsel" class="stack">
          <CsrfField ctx={ctx} />
          <input type="hidden" name="type" value="rectification" />
          <TextField ctx={ctx} errors={errors} name="name" label={t('signUp.name')} autocomplete="name" />
          <TextField
            ctx={ctx}
            errors={errors}
            name="email"
            label={t('signUp.email')}
            type="email"
            autocomplete="email"
          />
          <TextField
            ctx={ctx}
            errors={errors}
            name="phone"
            label={t('signUp.phone')}
            type="tel"
            autocomplete="tel"
          />
          <div>
            <button type="submit">{t('rights.send')}</button>
          </div>
        </form>
      </details>
      <details class="card">
        <summary>{typeName(ctx, 'erasure')}</summary>
        <p>{t('request.lead.erasure')}</p>
        <p>
          <a class="button secondary" href="/slett-meg">
            {t('request.toErase')}
          </a>
        </p>
      </details>
      {simple('restriction', t('rights.lead.restriction'), true)}
      <details class="card">
        <summary>{typeName(ctx, 'objection')}</summary>
        <p>{t('rights.lead.objection')}</p>
        <form method="post" action="/mine-data/foresporsel" class="stack">
          <CsrfField ctx={ctx} />
          <input type="hidden" name="type" value="objection" />
          <fieldset>
            <legend>{t('rights.purposes')}</legend>
            {(['savings_analysis', 'monitoring', 'marketing'] as const).map((p) => (
              <label class="check">
                <input type="checkbox" name="purposes" value={p} /> {t(`rights.purpose.${p}`)}
              </label>
            ))}
          </fieldset>
          <div>
            <label for="text-objection">{t('rights.text')}</label>
            <textarea id="text-objection" name="text" rows={4} required />
          </div>
          <div>
            <button type="submit">{t('rights.send')}</button>
          </div>
        </form>
      </details>
      {simple('objection_marketing', t('rights.lead.objection_marketing'), false)}
      {simple('automated_decision_review', t('rights.lead.automated_decision_review'), true)}
      {simple('complaint', t('rights.lead.complaint'), true)}
    </>
  );
};

export const RequestPage = ({
  ctx,
  request,
  error,
  plan,
}: {
  ctx: PageContext;
  request: PrivacyRequest;
  error?: string | undefined;
  /** An open erasure request: what confirming it will delete and keep, shown before the code is entered. */
  plan?: ComponentChildren;
}) => {
  const { t, locale } = ctx;
  return (
    <Layout ctx={ctx} title={typeName(ctx, request.type)}>
      <h1>{typeName(ctx, request.type)}</h1>
      <p class="muted">
        {t('rights.receivedAt', { date: formatDateTime(request.receivedAt, locale) })} ·{' '}
        <span data-state={request.state}>{t(`rights.state.${request.state}`)}</span>
      </p>
      {error ? <Notice kind="error">{error}</Notice> : null}
      {request.state === 'received' || request.state === 'verified' ? (
        <p data-due={request.dueAt.toISOString().slice(0, 10)}>
          {t('rights.dueAt', { date: formatDate(request.dueAt, locale) })}
        </p>
      ) : (
        <p data-due={request.dueAt.toISOString().slice(0, 10)}>
          {t('request.closedAt', {
            date: request.completedAt ? formatDate(request.completedAt, locale) : '',
            due: formatDate(request.dueAt, locale),
          })}
        </p>
      )}
      {plan ? (
        <section>
          <h2>{t('request.erasePlan')}</h2>
          {plan}
        </section>
      ) : null}
      {request.extended ? (
        <Notice kind="info">
          {t('rights.extended', {
            date: formatDate(request.dueAt, locale),
            reason: request.extensionReason ?? '',
          })}
        </Notice>
      ) : null}
      {request.state === 'received' ? (
        <section class="card">
          <h2>{t('rights.codeTitle')}</h2>
          <p>{t('rights.codeLead')}</p>
          <form method="post" action={`/mine-data/foresporsel/${request.id}/kode`} class="stack">
            <CsrfField ctx={ctx} />
            <TextField
              ctx={ctx}
              errors={{}}
              name="code"
              label={t('rights.code')}
              inputmode="numeric"
              autocomplete="one-time-code"
              required
            />
            <div>
              <button type="submit">{t('rights.confirm')}</button>
            </div>
          </form>
        </section>
      ) : null}
      {request.state === 'verified' ? <p>{t('rights.waiting')}</p> : null}
      {request.state === 'completed' && (request.type === 'access' || request.type === 'portability') ? (
        <p>
          <a href="/mine-data">{t('rights.downloads')}</a>
        </p>
      ) : null}
      {request.resolution ? (
        <section>
          <h2>{t('rights.answer')}</h2>
          <p>{request.resolution}</p>
        </section>
      ) : null}
      {request.state === 'completed' || request.state === 'rejected' ? (
        <p class="muted">{t('privacy.authority')}</p>
      ) : null}
      {request.state === 'received' || request.state === 'verified' ? (
        <form method="post" action={`/mine-data/foresporsel/${request.id}/trekk`}>
          <CsrfField ctx={ctx} />
          <button type="submit" class="secondary">
            {t('rights.withdraw')}
          </button>
        </form>
      ) : null}
      <p>
        <a href="/mine-data">{t('nav.myData')}</a>
      </p>
    </Layout>
  );
};

/** Asks for the password again before anything is disclosed or changed, when the sign-in is not fresh. */
export const ConfirmPage = ({
  ctx,
  target,
  error,
}: {
  ctx: PageContext;
  target: string;
  error?: string | undefined;
}) => {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('confirm.title')}>
      <h1>{t('confirm.title')}</h1>
      <p>{t('confirm.lead')}</p>
      {error ? <Notice kind="error">{error}</Notice> : null}
      <form method="post" action="/bekreft" class="stack">
        <CsrfField ctx={ctx} />
        <input type="hidden" name="til" value={target} />
        <TextField
          ctx={ctx}
          errors={{}}
          name="password"
          label={t('signIn.password')}
          type="password"
          autocomplete="current-password"
          required
        />
        <div>
          <button type="submit">{t('confirm.submit')}</button>
        </div>
      </form>
    </Layout>
  );
};
