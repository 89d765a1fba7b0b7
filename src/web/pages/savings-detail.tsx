import { formatOre } from '../../modules/identity/money.ts';
import type { MeteringPointSavings } from '../../modules/savings/savings.service.ts';
import type { PageContext } from '../context.ts';
import { formatMonth, formatNumber } from '../i18n.ts';
import { Layout } from '../layout.tsx';

export const SavingsDetailPage = ({ ctx, s }: { ctx: PageContext; s: MeteringPointSavings }) => {
  const { t, locale } = ctx;
  const b = s.result.basis;
  return (
    <Layout ctx={ctx} title={t('detail.title')}>
      <h1>{t('detail.title')}</h1>
      <p class="muted">{t('minSide.point', { id: s.meteringPoint.meteringPointId })}</p>
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
        <div class="table-wrap">
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
                  <td class="num">{formatOre(o.yearlyOre, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      {s.bill && s.bill.months.length > 0 ? (
        <section aria-labelledby="bill">
          <h2 id="bill">{t('detail.billTitle')}</h2>
          <p>
            {t(s.bill.support === 'norgespris' ? 'detail.billNorgespris' : 'detail.billStromstotte', {
              owner: s.bill.owner.trim(),
            })}
          </p>
          <div class="table-wrap">
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
          </div>
        </section>
      ) : null}
      <p>
        <a href="/min-side">{t('nav.minSide')}</a>
      </p>
    </Layout>
  );
};
