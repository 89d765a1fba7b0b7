import type { Db } from '../../platform/db/database.ts';

export interface MeteringPointRow {
  readonly id: string;
  readonly customerId: string;
  readonly gsrnEnc: Uint8Array;
  readonly gsrnCheckDigitOk: boolean;
  readonly priceArea: string;
  readonly countyCode: string | null;
  readonly customerType: 'household' | 'business' | 'cabin';
  readonly currentOfferId: string | null;
  readonly gridGln: string | null;
  readonly source: string;
  readonly createdAt: Date;
}

export interface StoredMonth {
  readonly month: string;
  readonly valuesEnc: Uint8Array;
  readonly source: string;
}

export class MeteringRepository {
  constructor(private readonly db: Db) {}

  with(tx: Db): MeteringRepository {
    return new MeteringRepository(tx);
  }

  private selectPoints() {
    return this.db
      .selectFrom('metering_points')
      .select([
        'id',
        'customer_id as customerId',
        'gsrn_enc as gsrnEnc',
        'gsrn_check_digit_ok as gsrnCheckDigitOk',
        'price_area as priceArea',
        'county_code as countyCode',
        'customer_type as customerType',
        'current_offer_id as currentOfferId',
        'grid_gln as gridGln',
        'source',
        'created_at as createdAt',
      ]);
  }

  async insertPoint(p: {
    id: string;
    customerId: string;
    gsrnEnc: Uint8Array;
    gsrnBidx: Uint8Array;
    gsrnCheckDigitOk: boolean;
    priceArea: string;
    countyCode: string | null;
    customerType: 'household' | 'business' | 'cabin';
    currentOfferId: string | null;
    gridGln: string | null;
    source: string;
    createdAt: Date;
  }): Promise<void> {
    await this.db
      .insertInto('metering_points')
      .values({
        id: p.id,
        customer_id: p.customerId,
        gsrn_enc: p.gsrnEnc,
        gsrn_bidx: p.gsrnBidx,
        gsrn_check_digit_ok: p.gsrnCheckDigitOk,
        price_area: p.priceArea,
        county_code: p.countyCode,
        customer_type: p.customerType,
        current_offer_id: p.currentOfferId,
        grid_gln: p.gridGln,
        source: p.source,
        created_at: p.createdAt,
      })
      .execute();
  }

  findPoint(id: string): Promise<MeteringPointRow | undefined> {
    return this.selectPoints().where('id', '=', id).executeTakeFirst();
  }

  findPointOfCustomer(customerId: string, gsrnBidx: Uint8Array): Promise<MeteringPointRow | undefined> {
    return this.selectPoints()
      .where('customer_id', '=', customerId)
      .where('gsrn_bidx', '=', gsrnBidx)
      .executeTakeFirst();
  }

  findPointsByIndex(gsrnBidx: Uint8Array): Promise<MeteringPointRow[]> {
    return this.selectPoints().where('gsrn_bidx', '=', gsrnBidx).orderBy('created_at').execute();
  }

  pointsOfCustomer(customerId: string): Promise<MeteringPointRow[]> {
    return this.selectPoints()
      .where('customer_id', '=', customerId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  }

  async setCurrentOffer(id: string, offerId: string | null): Promise<void> {
    await this.db
      .updateTable('metering_points')
      .set({ current_offer_id: offerId })
      .where('id', '=', id)
      .execute();
  }

  async months(meteringPointId: string, months?: readonly string[]): Promise<StoredMonth[]> {
    let q = this.db
      .selectFrom('consumption_series')
      .select(['month', 'values_enc as valuesEnc', 'source'])
      .where('metering_point_id', '=', meteringPointId);
    if (months) {
      if (months.length === 0) return [];
      q = q.where('month', 'in', months);
    }
    return q.orderBy('month').execute();
  }

  async upsertMonth(m: {
    meteringPointId: string;
    month: string;
    startsAt: Date;
    hours: number;
    valuesEnc: Uint8Array;
    source: string;
    updatedAt: Date;
  }): Promise<void> {
    await this.db
      .insertInto('consumption_series')
      .values({
        metering_point_id: m.meteringPointId,
        month: m.month,
        starts_at: m.startsAt,
        hours: m.hours,
        values_enc: m.valuesEnc,
        source: m.source,
        updated_at: m.updatedAt,
      })
      .onConflict((oc) =>
        oc.columns(['metering_point_id', 'month']).doUpdateSet({
          values_enc: m.valuesEnc,
          source: m.source,
          updated_at: m.updatedAt,
        }),
      )
      .execute();
  }
}
