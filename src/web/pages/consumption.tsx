import type {
  ConsumptionReport,
  ConsumptionRow,
  Resolution,
} from '../../modules/metering/consumption-report.ts';
import type { MeteringPoint } from '../../modules/metering/metering.ts';
import type { PageContext } from '../context.ts';
import { formatDate, formatKwh, formatMonth, formatNumber, type Locale, type MessageKey } from '../i18n.ts';
import { FieldErrors, Layout, Notice, TableWrap } from '../layout.tsx';

/** The resolution as the address writes it (Norwegian words, ASCII). */
export const RESOLUTION_PARAM: Readonly<Record<Resolution, string>> = {
  day: 'dag',
  month: 'maned',
  year: 'ar',
};

export interface ConsumptionQuery {
  readonly point: string;
  readonly resolution: Resolution;
  readonly from: string;
  readonly to: string;
}

export const queryString = (q: ConsumptionQuery): string =>
  new URLSearchParams({
    punkt: q.point,
    niva: RESOLUTION_PARAM[q.resolution],
    fra: q.from,
    til: q.to,
  }).toString();

const periodLabel = (row: ConsumptionRow, resolution: Resolution, locale: Locale): string =>
  resolution === 'day'
    ? formatDate(row.period, locale)
    : resolution === 'month'
      ? formatMonth(row.period, locale)
      : row.period;

/** A day, month or year: sums, so whole kWh from 100 and a tenth below (the CSV keeps every watt-hour). */
const kwh = (wh: number, locale: Locale) => formatKwh(wh / 1000, locale);

export const ConsumptionPage = ({
  ctx,
  points,
  query,
  report,
  measured,
  errors,
}: {
  ctx: PageContext;
  points: readonly MeteringPoint[];
  query: ConsumptionQuery | null;
  report: ConsumptionReport | null;
  measured: { from: string; to: string } | null;
  errors: Record<string, MessageKey>;
}) => {
  const { t, locale } = ctx;
  return (
    <Layout ctx={ctx} title={t('consumption.title')}>
      <h1>{t('consumption.title')}</h1>
      <p>{t('consumption.lead')}</p>
      {points.length === 0 || !query ? (
        <p>
          <a href="/min-side">{t('consumption.noPoints')}</a>
        </p>
      ) : (
        <>
          <form method="get" action="/forbruk" class="stack report-form">
            <div>
              <label for="punkt">{t('consumption.point')}</label>
              <select id="punkt" name="punkt">
                {points.map((p) => (
                  <option value={p.id} selected={p.id === query.point}>
                    {p.meteringPointId}
                  </option>
                ))}
              </select>
            </div>
            <fieldset>
              <legend>{t('consumption.resolution')}</legend>
              {(['day', 'month', 'year'] as const).map((r) => (
                <label class="check">
                  <input
                    type="radio"
                    name="niva"
                    value={RESOLUTION_PARAM[r]}
                    checked={query.resolution === r}
                  />
                  {t(`consumption.resolution.${r}`)}
                </label>
              ))}
            </fieldset>
            {(['fra', 'til'] as const).map((name) => (
              <div>
                <label for={name}>{t(name === 'fra' ? 'consumption.from' : 'consumption.to')}</label>
                <input
                  id={name}
                  name={name}
                  type="date"
                  value={name === 'fra' ? query.from : query.to}
                  required
                  aria-invalid={errors[name] ? 'true' : undefined}
                  aria-describedby={`${name}-hint${errors[name] ? ` ${name}-error` : ''}`}
                />
                <p class="hint" id={`${name}-hint`}>
                  {t('consumption.dateHint')}
                </p>
                <FieldErrors ctx={ctx} errors={errors} field={name} />
              </div>
            ))}
            <div>
              <button type="submit">{t('consumption.show')}</button>
            </div>
          </form>
          {measured ? (
            <p class="muted">
              {t('consumption.available', {
                from: formatDate(measured.from, locale),
                to: formatDate(measured.to, locale),
              })}
            </p>
          ) : (
            <Notice kind="info">
              <p>{t('consumption.noData')}</p>
            </Notice>
          )}
          {report ? (
            <section aria-labelledby="report">
              <TableWrap labelledBy="report">
                <table data-consumption={report.resolution}>
                  <caption id="report">
                    {t('consumption.caption', {
                      resolution: t(`consumption.resolution.${report.resolution}`).toLowerCase(),
                      from: formatDate(report.from, locale),
                      to: formatDate(report.to, locale),
                    })}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('consumption.period')}</th>
                      <th scope="col" class="num">
                        {t('consumption.hours')}
                      </th>
                      <th scope="col" class="num">
                        {t('consumption.measuredHours')}
                      </th>
                      <th scope="col" class="num">
                        {t('consumption.kwh')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {report.rows.map((r) => (
                      <tr data-period={r.period}>
                        <th scope="row">
                          <time datetime={r.period}>{periodLabel(r, report.resolution, locale)}</time>
                        </th>
                        <td class="num">{formatNumber(r.hours, locale)}</td>
                        <td class="num">{formatNumber(r.measuredHours, locale)}</td>
                        <td class="num" data-wh={r.measuredHours === 0 ? '' : String(r.wh)}>
                          {r.measuredHours === 0 ? t('consumption.gap') : kwh(r.wh, locale)}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                  <tfoot>
                    <tr>
                      <th scope="row">{t('consumption.total')}</th>
                      <td class="num">{formatNumber(report.hours, locale)}</td>
                      <td class="num">{formatNumber(report.measuredHours, locale)}</td>
                      <td class="num" data-wh={String(report.wh)}>
                        {kwh(report.wh, locale)}
                      </td>
                    </tr>
                  </tfoot>
                </table>
              </TableWrap>
              <p>
                <a class="button secondary" href={`/forbruk/forbruk.csv?${queryString(query)}`} download>
                  {t('consumption.download')}
                </a>
              </p>
              <p class="hint">{t('consumption.downloadHint')}</p>
            </section>
          ) : null}
        </>
      )}
    </Layout>
  );
};
