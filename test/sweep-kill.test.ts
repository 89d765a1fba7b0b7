import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/platform/logger.ts';
import { createScratchDatabases, postgresUrl } from './stores.ts';

/**
 * The retention sweeper killed with SIGKILL in the middle of a run, on the embedded
 * database and on PostgreSQL: whole batches are done, nothing is half-done, and the next
 * run finishes the work; a run after that finds nothing.
 */
const ROOT = path.resolve(import.meta.dirname, '..');
const EXPIRED = 2500;

const seedExpiredSessions = async (env: Record<string, string>) => {
  const app = await createApp(loadConfig(env), { logger: createLogger({ level: 'silent' }) });
  try {
    const id = await app.services.customers.signUp({
      name: 'Sesjon Testesen',
      email: 'sesjon@example.no',
      identityNumber: '29020060040',
      password: 'et langt og godt passord',
    });
    await sql`insert into sessions (token_hash, customer_id, created_at, expires_at)
      select decode(md5(g::text), 'hex'), ${id}, now() - interval '2 days', now() - interval '1 day'
      from generate_series(1, ${EXPIRED}) g`.execute(app.store.db);
  } finally {
    await app.close();
  }
};

const countSessions = async (env: Record<string, string>) => {
  const app = await createApp(loadConfig(env), { logger: createLogger({ level: 'silent' }) });
  try {
    const r = await sql<{ n: number | string }>`select count(*) as n from sessions`.execute(app.store.db);
    return { n: Number(r.rows[0]?.n), app };
  } catch (e) {
    await app.close();
    throw e;
  }
};

/** Starts `elvakt sweep retention` and kills it with SIGKILL after its first committed batch. */
const killAfterFirstBatch = (env: Record<string, string>) =>
  new Promise<{ output: string }>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [path.join(ROOT, 'bin', 'elvakt.js'), 'sweep', 'retention', '--batch', '50', '--progress'],
      { env: { ...process.env, ...env, LOG_LEVEL: 'silent' } },
    );
    let output = '';
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
      if (output.includes('batch sessions')) child.kill('SIGKILL');
    });
    child.stderr.on('data', (d: Buffer) => {
      output += d.toString();
    });
    child.on('exit', (code, signal) =>
      signal === 'SIGKILL'
        ? resolve({ output })
        : reject(new Error(`sweeper ended by itself (${code}): ${output}`)),
    );
  });

const scenario = async (env: Record<string, string>) => {
  await seedExpiredSessions(env);
  const { output } = await killAfterFirstBatch(env);
  expect(output).toContain('batch sessions 50');
  const afterKill = await countSessions(env);
  try {
    // Killed mid-run: some whole batches are gone, the rest is still there, nothing in between.
    expect(afterKill.n).toBeLessThan(EXPIRED);
    expect(afterKill.n).toBeGreaterThan(0);
    expect((EXPIRED - afterKill.n) % 50).toBe(0);
    const second = await afterKill.app.services.retention.run();
    expect(second.byTable.sessions).toBe(afterKill.n);
    const third = await afterKill.app.services.retention.run();
    expect(third.byTable).toEqual({});
    expect(await afterKill.app.services.audit.verify()).toMatchObject({ ok: true });
  } finally {
    await afterKill.app.close();
  }
};

describe('the retention sweeper killed mid-run', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups) await c();
  });

  it('recovers on the embedded database', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'elvakt-kill-'));
    cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
    await scenario({ DATA_DIR: dir, DATABASE_URL: '', ELVAKT_DEMO: '0' });
  });

  const url = postgresUrl();
  (url ? it : it.skip)('recovers on PostgreSQL', async () => {
    const scratch = await createScratchDatabases(url, ['elvakt_kill', 'elvakt_killk']);
    cleanups.push(scratch.drop);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'elvakt-kill-'));
    cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
    await scenario({
      DATA_DIR: dir,
      DATABASE_URL: scratch.urls[0] as string,
      ELVAKT_KEYSTORE_URL: scratch.urls[1] as string,
      ELVAKT_DEMO: '0',
    });
  });
});
