import type { Clock } from '../../platform/clock.ts';
import type { PermissionService } from '../consents/permission.service.ts';
import type { PriceArea } from '../identity/price-area.ts';
import type { MarketService } from '../market/market.service.ts';
import { vatFor } from '../market/vat.ts';
import type { MeteringService } from '../metering/metering.service.ts';
import type { MeteringPoint } from '../metering/metering.ts';
import type { ProcessingGate } from '../privacy/restriction.service.ts';
import { calculateSavings, type PricingInput, type SavingsResult } from './calculate-savings.ts';

export interface MeteringPointSavings {
  readonly meteringPoint: MeteringPoint;
  readonly vat: ReturnType<typeof vatFor>;
  readonly result: SavingsResult;
  readonly computedAt: Date;
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

  private async compute(customerId: string, point: MeteringPoint): Promise<MeteringPointSavings> {
    const prepared = await this.prepare(customerId, point);
    return { ...prepared, result: calculateSavings(prepared.input) };
  }

  /**
   * Everything the engine needs for one metering point, read and decrypted, for a caller
   * that runs the engine elsewhere (the re-pricing job, on worker threads). The caller has
   * checked the consent and the restrictions.
   */
  async inputFor(
    customerId: string,
    meteringPointId: string,
  ): Promise<Omit<MeteringPointSavings, 'result'> & { input: PricingInput }> {
    return this.prepare(customerId, await this.metering.point(customerId, meteringPointId));
  }

  private async prepare(
    customerId: string,
    point: MeteringPoint,
  ): Promise<Omit<MeteringPointSavings, 'result'> & { input: PricingInput }> {
    const now = this.clock.now();
    const area = point.priceArea as PriceArea;
    const series = await this.metering.hourly(customerId, point.id);
    const spot = await this.market.alignedSpot(area, series.startMs);
    const offers = await this.market.offersAvailable(area, point.customerType, now);
    const current = point.currentOfferId ? await this.market.offer(point.currentOfferId, now) : undefined;
    const all = current && !offers.some((o) => o.id === current.id) ? [...offers, current] : offers;
    const vat = vatFor(point.customerType, point.countyCode);
    const input: PricingInput = {
      startMs: series.startMs,
      kwh: series.kwh,
      spotOre: spot.orePerKwh,
      spotEstimated: spot.estimated,
      offers: all,
      currentOfferId: current?.id ?? null,
      vatRate: vat.rate,
    };
    return { meteringPoint: point, vat, input, computedAt: now };
  }
}
