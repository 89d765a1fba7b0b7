import type { Clock } from '../../platform/clock.ts';
import type { PermissionService } from '../consents/permission.service.ts';
import type { PriceArea } from '../identity/price-area.ts';
import type { StoredInvoice } from '../invoices/invoice.ts';
import { GridTariffIndex } from '../market/grid-tariff-index.ts';
import type { MarketService } from '../market/market.service.ts';
import type { TaxRules } from '../market/tax-rules.ts';
import { loadTaxRules } from '../market/tax-rules-file.ts';
import { vatFor } from '../market/vat.ts';
import type { MeteringService } from '../metering/metering.service.ts';
import type { MeteringPoint } from '../metering/metering.ts';
import type { ProcessingGate } from '../privacy/restriction.service.ts';
import { calculateSavings, type PricingInput, type SavingsResult } from './calculate-savings.ts';
import { lastYearHours, profileSeries } from './load-profile.ts';
import { type MonthlyBill, monthlyBill } from './monthly-bill.ts';

export interface MeteringPointSavings {
  readonly meteringPoint: MeteringPoint;
  readonly vat: ReturnType<typeof vatFor>;
  readonly result: SavingsResult;
  readonly computedAt: Date;
  /** The whole monthly bill with grid rent, taxes and support, where the grid company's tariff is known. */
  readonly bill?: MonthlyBill | null;
  /** The hours as priced, for explanations and charts of the same numbers. */
  readonly input?: PricingInput;
  readonly customerId?: string;
}

/**
 * Gathers what the engine needs for a metering point and runs it. Analysis is processing
 * under the customer's consent: without an active consent, or under a restriction or
 * objection, nothing is computed.
 */
export class SavingsService {
  constructor(
    private readonly metering: MeteringService,
    private readonly market: MarketService,
    private readonly permissions: PermissionService,
    private readonly gate: ProcessingGate,
    private readonly clock: Clock,
    private readonly tariffs: GridTariffIndex = new GridTariffIndex(),
  ) {}

  async forMeteringPoint(customerId: string, meteringPointId: string): Promise<MeteringPointSavings> {
    await this.permissions.require(customerId, [{ kind: 'consent', scope: 'invoice_analysis' }]);
    await this.gate.assertMayProcess(customerId, 'savings_analysis');
    const point = await this.metering.point(customerId, meteringPointId);
    return this.compute(customerId, point);
  }

  async forCustomer(customerId: string): Promise<MeteringPointSavings[]> {
    await this.permissions.require(customerId, [{ kind: 'consent', scope: 'invoice_analysis' }]);
    await this.gate.assertMayProcess(customerId, 'savings_analysis');
    const points = await this.metering.pointsOf(customerId);
    const out: MeteringPointSavings[] = [];
    for (const p of points) out.push(await this.compute(customerId, p));
    return out;
  }

  /**
   * A result stays good until something it was computed from changes: the monitoring hooks
   * (consumption, contract, invoices, prices, offers) call `forget` in the same process, and
   * a change made by another process is seen within CACHE_MS, as with spot prices. The
   * consent and restrictions are checked on every call, before the cache is consulted.
   */
  private readonly cache = new Map<string, { at: number; value: MeteringPointSavings }>();

  /** Counts forgets, so a result computed while one happened is not kept: it may be from before. */
  private generation = 0;

  forget(scope: { customerId?: string; meteringPointIds?: readonly string[] } = {}): void {
    this.generation++;
    if (!scope.customerId && !scope.meteringPointIds) {
      this.cache.clear();
      return;
    }
    for (const [key, entry] of this.cache) {
      if (
        entry.value.customerId === scope.customerId ||
        scope.meteringPointIds?.includes(entry.value.meteringPoint.id)
      ) {
        this.cache.delete(key);
      }
    }
  }

  private async compute(customerId: string, point: MeteringPoint): Promise<MeteringPointSavings> {
    const key = `${customerId}/${point.id}/${point.currentOfferId ?? ''}/${point.gridGln ?? ''}`;
    const hit = this.cache.get(key);
    if (hit && performance.now() - hit.at < SAVINGS_CACHE_MS) return hit.value;
    const generation = this.generation;
    const prepared = await this.prepare(customerId, point);
    const result = calculateSavings(prepared.input);
    const value = {
      ...prepared,
      customerId,
      result,
      bill: await this.bill(customerId, point, prepared.input, result),
    };
    if (generation !== this.generation) return value;
    this.cache.set(key, { at: performance.now(), value });
    if (this.cache.size > SAVINGS_CACHE_SIZE) this.cache.delete(this.cache.keys().next().value as string);
    return value;
  }

  private taxRules: TaxRules | undefined;

