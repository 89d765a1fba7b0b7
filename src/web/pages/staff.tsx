import type { ComponentChildren } from 'preact';
import type { AuditEntry } from '../../modules/audit/audit-chain.ts';
import type { Art30Record } from '../../modules/privacy/art30.ts';
import type { Breach } from '../../modules/privacy/breach.service.ts';
import { countOf, ENTRIES } from '../../modules/privacy/count.ts';
import { DATA_MAP, personalColumns } from '../../modules/privacy/data-map.ts';
import type { ErasureItem } from '../../modules/privacy/erasure-plan.ts';
import type { LegalHold } from '../../modules/privacy/legal-hold.service.ts';
import { insideEea, type Processor } from '../../modules/privacy/processors.ts';
import type { PrivacyRequest } from '../../modules/privacy/request.service.ts';
import { REQUEST_TYPES } from '../../modules/privacy/request-rules.ts';
import { PROCESSING_PURPOSES } from '../../modules/privacy/restriction.service.ts';
import { CATEGORIES, RETENTION_RULES } from '../../modules/privacy/vocabulary.ts';
import { type CustomerCard, type CustomerMatch, STAFF_CHANNELS } from '../../modules/staff/desk.service.ts';
import type { StaffSignInStatus } from '../../modules/staff/staff.service.ts';
import {
  type Capability,
  can,
  mayActOnRequest,
  type RequestAction,
  type StaffMember,
} from '../../modules/staff/staff.ts';
import type { PageContext } from '../context.ts';
import { formatDate, formatDateTime, type MessageKey } from '../i18n.ts';
import { CsrfField, Head, Notice, renderPage, TableWrap, TextField } from '../layout.tsx';
import { ErasureTable } from './my-data.tsx';
import { actionName, actorName, purposeName, type StaffNames, whoIs } from './staff-names.ts';

export { renderPage };

/** The channel a request came through, named; an unknown one is shown as stored. */
const channelLabel = (ctx: PageContext, channel: string): string =>
  ['web', ...STAFF_CHANNELS].includes(channel as 'web') ? ctx.t(`desk.channel.${channel as 'web'}`) : channel;

const NAV: readonly [string, Parameters<PageContext['t']>[0], Capability][] = [
  ['/ansatt', 'staff.nav.queue', 'requests.handle'],
  ['/ansatt/kunder', 'staff.nav.customers', 'customers.lookup'],
  ['/ansatt/sperrer', 'staff.nav.holds', 'holds.manage'],
  ['/ansatt/avvik', 'staff.nav.breaches', 'breaches.manage'],
  ['/ansatt/behandlingsprotokoll', 'staff.nav.record', 'records.read'],
  ['/ansatt/lagringstid', 'staff.nav.retention', 'records.read'],
  ['/ansatt/logg', 'staff.nav.audit', 'audit.read'],
  ['/ansatt/ansatte', 'desk.nav.staff', 'staff.manage'],
];

/** Where a staff member starts: the first page of the navigation their roles open. */
export const staffHome = (roles: readonly string[]): string =>
  NAV.find(([, , cap]) => can(roles, cap))?.[0] ?? '/ansatt/logg-inn';

export const StaffLayout = ({
  ctx,
  staff,
  title,
  children,
}: {
  ctx: PageContext;
  staff: StaffMember | null;
  title: string;
  children: ComponentChildren;
}) => {
  const { t } = ctx;
  return (
    <html lang={ctx.locale === 'nb' ? 'nb' : 'en'}>
      <Head title={`${title} · ${t('staff.title')}`} noindex />
      <body class="staff">
        <a class="skip" href="#main">
          {t('nav.skip')}
        </a>
        <header class="site">
          <a class="brand" href={staff ? staffHome(staff.roles) : '/ansatt'}>
            {t('staff.title')}
          </a>
          {staff ? (
            <nav aria-label={t('staff.title')}>
              <ul>
                {NAV.filter(([, , cap]) => can(staff.roles, cap)).map(([href, key]) => (
                  <li>
                    <a href={href}>{t(key)}</a>
                  </li>
                ))}
                <li>
                  <form method="post" action="/ansatt/logg-ut" class="inline">
                    <CsrfField ctx={ctx} />
                    <button type="submit" class="link">
                      {t('nav.signOut')}
                    </button>
                  </form>
                </li>
              </ul>
            </nav>
          ) : null}
        </header>
        <main id="main">
          {staff ? (
            <p class="muted">
              {t('staff.signedInAs', {
                name: staff.name,
                roles: staff.roles.map((r) => t(`desk.role.${r}`)).join(', '),
              })}
            </p>
          ) : null}
          {children}
        </main>
      </body>
    </html>
  );
};

export const StaffSignInPage = ({
  ctx,
  error,
  oidc = false,
}: {
  ctx: PageContext;
  error?: string | undefined;
  /** Whether the company's OpenID Connect provider (single sign-on) is configured. */
  oidc?: boolean;
}) => {
  const { t } = ctx;
  return (
    <StaffLayout ctx={ctx} staff={null} title={t('staff.signIn')}>
      <h1>{t('staff.signIn')}</h1>
      {error ? <Notice kind="error">{error}</Notice> : null}
      {oidc ? (
        <>
          <p>
            <a class="button" href="/ansatt/logg-inn/oidc">
              {t('staffOidc.signIn')}
            </a>
          </p>
          <p>{t('staffOidc.signInOr')}</p>
        </>
      ) : null}
      <form method="post" action="/ansatt/logg-inn" class="stack">
        <CsrfField ctx={ctx} />
        <TextField
          ctx={ctx}
          errors={{}}
          name="username"
          label={t('staff.username')}
          autocomplete="username"
          required
        />
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
          <button type="submit">{t('signIn.submit')}</button>
        </div>
      </form>
    </StaffLayout>
  );
};

