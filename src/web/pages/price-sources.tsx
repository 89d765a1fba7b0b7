import type { PriceSource } from '../../modules/market/spot-resolution.ts';
import { priceSourceKind } from '../../modules/market/spot-resolution.ts';
import type { Basis } from '../../modules/savings/calculate-savings.ts';
import type { PageContext } from '../context.ts';
import { formatMonth, formatNumber } from '../i18n.ts';

/** A source as a person reads it: what it is, and whether its price is exact or converted from euro. */
export const priceSourceLabel = (ctx: PageContext, s: PriceSource): string => {
  const { kind, detail } = priceSourceKind(s.source);
  const kindText = ctx.t(`prices.kind.${kind}`);
  const name = detail ? ctx.t('prices.named', { kind: kindText, detail }) : kindText;
  return ctx.t(s.estimated ? 'prices.converted' : 'prices.exact', { name });
};

/**
 * Which source priced the basis's hours: over the whole period, and month by month behind
 * a <details>. Nothing when the result does not say (a result computed before it did).
 */
export const PriceSources = ({ ctx, basis }: { ctx: PageContext; basis: Basis }) => {
  const { t, locale } = ctx;
  const total = basis.priceSources ?? [];
  if (total.length === 0) return null;
  return (
    <li data-price-sources>
      {t('prices.sources')}
      <ul>
        {total.map((s) => (
          <li>
            {t('prices.sourceHours', {
              source: priceSourceLabel(ctx, s),
              hours: formatNumber(s.hours, locale),
            })}
          </li>
        ))}
      </ul>
      <details>
        <summary>{t('prices.byMonth')}</summary>
        <ul class="plain">
          {basis.months.map((m) => (
            <li data-month={m.month}>
              {t('prices.month', {
                month: formatMonth(m.month, locale),
                sources: (m.priceSources ?? [])
                  .map((s) =>
                    t('prices.sourceHours', {
                      source: priceSourceLabel(ctx, s),
                      hours: formatNumber(s.hours, locale),
                    }),
                  )
                  .join('; '),
              })}
            </li>
          ))}
        </ul>
        <p class="hint">{t('prices.rule')}</p>
      </details>
    </li>
  );
};
