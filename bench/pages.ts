import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { DEMO_LOGIN, DEMO_PERSON, DEMO_STAFF, DemoMeteringSource } from '../src/demo/demo-household.ts';
import { seedDemo } from '../src/demo/seed.ts';
import { PERMISSION_TEXTS } from '../src/modules/consents/permission-texts.ts';
import { CHOICE_COOKIE, COOKIE_POLICY_VERSION } from '../src/modules/privacy/cookies.ts';
import { createLogger } from '../src/platform/logger.ts';
import { createWebServer } from '../src/web/server.ts';

/**
 * `npx tsx bench/pages.ts [--runs N] [--json]`: how long each main page takes to render on
 * the server with the demo data, over HTTP on loopback (request sent to last byte read),
 * one request at a time, on the embedded default store (PGlite on disk). The target is
 * 50 ms a page; the numbers are measured, never asserted in a test.
 */

export const PAGE_TARGET_MS = 50;

export interface PageTiming {
  readonly path: string;
  readonly who: 'visitor' | 'household' | 'staff';
  readonly status: number;
  readonly bytes: number;
  readonly medianMs: number;
  readonly p95Ms: number;
  readonly minMs: number;
  readonly maxMs: number;
}

export interface PagesBenchResult {
  readonly benchmark: 'pages';
  readonly store: 'pglite';
  readonly runs: number;
  readonly targetMs: number;
  readonly pages: readonly PageTiming[];
  /** Pages whose median is over the target. */
  readonly slower: readonly string[];
  readonly met: boolean;
}

const round = (x: number) => Math.round(x * 100) / 100;

const quantile = (sorted: readonly number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;

export const benchPages = async (
  options: { runs?: number; warmup?: number } = {},
): Promise<PagesBenchResult> => {
  const runs = options.runs ?? 50;
  const warmup = options.warmup ?? 5;
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a positive integer');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'elvakt-bench-pages-'));
  const app = await createApp(loadConfig({ DATA_DIR: dir, ELVAKT_DEMO: '0', DATABASE_URL: '' }), {
    logger: createLogger({ level: 'silent' }),
    meteringSource: new DemoMeteringSource(),
  });
  const server = await createWebServer(app, { demoLogin: { ...DEMO_LOGIN } });
  try {
    // The demo as a newcomer sees it after the walk-through: consents given, consumption fetched.
    await seedDemo(app);
    const { customers, permissions, metering, requests, staff } = app.services;
    const id = await customers.authenticate(DEMO_LOGIN.email, DEMO_LOGIN.password);
    const wanted = new Set(['invoice_analysis', 'elhub_master_data', 'elhub_metering_values']);
    await permissions.change(
      id,
      PERMISSION_TEXTS.filter((p) => wanted.has(p.scope)).map((p) => ({
        kind: p.kind,
        scope: p.scope,
        textVersion: p.version,
        give: true,
      })),
      'bench',
    );
    await metering.fetchFromSource(id, DEMO_PERSON.identityNumber);
    const { request } = await requests.submit(id, 'complaint', { text: 'Benchmark' }, { channel: 'email' });
    const point = (await metering.pointsOf(id))[0];
    const household = `auth_token=${(await customers.createSession(id)).token}`;
    // Staff pages are measured behind a session made directly: the sign-in steps are not what is timed.
    const dpo = DEMO_STAFF.find((s) => (s.roles as readonly string[]).includes('dpo'));
    const member = await staff.authenticate(dpo?.username ?? '', dpo?.password ?? '');
    const staffCookie = `staff_token=${await staff.createSession(member.id)}`;

    await server.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
    // A cookie choice already made, as for most visitors: no banner, no statistics.
    const choice = `${CHOICE_COOKIE}=${COOKIE_POLICY_VERSION}.0.00000000-0000-4000-8000-000000000000`;

    const pages: [string, PageTiming['who'], 'cold'?][] = [
      ['/', 'visitor'],
      ['/logg-inn', 'visitor'],
      ['/registrer', 'visitor'],
      ['/personvern', 'visitor'],
      ['/informasjonskapsler', 'visitor'],
      ['/min-side', 'household'],
      [`/min-side/malepunkt/${point?.id ?? ''}`, 'household'],
      // The first view after something the saving depends on changed: nothing cached.
      [`/min-side/malepunkt/${point?.id ?? ''}`, 'household', 'cold'],
      ['/samtykke', 'household'],
      ['/samtykke/steg/1', 'household'],
      ['/mine-data', 'household'],
      [`/mine-data/foresporsel/${request.id}`, 'household'],
      ['/slett-meg', 'household'],
      ['/fakturaer', 'household'],
      ['/forbruk', 'household'],
      ['/varsler', 'household'],
      ['/ansatt', 'staff'],
      ['/ansatt/kunder', 'staff'],
      [`/ansatt/foresporsel/${request.id}`, 'staff'],
      ['/ansatt/behandlingsprotokoll', 'staff'],
      ['/ansatt/lagringstid', 'staff'],
      ['/ansatt/logg', 'staff'],
    ];
    const timings: PageTiming[] = [];
    for (const [pagePath, who, cold] of pages) {
      const cookie = [choice, who === 'household' ? household : who === 'staff' ? staffCookie : '']
        .filter(Boolean)
        .join('; ');
      const once = async () => {
        if (cold) app.services.savings.forget();
        const t = performance.now();
        const res = await fetch(base + pagePath, { headers: { cookie }, redirect: 'manual' });
        const body = await res.arrayBuffer();
        return { ms: performance.now() - t, status: res.status, bytes: body.byteLength };
      };
      for (let i = 0; i < warmup; i++) await once();
      const samples: number[] = [];
      let last = { status: 0, bytes: 0 };
      for (let i = 0; i < runs; i++) {
        const r = await once();
        samples.push(r.ms);
        last = r;
      }
      samples.sort((a, b) => a - b);
      timings.push({
        path: pagePath.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ':id') + (cold ? ' (first view)' : ''),
        who,
        status: last.status,
        bytes: last.bytes,
        medianMs: round(quantile(samples, 0.5)),
        p95Ms: round(quantile(samples, 0.95)),
        minMs: round(samples[0] ?? Number.NaN),
        maxMs: round(samples[samples.length - 1] ?? Number.NaN),
      });
    }
    const slower = timings.filter((p) => p.status === 200 && p.medianMs > PAGE_TARGET_MS).map((p) => p.path);
    return {
      benchmark: 'pages',
      store: 'pglite',
      runs,
      targetMs: PAGE_TARGET_MS,
      pages: timings,
      slower,
      met: slower.length === 0,
    };
  } finally {
    await server.close();
    await app.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
};
