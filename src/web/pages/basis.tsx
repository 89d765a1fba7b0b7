import { type BasisKind, basisCode } from '../../modules/savings/basis-kind.ts';
import type { MonthBasis, SavingsResult } from '../../modules/savings/calculate-savings.ts';
import type { PageContext } from '../context.ts';
import { formatKwh, formatMonth, formatNumber, formatShortMonth, type MessageKey } from '../i18n.ts';

/*
 * Every sentence that says what a saving was computed from is made here, from the result's
 * typed basis: measured hours are called measured, a standard profile is called a profile,
 * and a month with too few hours is shown as partial wherever a month is named.
 */

export const monthCount = (ctx: PageContext, n: number): string => ctx.t('basis.months', { n });

const monthRange = (ctx: PageContext, from: string | null, to: string | null): string =>
  from && to
    ? from === to
      ? formatMonth(from, ctx.locale)
      : `${formatMonth(from, ctx.locale)} – ${formatMonth(to, ctx.locale)}`
    : '';

const partialOf = (r: SavingsResult, month: string): MonthBasis | undefined =>
  r.basis.months.find((m) => m.month === month && m.partial);

/** A month's name, with "(1 av 31 dager)" when too little of it is in the data to count. */
export const monthLabel = (ctx: PageContext, r: SavingsResult, month: string): string => {
  const p = partialOf(r, month);
  const name = formatMonth(month, ctx.locale);
  return p ? `${name} (${ctx.t('basis.partialDays', { days: p.days, monthDays: p.monthDays })})` : name;
};

/** The short label under a chart's bar, marked the same way. */
export const shortMonthLabel = (ctx: PageContext, r: SavingsResult, month: string): string => {
  const p = partialOf(r, month);
  const name = formatShortMonth(month, ctx.locale);
  return p ? `${name} (${ctx.t('basis.partialShort', { days: p.days, monthDays: p.monthDays })})` : name;
};

const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** "Mai 2026 er bare delvis med (1 av 31 dager) …" */
export const partialText = (ctx: PageContext, m: Pick<MonthBasis, 'month' | 'days' | 'monthDays'>): string =>
  ctx.t('basis.partial', {
    month: capitalised(formatMonth(m.month, ctx.locale)),
    days: m.days,
    monthDays: m.monthDays,
  });

const annual = (ctx: PageContext, kwh: number) => formatNumber(Math.round(kwh), ctx.locale);

/** One line naming the basis, for places that state it without the figures. */
export const basisKindText = (ctx: PageContext, kind: BasisKind): string => {
  switch (kind.kind) {
    case 'measured':
      return ctx.t('basis.kind.measured');
    case 'profile':
      return ctx.t(
        kind.source === 'invoices' ? 'basis.kind.profile.invoices' : 'basis.kind.profile.estimate',
        { annual: annual(ctx, kind.annualKwh) },
      );
  }
};

const statementKey = (kind: BasisKind): MessageKey => {
  switch (kind.kind) {
    case 'measured':
      return 'basis.measured';
    case 'profile':
      return kind.source === 'invoices' ? 'basis.profile.invoices' : 'basis.profile.estimate';
  }
};

/** What the figures were computed from, how they were made a year, and which months are only partly there. */
export const BasisStatement = ({ ctx, r }: { ctx: PageContext; r: SavingsResult }) => {
  const { t, locale } = ctx;
  const b = r.basis;
  const kind = b.kind;
  return (
    <p class="muted" data-basis={basisCode(kind)}>
      {t(statementKey(kind), {
        hours: formatNumber(b.pricedHours, locale),
        kwh: formatKwh(b.kwh, locale),
        months: monthRange(ctx, b.from, b.to),
        annual: kind.kind === 'profile' ? annual(ctx, kind.annualKwh) : '',
      })}
      {b.fullYear
        ? ''
        : ` ${t(kind.kind === 'measured' ? 'basis.annualised.measured' : 'basis.annualised.profile', {
            months: monthCount(ctx, b.countedMonths),
            hours: formatNumber(b.pricedHours, locale),
          })}`}
      {b.months
        .filter((m) => m.partial)
        .map((m) => ` ${partialText(ctx, m)}`)
        .join('')}
    </p>
  );
};
