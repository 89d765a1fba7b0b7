import type { PermissionEvent, PermissionState } from '../../modules/consents/permission.ts';
import type { PermissionText } from '../../modules/consents/permission-texts.ts';
import type { PageContext } from '../context.ts';
import { formatDate, formatDateTime, type MessageKey } from '../i18n.ts';
import { CsrfField, Layout, Notice } from '../layout.tsx';

/** The channels a permission is given or withdrawn through that have a name in the interface. */
const NAMED_CHANNELS = ['web', 'web-onboarding', 'staff', 'cli'] as const;

export const channelName = (ctx: PageContext, channel: string): string =>
  (NAMED_CHANNELS as readonly string[]).includes(channel)
    ? ctx.t(`onboarding.channel.${channel}` as MessageKey)
    : channel;

/**
 * The permission in plain words, beside (never instead of) the exact text that is agreed
 * to: what it lets us do, what it does not, how long it lasts, how to take it back.
 */
export const PermissionExplanation = ({ ctx, text }: { ctx: PageContext; text: PermissionText }) => {
  const { t } = ctx;
  const own = (part: 'allows' | 'not' | 'withdraw') => t(`onboarding.${text.scope}.${part}` as MessageKey);
  return (
    <dl data-explain={`${text.kind}-${text.scope}`}>
      <dt>{t('onboarding.allows')}</dt>
      <dd>{own('allows')}</dd>
      <dt>{t('onboarding.doesNot')}</dt>
      <dd>{own('not')}</dd>
      <dt>{t('onboarding.howLong')}</dt>
      <dd>
        {text.validMonths
          ? t('onboarding.duration.months', { months: text.validMonths })
          : t('onboarding.duration.untilWithdrawn')}
      </dd>
      <dt>{t('onboarding.howWithdraw')}</dt>
      <dd>
        {t('onboarding.withdraw')} {own('withdraw')}
      </dd>
    </dl>
  );
};

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
  firstVisit = false,
}: {
  ctx: PageContext;
  items: readonly { text: PermissionText; state: PermissionState }[];
  history: readonly PermissionEvent[];
  uses: readonly { scope: string; action: string; usedAt: Date }[];
  error?: string | undefined;
  /** Nothing given or withdrawn yet: the step-by-step guide comes first, the one-page form after it. */
  firstVisit?: boolean;
}) => {
  const { t, locale } = ctx;
  const form = (
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
            <details>
              <summary>{t('onboarding.whatMeans')}</summary>
              <PermissionExplanation ctx={ctx} text={text} />
            </details>
            <input type="hidden" name={`version:${id}`} value={text.version} />
            <label class="check" for={id}>
              <input type="checkbox" id={id} name={id} value="1" checked={state.status === 'active'} />
              {text.kind === 'consent' ? t('consents.give') : t('consents.grant')}
              {/* Every box says the same words; a screen reader also hears which permission it is. */}
              <span class="visually-hidden">: {text.title[locale]}</span>
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
  );
  return (
    <Layout ctx={ctx} title={t('consents.title')}>
      <h1>{firstVisit ? t('onboarding.intro.title') : t('consents.title')}</h1>
      {error ? <Notice kind="error">{error}</Notice> : null}
      {firstVisit ? (
        <>
          <p>{t('onboarding.intro.lead')}</p>
          <p>
            <a class="button" href="/samtykke/steg/1">
              {t('onboarding.start')}
            </a>
          </p>
          <details>
            <summary>{t('onboarding.allAtOnce')}</summary>
            <p>{t('consents.lead')}</p>
            {form}
          </details>
        </>
      ) : (
        <>
          <p>{t('consents.lead')}</p>
          <p>
            <a href="/samtykke/steg/1">{t('onboarding.again')}</a>
          </p>
          {form}
        </>
      )}
      {history.length > 0 ? (
        <section>
          <h2>{t('consents.history')}</h2>
          <ul class="plain">
            {[...history].reverse().map((e) => (
              <li>
                {formatDateTime(e.occurredAt, locale)}: {t(`consents.kind.${e.kind}`)} «
                {items.find((i) => i.text.scope === e.scope)?.text.title[locale] ?? e.scope}»{' '}
                {t(`consents.action.${e.action}`)} ({t('consents.version', { version: e.textVersion })},{' '}
                {channelName(ctx, e.channel)})
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

/**
 * One step of the first-visit guide: one consent or one power of attorney, explained in
 * plain words before the exact text and its version, and given only by the button here.
 * Skipping records nothing.
 */
export const OnboardingStepPage = ({
  ctx,
  step,
  total,
  text,
  state,
  error,
}: {
  ctx: PageContext;
  step: number;
  total: number;
  text: PermissionText;
  state: PermissionState;
  error?: string | undefined;
}) => {
  const { t, locale } = ctx;
  const given = state.status === 'active' && state.textVersion === text.version;
  const next = step < total ? `/samtykke/steg/${step + 1}` : '/samtykke/ferdig';
  return (
    <Layout ctx={ctx} title={`${t('onboarding.step', { n: step, total })}: ${text.title[locale]}`}>
      <p class="muted">{t('onboarding.step', { n: step, total })}</p>
      <h1>{text.title[locale]}</h1>
      <p>
        <span class="tag">{t(`consents.kind.${text.kind}`)}</span>{' '}
        <span class="tag">{text.required ? t('consents.required') : t('consents.optional')}</span>
      </p>
      {error ? <Notice kind="error">{error}</Notice> : null}
      <PermissionExplanation ctx={ctx} text={text} />
      <section class="permission" aria-labelledby="exact-title">
        <h2 id="exact-title">{t('onboarding.exact', { version: text.version })}</h2>
        <blockquote data-version={text.version}>
          <p>{text.body[locale]}</p>
        </blockquote>
      </section>
      {given ? (
        <>
          <Notice kind="info">
            {t('onboarding.already', {
              date: state.since ? formatDate(state.since, locale) : '',
              version: state.textVersion ?? '',
            })}
          </Notice>
          <p>
            <a class="button" href={next}>
              {t('onboarding.next')}
            </a>
          </p>
        </>
      ) : (
        <form method="post" action={`/samtykke/steg/${step}`} class="stack">
          <CsrfField ctx={ctx} />
          <input type="hidden" name="version" value={text.version} />
          <p class="hint">{t('onboarding.notRecorded', { version: text.version })}</p>
          {text.required ? <p class="hint">{t('onboarding.requiredNote')}</p> : null}
          <div>
            <button type="submit" name="decision" value="give">
              {text.kind === 'consent' ? t('consents.give') : t('consents.grant')}
            </button>{' '}
            <button type="submit" name="decision" value="skip" class="secondary">
              {t('onboarding.skip')}
            </button>
          </div>
        </form>
      )}
      <p>
        {step > 1 ? <a href={`/samtykke/steg/${step - 1}`}>{t('onboarding.back')}</a> : null}
        {step > 1 ? ' · ' : ''}
        <a href="/samtykke">{t('onboarding.overview')}</a>
      </p>
    </Layout>
  );
};

/** The end of the guide: what was chosen, and where to change it later. */
export const OnboardingDonePage = ({
  ctx,
  items,
}: {
  ctx: PageContext;
  items: readonly { text: PermissionText; state: PermissionState }[];
}) => {
  const { t, locale } = ctx;
  const ready = items.some((i) => i.text.scope === 'invoice_analysis' && i.state.status === 'active');
  return (
    <Layout ctx={ctx} title={t('onboarding.done.title')}>
      <h1>{t('onboarding.done.title')}</h1>
      <p>{t('onboarding.done.lead')}</p>
      <ul class="plain">
        {items.map(({ text, state }) => (
          <li data-permission={`${text.kind}-${text.scope}`} data-status={state.status}>
            {text.title[locale]}: {statusLine(ctx, state)}
            {state.status === 'active' && state.textVersion
              ? ` · ${t('consents.version', { version: state.textVersion })}`
              : ''}
          </li>
        ))}
      </ul>
      {ready ? null : <Notice kind="info">{t('minSide.needConsent')}</Notice>}
      <p>
        <a class="button" href="/min-side">
          {t('onboarding.done.toMinSide')}
        </a>{' '}
        <a class="button secondary" href="/samtykke">
          {t('onboarding.done.toConsents')}
        </a>
      </p>
    </Layout>
  );
};
