import { formatOre, formatOreWhole } from '../../modules/identity/money.ts';
import type { OfferCost, PricingInput, SavingsResult } from '../../modules/savings/calculate-savings.ts';
import { monthParts, type Usage, usage, yearParts } from '../../modules/savings/explain.ts';
import type { MeteringPointSavings } from '../../modules/savings/savings.service.ts';
import { barChart, barLineChart } from '../charts.ts';
import type { PageContext } from '../context.ts';
import { formatMonth, formatNumber, formatShortMonth } from '../i18n.ts';
import { Layout, TableWrap } from '../layout.tsx';

/**
 * The savings service hands back the input it priced along with the result; the
 * explanation is computed from it. Without it (a caller that dropped it) the page shows
 * what the result alone can say.
 */
export const pricingInputOf = (s: MeteringPointSavings): PricingInput | null => s.input ?? null;

export const offerLabel = (o: OfferCost) => `${o.offer.supplierName}: ${o.offer.name}`;

/** The current contract first, then the three cheapest others: what the month chart and tables compare. */
export const comparedOffers = (r: SavingsResult): OfferCost[] => {
  const others = r.offers.filter((o) => o.offer.id !== r.current?.offer.id).slice(0, 3);
  return r.current ? [r.current, ...others] : others;
};

const CURRENT_COLOR = '#a4161a';
const OTHER_COLORS = ['#136c3a', '#0b5fad', '#6b4fa0'];

/** Monthly cost, in kroner, of the compared offers; red for the current contract. */
export const monthChart = (ctx: PageContext, r: SavingsResult): string => {
  const offers = comparedOffers(r);
  return barChart({
    labels: (offers[0]?.months ?? []).map((m) => formatShortMonth(m.month, ctx.locale)),
    series: offers.map((o, i) => ({
      name: offerLabel(o),
      values: o.months.map((m) => m.totalOre / 100),
      color:
        o.offer.id === r.current?.offer.id
          ? CURRENT_COLOR
          : (OTHER_COLORS[r.current ? i - 1 : i] ?? '#4a5563'),
    })),
    title: ctx.t('minSide.chartTitleTop'),
    unit: 'kr',
    locale: ctx.locale,
  });
};

const pct = (rate: number, locale: 'nb' | 'en') => formatNumber(rate * 100, locale, 0);

/** How one offer's yearly cost is made: the priced period's parts, scaled, plus a year of fees and VAT. */
const YearExplained = ({
  ctx,
  input,
  s,
  cost,
}: {
  ctx: PageContext;
  input: PricingInput;
  s: MeteringPointSavings;
  cost: OfferCost;
}) => {
  const { t, locale } = ctx;
  const y = yearParts(input, s.result, cost.offer);
  return (
    <details class="explain">
      <summary>{formatOre(cost.yearlyOre, locale)}</summary>
      <dl class="parts">
        <dt>
          {t('explain.periodEnergy', {
            hours: formatNumber(y.pricedHours, locale),
            kwh: formatNumber(y.kwh, locale, 1),
          })}
        </dt>
        <dd>{formatOre(y.energyOre, locale)}</dd>
        <dt>{t('explain.periodMarkup')}</dt>
        <dd>{formatOre(y.markupOre, locale)}</dd>
        <dt>{t('explain.scaled', { factor: formatNumber(y.factor, locale, 4) })}</dt>
        <dd>{formatOre(y.scaledOre, locale)}</dd>
        <dt>{t('explain.fees', { monthly: formatOre(y.monthlyFeeOre, locale) })}</dt>
        <dd>{formatOre(y.feesOre, locale)}</dd>
        <dt>{t('explain.vat', { rate: pct(y.vatRate, locale) })}</dt>
        <dd>{formatOre(y.vatOre, locale)}</dd>
        <dt>{t('explain.total')}</dt>
        <dd data-year-total={String(y.totalOre)}>{formatOre(y.totalOre, locale)}</dd>
      </dl>
    </details>
  );
};

