import { formatOreWhole } from '../../modules/identity/money.ts';
import type { Preferences } from '../../modules/monitoring/monitoring.ts';
import type { PageContext } from '../context.ts';
import type { MessageKey } from '../i18n.ts';
import { CsrfField, FieldErrors, Layout, Notice } from '../layout.tsx';

/** The form's values as typed, so a refused form comes back as it was sent. */
export interface NotificationForm {
  readonly channel: string;
  readonly threshold: string;
  readonly paused: boolean;
}

export const formOf = (p: Preferences): NotificationForm => ({
  channel: p.channel,
  threshold: String(Math.round(p.thresholdOre / 100)),
  paused: p.paused,
});

export const NotificationsPage = ({
  ctx,
  consent,
  hasPhone,
  current,
  form,
  saved,
  errors,
}: {
  ctx: PageContext;
  consent: boolean;
  hasPhone: boolean;
  current: Preferences;
  form: NotificationForm;
  saved: boolean;
  errors: Record<string, MessageKey>;
}) => {
  const { t, locale } = ctx;
  const described = (name: string, hint: boolean) =>
    [hint ? `${name}-hint` : '', errors[name] ? `${name}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <Layout ctx={ctx} title={t('notify.title')}>
      <h1>{t('notify.title')}</h1>
      <p>{t('notify.lead')}</p>
      {saved ? (
        <Notice kind="info">
          <p>{t('notify.saved')}</p>
        </Notice>
      ) : null}
      {!consent ? (
        <Notice kind="info">
          <p>{t('notify.needConsent')}</p>
          <p>
            <a class="button" href="/samtykke">
              {t('notify.giveConsent')}
            </a>
          </p>
        </Notice>
      ) : (
        <>
          <p data-current={`${current.channel}:${current.thresholdOre}:${current.paused}`}>
            {t('notify.current', {
              channel: t(`notify.channel.${current.channel}`),
              amount: formatOreWhole(current.thresholdOre, locale),
              state: t(current.paused ? 'notify.state.paused' : 'notify.state.active'),
            })}
          </p>
          <form method="post" action="/varsler" class="stack" novalidate>
            <CsrfField ctx={ctx} />
            <fieldset aria-describedby={described('channel', !hasPhone)}>
              <legend>{t('notify.channel')}</legend>
              <label class="check">
                <input
                  type="radio"
                  name="channel"
                  value="email"
                  checked={form.channel !== 'sms' || !hasPhone}
                />
                {t('notify.channel.email')}
              </label>
              {hasPhone ? (
                <label class="check">
                  <input type="radio" name="channel" value="sms" checked={form.channel === 'sms'} />
                  {t('notify.channel.sms')}
                </label>
              ) : (
                <p class="hint" id="channel-hint">
                  {t('notify.noPhone')}
                </p>
              )}
              <FieldErrors ctx={ctx} errors={errors} field="channel" />
            </fieldset>
            <div>
              <label for="threshold">{t('notify.threshold')}</label>
              <input
                id="threshold"
                name="threshold"
                type="text"
                inputmode="numeric"
                autocomplete="off"
                value={form.threshold}
                required
                aria-invalid={errors.threshold ? 'true' : undefined}
                aria-describedby={described('threshold', true)}
              />
              <p class="hint" id="threshold-hint">
                {t('notify.thresholdHint')}
              </p>
              <FieldErrors ctx={ctx} errors={errors} field="threshold" />
            </div>
            <div>
              <label class="check">
                <input
                  type="checkbox"
                  name="paused"
                  value="1"
                  checked={form.paused}
                  aria-describedby="paused-hint"
                />
                {t('notify.pause')}
              </label>
              <p class="hint" id="paused-hint">
                {t('notify.pauseHint')}
              </p>
            </div>
            <div>
              <button type="submit">{t('notify.save')}</button>
            </div>
          </form>
        </>
      )}
      <p>{t('notify.unsubscribe')}</p>
    </Layout>
  );
};
