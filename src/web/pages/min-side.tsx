import { formatOreWhole } from '../../modules/identity/money.ts';
import { PRICE_AREA_NAMES, PRICE_AREAS } from '../../modules/identity/price-area.ts';
import type { Offer } from '../../modules/market/offers.ts';
import type { MeteringPoint } from '../../modules/metering/metering.ts';
import type { MeteringPointSavings } from '../../modules/savings/savings.service.ts';
import type { PageContext } from '../context.ts';
import { ChartFigure, FigureTable } from '../figures.tsx';
import { formatKwh, formatMonth } from '../i18n.ts';
import { CsrfField, Layout, Notice, TextField } from '../layout.tsx';
import { offerLabel } from '../offer-label.ts';
import { BasisStatement, monthLabel } from './basis.tsx';
import { comparedOffers, costLabel, monthChart } from './savings-explain.tsx';

export interface PointView {
  readonly point: MeteringPoint;
  readonly savings: MeteringPointSavings | null;
  readonly offers: readonly Offer[];
}

const SavingSummary = ({ ctx, s }: { ctx: PageContext; s: MeteringPointSavings }) => {
  const { t, locale } = ctx;
  const r = s.result;
  if (!r.best || r.basis.pricedHours === 0) return <p>{t('minSide.noData')}</p>;
  const basis = <BasisStatement ctx={ctx} r={r} />;
  if (!r.current || r.yearlySavingOre === null) {
    return (
      <>
        <p>{t('minSide.chooseCurrent')}</p>
        {basis}
      </>
    );
  }
  const chart = monthChart(ctx, r);
  const compared = comparedOffers(r);
  const detail = `/min-side/malepunkt/${s.meteringPoint.id}`;
  return (
    <>
      {r.yearlySavingOre > 0 ? (
        <>
          <p class="saving">
            <a href={`${detail}#saving`} title={t('minSide.savingHow')}>
              {t('minSide.saving', { amount: formatOreWhole(r.yearlySavingOre, locale) })}
            </a>
          </p>
          <p>
            {t('minSide.savingBy', {
              current: offerLabel(r.current.offer, t),
              best: offerLabel(r.best.offer, t),
            })}
          </p>
          {r.range ? (
            <p data-range={`${r.range.lowOre}-${r.range.highOre}`}>
              {t('minSide.range', {
                low: formatOreWhole(Math.max(0, r.range.lowOre), locale),
                high: formatOreWhole(r.range.highOre, locale),
              })}
            </p>
          ) : null}
          {r.profile ? (
            <p class="notice">
              {t(r.profile.source === 'invoices' ? 'minSide.profileInvoices' : 'minSide.profileEstimate', {
                kwh: formatKwh(r.profile.annualKwh, locale),
              })}
            </p>
          ) : null}
          {r.switchCost && r.switchCost.exitFeeOre > 0 ? (
            <p>{t('minSide.exitFee', { amount: formatOreWhole(r.switchCost.exitFeeOre, locale) })}</p>
          ) : null}
        </>
      ) : (
        <p class="saving">{t('minSide.noSaving')}</p>
      )}
      {basis}
      <ChartFigure caption={t('minSide.chartTitleTop')} svg={chart} tableLabel={t('minSide.tableCaption')}>
        <FigureTable
          head={[t('minSide.month'), ...compared.map((o) => costLabel(o, t))]}
          rows={r.current.months.map((m, i) => [
            monthLabel(ctx, r, m.month),
            ...compared.map((o) => {
              const cost = o.months[i];
              return cost ? (
                <a
                  href={`${detail}#month-${m.month}`}
                  aria-label={t('minSide.monthHow', {
                    amount: formatOreWhole(cost.totalOre, locale),
                    month: formatMonth(m.month, locale),
                    offer: costLabel(o, t),
                  })}
                >
                  {formatOreWhole(cost.totalOre, locale)}
                </a>
              ) : (
                '—'
              );
            }),
          ])}
        />
      </ChartFigure>
    </>
  );
};