/** The saving itself: the two yearly costs, the exit fee, the range and what was assumed. */
const SavingExplained = ({ ctx, r }: { ctx: PageContext; r: SavingsResult }) => {
  const { t, locale } = ctx;
  if (!r.current || !r.best || r.yearlySavingOre === null) return <p>{t('explain.noCurrent')}</p>;
  const exitOre = r.current.yearlyOre - r.best.yearlyOre - r.yearlySavingOre;
  return (
    <details class="explain" open>
      <summary>{t('explain.savingSummary', { amount: formatOreWhole(r.yearlySavingOre, locale) })}</summary>
      <dl class="parts">
        <dt>{t('explain.savingCurrent', { offer: offerLabel(r.current) })}</dt>
        <dd>{formatOre(r.current.yearlyOre, locale)}</dd>
        <dt>{t('explain.savingBest', { offer: offerLabel(r.best) })}</dt>
        <dd>− {formatOre(r.best.yearlyOre, locale)}</dd>
        {exitOre !== 0 ? (
          <>
            <dt>{t('explain.savingExit')}</dt>
            <dd>− {formatOre(exitOre, locale)}</dd>
          </>
        ) : null}
        <dt>{t('explain.savingResult')}</dt>
        <dd data-saving={r.yearlySavingOre}>{formatOre(r.yearlySavingOre, locale)}</dd>
      </dl>
      {r.range ? (
        <p>
          {t('explain.range', {
            low: formatOreWhole(r.range.lowOre, locale),
            high: formatOreWhole(r.range.highOre, locale),
          })}{' '}
          {t(`explain.range.${r.range.method}`, { months: r.range.months, windows: r.range.windows })}
        </p>
      ) : null}
      {r.assumptions.length > 0 ? (
        <>
          <p>{t('explain.assumptions')}</p>
          <ul class="plain">
            {r.assumptions.map((a) => (
              <li>{t(`explain.assumption.${a}`)}</li>
            ))}
          </ul>
        </>
      ) : (
        <p>{t('explain.noAssumptions')}</p>
      )}
    </details>
  );
};