export const ForbiddenPage = ({ ctx, staff }: { ctx: PageContext; staff: StaffMember }) => (
  <StaffLayout ctx={ctx} staff={staff} title={ctx.t('staff.forbidden')}>
    <Notice kind="error">{ctx.t('staff.forbidden')}</Notice>
  </StaffLayout>
);

export const QueuePage = ({
  ctx,
  staff,
  queue,
}: {
  ctx: PageContext;
  staff: StaffMember;
  queue: readonly PrivacyRequest[];
}) => {
  const { t, locale } = ctx;
  return (
    <StaffLayout ctx={ctx} staff={staff} title={t('staff.queue.title')}>
      <h1>{t('staff.queue.title')}</h1>
      <p data-summary>
        {t('desk.queue.summary', {
          total: queue.length,
          overdue: queue.filter((r) => r.deadline === 'overdue').length,
          soon: queue.filter((r) => r.deadline === 'due_soon').length,
        })}
      </p>
      {queue.length === 0 ? (
        <p>{t('staff.queue.empty')}</p>
      ) : (
        <TableWrap label={t('staff.queue.title')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('staff.col.deadline')}</th>
                <th scope="col">{t('staff.col.type')}</th>
                <th scope="col">{t('staff.col.state')}</th>
                <th scope="col">{t('staff.col.channel')}</th>
                <th scope="col">{t('staff.col.received')}</th>
              </tr>
            </thead>
            <tbody>
              {queue.map((r) => (
                <tr data-request={r.id} data-deadline={r.deadline} class={`deadline-${r.deadline}`}>
                  <td>
                    {formatDate(r.dueAt, locale)} <span class="tag">{t(`staff.deadline.${r.deadline}`)}</span>
                  </td>
                  <th scope="row">
                    <a href={`/ansatt/foresporsel/${r.id}`}>{REQUEST_TYPES[r.type][locale]}</a>
                  </th>
                  <td>{t(`rights.state.${r.state}`)}</td>
                  <td>{channelLabel(ctx, r.channel)}</td>
                  <td>{formatDateTime(r.receivedAt, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </StaffLayout>
  );
};

/** Who the request is about, as the desk may see them: what identity is checked against. */
const CustomerSummary = ({ ctx, customer }: { ctx: PageContext; customer: CustomerCard | null }) => {
  const { t } = ctx;
  if (!customer) return null;
  return (
    <section class="card" data-customer={customer.id}>
      <h2>{t('desk.request.customer')}</h2>
      {customer.status === 'active' ? (
        <dl>
          <dt>{t('staff.customer.name')}</dt>
          <dd>{customer.name ?? '—'}</dd>
          <dt>{t('staff.customer.identity')}</dt>
          <dd data-identity>{customer.identityNumber ?? '—'}</dd>
          <dt>{t('staff.customer.email')}</dt>
          <dd>{customer.email ?? '—'}</dd>
          <dt>{t('staff.customer.phone')}</dt>
          <dd>{customer.phone ?? '—'}</dd>
        </dl>
      ) : (
        <p>
          {t(customer.status === 'erased' ? 'desk.request.customerErased' : 'desk.request.customerPending')}
        </p>
      )}
    </section>
  );
};

/** What a completed erasure did, table by table, from the request's own record. */
const ErasureOutcome = ({ ctx, outcome }: { ctx: PageContext; outcome: Record<string, unknown> | null }) => {
  const { t, locale } = ctx;
  const items = (outcome?.erasure ?? []) as {
    table: string;
    outcome: string;
    rows: number;
    keptUntil: string | null;
  }[];
  if (items.length === 0) return null;
  return (
    <section>
      <h2>{t('desk.request.erasureDone')}</h2>
      <TableWrap label={t('desk.request.erasureDone')}>
        <table>
          <tbody>
            {items
              .filter((i) => i.rows > 0)
              .map((i) => (
                <tr data-table={i.table} data-outcome={i.outcome}>
                  <th scope="row">{DATA_MAP[i.table]?.description[locale] ?? i.table}</th>
                  <td>{countOf(i.rows, DATA_MAP[i.table]?.unit ?? ENTRIES, locale)}</td>
                  <td>
                    {i.outcome === 'delete'
                      ? t('erase.delete')
                      : i.outcome === 'held'
                        ? t('erase.held')
                        : i.keptUntil
                          ? t('desk.request.keptUntil', { date: formatDate(i.keptUntil, locale) })
                          : t('erase.pseudonymise')}
                  </td>
                </tr>
              ))}
          </tbody>
        </table>
      </TableWrap>
    </section>
  );
};

/** Request types that carry out what was asked once identity is confirmed; the answer in words is optional. */
const SELF_SERVICE_TYPES = new Set(
  Object.entries(REQUEST_TYPES)
    .filter(([, r]) => r.selfService)
    .map(([k]) => k),
);

export const StaffRequestPage = ({
  ctx,
  staff,
  request,
  customer,
  plan,
  error,
}: {
  ctx: PageContext;
  staff: StaffMember;
  request: PrivacyRequest;
  customer: CustomerCard | null;
  plan: readonly ErasureItem[] | null;
  error?: string | undefined;
}) => {
  const { t, locale } = ctx;
  const open = request.state === 'received' || request.state === 'verified';
  const verified = request.state === 'verified';
  // Only the actions the capability table gives this role on this type of request are offered.
  const may = (action: RequestAction) => mayActOnRequest(staff.roles, request.type, action);
  const canExtract = may('extract');
  const selfService = SELF_SERVICE_TYPES.has(request.type);
  const changes = request.details?.changes;
  const extract = request.type === 'access' || request.type === 'portability';
  return (
    <StaffLayout ctx={ctx} staff={staff} title={t('staff.request.title')}>
      <h1>
        {t('staff.request.title')}: {REQUEST_TYPES[request.type][locale]} (
        {REQUEST_TYPES[request.type].article})
      </h1>
      <p class="muted" data-state={request.state}>
        {t(`rights.state.${request.state}`)} ·{' '}
        {request.state === 'received' || request.state === 'verified'
          ? t('rights.dueAt', { date: formatDate(request.dueAt, locale) })
          : t('request.closedAt', {
              date: request.completedAt ? formatDate(request.completedAt, locale) : '',
              due: formatDate(request.dueAt, locale),
            })}{' '}
        <span class="tag" data-deadline={request.deadline}>
          {t(`staff.deadline.${request.deadline}`)}
        </span>{' '}
        · {t('desk.request.received', { date: formatDateTime(request.receivedAt, locale) })} ·{' '}
        {t('desk.request.channel', { channel: channelLabel(ctx, request.channel) })}
      </p>
      {error ? <Notice kind="error">{error}</Notice> : null}
      <CustomerSummary ctx={ctx} customer={customer} />
      {request.details && (request.details.text || request.details.purposes || changes) ? (
        <section>
          <h2>{t('staff.request.details')}</h2>
          {request.details.text ? <p>{request.details.text}</p> : null}
          {request.details.purposes ? (
            <p>{request.details.purposes.map((p) => t(`rights.purpose.${p}`)).join(', ')}</p>
          ) : null}
          {changes ? (
            <dl data-changes>
              {(['name', 'email', 'phone'] as const)
                .filter((f) => changes[f] !== undefined)
                .map((f) => (
                  <>
                    <dt>{t(`desk.field.${f}`)}</dt>
                    <dd>{changes[f] === '' ? t('desk.request.cleared') : changes[f]}</dd>
                  </>
                ))}
            </dl>
          ) : null}
        </section>
      ) : null}
      {request.verifiedAt ? (
        <p>
          {t('staff.request.verified', {
            date: formatDateTime(request.verifiedAt, locale),
            method: t(`desk.method.${request.verificationMethod ?? 'staff'}`),
          })}
        </p>
      ) : open ? (
        <Notice kind="info">{t('staff.request.notVerified')}</Notice>
      ) : null}
      {request.state === 'received' && may('verify') ? (
        <form method="post" action={`/ansatt/foresporsel/${request.id}/bekreft`} class="stack card">
          <CsrfField ctx={ctx} />
          <h2>{t('staff.request.verify')}</h2>
          <p class="hint">{t('desk.request.verifyLead')}</p>
          <div>
            <label for="note">{t('staff.request.verifyNote')}</label>
            <textarea id="note" name="note" rows={3} required />
          </div>
          <div>
            <button type="submit">{t('staff.request.verify')}</button>
          </div>
        </form>
      ) : null}
      {request.extended ? (
        <p>
          {t('rights.extended', {
            date: formatDate(request.dueAt, locale),
            reason: request.extensionReason ?? '',
          })}
        </p>
      ) : null}
      {extract && verified ? (
        <section class="card">
          <h2>{t('desk.request.extract')}</h2>
          {canExtract ? (
            <>
              <p>{t('desk.request.extractLead')}</p>
              <ul class="plain downloads">
                {(request.type === 'access' ? ['pdf', 'json', 'csv'] : ['portabilitet.json']).map((f) => (
                  <li>
                    <a href={`/ansatt/foresporsel/${request.id}/utdrag/${f}`} download>
                      {t(`desk.extract.${f === 'portabilitet.json' ? 'portability' : f}` as MessageKey)}
                    </a>
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <p>{t('desk.request.extractNotYours')}</p>
          )}
        </section>
      ) : null}
      {plan ? (
        <section>
          <h2>{t('staff.request.plan')}</h2>
          <ErasureTable ctx={ctx} items={plan} />
          <p>{t('erase.keyNote')}</p>
        </section>
      ) : null}
      {verified ? (
        !may('complete') ? (
          <Notice kind="info">
            {t(request.type === 'erasure' ? 'desk.request.eraseNotYours' : 'desk.request.decideNotYours')}
          </Notice>
        ) : (
          <form method="post" action={`/ansatt/foresporsel/${request.id}/svar`} class="stack card">
            <CsrfField ctx={ctx} />
            <h2>{request.type === 'erasure' ? t('desk.request.erase') : t('staff.request.complete')}</h2>
            {request.type === 'erasure' ? <p>{t('desk.request.eraseLead')}</p> : null}
            {request.type === 'rectification' ? (
              <>
                <p>{t('desk.request.rectifyLead')}</p>
                {(['name', 'email', 'phone'] as const).map((f) => (
                  <TextField
                    ctx={ctx}
                    errors={{}}
                    name={f}
                    label={t(`desk.field.${f}`)}
                    value={changes?.[f] ?? ''}
                  />
                ))}
              </>
            ) : null}
            {request.type === 'objection' ? (
              <label class="check">
                <input type="checkbox" name="upheld" value="1" /> {t('staff.request.upheld')}
              </label>
            ) : null}
            {request.type === 'erasure' ? null : (
              <div>
                <label for="resolution">
                  {selfService ? t('desk.request.resolutionOptional') : t('staff.request.resolution')}
                </label>
                <textarea id="resolution" name="resolution" rows={5} required={!selfService} />
              </div>
            )}
            <div>
              <button type="submit" class={request.type === 'erasure' ? 'danger' : undefined}>
                {request.type === 'erasure' ? t('desk.request.erase') : t('staff.request.complete')}
              </button>
            </div>
          </form>
        )
      ) : null}
      {open && may('restrict') ? (
        <form method="post" action={`/ansatt/foresporsel/${request.id}/begrens`} class="stack card">
          <CsrfField ctx={ctx} />
          <h2>{t('desk.request.restrict')}</h2>
          <p class="hint">{t('desk.request.restrictLead')}</p>
          <fieldset>
            <legend>{t('desk.request.restrictPurposes')}</legend>
            {PROCESSING_PURPOSES.map((p) => (
              <label class="check">
                <input type="checkbox" name="purposes" value={p} checked /> {t(`rights.purpose.${p}`)}
              </label>
            ))}
          </fieldset>
          <div>
            <button type="submit" class="secondary">
              {t('desk.request.restrict')}
            </button>
          </div>
        </form>
      ) : null}
      {open && !request.extended && may('extend') ? (
        <form method="post" action={`/ansatt/foresporsel/${request.id}/forleng`} class="stack card">
          <CsrfField ctx={ctx} />
          <h2>{t('staff.request.extend')}</h2>
          <div>
            <label for="reason">{t('staff.request.extendReason')}</label>
            <textarea id="reason" name="reason" rows={3} required />
          </div>
          <div>
            <button type="submit" class="secondary">
              {t('staff.request.extend')}
            </button>
          </div>
        </form>
      ) : null}
      {open && may('reject') ? (
        <form method="post" action={`/ansatt/foresporsel/${request.id}/avslag`} class="stack card">
          <CsrfField ctx={ctx} />
          <div>
            <label for="why">{t('staff.request.rejectReason')}</label>
            <textarea id="why" name="reason" rows={2} required />
          </div>
          <div>
            <button type="submit" class="danger">
              {t('staff.request.reject')}
            </button>
          </div>
        </form>
      ) : null}
      {request.resolution ? (
        <section>
          <h2>{t('rights.answer')}</h2>
          <p>{request.resolution}</p>
        </section>
      ) : null}
      {request.type === 'erasure' && request.state === 'completed' ? (
        <ErasureOutcome ctx={ctx} outcome={request.outcome} />
      ) : null}
    </StaffLayout>
  );
};

/** A staff member takes in a request that came by letter, phone, e-mail or at the counter. */
const NewRequestForm = ({ ctx, customerId }: { ctx: PageContext; customerId: string }) => {
  const { t, locale } = ctx;
  return (
    <details class="card">
      <summary>{t('desk.card.newRequest')}</summary>
      <p class="hint">{t('desk.card.newRequestLead')}</p>
      <form method="post" action={`/ansatt/kunder/${customerId}/foresporsel`} class="stack">
        <CsrfField ctx={ctx} />
        <div>
          <label for={`type-${customerId}`}>{t('staff.col.type')}</label>
          <select id={`type-${customerId}`} name="type">
            {Object.entries(REQUEST_TYPES).map(([type, r]) => (
              <option value={type}>
                {r[locale]} ({r.article})
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for={`channel-${customerId}`}>{t('desk.card.channel')}</label>
          <select id={`channel-${customerId}`} name="channel">
            {STAFF_CHANNELS.map((c) => (
              <option value={c}>{t(`desk.channel.${c}`)}</option>
            ))}
          </select>
        </div>
        <div>
          <label for={`text-${customerId}`}>{t('desk.card.text')}</label>
          <textarea id={`text-${customerId}`} name="text" rows={3} />
        </div>
        <fieldset>
          <legend>{t('desk.card.changes')}</legend>
          {(['name', 'email', 'phone'] as const).map((f) => (
            <TextField ctx={ctx} errors={{}} name={f} label={t(`desk.field.${f}`)} />
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('rights.purposes')}</legend>
          {PROCESSING_PURPOSES.map((p) => (
            <label class="check">
              <input type="checkbox" name="purposes" value={p} /> {t(`rights.purpose.${p}`)}
            </label>
          ))}
        </fieldset>
        <div>
          <button type="submit">{t('desk.card.register')}</button>
        </div>
      </form>
    </details>
  );
};

export const CustomersPage = ({
  ctx,
  staff,
  results,
  matches = null,
  purpose,
  errors,
}: {
  ctx: PageContext;
  staff: StaffMember;
  results: readonly CustomerCard[] | null;
  /** Several customers matched: choose one before anything more is shown. */
  matches?: readonly CustomerMatch[] | null;
  purpose: string;
  errors: Record<string, string>;
}) => {
  const { t, locale } = ctx;
  return (
    <StaffLayout ctx={ctx} staff={staff} title={t('staff.customers.title')}>
      <h1>{t('staff.customers.title')}</h1>
      <p>{t('staff.customers.lead')}</p>
      <form method="post" action="/ansatt/kunder" class="stack">
        <CsrfField ctx={ctx} />
        <TextField
          ctx={ctx}
          errors={errors}
          name="purpose"
          label={t('staff.customers.purpose')}
          hint={t('desk.customers.purposeHint')}
          required
          value={purpose}
        />
        <TextField
          ctx={ctx}
          errors={errors}
          name="query"
          label={t('staff.customers.query')}
          hint={t('desk.customers.queryHint')}
          required
        />
        <div>
          <button type="submit">{t('staff.customers.search')}</button>
        </div>
      </form>
      {(results && results.length === 0 && !matches) || (matches && matches.length === 0) ? (
        <p>{t('staff.customers.none')}</p>
      ) : null}
      {matches && matches.length > 0 ? (
        <section>
          <h2>{t('desk.customers.matches', { n: matches.length })}</h2>
          <ul class="plain">
            {matches.map((m) => (
              <li data-match={m.id}>
                {m.name} · <span data-identity>{m.identityNumber}</span>{' '}
                <form method="post" action={`/ansatt/kunder/${m.id}`} class="inline">
                  <CsrfField ctx={ctx} />
                  <input type="hidden" name="purpose" value={purpose} />
                  <button type="submit" class="secondary">
                    {t('desk.customers.open')}
                  </button>
                </form>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {(results ?? []).map((c) => (
        <section class="card" data-customer={c.id}>
          <h2>{c.name ?? c.id}</h2>
          <dl>
            <dt>{t('staff.customer.status')}</dt>
            <dd>{t(`desk.status.${c.status as 'active'}`)}</dd>
            <dt>{t('staff.customer.email')}</dt>
            <dd>{c.email ?? '—'}</dd>
            <dt>{t('staff.customer.phone')}</dt>
            <dd>{c.phone ?? '—'}</dd>
            <dt>{t('staff.customer.identity')}</dt>
            <dd data-identity>{c.identityNumber ?? '—'}</dd>
            <dt>{t('desk.card.id')}</dt>
            <dd>
              <code>{c.id}</code>
            </dd>
          </dl>
          <h3>{t('staff.customer.points')}</h3>
          <ul class="plain">
            {c.meteringPoints.map((p) => (
              <li>
                {p.meteringPointId} ({p.priceArea})
              </li>
            ))}
          </ul>
          <h3>{t('staff.customer.restrictions')}</h3>
          <ul class="plain">
            {c.restrictions.map((r) => (
              <li>
                {t(`desk.restriction.${r.kind as 'restriction'}`)}:{' '}
                {r.purposes.map((p) => t(`rights.purpose.${p as 'marketing'}`)).join(', ')} (
                {formatDate(r.placedAt, locale)})
              </li>
            ))}
          </ul>
          <h3>{t('staff.customer.requests')}</h3>
          <ul class="plain">
            {c.requests.map((r) => (
              <li>
                <a href={`/ansatt/foresporsel/${r.id}`}>{REQUEST_TYPES[r.type][locale]}</a> ·{' '}
                {t(`rights.state.${r.state}`)} · {t('rights.dueAt', { date: formatDate(r.dueAt, locale) })}
              </li>
            ))}
          </ul>
          {c.status === 'active' && can(staff.roles, 'requests.handle') ? (
            <NewRequestForm ctx={ctx} customerId={c.id} />
          ) : null}
          {c.status === 'active' && can(staff.roles, 'holds.manage') ? (
            <details class="card">
              <summary>{t('staff.holds.place')}</summary>
              <form method="post" action="/ansatt/sperrer" class="stack">
                <CsrfField ctx={ctx} />
                <input type="hidden" name="customerId" value={c.id} />
                <TextField ctx={ctx} errors={{}} name="reason" label={t('staff.holds.reason')} required />
                <div>
                  <button type="submit">{t('staff.holds.place')}</button>
                </div>
              </form>
            </details>
          ) : null}
        </section>
      ))}
    </StaffLayout>
  );
};

export const HoldsPage = ({
  ctx,
  staff,
  holds,
  errors,
  names,
}: {
  ctx: PageContext;
  staff: StaffMember;
  holds: readonly LegalHold[];
  errors: Record<string, string>;
  names?: StaffNames;
}) => {
  const { t, locale } = ctx;
  return (
    <StaffLayout ctx={ctx} staff={staff} title={t('staff.holds.title')}>
      <h1>{t('staff.holds.title')}</h1>
      <p>{t('staff.holds.lead')}</p>
      {holds.length === 0 ? <p>{t('staff.holds.none')}</p> : null}
      <ul class="plain">
        {holds.map((h) => (
          <li data-hold={h.id}>
            {formatDate(h.placedAt, locale)} · {h.customerId} · {h.reason}
            {names ? ` · ${t('staff.holds.placedBy', { who: whoIs(t, names, h.placedBy) })}` : ''}{' '}
            <form method="post" action={`/ansatt/sperrer/${h.id}/opphev`} class="inline">
              <CsrfField ctx={ctx} />
              <button type="submit" class="secondary">
                {t('staff.holds.release')}
              </button>
            </form>
          </li>
        ))}
      </ul>
      <form method="post" action="/ansatt/sperrer" class="stack card">
        <CsrfField ctx={ctx} />
        <TextField ctx={ctx} errors={errors} name="customerId" label={t('staff.holds.customer')} required />
        <TextField ctx={ctx} errors={errors} name="reason" label={t('staff.holds.reason')} required />
        <div>
          <button type="submit">{t('staff.holds.place')}</button>
        </div>
      </form>
    </StaffLayout>
  );
};

/**
 * The people a breach affected: recorded one by one by the customer ID on their card, then
 * told by e-mail what happened, what it may mean for them and what is done (Art. 34).
 */
const BreachPeople = ({
  ctx,
  breach,
  errors,
}: {
  ctx: PageContext;
  breach: Breach;
  errors: Record<string, string>;
}) => {
  const { t } = ctx;
  const id = (field: string) => `${field}-${breach.id}`;
  return (
    <details class="card" open={Object.keys(errors).length > 0}>
      <summary>{t('staff.breaches.people', { n: breach.subjectsLinked })}</summary>
      <form method="post" action={`/ansatt/avvik/${breach.id}/berort`} class="stack">
        <CsrfField ctx={ctx} />
        <div>
          <label for={id('customer')}>{t('staff.breaches.customerId')}</label>
          <input
            id={id('customer')}
            name="customer"
            required
            autocomplete="off"
            aria-describedby={errors.customer ? `${id('customer')}-error` : undefined}
            aria-invalid={errors.customer ? 'true' : undefined}
          />
          {errors.customer ? (
            <p class="field-error" id={`${id('customer')}-error`}>
              {t(errors.customer as MessageKey)}
            </p>
          ) : null}
        </div>
        <div>
          <button type="submit" class="secondary">
            {t('staff.breaches.addPerson')}
          </button>
        </div>
      </form>
      {breach.subjectsLinked > 0 ? (
        <form method="post" action={`/ansatt/avvik/${breach.id}/varsle`} class="stack">
          <CsrfField ctx={ctx} />
          <p class="hint">{t('staff.breaches.noticeLead')}</p>
          {(['consequences', 'measures'] as const).map((field) => (
            <div>
              <label for={id(field)}>{t(`staff.breaches.${field}`)}</label>
              <textarea
                id={id(field)}
                name={field}
                rows={3}
                required
                aria-describedby={errors[field] ? `${id(field)}-error` : undefined}
                aria-invalid={errors[field] ? 'true' : undefined}
              />
              {errors[field] ? (
                <p class="field-error" id={`${id(field)}-error`}>
                  {t(errors[field] as MessageKey)}
                </p>
              ) : null}
            </div>
          ))}
          <div>
            <button type="submit">{t('staff.breaches.notify', { n: breach.subjectsLinked })}</button>
          </div>
        </form>
      ) : null}
    </details>
  );
};

export const BreachesPage = ({
  ctx,
  staff,
  breaches,
  errors,
  breachErrors,
}: {
  ctx: PageContext;
  staff: StaffMember;
  breaches: readonly Breach[];
  errors: Record<string, string>;
  /** Field errors of one breach's people forms. */
  breachErrors?: { readonly id: string; readonly errors: Record<string, string> };
}) => {
  const { t, locale } = ctx;
  return (
    <StaffLayout ctx={ctx} staff={staff} title={t('staff.breaches.title')}>
      <h1>{t('staff.breaches.title')}</h1>
      <p>{t('staff.breaches.lead')}</p>
      {breaches.length === 0 ? <p>{t('staff.breaches.none')}</p> : null}
      {breaches.map((b) => (
        <section class="card" data-breach={b.id}>
          <h2>{b.title}</h2>
          <p>{b.description}</p>
          <p class="muted">
            {formatDateTime(b.foundAt, locale)} · {b.subjectsAffected} ·{' '}
            {b.categories.map((c) => CATEGORIES[c as 'contact']?.[locale] ?? c).join('; ')} ·{' '}
            {t(`staff.breaches.risk.${b.risk}`)}
          </p>
          {b.authorityNotifiedAt ? (
            <p>{t('staff.breaches.notified', { date: formatDateTime(b.authorityNotifiedAt, locale) })}</p>
          ) : b.duties.authorityDue ? (
            <Notice kind={b.duties.authorityLate ? 'error' : 'info'}>
              <span data-clock={b.duties.hoursLeft}>
                {b.duties.authorityLate
                  ? t('staff.breaches.late')
                  : t('staff.breaches.hoursLeft', { hours: b.duties.hoursLeft })}
              </span>
            </Notice>
          ) : null}
          {b.subjectsNotifiedAt ? (
            <p>
              {t('staff.breaches.subjectsNotified', { date: formatDateTime(b.subjectsNotifiedAt, locale) })}
            </p>
          ) : b.duties.subjectsDue ? (
            <Notice kind="error">{t('staff.breaches.subjectsDue')}</Notice>
          ) : null}
          <form method="post" action={`/ansatt/avvik/${b.id}`} class="inline">
            <CsrfField ctx={ctx} />
            {!b.authorityNotifiedAt && b.risk !== 'none' ? (
              <button type="submit" name="mark" value="authority" class="secondary">
                {t('staff.breaches.markAuthority')}
              </button>
            ) : null}{' '}
            {!b.subjectsNotifiedAt && b.risk === 'high_risk' ? (
              <button type="submit" name="mark" value="subjects" class="secondary">
                {t('staff.breaches.markSubjects')}
              </button>
            ) : null}
          </form>
          <BreachPeople ctx={ctx} breach={b} errors={breachErrors?.id === b.id ? breachErrors.errors : {}} />
        </section>
      ))}
      <form method="post" action="/ansatt/avvik" class="stack card">
        <CsrfField ctx={ctx} />
        <h2>{t('staff.breaches.new')}</h2>
        <TextField ctx={ctx} errors={errors} name="title" label={t('staff.breaches.titleField')} required />
        <div>
          <label for="description">{t('staff.breaches.description')}</label>
          <textarea id="description" name="description" rows={4} required />
        </div>
        <fieldset>
          <legend>{t('staff.breaches.categories')}</legend>
          {Object.entries(CATEGORIES).map(([id, text]) => (
            <label class="check">
              <input type="checkbox" name="categories" value={id} /> {text[locale]}
            </label>
          ))}
        </fieldset>
        <TextField
          ctx={ctx}
          errors={errors}
          name="subjectsAffected"
          label={t('staff.breaches.subjects')}
          inputmode="numeric"
          required
        />
        <TextField
          ctx={ctx}
          errors={errors}
          name="foundAt"
          label={t('staff.breaches.foundAt')}
          required
          value=""
        />
        <div>
          <label for="risk">{t('staff.breaches.risk')}</label>
          <select id="risk" name="risk">
            <option value="risk">{t('staff.breaches.risk.risk')}</option>
            <option value="high_risk">{t('staff.breaches.risk.high_risk')}</option>
            <option value="none">{t('staff.breaches.risk.none')}</option>
          </select>
        </div>
        <div>
          <button type="submit">{t('staff.breaches.new')}</button>
        </div>
      </form>
    </StaffLayout>
  );
};

export const RecordPage = ({
  ctx,
  staff,
  record,
  processors,
}: {
  ctx: PageContext;
  staff: StaffMember;
  record: Art30Record;
  processors: readonly Processor[];
}) => {
  const { t, locale } = ctx;
  return (
    <StaffLayout ctx={ctx} staff={staff} title={t('staff.record.title')}>
      <h1>{t('staff.record.title')}</h1>
      <p>
        {record.controller.name} · {record.controller.contact} · v{record.policyVersion} ·{' '}
        <a href="/ansatt/behandlingsprotokoll.json">{t('staff.record.json')}</a>
      </p>
      {record.activities.map((a) => (
        <section class="card" data-activity={a.purpose}>
          <h2>{a.description[locale]}</h2>
          <p>{a.legalBasis[locale]}</p>
          <p>
            {t('staff.record.subjects')}: {a.dataSubjects.map((d) => d[locale]).join(', ')}
          </p>
          <p>{a.categories.map((c) => c[locale]).join('; ')}</p>
          <p>
            {t('staff.record.recipients')}:{' '}
            {a.recipients.map((r) => `${r.name} (${r.role[locale]}, ${r.country})`).join('; ') || '—'}
          </p>
          <ul class="plain">
            {a.retention.map((r) => (
              <li>
                {r.text[locale]} ({r.source[locale]})
              </li>
            ))}
          </ul>
        </section>
      ))}
      <h2>{t('desk.record.processors')}</h2>
      <TableWrap label={t('desk.record.processors')}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('desk.record.processor')}</th>
              <th scope="col">{t('desk.record.role')}</th>
              <th scope="col">{t('desk.record.categories')}</th>
              <th scope="col">{t('desk.record.country')}</th>
              <th scope="col">{t('desk.record.agreement')}</th>
            </tr>
          </thead>
          <tbody>
            {processors.map((p) => (
              <tr data-processor={p.id}>
                <th scope="row">{p.name}</th>
                <td>{p.role[locale]}</td>
                <td>{p.categories.map((c) => CATEGORIES[c][locale]).join('; ')}</td>
                <td>
                  {p.country}{' '}
                  {insideEea(p.country)
                    ? `(${t('desk.record.eea')})`
                    : `(${t('desk.record.outsideEea', { safeguard: p.transferSafeguard?.[locale] ?? '—' })})`}
                </td>
                <td>{formatDate(p.agreementDate, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <h2>{t('staff.record.security')}</h2>
      <ul>
        {record.securityMeasures.map((m) => (
          <li>{m[locale]}</li>
        ))}
      </ul>
    </StaffLayout>
  );
};

export const RetentionPage = ({
  ctx,
  staff,
  schedule,
  jobs,
}: {
  ctx: PageContext;
  staff: StaffMember;
  /** Dry runs of the sweeper on later dates: what would go by each, counted together. */
  schedule: readonly {
    readonly days: number;
    readonly asOf: Date;
    readonly byTable: Record<string, number>;
  }[];
  jobs: readonly { name: string; nextRunAt: Date; lastFinishedAt: Date | null }[];
}) => {
  const { t, locale } = ctx;
  const tables = [...new Set(schedule.flatMap((s) => Object.keys(s.byTable)))];
  return (
    <StaffLayout ctx={ctx} staff={staff} title={t('staff.retention.title')}>
      <h1>{t('staff.retention.title')}</h1>
      <h2>{t('desk.retention.schedule')}</h2>
      <p>{t('desk.retention.scheduleLead')}</p>
      {tables.length === 0 ? (
        <p>{t('staff.retention.nothing')}</p>
      ) : (
        <TableWrap label={t('desk.retention.schedule')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('desk.retention.table')}</th>
                {schedule.map((s) => (
                  <th scope="col" class="num">
                    {s.days === 0
                      ? t('desk.retention.now')
                      : t('desk.retention.by', { date: formatDate(s.asOf, locale) })}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {tables.map((table) => (
                <tr data-due={table}>
                  <th scope="row">{DATA_MAP[table]?.description[locale] ?? table}</th>
                  {schedule.map((s) => (
                    <td class="num" data-days={s.days}>
                      {s.byTable[table] ?? 0}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <h2>{t('desk.retention.byTableTitle')}</h2>
      <TableWrap label={t('desk.retention.byTableTitle')}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('desk.retention.table')}</th>
              <th scope="col">{t('desk.retention.kept')}</th>
              <th scope="col">{t('desk.retention.onErasure')}</th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(DATA_MAP)
              .filter(([, spec]) => personalColumns(spec).length > 0)
              .map(([table, spec]) => (
                <tr data-table={table}>
                  <th scope="row">{spec.description[locale]}</th>
                  <td>
                    {[...new Set(personalColumns(spec).map(([, c]) => c.retention))]
                      .map((r) => RETENTION_RULES[r][locale])
                      .join('; ')}
                  </td>
                  <td>{spec.subject ? t(`desk.retention.erasure.${spec.onErasure ?? 'delete'}`) : '—'}</td>
                </tr>
              ))}
          </tbody>
        </table>
      </TableWrap>
      <h2>{t('staff.retention.rules')}</h2>
      <ul class="plain">
        {Object.entries(RETENTION_RULES).map(([id, r]) => (
          <li data-rule={id}>
            {r[locale]} ({r.source[locale]})
          </li>
        ))}
      </ul>
      <h2>{t('staff.retention.jobs')}</h2>
      <ul class="plain">
        {jobs.map((j) => (
          <li>
            {j.name}: {formatDateTime(j.nextRunAt, locale)}
            {j.lastFinishedAt ? ` (${formatDateTime(j.lastFinishedAt, locale)})` : ''}
          </li>
        ))}
      </ul>
    </StaffLayout>
  );
};

export const AuditPage = ({
  ctx,
  staff,
  verdict,
  recent,
  names,
}: {
  ctx: PageContext;
  staff: StaffMember;
  verdict: { ok: boolean; rows: number; firstBadId?: number; reason?: string };
  recent: readonly AuditEntry[];
  /** Who the staff actors are; a removed account reads "former staff member". */
  names?: StaffNames;
}) => {
  const { t, locale } = ctx;
  return (
    <StaffLayout ctx={ctx} staff={staff} title={t('staff.audit.title')}>
      <h1>{t('staff.audit.title')}</h1>
      {verdict.ok ? (
        <Notice kind="info">{t('staff.audit.ok', { rows: verdict.rows })}</Notice>
      ) : (
        <Notice kind="error">
          {t('staff.audit.broken', { id: verdict.firstBadId ?? 0, reason: verdict.reason ?? '' })}
        </Notice>
      )}
      <h2>{t('staff.audit.recent')}</h2>
      <TableWrap label={t('staff.audit.recent')}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('desk.audit.when')}</th>
              <th scope="col">{t('desk.audit.actor')}</th>
              <th scope="col">{t('desk.audit.action')}</th>
              <th scope="col">{t('desk.audit.purpose')}</th>
              <th scope="col">{t('desk.audit.subject')}</th>
            </tr>
          </thead>
          <tbody>
            {recent.map((e) => (
              <tr>
                <td>{formatDateTime(e.occurredAt, locale)}</td>
                <td>{actorName(t, names, e.actor)}</td>
                <td data-action={e.action}>{actionName(t, e.action)}</td>
                <td>{purposeName(t, locale, e.purpose)}</td>
                <td>{e.subjectId ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </StaffLayout>
  );
};

/** The administrator's view of the staff accounts: who has which role. */
export const StaffListPage = ({
  ctx,
  staff,
  members,
}: {
  ctx: PageContext;
  staff: StaffMember;
  members: readonly StaffSignInStatus[];
}) => {
  const { t, locale } = ctx;
  const signIn = (m: StaffSignInStatus): string[] =>
    m.disabled
      ? [
          m.disabledAt && m.removeOn
            ? t('desk.staff.ended', {
                date: formatDate(m.disabledAt, locale),
                removeOn: formatDate(m.removeOn, locale),
              })
            : t('desk.staff.disabled'),
        ]
      : [
          m.firstPasswordUntil
            ? t('desk.staff.firstPassword', { until: formatDateTime(m.firstPasswordUntil, locale) })
            : t('desk.staff.ownPassword'),
          m.secondFactorSince
            ? t('desk.staff.secondFactor', { since: formatDate(m.secondFactorSince, locale) })
            : t('desk.staff.noSecondFactor'),
          ...(m.singleSignOnSince
            ? [t('desk.staff.singleSignOn', { since: formatDate(m.singleSignOnSince, locale) })]
            : []),
        ];
  return (
    <StaffLayout ctx={ctx} staff={staff} title={t('desk.staff.title')}>
      <h1>{t('desk.staff.title')}</h1>
      <p>{t('desk.staff.lead')}</p>
      <p>{t('desk.staff.disableHint')}</p>
      <TableWrap label={t('desk.staff.title')}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('staff.username')}</th>
              <th scope="col">{t('staff.customer.name')}</th>
              <th scope="col">{t('desk.staff.roles')}</th>
              <th scope="col">{t('desk.staff.signIn')}</th>
              <th scope="col">{t('desk.staff.account')}</th>
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr data-staff={m.username}>
                <th scope="row">{m.username}</th>
                <td>{m.name}</td>
                <td>{m.roles.map((r) => t(`desk.role.${r}`)).join(', ')}</td>
                <td>
                  <ul class="plain">
                    {signIn(m).map((line) => (
                      <li>{line}</li>
                    ))}
                  </ul>
                </td>
                <td>
                  {m.id === staff.id ? (
                    t('desk.staff.you')
                  ) : (
                    <form
                      method="post"
                      action={`/ansatt/ansatte/${m.id}/${m.disabled ? 'gjenopprett' : 'avslutt'}`}
                      class="inline"
                    >
                      <CsrfField ctx={ctx} />
                      <button type="submit" class="secondary">
                        {t(m.disabled ? 'desk.staff.enable' : 'desk.staff.disable')}
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </StaffLayout>
  );
};
