import { randomUUID } from 'node:crypto';
import type { Clock } from '../../platform/clock.ts';
import type { FieldCipher, Keyring } from '../../platform/crypto/keyring.ts';
import type { Db, Transactor } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { osloMonthKey } from '../../platform/time.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { PermissionService } from '../consents/permission.service.ts';
import { parseMeteringPointId } from '../identity/metering-point-id.ts';
import { parsePriceArea } from '../identity/price-area.ts';
import type { ProcessingGate } from '../privacy/restriction.service.ts';
import {
  type ConsumptionReport,
  consumptionCsv,
  consumptionReport,
  measuredRange,
  type Resolution,
} from './consumption-report.ts';
import type { MeteringPointRow, MeteringRepository } from './metering.repository.ts';
import {
  type ImportReport,
  lookbackStart,
  type MeteringPoint,
  seriesField,
  withinWindow,
} from './metering.ts';
import type { MeteringSource } from './metering-source.ts';
import { type ReadResult, readElhubCsv } from './readers.ts';
import {
  decodeMonth,
  encodeMonth,
  type HourlyArrays,
  type MonthSeries,
  mergePoints,
  monthPresence,
  toHourlyArrays,
} from './series.ts';

export const GSRN_INDEX = 'metering_points.gsrn';

/** What collecting consumption and metering points serves, and so what it needs: the analysis consent. */
const ANALYSIS_CONSENT = [{ kind: 'consent', scope: 'invoice_analysis' }] as const;

// Ids in URLs are checked before they reach the database, which would refuse a malformed one with an error.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface NewMeteringPoint {
  readonly meteringPointId: string;
  readonly priceArea: string;
  readonly countyCode?: string | null;
  readonly customerType?: 'household' | 'business' | 'cabin';
  readonly currentOfferId?: string | null;
  readonly gridGln?: string | null;
}

export class MeteringService {
  constructor(
    private readonly tx: Transactor,
    private readonly repo: MeteringRepository,
    private readonly keyring: Keyring,
    private readonly permissions: PermissionService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly source: MeteringSource | undefined,
    private readonly gate: ProcessingGate,
  ) {}

  private changeListeners: ((tx: Db, meteringPointIds: readonly string[]) => Promise<void>)[] = [];

  /** Called inside the transaction that changes a metering point's consumption or contract (monitoring re-prices it). */
  onChanged(listener: (tx: Db, meteringPointIds: readonly string[]) => Promise<void>): void {
    this.changeListeners.push(listener);
  }

  private async changed(tx: Db, meteringPointIds: readonly string[]): Promise<void> {
    for (const listener of this.changeListeners) await listener(tx, meteringPointIds);
  }

  private toPoint(row: MeteringPointRow, cipher: FieldCipher): MeteringPoint {
    return {
      id: row.id,
      meteringPointId: cipher.openText('metering_points.gsrn_enc', row.gsrnEnc),
      checkDigitOk: row.gsrnCheckDigitOk,
      priceArea: row.priceArea,
      countyCode: row.countyCode,
      customerType: row.customerType,
      currentOfferId: row.currentOfferId,
      gridGln: row.gridGln,
      source: row.source,
    };
  }

  /**
   * Collecting a customer's metering points and consumption is processing for the savings
   * analysis, whoever asks (the web, the command line, a fetch): the service asks the
   * consent and the restriction gate itself, so no entry point can skip them.
   */
  private async mayCollect(customerId: string): Promise<void> {
    await this.permissions.require(customerId, ANALYSIS_CONSENT);
    await this.gate.assertMayProcess(customerId, 'savings_analysis');
  }