/** Every month's cost of the compared offers, each amount opening onto its parts. */
const MonthsExplained = ({
  ctx,
  s,
  input,
}: {
  ctx: PageContext;
  s: MeteringPointSavings;
  input: PricingInput | null;
}) => {
  const { t, locale } = ctx;
  const r = s.result;
  const offers = comparedOffers(r);
  const first = offers[0];
  if (!first || first.months.length === 0) return null;
  const parts = new Map(offers.map((o) => [o.offer.id, input ? monthParts(input, o.offer) : []]));
  return (
    <section aria-labelledby="months">
      <h2 id="months">{t('explain.monthsTitle')}</h2>
      <p>{t('explain.monthsLead')}</p>
      <figure class="chart">
        <figcaption>{t('minSide.chartTitleTop')}</figcaption>
        {/* Drawn on the server from numbers and escaped labels. */}
        <div dangerouslySetInnerHTML={{ __html: monthChart(ctx, r) }} />
      </figure>
      <TableWrap labelledBy="months">
        <table data-table="months">
          <caption>{t('explain.monthsTable')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('minSide.month')}</th>
              {offers.map((o) => (
                <th scope="col" class="num">
                  {offerLabel(o)}
                  {o.offer.id === r.current?.offer.id ? ` · ${t('minSide.current')}` : ''}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {first.months.map((m, i) => (
              <tr id={`month-${m.month}`}>
                <th scope="row">{formatMonth(m.month, locale)}</th>
                {offers.map((o) => {
                  const cost = o.months[i];
                  const p = parts.get(o.offer.id)?.[i];
                  if (!cost) return <td class="num">—</td>;
                  if (!p) return <td class="num">{formatOre(cost.totalOre, locale)}</td>;
                  return (
                    <td class="num">
                      <details class="explain">
                        <summary>{formatOre(cost.totalOre, locale)}</summary>
                        <p class="hint">
                          {t('explain.monthHours', {
                            priced: formatNumber(p.pricedHours, locale),
                            hours: formatNumber(p.hours, locale),
                            kwh: formatNumber(p.kwh, locale, 1),
                          })}
                        </p>
                        <dl class="parts">
                          <dt>{t('explain.energy')}</dt>
                          <dd>{formatOre(p.energyOre, locale)}</dd>
                          <dt>{t('explain.markup')}</dt>
                          <dd>{formatOre(p.markupOre, locale)}</dd>
                          <dt>{t('explain.fee')}</dt>
                          <dd>{formatOre(p.feeOre, locale)}</dd>
                          <dt>{t('explain.vat', { rate: pct(input?.vatRate ?? 0, locale) })}</dt>
                          <dd>{formatOre(p.vatOre, locale)}</dd>
                          <dt>{t('explain.monthTotal')}</dt>
                          <dd>{formatOre(p.totalOre, locale)}</dd>
                        </dl>
                      </details>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <p class="hint">{t('explain.roundedParts')}</p>
    </section>
  );
};

const hourLabel = (h: number) => String(h).padStart(2, '0');
const hourRange = (h: number) => `${hourLabel(h)}:00–${hourLabel((h + 1) % 24)}:00`;

/** Consumption by hour of day and by month (b), and the spot price against it (c). */
const UsageExplained = ({ ctx, u }: { ctx: PageContext; u: Usage }) => {
  const { t, locale } = ctx;
  const byHour = barChart({
    labels: u.byHour.map((h) => hourLabel(h.hour)),
    series: [{ name: t('explain.avgKwh'), values: u.byHour.map((h) => h.averageKwh ?? 0), color: '#0b5fad' }],
    title: t('explain.byHourTitle'),
    unit: t('explain.unitKwh'),
    locale,
    decimals: 2,
    height: 240,
  });
  const byMonth = barChart({
    labels: u.byMonth.map((m) => formatShortMonth(m.month, locale)),
    series: [{ name: t('explain.kwh'), values: u.byMonth.map((m) => m.kwh), color: '#0b5fad' }],
    title: t('explain.byMonthTitle'),
    unit: t('explain.unitKwh'),
    locale,
    height: 240,
  });
  const spot = barLineChart({
    labels: u.byHour.map((h) => hourLabel(h.hour)),
    bars: {
      name: t('explain.avgKwh'),
      values: u.byHour.map((h) => h.averageKwh),
      color: '#0b5fad',
      unit: t('explain.unitKwh'),
      decimals: 2,
    },
    line: {
      name: t('explain.avgSpot'),
      values: u.byHour.map((h) => h.averageSpotOre),
      color: '#a4161a',
      unit: t('explain.unitOre'),
      decimals: 1,
    },
    title: t('explain.spotChart'),
    locale,
  });
  const num = (x: number | null, digits: number) => (x === null ? '—' : formatNumber(x, locale, digits));
  return (
    <>
      <section aria-labelledby="usage">
        <h2 id="usage">{t('explain.usageTitle')}</h2>
        <p>{t('explain.usageLead')}</p>
        <figure class="chart" data-chart="by-hour">
          <figcaption>{t('explain.byHourTitle')}</figcaption>
          <div dangerouslySetInnerHTML={{ __html: byHour }} />
          <details>
            <summary>{t('explain.byHourTable')}</summary>
            <TableWrap label={t('explain.byHourTable')}>
              <table data-table="by-hour">
                <thead>
                  <tr>
                    <th scope="col">{t('explain.hour')}</th>
                    <th scope="col" class="num">
                      {t('explain.avgKwh')}
                    </th>
                    <th scope="col" class="num">
                      {t('explain.measuredHours')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {u.byHour.map((h) => (
                    <tr>
                      <th scope="row">{hourRange(h.hour)}</th>
                      <td class="num">{num(h.averageKwh, 2)}</td>
                      <td class="num">{formatNumber(h.measuredHours, locale)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          </details>
        </figure>
        <figure class="chart" data-chart="by-month">
          <figcaption>{t('explain.byMonthTitle')}</figcaption>
          <div dangerouslySetInnerHTML={{ __html: byMonth }} />
          <details>
            <summary>{t('explain.byMonthTable')}</summary>
            <TableWrap label={t('explain.byMonthTable')}>
              <table data-table="by-month">
                <thead>
                  <tr>
                    <th scope="col">{t('minSide.month')}</th>
                    <th scope="col" class="num">
                      {t('explain.kwh')}
                    </th>
                    <th scope="col" class="num">
                      {t('explain.measuredHours')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {u.byMonth.map((m) => (
                    <tr>
                      <th scope="row">{formatMonth(m.month, locale)}</th>
                      <td class="num">{formatNumber(m.kwh, locale, 1)}</td>
                      <td class="num">
                        {formatNumber(m.measuredHours, locale)} / {formatNumber(m.hours, locale)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          </details>
        </figure>
      </section>
      <section aria-labelledby="spot">
        <h2 id="spot">{t('explain.spotTitle')}</h2>
        <p>{t('explain.spotLead')}</p>
        <figure class="chart" data-chart="spot">
          <figcaption>{t('explain.spotChart')}</figcaption>
          <div dangerouslySetInnerHTML={{ __html: spot }} />
          <details>
            <summary>{t('explain.spotTable')}</summary>
            <TableWrap label={t('explain.spotTable')}>
              <table data-table="spot-hour">
                <thead>
                  <tr>
                    <th scope="col">{t('explain.hour')}</th>
                    <th scope="col" class="num">
                      {t('explain.avgKwh')}
                    </th>
                    <th scope="col" class="num">
                      {t('explain.avgSpot')}
                    </th>
                    <th scope="col" class="num">
                      {t('explain.pricedHours')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {u.byHour.map((h) => (
                    <tr>
                      <th scope="row">{hourRange(h.hour)}</th>
                      <td class="num">{num(h.averageKwh, 2)}</td>
                      <td class="num">{num(h.averageSpotOre, 1)}</td>
                      <td class="num">{formatNumber(h.pricedHours, locale)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          </details>
        </figure>
        <h3>{t('explain.spotMonthTitle')}</h3>
        <p>{t('explain.spotMonthLead')}</p>
        <TableWrap labelledBy="spot">
          <table data-table="spot-month">
            <thead>
              <tr>
                <th scope="col">{t('minSide.month')}</th>
                <th scope="col" class="num">
                  {t('explain.kwh')}
                </th>
                <th scope="col" class="num">
                  {t('explain.avgSpot')}
                </th>
                <th scope="col" class="num">
                  {t('explain.weightedSpot')}
                </th>
              </tr>
            </thead>
            <tbody>
              {u.byMonth.map((m) => (
                <tr>
                  <th scope="row">{formatMonth(m.month, locale)}</th>
                  <td class="num">{formatNumber(m.kwh, locale, 1)}</td>
                  <td class="num">{num(m.averageSpotOre, 1)}</td>
                  <td class="num">{num(m.weightedSpotOre, 1)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </section>
    </>
  );
};

export const SavingsDetailPage = ({ ctx, s }: { ctx: PageContext; s: MeteringPointSavings }) => {
  const { t, locale } = ctx;
  const b = s.result.basis;
  const input = pricingInputOf(s);
  return (
    <Layout ctx={ctx} title={t('detail.title')}>
      <h1>{t('detail.title')}</h1>
      <p class="muted">{t('minSide.point', { id: s.meteringPoint.meteringPointId })}</p>
      <section aria-labelledby="saving">
        <h2 id="saving">{t('explain.savingTitle')}</h2>
        <SavingExplained ctx={ctx} r={s.result} />
      </section>
      <section>
        <h2>{t('detail.basisTitle')}</h2>
        <ul class="plain">
          {b.from && b.to ? (
            <li>
              {t('detail.period', { from: formatMonth(b.from, locale), to: formatMonth(b.to, locale) })}
            </li>
          ) : null}
          <li>{t('detail.pricedHours', { hours: formatNumber(b.pricedHours, locale) })}</li>
          <li>{t('detail.kwh', { kwh: formatNumber(b.kwh, locale, 1) })}</li>
          {b.averageSpotOre !== null ? (
            <li>{t('detail.avgSpot', { ore: formatNumber(b.averageSpotOre, locale, 2) })}</li>
          ) : null}
          <li>{t('detail.missingKwh', { n: formatNumber(b.missingKwhHours, locale) })}</li>
          <li>{t('detail.missingPrice', { n: formatNumber(b.missingPriceHours, locale) })}</li>
          <li>{t('detail.estimated', { n: formatNumber(b.estimatedPriceHours, locale) })}</li>
          {b.excludedMonths.map((m) => (
            <li>
              {t('detail.excluded', {
                month: formatMonth(m.month, locale),
                reason: t(`detail.reason.${m.reason}`),
              })}
            </li>
          ))}
          <li>{t('detail.factor', { factor: formatNumber(b.annualisationFactor, locale, 4) })}</li>
          <li>
            {s.vat.reason === 'standard'
              ? t('detail.vatRule.standard')
              : t('detail.vatRule.north', { county: s.vat.county ?? '' })}
          </li>
          <li>{t('detail.formula')}</li>
        </ul>
      </section>
      <section>
        <h2>{t('detail.offers')}</h2>
        <TableWrap label={t('detail.offers')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('detail.offer')}</th>
                <th scope="col">{t('detail.type')}</th>
                <th scope="col" class="num">
                  {t('detail.energy')}
                </th>
                <th scope="col" class="num">
                  {t('detail.markup')}
                </th>
                <th scope="col" class="num">
                  {t('detail.fee')}
                </th>
                <th scope="col" class="num">
                  {t('detail.vat')}
                </th>
                <th scope="col" class="num">
                  {t('detail.total')}
                </th>
                <th scope="col" class="num">
                  {t('detail.yearly')}
                </th>
              </tr>
            </thead>
            <tbody>
              {s.result.offers.map((o) => (
                <tr>
                  <th scope="row">
                    {o.offer.supplierName}: {o.offer.name}
                    {o.offer.isDemo ? ` (${t('detail.demo')})` : ''}
                    {o.offer.id === s.meteringPoint.currentOfferId ? ` · ${t('minSide.current')}` : ''}
                    {o.offer.bindingMonths > 0 ? (
                      <span class="hint"> · {t('detail.binding', { months: o.offer.bindingMonths })}</span>
                    ) : null}
                  </th>
                  <td>{t(`detail.type.${o.offer.productType}`)}</td>
                  <td class="num">{formatOre(o.energyOre, locale)}</td>
                  <td class="num">{formatOre(o.markupOre, locale)}</td>
                  <td class="num">{formatOre(o.feeOre, locale)}</td>
                  <td class="num">{formatOre(o.vatOre, locale)}</td>
                  <td class="num">{formatOre(o.totalOre, locale)}</td>
                  <td class="num">
                    {input ? (
                      <YearExplained ctx={ctx} input={input} s={s} cost={o} />
                    ) : (
                      formatOre(o.yearlyOre, locale)
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </section>
      <MonthsExplained ctx={ctx} s={s} input={input} />
      {s.bill && s.bill.months.length > 0 ? (
        <section aria-labelledby="bill">
          <h2 id="bill">{t('detail.billTitle')}</h2>
          <p>
            {t(s.bill.support === 'norgespris' ? 'detail.billNorgespris' : 'detail.billStromstotte', {
              owner: s.bill.owner.trim(),
            })}
          </p>
          <TableWrap labelledBy="bill">
            <table data-bill>
              <thead>
                <tr>
                  <th scope="col">{t('minSide.month')}</th>
                  <th scope="col" class="num">
                    {t('detail.billSupplier')}
                  </th>
                  <th scope="col" class="num">
                    {t('detail.billGrid')}
                  </th>
                  <th scope="col" class="num">
                    {t('detail.billSupport')}
                  </th>
                  <th scope="col" class="num">
                    {t('detail.billTotal')}
                  </th>
                  <th scope="col" class="num">
                    {t('detail.billBest')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {s.bill.months.map((m) => (
                  <tr>
                    <th scope="row">{m.month}</th>
                    <td class="num">{formatOre(m.currentSupplierOre, locale)}</td>
                    <td class="num">{formatOre(m.gridOre, locale)}</td>
                    <td class="num">{formatOre(m.supportOre, locale)}</td>
                    <td class="num">{formatOre(m.currentTotalOre, locale)}</td>
                    <td class="num">{formatOre(m.bestTotalOre, locale)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </section>
      ) : null}
      {input && b.pricedHours > 0 ? (
        s.result.profile ? (
          <p>{t('explain.profileUsage')}</p>
        ) : (
          <UsageExplained ctx={ctx} u={usage(input)} />
        )
      ) : null}
      <p>
        <a href="/min-side">{t('nav.minSide')}</a>
      </p>
    </Layout>
  );
};
