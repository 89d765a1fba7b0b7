import type { ComponentChildren } from 'preact';
import type { AuditEntry } from '../../modules/audit/audit-chain.ts';
import type { Art30Record } from '../../modules/privacy/art30.ts';
import type { Breach } from '../../modules/privacy/breach.service.ts';
import type { ErasureItem } from '../../modules/privacy/erasure-plan.ts';
import type { LegalHold } from '../../modules/privacy/legal-hold.service.ts';
import type { PrivacyRequest } from '../../modules/privacy/request.service.ts';
import { REQUEST_TYPES } from '../../modules/privacy/request-rules.ts';
import { CATEGORIES, RETENTION_RULES } from '../../modules/privacy/vocabulary.ts';
import type { CustomerCard } from '../../modules/staff/desk.service.ts';
import { type Capability, can, type StaffMember } from '../../modules/staff/staff.ts';
import type { PageContext } from '../context.ts';
import { formatDate, formatDateTime } from '../i18n.ts';
import { CsrfField, Head, Notice, renderPage, TextField } from '../layout.tsx';
import { ErasureTable } from './my-data.tsx';

export { renderPage };

const NAV: readonly [string, Parameters<PageContext['t']>[0], Capability][] = [
  ['/ansatt', 'staff.nav.queue', 'requests.handle'],
  ['/ansatt/kunder', 'staff.nav.customers', 'customers.lookup'],
  ['/ansatt/sperrer', 'staff.nav.holds', 'holds.manage'],
  ['/ansatt/avvik', 'staff.nav.breaches', 'breaches.manage'],
  ['/ansatt/behandlingsprotokoll', 'staff.nav.record', 'records.read'],
  ['/ansatt/lagringstid', 'staff.nav.retention', 'records.read'],
  ['/ansatt/logg', 'staff.nav.audit', 'audit.read'],
];

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
          <a class="brand" href="/ansatt">
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
            <p class="muted">{t('staff.signedInAs', { name: staff.name, roles: staff.roles.join(', ') })}</p>
          ) : null}
          {children}
        </main>
      </body>
    </html>
  );
};

