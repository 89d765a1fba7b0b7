import { formatOre, formatOreWhole } from '../../modules/identity/money.ts';
import type { OfferCost, PricingInput, SavingsResult } from '../../modules/savings/calculate-savings.ts';
import { monthParts, yearParts } from '../../modules/savings/explain.ts';
import type { MeteringPointSavings } from '../../modules/savings/savings.service.ts';
import { barChart, type ChartPair, inBothSizes, WIDE } from '../charts.ts';
import type { PageContext } from '../context.ts';
import { ChartFigure } from '../figures.tsx';
import { formatKwh, formatMonthAbbrev, formatNumber, type Translate } from '../i18n.ts';
import { TableWrap } from '../layout.tsx';
import { offerLabel } from '../offer-label.ts';
import { monthLabel, shortMonthLabel } from './basis.tsx';

/*
 * How each money figure on a metering point's page came about: the saving, each offer's
 * yearly cost, each month's cost. Every amount opens (a <details>) onto its parts, which
 * add up to it as the engine computed it.
 */

/**
 * The savings service hands back the input it priced along with the result; the
 * explanation is computed from it. Without it (a caller that dropped it) the page shows
 * what the result alone can say.
 */
export const pricingInputOf = (s: MeteringPointSavings): PricingInput | null => s.input ?? null;

/** The compared offer's label, marked once if it is a demo offer. */
export const costLabel = (o: OfferCost, t: Translate) => offerLabel(o.offer, t);

/** The current contract first, then the three cheapest others: what the month chart and tables compare. */
export const comparedOffers = (r: SavingsResult): OfferCost[] => {
  const others = r.offers.filter((o) => o.offer.id !== r.current?.offer.id).slice(0, 3);
  return r.current ? [r.current, ...others] : others;
};

const CURRENT_COLOR = '#a4161a';
const OTHER_COLORS = ['#136c3a', '#0b5fad', '#6b4fa0'];

/** Monthly cost, in kroner, of the compared offers; red for the current contract. */
export const monthChart = (ctx: PageContext, r: SavingsResult): ChartPair => {
  const offers = comparedOffers(r);
  const months = (offers[0]?.months ?? []).map((m) => m.month);
  return inBothSizes((width) =>
    barChart({
      width,
      labels: months.map((m) => shortMonthLabel(ctx, r, m)),
      axisLabels: width < WIDE ? months.map((m) => formatMonthAbbrev(m, ctx.locale)) : undefined,
      series: offers.map((o, i) => ({
        name: costLabel(o, ctx.t),
        values: o.months.map((m) => m.totalOre / 100),
        color:
          o.offer.id === r.current?.offer.id
            ? CURRENT_COLOR
            : (OTHER_COLORS[r.current ? i - 1 : i] ?? '#4a5563'),
      })),
      title: ctx.t('minSide.chartTitleTop'),
      unit: 'kr',
      locale: ctx.locale,
    }),
  );
};

const pct = (rate: number, locale: 'nb' | 'en') => formatNumber(rate * 100, locale, 0);

/** How one offer's yearly cost is made: the priced period's parts, scaled, plus a year of fees and VAT. */
export const YearExplained = ({
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
            kwh: formatKwh(y.kwh, locale),
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
export const SavingExplained = ({ ctx, r }: { ctx: PageContext; r: SavingsResult }) => {
  const { t, locale } = ctx;
  if (!r.current || !r.best || r.yearlySavingOre === null) return <p>{t('explain.noCurrent')}</p>;
  const exitOre = r.current.yearlyOre - r.best.yearlyOre - r.yearlySavingOre;
  return (
    <details class="explain" open>
      <summary>{t('explain.savingSummary', { amount: formatOreWhole(r.yearlySavingOre, locale) })}</summary>
      <dl class="parts">
        <dt>{t('explain.savingCurrent', { offer: costLabel(r.current, t) })}</dt>
        <dd>{formatOre(r.current.yearlyOre, locale)}</dd>
        <dt>{t('explain.savingBest', { offer: costLabel(r.best, t) })}</dt>
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
export const MonthsExplained = ({
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
      <ChartFigure caption={t('minSide.chartTitleTop')} svg={monthChart(ctx, r)} />
      <TableWrap labelledBy="months">
        <table data-table="months">
          <caption>{t('explain.monthsTable')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('minSide.month')}</th>
              {offers.map((o) => (
                <th scope="col" class="num">
                  {costLabel(o, t)}
                  {o.offer.id === r.current?.offer.id ? ` · ${t('minSide.current')}` : ''}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {first.months.map((m, i) => (
              <tr id={`month-${m.month}`}>
                <th scope="row">{monthLabel(ctx, r, m.month)}</th>
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
                            kwh: formatKwh(p.kwh, locale),
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