  /** Adds a metering point to a customer, or returns the one already there with the same ID. */
  async addMeteringPoint(
    customerId: string,
    input: NewMeteringPoint,
    source: string,
  ): Promise<{ id: string; created: boolean; checkDigitOk: boolean }> {
    await this.mayCollect(customerId);
    const gsrn = parseMeteringPointId(input.meteringPointId);
    const area = parsePriceArea(input.priceArea);
    const county = input.countyCode?.trim() || null;
    const problems = [
      ...(gsrn ? [] : [{ at: 'meteringPointId', message: 'metering_point_id_format' }]),
      ...(area ? [] : [{ at: 'priceArea', message: 'price_area_invalid' }]),
      ...(county === null || /^\d{2}$/.test(county)
        ? []
        : [{ at: 'countyCode', message: 'county_code_invalid' }]),
    ];
    if (!gsrn || !area || problems.length > 0) {
      throw new AppError('validation_failed', 'The metering point is not valid.', problems);
    }
    return this.tx.run(async (tx) => {
      const keyring = this.keyring;
      const repo = this.repo.with(tx);
      const bidx = await keyring.index(GSRN_INDEX, gsrn.value);
      const existing = await repo.findPointOfCustomer(customerId, bidx);
      if (existing) return { id: existing.id, created: false, checkDigitOk: existing.gsrnCheckDigitOk };
      const now = this.clock.now();
      const cipher = await keyring.cipherForWriting(customerId, 'general', now);
      const id = randomUUID();
      await repo.insertPoint({
        id,
        customerId,
        gsrnEnc: cipher.sealText('metering_points.gsrn_enc', gsrn.value),
        gsrnBidx: bidx,
        gsrnCheckDigitOk: gsrn.checkDigitOk,
        priceArea: area,
        countyCode: county,
        customerType: input.customerType ?? 'household',
        currentOfferId: input.currentOfferId ?? null,
        gridGln: input.gridGln && /^\d{13}$/.test(input.gridGln) ? input.gridGln : null,
        source,
        createdAt: now,
      });
      await this.audit.withTx(tx).record({
        actor: 'customer',
        action: 'metering_point.added',
        subjectId: customerId,
        details: { meteringPoint: id, source, checkDigitOk: gsrn.checkDigitOk },
      });
      return { id, created: true, checkDigitOk: gsrn.checkDigitOk };
    });
  }

  private async ownedPoint(
    repo: MeteringRepository,
    customerId: string,
    id: string,
  ): Promise<MeteringPointRow> {
    const row = await repo.findPoint(id);
    // Someone else's metering point looks exactly like a missing one.
    if (!row || row.customerId !== customerId) throw new AppError('not_found', 'No such metering point.');
    return row;
  }

  /**
   * Stores read points in one transaction: either every accepted hour is stored or, on any
   * failure, nothing is. Hours older than 16 months or in the future are refused and counted.
   */
  async importRead(
    customerId: string,
    meteringPointId: string,
    read: ReadResult,
    source: string,
  ): Promise<ImportReport> {
    await this.mayCollect(customerId);
    const now = this.clock.now();
    const { kept, tooOld, future } = withinWindow(read.points, now);
    const rejected = [...read.rejected];
    if (tooOld > 0)
      rejected.push({
        at: `${tooOld} hours`,
        reason: 'older than 16 months; not kept',
        key: 'metering.import.tooOld',
        params: { n: tooOld },
      });
    if (future > 0)
      rejected.push({
        at: `${future} hours`,
        reason: 'in the future',
        key: 'metering.import.future',
        params: { n: future },
      });
    return this.tx.run(async (tx) => {
      const repo = this.repo.with(tx);
      await this.ownedPoint(repo, customerId, meteringPointId);
      const cipher = await this.keyring.cipherForWriting(customerId, 'general', now);
      const existing = new Map<string, MonthSeries>();
      const keys = [...new Set(kept.map((p) => osloMonthKey(p.startMs)))];
      for (const m of await repo.months(meteringPointId, keys)) {
        existing.set(
          m.month,
          decodeMonth(m.month, cipher.openBytes(seriesField(meteringPointId, m.month), m.valuesEnc)),
        );
      }
      const merged = mergePoints(existing, kept);
      for (const m of merged.months) {
        await repo.upsertMonth({
          meteringPointId,
          month: m.month,
          startsAt: new Date(m.startsAt),
          hours: m.hours,
          valuesEnc: cipher.sealBytes(seriesField(meteringPointId, m.month), encodeMonth(m)),
          source,
          updatedAt: now,
        });
      }
      await this.audit.withTx(tx).record({
        actor: source === 'upload' ? 'customer' : 'system',
        action: 'consumption.imported',
        subjectId: customerId,
        purpose: 'savings_analysis',
        details: {
          meteringPoint: meteringPointId,
          source,
          hours: merged.stored,
          months: merged.months.length,
        },
      });
      if (merged.stored > 0) await this.changed(tx, [meteringPointId]);
      return {
        stored: merged.stored,
        replaced: merged.replaced,
        gaps: read.gaps,
        months: merged.months.map((m) => m.month),
        presence: merged.months.map((m) => ({ month: m.month, ...monthPresence(m) })),
        rejected,
      };
    });
  }

  importElhubCsv(
    customerId: string,
    meteringPointId: string,
    text: string,
    source = 'upload',
  ): Promise<ImportReport> {
    return this.importRead(customerId, meteringPointId, readElhubCsv(text), source);
  }

