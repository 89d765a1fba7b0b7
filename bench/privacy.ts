import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { addMonths } from '../src/modules/consents/permission.ts';
import { gs1CheckDigit } from '../src/modules/identity/metering-point-id.ts';
import type { HourlyPoint } from '../src/modules/metering/series.ts';
import { HOUR_MS } from '../src/platform/time.ts';
import { openBenchApp, signUpBenchPerson } from './identities.ts';

/**
 * `elvakt bench privacy`: access export and erasure per data subject on the embedded
 * default (PGlite on disk), for subjects with 16 months of hourly consumption and an
 * invoice a month. The peer is a bare read of the same subject's rows (no decryption, no
 * formatting) in the same run, so the ratio says what the privacy work costs on top.
 */
export interface PrivacyBenchResult {
  readonly benchmark: 'privacy';
  readonly store: 'pglite';
  readonly subjects: number;
  readonly hoursPerSubject: number;
  readonly invoicesPerSubject: number;
  readonly export: Stats;
  readonly erasure: Stats;
  readonly peer: Stats;
  readonly ratio: number;
  readonly targets: { readonly exportMs: number; readonly erasureMs: number };
  readonly met: boolean;
  readonly peak_rss_bytes: number;
}

interface Stats {
  readonly medianMs: number;
  readonly p95Ms: number;
  readonly maxMs: number;
}

const stats = (xs: number[]): Stats => {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
  const round = (x: number) => Math.round(x * 10) / 10;
  return { medianMs: round(at(0.5)), p95Ms: round(at(0.95)), maxMs: round(s[s.length - 1] ?? 0) };
};

const invoiceXml = (template: string, n: number, issueDate: string, gsrn: string): string =>
  template
    .replace('<cbc:ID>TK-2026-0501-77</cbc:ID>', `<cbc:ID>BENCH-${n}</cbc:ID>`)
    .replace('<cbc:IssueDate>2026-05-04</cbc:IssueDate>', `<cbc:IssueDate>${issueDate}</cbc:IssueDate>`)
    .replace('>707057500123456785<', `>${gsrn}<`);

export const benchPrivacy = async (options: { subjects?: number } = {}): Promise<PrivacyBenchResult> => {
  const subjects = options.subjects ?? 10;
  const { app, remove } = await openBenchApp('privacy');
  let peak = process.memoryUsage().rss;
  try {
    const { metering, invoices, exports, erasure } = app.services;
    const template = fs.readFileSync(
      path.join(import.meta.dirname, '..', 'test', 'fixtures', 'ehf', 'supplier-invoice-2026-05.xml'),
      'utf8',
    );
    const now = app.clock.now();
    const start = addMonths(now, -16).getTime();
    const startHour = start - (start % HOUR_MS) + HOUR_MS;
    const hours = Math.floor((now.getTime() - startHour) / HOUR_MS) - 1;
    const ids: string[] = [];
    for (let i = 0; i < subjects; i++) {
      const id = await signUpBenchPerson(app, i);
      const body = `707057500${String(i).padStart(8, '0')}`;
      const gsrn = `${body}${gs1CheckDigit(body)}`;
      const mp = await metering.addMeteringPoint(id, { meteringPointId: gsrn, priceArea: 'NO1' }, 'bench');
      const points: HourlyPoint[] = [];
      for (let h = 0; h < hours; h++)
        points.push({
          startMs: startHour + h * HOUR_MS,
          kwh: 0.4 + ((h * 7 + i) % 23) / 10,
          quality: 'measured',
        });
      await metering.importRead(id, mp.id, { points, rejected: [], gaps: 0 }, 'bench');
      for (let m = 0; m < 16; m++) {
        const issue = addMonths(now, -m).toISOString().slice(0, 10);
        await invoices.importEhf(id, invoiceXml(template, i * 100 + m, issue, gsrn));
      }
      ids.push(id);
      peak = Math.max(peak, process.memoryUsage().rss);
    }
    const peerMs: number[] = [];
    const exportMs: number[] = [];
    const erasureMs: number[] = [];
    for (const id of ids) {
      let t = performance.now();
      for (const table of ['customers', 'metering_points', 'invoices', 'permission_events', 'audit_log']) {
        const column = table === 'customers' ? 'id' : table === 'audit_log' ? 'subject_id' : 'customer_id';
        await sql`select * from ${sql.table(table)} where ${sql.ref(column)} = ${id}`.execute(app.store.db);
      }
      await sql`select * from consumption_series where metering_point_id in (select id from metering_points where customer_id = ${id})`.execute(
        app.store.db,
      );
      peerMs.push(performance.now() - t);
      t = performance.now();
      const data = await exports.exportSubject(id, 'bench');
      exportMs.push(performance.now() - t);
      if (!data.tables.consumption_series) throw new Error('export lacks consumption');
      peak = Math.max(peak, process.memoryUsage().rss);
    }
    for (const id of ids) {
      const t = performance.now();
      await erasure.erase(id, 'bench');
      erasureMs.push(performance.now() - t);
    }
    const exp = stats(exportMs);
    const era = stats(erasureMs);
    const peer = stats(peerMs);
    return {
      benchmark: 'privacy',
      store: 'pglite',
      subjects,
      hoursPerSubject: hours,
      invoicesPerSubject: 16,
      export: exp,
      erasure: era,
      peer,
      ratio: Math.round((exp.medianMs / Math.max(peer.medianMs, 0.001)) * 100) / 100,
      targets: { exportMs: 300, erasureMs: 100 },
      met: exp.medianMs < 300 && era.medianMs < 100,
      peak_rss_bytes: peak,
    };
  } finally {
    await app.close();
    remove();
  }
};
