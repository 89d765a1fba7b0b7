import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/platform/logger.ts';
import { ANALYSIS_CONSENT } from './app.ts';
import { identityNumber } from './identity-numbers.ts';
import { createScratchDatabases, postgresUrl } from './stores.ts';

/**
 * A process killed with SIGKILL while its erasure waits for the account row: on PostgreSQL
 * another connection holds `select … for no key update` on that row and the test kills the
 * process whose query waits for it; on the embedded database (one process, no other
 * connection) the erasure stops at the same point and says so, and is killed there. After
 * the restart the request is not completed while the person's data is still there (they
 * can sign in), and start-up or the sweeper finishes the erasure and closes the request.
 */
const ROOT = path.resolve(import.meta.dirname, '..');
const PASSWORD = 'et langt og godt passord';
const quiet = { logger: createLogger({ level: 'silent' }) };

type Mode = 'self' | 'desk';

const withApp = async <T>(env: Record<string, string>, work: (app: App) => Promise<T>): Promise<T> => {
  const app = await createApp(loadConfig(env), quiet);
  try {
    return await work(app);
  } finally {
    await app.close();
  }
};

/** A customer with a consent and a session; on the desk path also a letter asking for erasure, verified by the DPO. */
const seed = (env: Record<string, string>, mode: Mode) =>
  withApp(env, async (app) => {
    const { customers, permissions, staff, requests } = app.services;
    const email = `${mode}@example.no`;
    const id = await customers.signUp({
      name: 'Drept Prosess',
      email,
      identityNumber: identityNumber(mode === 'self' ? 110 : 120),
      password: PASSWORD,
    });
    await permissions.change(id, ANALYSIS_CONSENT, 'test');
    if (mode === 'self') return { id, email, args: ['self', id] };
    const dpo = await staff.create({
      username: 'dpo',
      name: 'Personvernombudet',
      roles: ['dpo'],
      password: 'et langt staff-passord',
    });
    const { request } = await requests.submit(id, 'erasure', {}, { channel: 'letter', receivedBy: dpo });
    await requests.verifyByStaff(request.id, dpo, 'Signert brev med kopi av pass');
    return { id, email, args: ['desk', request.id, dpo] };
  });

/** Runs the erasure in a child process and kills it with SIGKILL once `waiting()` says it waits. */
const killWhileWaiting = (
  env: Record<string, string>,
  args: string[],
  waiting: (output: string) => Promise<boolean>,
) =>
  new Promise<string>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(ROOT, 'test', 'erasure-child.ts'), ...args],
      {
        cwd: ROOT,
        env: { ...process.env, ...env, LOG_LEVEL: 'silent' },
      },
    );
    let output = '';
    let killed = false;
    const watch = async () => {
      while (!killed && child.exitCode === null) {
        if (await waiting(output)) {
          killed = child.kill('SIGKILL');
          return;
        }
        await sleep(50);
      }
    };
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      output += d.toString();
    });
    watch().catch(reject);
    child.on('exit', (code, signal) =>
      signal === 'SIGKILL'
        ? resolve(output)
        : reject(new Error(`the erasure ended by itself (${code}): ${output}`)),
    );
  });

const actions = async (app: App, id: string) =>
  (
    await app.store.db
      .selectFrom('audit_log')
      .select('action')
      .where('subject_id', '=', id)
      .orderBy('id')
      .execute()
  ).map((r) => r.action);

const scenario = async (
  env: Record<string, string>,
  mode: Mode,
  hold: (customerId: string) => Promise<{
    /** How the child stops: `pause` where it would wait (embedded), `lock` really waiting (PostgreSQL). */
    stop: 'pause' | 'lock';
    waiting: (output: string) => Promise<boolean>;
    release(): Promise<void>;
  }>,
) => {
  const p = await seed(env, mode);
  const lock = await hold(p.id);
  try {
    await killWhileWaiting(env, [lock.stop, ...p.args], lock.waiting);
  } finally {
    await lock.release();
  }
  await withApp(env, async (app) => {
    const { customers, requests, erasure, retention, audit } = app.services;
    // Restarted: the request is not shown done while the person is all there.
    const [request] = await requests.ofCustomer(p.id);
    expect(request?.state).toBe('verified');
    expect(await customers.status(p.id)).toBe('active');
    expect(await customers.authenticate(p.email, PASSWORD)).toBe(p.id);
    expect(await actions(app, p.id)).not.toContain('subject.erased');
    // Start-up carries a decided erasure on; the desk's, as the sweeper would.
    const completed = mode === 'self' ? await erasure.resume() : (await retention.run()).erasuresCompleted;
    expect(completed).toBe(1);
    expect(await customers.status(p.id)).toBe('erased');
    await expect(customers.authenticate(p.email, PASSWORD)).rejects.toMatchObject({
      code: 'unauthenticated',
    });
    expect((await requests.byId(request?.id ?? '')).state).toBe('completed');
    const log = await actions(app, p.id);
    expect(log.indexOf('subject.erased')).toBeGreaterThan(-1);
    expect(log.indexOf('subject.erased')).toBeLessThan(log.indexOf('request.completed'));
    expect((await audit.verify()).ok).toBe(true);
  });
};

describe('an erasure killed while it waits for the account row', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  const dataDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'elvakt-erasure-kill-'));
    cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
    return dir;
  };

  for (const mode of ['self', 'desk'] as const) {
    it(`is finished after a restart on the embedded database (${mode})`, async () => {
      await scenario({ DATA_DIR: dataDir(), DATABASE_URL: '', ELVAKT_DEMO: '0' }, mode, async () => ({
        stop: 'pause' as const,
        waiting: async (output) => output.includes('waiting for the account row'),
        release: async () => {},
      }));
    });
  }

  const url = postgresUrl();
  const database = async () => {
    const scratch = await createScratchDatabases(url, ['elvakt_ekill', 'elvakt_ekillk']);
    cleanups.push(scratch.drop);
    return {
      name: scratch.names[0] as string,
      url: scratch.urls[0] as string,
      keysUrl: scratch.urls[1] as string,
    };
  };

  for (const mode of ['self', 'desk'] as const) {
    (url ? it : it.skip)(`is finished after a restart on PostgreSQL (${mode})`, async () => {
      const db = await database();
      const env = {
        DATA_DIR: dataDir(),
        DATABASE_URL: db.url,
        ELVAKT_KEYSTORE_URL: db.keysUrl,
        ELVAKT_DEMO: '0',
      };
      await scenario(env, mode, async (customerId) => {
        const holder = new pg.Client({ connectionString: db.url });
        await holder.connect();
        await holder.query('begin');
        // The lock an update of the row needs, not a stronger one: a new request for this
        // person still gets in (its reference to the row only needs a key-share lock), and the
        // erasure's own `for update` and its update of the row wait.
        await holder.query('select id from customers where id = $1 for no key update', [customerId]);
        const watcher = new pg.Client({ connectionString: db.url });
        await watcher.connect();
        return {
          stop: 'lock' as const,
          // Another backend of this database waits for a lock: the erasure's query on the account row.
          waiting: async () =>
            (
              await watcher.query(
                `select 1 from pg_stat_activity where datname = $1 and wait_event_type = 'Lock' and pid <> pg_backend_pid()`,
                [db.name],
              )
            ).rowCount !== 0,
          release: async () => {
            await holder.query('rollback');
            await holder.end();
            await watcher.end();
          },
        };
      });
    });
  }
});
