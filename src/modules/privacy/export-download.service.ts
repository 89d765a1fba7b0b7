import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Clock } from '../../platform/clock.ts';
import type { Db, Transactor } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { ExportService } from './export.service.ts';
import type { ExportEvent, ExportFormat, ExportLang } from './export-formats.ts';
import { EXPORT_STALE_MS, EXPORTS_PER_DAY, exportAllowed } from './export-limits.ts';
import { ExportRenderer, Slots } from './export-renderer.ts';
import type { ExportRunRepository } from './export-run.repository.ts';
import type { RequestService } from './request.service.ts';

export interface ExportDownload {
  readonly stream: Readable;
  readonly contentType: string;
  readonly filename: string;
  /** The run's id, for tests and logs (not personal). */
  readonly runId: string;
}

const FILES: Record<ExportFormat, { contentType: string; self: string; desk: string }> = {
  json: {
    contentType: 'application/json; charset=utf-8',
    self: 'elvakt-mine-data.json',
    desk: 'elvakt-innsyn.json',
  },
  csv: { contentType: 'text/csv; charset=utf-8', self: 'elvakt-mine-data.csv', desk: 'elvakt-innsyn.csv' },
  pdf: {
    contentType: 'application/pdf',
    self: 'elvakt-registerutskrift.pdf',
    desk: 'elvakt-registerutskrift.pdf',
  },
  portability: {
    contentType: 'application/json; charset=utf-8',
    self: 'elvakt-portabilitet.json',
    desk: 'elvakt-portabilitet.json',
  },
};

/**
 * Downloads of a person's data, streamed: the rows are read a page at a time on the main
 * thread (the embedded database lives there), laid out into bytes on a worker thread, and
 * passed to the client as they come, so memory stays a page's worth and the event loop
 * answers other requests between pages. A person has one download running at a time and
 * (from "Mine data") `EXPORTS_PER_DAY` a day. The export is recorded (the access request,
 * the audit row, the run delivered) in one transaction before the last bytes leave: a
 * download cut short is never recorded, and a recorded one was whole when it was handed over.
 */
export class ExportDownloadService {
  private readonly slots: Slots;

  constructor(
    private readonly tx: Transactor,
    private readonly runs: ExportRunRepository,
    private readonly exports: ExportService,
    private readonly requests: RequestService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    renderers = 2,
  ) {
    this.slots = new Slots(renderers);
  }

  /** Takes the person's one running slot, or says why not (AppError 'rate_limited', detail the reason). */
  private async begin(customerId: string, actor: string, format: ExportFormat): Promise<string> {
    const id = randomUUID();
    const now = this.clock.now();
    await this.tx.run(async (tx) => {
      const runs = this.runs.with(tx);
      await runs.abandonStale(customerId, new Date(now.getTime() - EXPORT_STALE_MS), now);
      const today =
        actor === 'customer'
          ? await runs.countStartedSince(customerId, actor, new Date(now.getTime() - 86_400_000))
          : 0;
      const verdict = exportAllowed({
        running: await runs.isRunning(customerId),
        today,
        selfService: actor === 'customer',
      });
      if (verdict !== 'ok' || !(await runs.start({ id, customerId, actor, format, now })))
        throw new AppError('rate_limited', 'An export of this person is not allowed now.', [
          { message: verdict === 'ok' ? 'export_running' : verdict },
        ]);
    });
    return id;
  }

  private async end(runId: string, state: 'failed', record?: undefined): Promise<void>;
  private async end(runId: string, state: 'delivered', record: (tx: Db) => Promise<void>): Promise<void>;
  private async end(runId: string, state: 'delivered' | 'failed', record?: (tx: Db) => Promise<void>) {
    await this.tx.run(async (tx) => {
      if (!(await this.runs.with(tx).finish(runId, state, this.clock.now())) && state === 'delivered')
        throw new AppError('conflict', 'The export was given up before it was delivered.');
      if (record) await record(tx);
    });
  }

  /**
   * A download from "Mine data": an access request (portability for the signed package)
   * answered by the file, recorded when the file is whole.
   */
  async forCustomer(
    customerId: string,
    format: ExportFormat,
    authenticatedAt: Date,
    lang: ExportLang = 'nb',
  ): Promise<ExportDownload> {
    const type = format === 'portability' ? 'portability' : 'access';
    const recordRequest = await this.requests.answeredDownload(customerId, type, authenticatedAt, {
      formats: [format === 'portability' ? 'signed-json' : format],
    });
    return this.download(
      customerId,
      format,
      'customer',
      FILES[format].self,
      async (tx, tables) => {
        const request = await recordRequest(tx);
        await this.exported(tx, customerId, 'customer', format, tables, request);
      },
      lang,
    );
  }

  /** The desk's extract for a request it answers (the request is completed from the desk). */
  forStaff(
    customerId: string,
    format: ExportFormat,
    staffId: string,
    requestId: string,
    lang: ExportLang = 'nb',
  ): Promise<ExportDownload> {
    const actor = `staff:${staffId}`;
    return this.download(
      customerId,
      format,
      actor,
      FILES[format].desk,
      (tx, tables) => this.exported(tx, customerId, actor, format, tables, requestId),
      lang,
    );
  }

  private async exported(
    tx: Db,
    subjectId: string,
    actor: string,
    format: string,
    tables: number,
    request: string,
  ) {
    await this.audit.withTx(tx).record({
      actor,
      action: 'subject.exported',
      subjectId,
      purpose: 'access',
      details: { tables, format, request },
    });
  }

  private async download(
    customerId: string,
    format: ExportFormat,
    actor: string,
    filename: string,
    record: (tx: Db, tables: number) => Promise<void>,
    lang: ExportLang,
  ): Promise<ExportDownload> {
    const runId = await this.begin(customerId, actor, format);
    const signingKey = format === 'portability' ? await this.exports.signingKeyDer() : undefined;
    const events =
      format === 'portability' ? this.exports.portableEvents(customerId) : this.exports.events(customerId);
    const self = this;
    async function* bytes(): AsyncGenerator<Uint8Array> {
      let delivered = false;
      let release: (() => void) | undefined;
      let renderer: ExportRenderer | undefined;
      let next: Promise<IteratorResult<ExportEvent>> | undefined;
      try {
        release = await self.slots.take();
        renderer = ExportRenderer.start(format, signingKey, lang);
        let tables = 0;
        next = events.next();
        for (;;) {
          const read = await next;
          if (read.done) break;
          const event = read.value;
          // The next page is read and decrypted here while the renderer lays this one out.
          next = events.next();
          next.catch(() => undefined);
          if (event.type === 'table') tables++;
          const chunks = await renderer.write(event);
          if (event.type === 'end') {
            // The last bytes wait for the record: a file cut short before it is not complete.
            await self.end(runId, 'delivered', (tx) => record(tx, tables));
            delivered = true;
          }
          for (const c of chunks) yield c;
        }
      } finally {
        await next?.catch(() => undefined);
        await events.return(undefined);
        await renderer?.close();
        release?.();
        if (!delivered) await self.end(runId, 'failed').catch(() => undefined);
      }
    }
    return {
      stream: Readable.from(bytes(), { objectMode: false, highWaterMark: 64 * 1024 }),
      contentType: FILES[format].contentType,
      filename,
      runId,
    };
  }

  /** Where a run stands: 'running', 'delivered', 'failed', 'abandoned' (tests, the desk). */
  runState(runId: string): Promise<string | null> {
    return this.runs.state(runId);
  }

  static readonly perDay = EXPORTS_PER_DAY;
}
