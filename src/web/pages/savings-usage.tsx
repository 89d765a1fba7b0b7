import type { Usage } from '../../modules/savings/explain.ts';
import { barChart, barLineChart, inBothSizes, WIDE } from '../charts.ts';
import type { PageContext } from '../context.ts';
import { ChartFigure, FigureTable } from '../figures.tsx';
import { formatKwh, formatMonth, formatMonthAbbrev, formatNumber, formatShortMonth } from '../i18n.ts';
import { TableWrap } from '../layout.tsx';

const USE_COLOR = '#0b5fad';
const SPOT_COLOR = '#a4161a';

const hourLabel = (h: number) => String(h).padStart(2, '0');
const hourRange = (h: number) => `${hourLabel(h)}:00–${hourLabel((h + 1) % 24)}:00`;

/** Consumption by hour of day and by month, and the spot price against it: what the engine saw. */
export const UsageExplained = ({ ctx, u }: { ctx: PageContext; u: Usage }) => {
  const { t, locale } = ctx;
  const num = (x: number | null, digits: number) => (x === null ? '—' : formatNumber(x, locale, digits));
  // An average hour is read like an hour: to the meter's watt-hour.
  const hourKwh = (x: number | null) => (x === null ? '—' : formatKwh(x, locale, 'hour'));
  const byHour = inBothSizes((width) =>
    barChart({
      width,
      labels: u.byHour.map((h) => hourLabel(h.hour)),
      series: [
        { name: t('explain.avgKwh'), values: u.byHour.map((h) => h.averageKwh ?? 0), color: USE_COLOR },
      ],
      title: t('explain.byHourTitle'),
      unit: t('explain.unitKwh'),
      locale,
      decimals: 2,
      height: 240,
    }),
  );
  const byMonth = inBothSizes((width) =>
    barChart({
      width,
      labels: u.byMonth.map((m) => formatShortMonth(m.month, locale)),
      axisLabels: width < WIDE ? u.byMonth.map((m) => formatMonthAbbrev(m.month, locale)) : undefined,
      series: [{ name: t('explain.kwh'), values: u.byMonth.map((m) => m.kwh), color: USE_COLOR }],
      title: t('explain.byMonthTitle'),
      unit: t('explain.unitKwh'),
      locale,
      height: 240,
    }),
  );
  const spot = inBothSizes((width) =>
    barLineChart({
      width,
      labels: u.byHour.map((h) => hourLabel(h.hour)),
      bars: {
        name: t('explain.avgKwh'),
        values: u.byHour.map((h) => h.averageKwh),
        color: USE_COLOR,
        unit: t('explain.unitKwh'),
        decimals: 2,
      },
      line: {
        name: t('explain.avgSpot'),
        values: u.byHour.map((h) => h.averageSpotOre),
        color: SPOT_COLOR,
        unit: t('explain.unitOre'),
        decimals: 1,
      },
      title: t('explain.spotChart'),
      locale,
    }),
  );
  return (
    <>
      <section aria-labelledby="usage">
        <h2 id="usage">{t('explain.usageTitle')}</h2>
        <p>{t('explain.usageLead')}</p>
        <ChartFigure
          chart="by-hour"
          caption={t('explain.byHourTitle')}
          svg={byHour}
          tableLabel={t('explain.byHourTable')}
        >
          <FigureTable
            name="by-hour"
            head={[t('explain.hour'), t('explain.avgKwh'), t('explain.measuredHours')]}
            rows={u.byHour.map((h) => [
              hourRange(h.hour),
              hourKwh(h.averageKwh),
              formatNumber(h.measuredHours, locale),
            ])}
          />
        </ChartFigure>
        <ChartFigure
          chart="by-month"
          caption={t('explain.byMonthTitle')}
          svg={byMonth}
          tableLabel={t('explain.byMonthTable')}
        >
          <FigureTable
            name="by-month"
            head={[t('minSide.month'), t('explain.kwh'), t('explain.measuredHours')]}
            rows={u.byMonth.map((m) => [
              formatMonth(m.month, locale),
              formatKwh(m.kwh, locale),
              `${formatNumber(m.measuredHours, locale)} / ${formatNumber(m.hours, locale)}`,
            ])}
          />
        </ChartFigure>
      </section>
      <section aria-labelledby="spot">
        <h2 id="spot">{t('explain.spotTitle')}</h2>
        <p>{t('explain.spotLead')}</p>
        <ChartFigure
          chart="spot"
          caption={t('explain.spotChart')}
          svg={spot}
          tableLabel={t('explain.spotTable')}
        >
          <FigureTable
            name="spot-hour"
            head={[t('explain.hour'), t('explain.avgKwh'), t('explain.avgSpot'), t('explain.pricedHours')]}
            rows={u.byHour.map((h) => [
              hourRange(h.hour),
              hourKwh(h.averageKwh),
              num(h.averageSpotOre, 1),
              formatNumber(h.pricedHours, locale),
            ])}
          />
        </ChartFigure>
        <h3>{t('explain.spotMonthTitle')}</h3>
        <p>{t('explain.spotMonthLead')}</p>
        <TableWrap labelledBy="spot">
          <FigureTable
            name="spot-month"
            head={[t('minSide.month'), t('explain.kwh'), t('explain.avgSpot'), t('explain.weightedSpot')]}
            rows={u.byMonth.map((m) => [
              formatMonth(m.month, locale),
              formatKwh(m.kwh, locale),
              num(m.averageSpotOre, 1),
              num(m.weightedSpotOre, 1),
            ])}
          />
        </TableWrap>
      </section>
    </>
  );
};