  /**
   * Fetches metering points and consumption from the metering source under the customer's
   * powers of attorney. Without an active consent and both Elhub powers of attorney nothing is fetched.
   */
  async fetchFromSource(
    customerId: string,
    identityNumber: string,
  ): Promise<{ points: number; hours: number }> {
    if (!this.source) return { points: 0, hours: 0 };
    await this.permissions.require(customerId, [
      { kind: 'consent', scope: 'invoice_analysis' },
      { kind: 'power_of_attorney', scope: 'elhub_master_data' },
      { kind: 'power_of_attorney', scope: 'elhub_metering_values' },
    ]);
    // Fetching is processing too: a restriction or objection stops it like it stops analysis.
    await this.gate.assertMayProcess(customerId, 'savings_analysis');
    const now = this.clock.now();
    await this.permissions.use(customerId, 'elhub_master_data', 'elhub.metering_points', {
      source: this.source.name,
    });
    const infos = await this.source.meteringPoints(identityNumber);
    let hours = 0;
    for (const info of infos) {
      const { id } = await this.addMeteringPoint(customerId, info, this.source.name);
      const from = lookbackStart(now);
      await this.permissions.use(customerId, 'elhub_metering_values', 'elhub.consumption', {
        meteringPoint: id,
        from: new Date(from).toISOString(),
        to: now.toISOString(),
      });
      const { points, gaps } = await this.source.consumption(info.meteringPointId, from, now.getTime());
      const report = await this.importRead(customerId, id, { points, rejected: [], gaps }, this.source.name);
      hours += report.stored;
    }
    return { points: infos.length, hours };
  }

  async pointsOf(customerId: string): Promise<MeteringPoint[]> {
    const rows = await this.repo.pointsOfCustomer(customerId);
    if (rows.length === 0) return [];
    const cipher = await this.keyring.cipherFor(customerId, 'general', this.clock.now());
    return rows.map((r) => this.toPoint(r, cipher));
  }

  async point(customerId: string, id: string): Promise<MeteringPoint> {
    const row = await this.ownedPoint(this.repo, customerId, id);
    return this.toPoint(row, await this.keyring.cipherFor(customerId, 'general', this.clock.now()));
  }

  /** Finds metering points by their 18-digit ID across customers (staff and command-line use). */
  async findByMeteringPointId(meteringPointId: string): Promise<{ id: string; customerId: string }[]> {
    const gsrn = parseMeteringPointId(meteringPointId);
    if (!gsrn) throw new AppError('validation_failed', 'Not an 18-digit metering point ID.');
    const rows = await this.repo.findPointsByIndex(await this.keyring.index(GSRN_INDEX, gsrn.value));
    return rows.map((r) => ({ id: r.id, customerId: r.customerId }));
  }

  async hourly(customerId: string, meteringPointId: string): Promise<HourlyArrays> {
    await this.ownedPoint(this.repo, customerId, meteringPointId);
    const cipher = await this.keyring.cipherFor(customerId, 'general', this.clock.now());
    const months = (await this.repo.months(meteringPointId)).map((m) =>
      decodeMonth(m.month, cipher.openBytes(seriesField(meteringPointId, m.month), m.valuesEnc)),
    );
    return toHourlyArrays(months);
  }

  /**
   * The customer's consumption of one of their metering points by Oslo day, month or year,
   * for the Oslo dates `range` (both included), or for the days that have a measurement.
   * Null when nothing is measured and no range was asked for.
   */
  async consumptionReport(
    customerId: string,
    meteringPointId: string,
    resolution: Resolution,
    range?: { readonly from: string; readonly to: string },
  ): Promise<{ report: ConsumptionReport; measured: { from: string; to: string } | null } | null> {
    if (!UUID.test(meteringPointId)) throw new AppError('not_found', 'No such metering point.');
    const series = await this.hourly(customerId, meteringPointId);
    const measured = measuredRange(series);
    const chosen = range ?? measured;
    if (!chosen) return null;
    return { report: consumptionReport(series, resolution, chosen.from, chosen.to), measured };
  }

  /** The report as CSV (`;`, decimal comma, byte-order mark); the download is audited like every copy of personal data. */
  async consumptionCsv(
    customerId: string,
    meteringPointId: string,
    resolution: Resolution,
    range: { readonly from: string; readonly to: string },
    actor = 'customer',
  ): Promise<string> {
    const read = await this.consumptionReport(customerId, meteringPointId, resolution, range);
    if (!read) throw new AppError('not_found', 'No consumption to report.');
    await this.tx.run((tx) =>
      this.audit.withTx(tx).record({
        actor,
        action: 'consumption.downloaded',
        subjectId: customerId,
        purpose: 'access',
        details: { meteringPoint: meteringPointId, resolution, from: range.from, to: range.to },
      }),
    );
    return consumptionCsv(read.report);
  }

  async setCurrentOffer(customerId: string, meteringPointId: string, offerId: string | null): Promise<void> {
    await this.tx.run(async (tx: Db) => {
      const repo = this.repo.with(tx);
      await this.ownedPoint(repo, customerId, meteringPointId);
      await repo.setCurrentOffer(meteringPointId, offerId);
      await this.changed(tx, [meteringPointId]);
    });
  }
}
