import { formatOre } from '../../modules/identity/money.ts';
import { basisCode } from '../../modules/savings/basis-kind.ts';
import { usage } from '../../modules/savings/explain.ts';
import type { MeteringPointSavings } from '../../modules/savings/savings.service.ts';
import type { PageContext } from '../context.ts';
import { FigureTable } from '../figures.tsx';
import { formatKwh, formatMonth, formatNumber } from '../i18n.ts';
import { Layout, TableWrap } from '../layout.tsx';
import { offerLabel } from '../offer-label.ts';
import { basisKindText, partialText } from './basis.tsx';
import { PriceSources } from './price-sources.tsx';
import { MonthsExplained, pricingInputOf, SavingExplained, YearExplained } from './savings-explain.tsx';
import { UsageExplained } from './savings-usage.tsx';

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
          <li data-basis={basisCode(b.kind)}>{basisKindText(ctx, b.kind)}</li>
          {b.from && b.to ? (
            <li>
              {t('detail.period', { from: formatMonth(b.from, locale), to: formatMonth(b.to, locale) })}
            </li>
          ) : null}
          <li>{t('detail.pricedHours', { hours: formatNumber(b.pricedHours, locale) })}</li>
          <li>{t('detail.kwh', { kwh: formatKwh(b.kwh, locale) })}</li>
          {b.averageSpotOre !== null ? (
            <li>{t('detail.avgSpot', { ore: formatNumber(b.averageSpotOre, locale, 2) })}</li>
          ) : null}
          <li>{t('detail.missingKwh', { n: formatNumber(b.missingKwhHours, locale) })}</li>
          <li>{t('detail.missingPrice', { n: formatNumber(b.missingPriceHours, locale) })}</li>
          <li>{t('detail.estimated', { n: formatNumber(b.estimatedPriceHours, locale) })}</li>
          {b.months
            .filter((m) => m.partial)
            .map((m) => (
              <li data-partial={m.month}>{partialText(ctx, m)}</li>
            ))}
          <PriceSources ctx={ctx} basis={b} />
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
                    {offerLabel(o.offer, t)}
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
            <FigureTable
              name="bill"
              head={[
                t('minSide.month'),
                t('detail.billSupplier'),
                t('detail.billGrid'),
                t('detail.billSupport'),
                t('detail.billTotal'),
                t('detail.billBest'),
              ]}
              rows={s.bill.months.map((m) => [
                formatMonth(m.month, locale),
                formatOre(m.currentSupplierOre, locale),
                formatOre(m.gridOre, locale),
                formatOre(m.supportOre, locale),
                formatOre(m.currentTotalOre, locale),
                formatOre(m.bestTotalOre, locale),
              ])}
            />
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