  /** The grid company's part of each month, from its tariff; null when the tariff or the contract is not known. */
  private async bill(
    customerId: string,
    point: MeteringPoint,
    input: PricingInput,
    result: SavingsResult,
  ): Promise<MonthlyBill | null> {
    const tariffFile = point.gridGln ? this.tariffs.of(point.gridGln) : undefined;
    if (!tariffFile || !result.current || !result.best) return null;
    this.taxRules ??= loadTaxRules();
    // A household that chose Norgespris is settled at the fixed price; its invoices say so.
    const invoices = this.invoices ? await this.invoices(customerId) : [];
    const norgespris = invoices.some((i) => i.electricity.onNorgespris);
    return monthlyBill({
      input,
      current: result.current,
      best: result.best,
      tariffFile,
      taxRules: this.taxRules,
      customerType: point.customerType,
      place: { county: point.countyCode },
      support: norgespris ? 'norgespris' : 'stromstotte',
    });
  }

  /**
   * Everything the engine needs for one metering point, read and decrypted, for a caller
   * that runs the engine elsewhere (the re-pricing job, on worker threads). Asked like
   * every analysis: without the consent, or under a restriction, nothing is read.
   */
  async inputFor(
    customerId: string,
    meteringPointId: string,
  ): Promise<Omit<MeteringPointSavings, 'result'> & { input: PricingInput }> {
    await this.permissions.require(customerId, [{ kind: 'consent', scope: 'invoice_analysis' }]);
    await this.gate.assertMayProcess(customerId, 'savings_analysis');
    return this.prepare(customerId, await this.metering.point(customerId, meteringPointId));
  }

  private async prepare(
    customerId: string,
    point: MeteringPoint,
  ): Promise<Omit<MeteringPointSavings, 'result'> & { input: PricingInput }> {
    const now = this.clock.now();
    const area = point.priceArea as PriceArea;
    const measured = await this.metering.hourly(customerId, point.id);
    const { series, profile } = measured.kwh.some((k) => !Number.isNaN(k))
      ? { series: measured, profile: null }
      : await this.profiled(customerId, point, now);
    const spot = await this.market.alignedSpot(area, series.startMs);
    const offers = await this.market.offersAvailable(area, point.customerType, now);
    const current = point.currentOfferId ? await this.market.offer(point.currentOfferId, now) : undefined;
    const all = current && !offers.some((o) => o.id === current.id) ? [...offers, current] : offers;
    const vat = vatFor(point.customerType, point.countyCode, now);
    const input: PricingInput = {
      startMs: series.startMs,
      kwh: series.kwh,
      spotOre: spot.orePerKwh,
      spotEstimated: spot.estimated,
      spotSource: spot.source,
      spotSources: spot.sources,
      offers: all,
      currentOfferId: current?.id ?? null,
      vatRate: vat.rate,
      profile,
    };
    return { meteringPoint: point, vat, input, computedAt: now };
  }

  /**
   * A point without hourly values is priced on the standard profile over the last twelve
   * months, scaled to what its invoices say it uses a year, or to the standard 16,000 kWh
   * comparisons use when there are no invoices either. The result says which.
   */
  private async profiled(customerId: string, point: MeteringPoint, now: Date) {
    const fromInvoices = this.invoices
      ? annualKwh(await this.invoices(customerId), point.meteringPointId)
      : null;
    const profile = fromInvoices
      ? { annualKwh: fromInvoices, source: 'invoices' as const }
      : { annualKwh: STANDARD_ANNUAL_KWH, source: 'estimate' as const };
    const startMs = lastYearHours(now.getTime());
    return { series: { startMs, kwh: profileSeries(profile.annualKwh, startMs) }, profile };
  }

  private invoices: ((customerId: string) => Promise<readonly StoredInvoice[]>) | undefined;

  /** Invoices tell how much a point without hourly values uses; given after construction, as they are built later. */
  useInvoices(read: (customerId: string) => Promise<readonly StoredInvoice[]>): void {
    this.invoices = read;
  }
}

const SAVINGS_CACHE_MS = 5 * 60_000;
const SAVINGS_CACHE_SIZE = 500;

/** The yearly consumption standard comparisons use (Forbrukerrådet's strømpris.no). */
export const STANDARD_ANNUAL_KWH = 16_000;

/**
 * Yearly kWh of a metering point from its invoices: each period counted once (the supplier
 * and the grid company bill the same kWh), scaled from the days covered to a year. Null
 * with less than four weeks covered.
 */
export const annualKwh = (invoices: readonly StoredInvoice[], meteringPointId: string): number | null => {
  const periods = new Map<string, { kwh: number; days: number }>();
  for (const inv of invoices) {
    if (inv.summary.documentType !== 'invoice') continue;
    for (const c of inv.electricity.consumption) {
      if (c.meteringPointId !== meteringPointId || !c.start || !c.end || !(c.kwh > 0)) continue;
      const days = (Date.parse(c.end) - Date.parse(c.start)) / 86_400_000 + 1;
      const key = `${c.start}/${c.end}`;
      const seen = periods.get(key);
      if (days > 0 && (!seen || seen.kwh < c.kwh)) periods.set(key, { kwh: c.kwh, days });
    }
  }
  const total = [...periods.values()].reduce((a, p) => ({ kwh: a.kwh + p.kwh, days: a.days + p.days }), {
    kwh: 0,
    days: 0,
  });
  return total.days >= 28 ? Math.round((total.kwh * 365) / total.days) : null;
};