export const StaffSignInPage = ({ ctx, error }: { ctx: PageContext; error?: string | undefined }) => {
  const { t } = ctx;
  return (
    <StaffLayout ctx={ctx} staff={null} title={t('staff.signIn')}>
      <h1>{t('staff.signIn')}</h1>
      {error ? <Notice kind="error">{error}</Notice> : null}
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
      {queue.length === 0 ? (
        <p>{t('staff.queue.empty')}</p>
      ) : (
        <div class="table-wrap">
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
                  <td>{r.channel}</td>
                  <td>{formatDateTime(r.receivedAt, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </StaffLayout>
  );
};

export const StaffRequestPage = ({
  ctx,
  staff,
  request,
  plan,
  error,
}: {
  ctx: PageContext;
  staff: StaffMember;
  request: PrivacyRequest;
  plan: readonly ErasureItem[] | null;
  error?: string | undefined;
}) => {
  const { t, locale } = ctx;
  const open = request.state === 'received' || request.state === 'verified';
  return (
    <StaffLayout ctx={ctx} staff={staff} title={t('staff.request.title')}>
      <h1>
        {t('staff.request.title')}: {REQUEST_TYPES[request.type][locale]} (
        {REQUEST_TYPES[request.type].article})
      </h1>
      <p class="muted">
        {t('staff.request.customer', { id: request.customerId })} · {t(`rights.state.${request.state}`)} ·{' '}
        {t('rights.dueAt', { date: formatDate(request.dueAt, locale) })}{' '}
        <span class="tag">{t(`staff.deadline.${request.deadline}`)}</span>
      </p>
      {error ? <Notice kind="error">{error}</Notice> : null}
      {request.details && (request.details.text || request.details.purposes || request.details.changes) ? (
        <section>
          <h2>{t('staff.request.details')}</h2>
          {request.details.text ? <p>{request.details.text}</p> : null}
          {request.details.purposes ? <p>{request.details.purposes.join(', ')}</p> : null}
          {request.details.changes ? <p>{Object.keys(request.details.changes).join(', ')}</p> : null}
        </section>
      ) : null}
      {request.verifiedAt ? (
        <p>
          {t('staff.request.verified', {
            date: formatDateTime(request.verifiedAt, locale),
            method: request.verificationMethod ?? '',
          })}
        </p>
      ) : (
        <Notice kind="info">{t('staff.request.notVerified')}</Notice>
      )}
      {request.extended ? (
        <p>
          {t('rights.extended', {
            date: formatDate(request.dueAt, locale),
            reason: request.extensionReason ?? '',
          })}
        </p>
      ) : null}
      {plan ? (
        <section>
          <h2>{t('staff.request.plan')}</h2>
          <ErasureTable ctx={ctx} items={plan} />
        </section>
      ) : null}
      {open && request.state === 'received' ? (
        <form method="post" action={`/ansatt/foresporsel/${request.id}/bekreft`} class="stack card">
          <CsrfField ctx={ctx} />
          <h2>{t('staff.request.verify')}</h2>
          <div>
            <label for="note">{t('staff.request.verifyNote')}</label>
            <textarea id="note" name="note" rows={3} required />
          </div>
          <div>
            <button type="submit">{t('staff.request.verify')}</button>
          </div>
        </form>
      ) : null}
      {open && !request.extended ? (
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
      {request.state === 'verified' ? (
        <form method="post" action={`/ansatt/foresporsel/${request.id}/svar`} class="stack card">
          <CsrfField ctx={ctx} />
          <h2>{t('staff.request.complete')}</h2>
          <div>
            <label for="resolution">{t('staff.request.resolution')}</label>
            <textarea id="resolution" name="resolution" rows={5} required />
          </div>
          {request.type === 'objection' ? (
            <label class="check">
              <input type="checkbox" name="upheld" value="1" /> {t('staff.request.upheld')}
            </label>
          ) : null}
          <div>
            <button type="submit">{t('staff.request.complete')}</button>
          </div>
        </form>
      ) : null}
      {open ? (
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
    </StaffLayout>
  );
};

export const CustomersPage = ({
  ctx,
  staff,
  results,
  purpose,
  errors,
}: {
  ctx: PageContext;
  staff: StaffMember;
  results: readonly CustomerCard[] | null;
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
          required
          value={purpose}
        />
        <TextField ctx={ctx} errors={errors} name="query" label={t('staff.customers.query')} required />
        <div>
          <button type="submit">{t('staff.customers.search')}</button>
        </div>
      </form>
      {results && results.length === 0 ? <p>{t('staff.customers.none')}</p> : null}
      {(results ?? []).map((c) => (
        <section class="card" data-customer={c.id}>
          <h2>{c.name ?? c.id}</h2>
          <dl>
            <dt>{t('staff.customer.status')}</dt>
            <dd>{c.status}</dd>
            <dt>{t('staff.customer.email')}</dt>
            <dd>{c.email ?? '—'}</dd>
            <dt>{t('staff.customer.phone')}</dt>
            <dd>{c.phone ?? '—'}</dd>
            <dt>{t('staff.customer.identity')}</dt>
            <dd data-identity>{c.identityNumber ?? '—'}</dd>
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
                {r.kind}: {r.purposes.join(', ')} ({formatDate(r.placedAt, locale)})
              </li>
            ))}
          </ul>
          <h3>{t('staff.customer.requests')}</h3>
          <ul class="plain">
            {c.requests.map((r) => (
              <li>
                <a href={`/ansatt/foresporsel/${r.id}`}>{REQUEST_TYPES[r.type][locale]}</a> ·{' '}
                {t(`rights.state.${r.state}`)}
              </li>
            ))}
          </ul>
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
}: {
  ctx: PageContext;
  staff: StaffMember;
  holds: readonly LegalHold[];
  errors: Record<string, string>;
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
            {formatDate(h.placedAt, locale)} · {h.customerId} · {h.reason}{' '}
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

export const BreachesPage = ({
  ctx,
  staff,
  breaches,
  errors,
}: {
  ctx: PageContext;
  staff: StaffMember;
  breaches: readonly Breach[];
  errors: Record<string, string>;
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
}: {
  ctx: PageContext;
  staff: StaffMember;
  record: Art30Record;
}) => {
  const { t } = ctx;
  return (
    <StaffLayout ctx={ctx} staff={staff} title={t('staff.record.title')}>
      <h1>{t('staff.record.title')}</h1>
      <p>
        {record.controller.name} · {record.controller.contact} · v{record.policyVersion} ·{' '}
        <a href="/ansatt/behandlingsprotokoll.json">{t('staff.record.json')}</a>
      </p>
      {record.activities.map((a) => (
        <section class="card" data-activity={a.purpose}>
          <h2>{a.description}</h2>
          <p>{a.legalBasis}</p>
          <p>
            {t('staff.record.subjects')}: {a.dataSubjects.join(', ')}
          </p>
          <p>{a.categories.join('; ')}</p>
          <p>
            {t('staff.record.recipients')}:{' '}
            {a.recipients.map((r) => `${r.name} (${r.role}, ${r.country})`).join('; ') || '—'}
          </p>
          <ul class="plain">
            {a.retention.map((r) => (
              <li>{r}</li>
            ))}
          </ul>
        </section>
      ))}
      <h2>{t('staff.record.security')}</h2>
      <ul>
        {record.securityMeasures.map((m) => (
          <li>{m}</li>
        ))}
      </ul>
    </StaffLayout>
  );
};

export const RetentionPage = ({
  ctx,
  staff,
  due,
  jobs,
}: {
  ctx: PageContext;
  staff: StaffMember;
  due: Record<string, number>;
  jobs: readonly { name: string; nextRunAt: Date; lastFinishedAt: Date | null }[];
}) => {
  const { t, locale } = ctx;
  return (
    <StaffLayout ctx={ctx} staff={staff} title={t('staff.retention.title')}>
      <h1>{t('staff.retention.title')}</h1>
      <h2>{t('staff.retention.due')}</h2>
      {Object.keys(due).length === 0 ? (
        <p>{t('staff.retention.nothing')}</p>
      ) : (
        <ul class="plain">
          {Object.entries(due).map(([table, n]) => (
            <li data-due={table}>
              {table}: {n}
            </li>
          ))}
        </ul>
      )}
      <h2>{t('staff.retention.rules')}</h2>
      <ul class="plain">
        {Object.entries(RETENTION_RULES).map(([id, r]) => (
          <li data-rule={id}>
            {r[locale]} ({r.source})
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
}: {
  ctx: PageContext;
  staff: StaffMember;
  verdict: { ok: boolean; rows: number; firstBadId?: number; reason?: string };
  recent: readonly AuditEntry[];
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
      <div class="table-wrap">
        <table>
          <tbody>
            {recent.map((e) => (
              <tr>
                <td>{formatDateTime(e.occurredAt, locale)}</td>
                <td>{e.actor}</td>
                <td>{e.action}</td>
                <td>{e.purpose ?? ''}</td>
                <td>{e.subjectId ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </StaffLayout>
  );
};