const PointCard = ({ ctx, view }: { ctx: PageContext; view: PointView }) => {
  const { t } = ctx;
  const { point } = view;
  const headingId = `mp-${point.id}`;
  return (
    <section class="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('minSide.point', { id: point.meteringPointId })}</h2>
      <p class="muted">
        {t('minSide.area', {
          area: `${point.priceArea} (${PRICE_AREA_NAMES[point.priceArea as 'NO1'] ?? ''})`,
        })}
      </p>
      {point.checkDigitOk ? null : <Notice kind="info">{t('minSide.checkDigit')}</Notice>}
      {view.savings ? <SavingSummary ctx={ctx} s={view.savings} /> : null}
      <p>
        <a href={`/min-side/malepunkt/${point.id}`}>{t('minSide.details')}</a> ·{' '}
        <a href={`/forbruk?punkt=${point.id}`}>{t('minSide.pointConsumption')}</a>
      </p>
      <form method="post" action={`/min-side/malepunkt/${point.id}/avtale`} class="stack">
        <CsrfField ctx={ctx} />
        <div>
          <label for={`current-${point.id}`}>{t('minSide.current')}</label>
          <select id={`current-${point.id}`} name="offerId">
            <option value="">—</option>
            {view.offers.map((o) => (
              <option value={o.id} selected={o.id === point.currentOfferId}>
                {offerLabel(o, t)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <button type="submit" class="secondary">
            {t('minSide.setCurrent')}
          </button>
        </div>
      </form>
      <form
        method="post"
        action={`/min-side/malepunkt/${point.id}/forbruk`}
        enctype="multipart/form-data"
        class="stack"
      >
        <CsrfField ctx={ctx} />
        <div>
          <label for={`file-${point.id}`}>{t('minSide.upload')}</label>
          <input
            id={`file-${point.id}`}
            name="file"
            type="file"
            accept=".csv,text/csv"
            required
            aria-describedby={`file-hint-${point.id}`}
          />
          <p class="hint" id={`file-hint-${point.id}`}>
            {t('minSide.uploadHint')}
          </p>
        </div>
        <div>
          <button type="submit" class="secondary">
            {t('minSide.uploadSubmit')}
          </button>
        </div>
      </form>
    </section>
  );
};

export const AddPointForm = ({ ctx, errors }: { ctx: PageContext; errors: Record<string, string> }) => {
  const { t } = ctx;
  return (
    <section class="card" aria-labelledby="add-point">
      <h2 id="add-point">{t('minSide.addPoint')}</h2>
      <form method="post" action="/min-side/malepunkt" class="stack">
        <CsrfField ctx={ctx} />
        <TextField
          ctx={ctx}
          errors={errors}
          name="meteringPointId"
          label={t('minSide.meteringPointId')}
          inputmode="numeric"
          required
        />
        <div>
          <label for="priceArea">{t('minSide.priceArea')}</label>
          <select id="priceArea" name="priceArea" required>
            {PRICE_AREAS.map((a) => (
              <option value={a}>
                {a} {PRICE_AREA_NAMES[a]}
              </option>
            ))}
          </select>
        </div>
        <TextField
          ctx={ctx}
          errors={errors}
          name="countyCode"
          label={t('minSide.county')}
          hint={t('minSide.countyHint')}
          inputmode="numeric"
        />
        <div>
          <button type="submit">{t('minSide.addPoint')}</button>
        </div>
      </form>
    </section>
  );
};

export const MinSidePage = ({
  ctx,
  name,
  needConsent,
  views,
  notice,
  errors,
}: {
  ctx: PageContext;
  name: string;
  needConsent: boolean;
  views: readonly PointView[];
  notice?: { kind: 'info' | 'error'; lines: string[] } | undefined;
  errors: Record<string, string>;
}) => {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('minSide.title')}>
      <h1>{t('minSide.hello', { name })}</h1>
      {notice ? (
        <Notice kind={notice.kind}>
          {notice.lines.map((l) => (
            <p>{l}</p>
          ))}
        </Notice>
      ) : null}
      {needConsent ? (
        <Notice kind="info">
          <p>{t('minSide.needConsent')}</p>
          <p>
            <a class="button" href="/samtykke">
              {t('minSide.giveConsent')}
            </a>
          </p>
        </Notice>
      ) : (
        <>
          {views.length === 0 ? <p>{t('minSide.noPoints')}</p> : null}
          {views.map((v) => (
            <PointCard ctx={ctx} view={v} />
          ))}
          <section class="card" aria-labelledby="more">
            <h2 id="more">{t('minSide.more')}</h2>
            <ul class="plain">
              <li>
                <a href="/fakturaer">{t('nav.invoices')}</a>: {t('minSide.moreInvoices')}
              </li>
              <li>
                <a href="/forbruk">{t('nav.consumption')}</a>: {t('minSide.moreConsumption')}
              </li>
              <li>
                <a href="/varsler">{t('nav.notifications')}</a>: {t('minSide.moreNotifications')}
              </li>
            </ul>
          </section>
          <AddPointForm ctx={ctx} errors={errors} />
        </>
      )}
    </Layout>
  );
};
