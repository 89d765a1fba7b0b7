import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { seedDemo } from '../src/demo/seed.ts';
import { createScratchDatabases, postgresUrl } from './stores.ts';

/**
 * Demo mode seeds accounts whose passwords the README prints: only on the embedded
 * default or when asked for, never on an https address, said at start, and seeded once
 * when servers start together on one empty PostgreSQL database.
 */
const ROOT = path.resolve(import.meta.dirname, '..');
const url = postgresUrl();
const MASTER_KEY = 'cd'.repeat(32);

const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

/** The child sees only this: nothing of the test runner's environment (its DATABASE_URL, its loaders). */
const childEnv = (env: Record<string, string>): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  HOME: os.tmpdir(),
  ELVAKT_MASTER_KEY: MASTER_KEY,
  ELVAKT_ENGINE_WORKERS: '0',
  LOG_LEVEL: 'warn',
  ...env,
});

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

/** `elvakt serve` until it says it runs, then `whileUp`, then SIGTERM; what it printed. */
const serveOnce = async (
  env: Record<string, string>,
  whileUp: (base: string) => Promise<void> = async () => {},
): Promise<{ stdout: string; stderr: string; code: number | null }> => {
  const port = Number(env.PORT ?? (await freePort()));
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'elvakt.js'), 'serve'], {
    cwd: ROOT,
    env: childEnv({ PORT: String(port), HOST: '127.0.0.1', ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => {
    stderr += c.toString('utf8');
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (c: Buffer) => {
      stdout += c.toString('utf8');
      if (stdout.includes('Elvakt is running at')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`serve exited (${code}): ${stderr}`)));
  });
  await whileUp(`http://127.0.0.1:${port}`);
  child.kill('SIGTERM');
  const code = await exited;
  return { stdout, stderr, code };
};

describe('demo mode on the embedded default', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it('is on without ELVAKT_DEMO, says so at start, and seeds the demo household and staff (npm start)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'elvakt-demo-'));
    dirs.push(dir);
    // Logs at info, as `npm start` writes them off a terminal: on standard error.
    const { stdout, stderr, code } = await serveOnce({ DATA_DIR: dir, LOG_LEVEL: 'info' });
    expect(code).toBe(0);
    expect(stdout).toContain('Demo mode is on (the embedded database without ELVAKT_DEMO=0)');
    expect(stdout).toContain('Demo login: demo@elvakt.no / elvakt-demo-2026');
    expect(stdout).toContain('kundeservice / demo-kundeservice-2026');
    // The first start says each step as it goes, in words, then the address to open.
    const lines = stdout.split('\n');
    const at = (step: RegExp | string) =>
      lines.findIndex((l) => (typeof step === 'string' ? l === step : step.test(l)));
    const steps = [
      /^Starting Elvakt \d+\.\d+\.\d+…$/,
      /^Starting the demo identity provider \(BankID \/ ID-porten\) on port \d+…$/,
      `Creating the database in ${dir} (first start)…`,
      /^Ran \d+ migrations \(\d+ on the database, 1 on the key store\)\.$/,
      /^Seeded the demo data: \d+ hours of NO5 spot prices, 9 demo offers, the demo household and the demo staff\.$/,
      /^Starting the web server on 127\.0\.0\.1:\d+…$/,
      /^Elvakt is running at http:\/\/localhost:\d+$/,
    ].map(at);
    expect(
      steps.every((i) => i >= 0),
      stdout,
    ).toBe(true);
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
    expect(lines.filter((l) => l.trim().startsWith('{'))).toEqual([]);
    expect(stderr).toContain('"msg":"database migrated"');
  }, 300_000);

  it('says which port the demo identity provider could not have, and which setting moves it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'elvakt-demo-'));
    dirs.push(dir);
    // Someone else listens on PORT + 1.
    let port = 0;
    let squatter: net.Server | undefined;
    for (let i = 0; i < 20 && !squatter; i++) {
      port = await freePort();
      squatter = await new Promise<net.Server | undefined>((resolve) => {
        const s = net.createServer();
        s.once('error', () => resolve(undefined));
        s.listen(port + 1, '127.0.0.1', () => resolve(s));
      });
    }
    try {
      let signIn = '';
      const { stdout, stderr, code } = await serveOnce(
        { DATA_DIR: dir, PORT: String(port) },
        async (base) => {
          signIn = await (await fetch(`${base}/logg-inn`)).text();
        },
      );
      expect(code).toBe(0);
      const warning = stderr.split('\n').find((l) => l.includes('demo identity provider'));
      expect(warning, stderr).toBeDefined();
      expect(JSON.parse(warning as string)).toMatchObject({ level: 40, port: port + 1 });
      expect(warning).toContain(`port ${port + 1} is taken`);
      expect(warning).toContain('start with another PORT');
      expect(stdout).toContain(`Demo BankID / ID-porten is off: port ${port + 1} is taken`);
      // The page still makes sense: no button to a provider that is not there, the demo password instead.
      expect(signIn).not.toContain('href="/logg-inn/oidc"');
      expect(signIn).toContain('elvakt-demo-2026');
    } finally {
      await new Promise((resolve) => squatter?.close(resolve));
    }
  }, 300_000);

  it('is refused with an https public address, saying why, even when asked for', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'elvakt-demo-'));
    dirs.push(dir);
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'elvakt.js'), 'migrate'], {
      cwd: ROOT,
      env: childEnv({ DATA_DIR: dir, ELVAKT_DEMO: '1', ELVAKT_PUBLIC_URL: 'https://elvakt.example' }),
      encoding: 'utf8',
    });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(
      'ELVAKT_DEMO: demo mode seeds staff and a household whose passwords are published',
    );
    expect(r.stderr).toContain('refused with an https ELVAKT_PUBLIC_URL');
    expect(fs.existsSync(path.join(dir, 'pglite'))).toBe(false);
  });
});

describe.skipIf(!url)('demo mode on PostgreSQL', () => {
  const drops: (() => Promise<void>)[] = [];
  /** An empty database and its key store. */
  const emptyDatabase = async (): Promise<{ DATABASE_URL: string; ELVAKT_KEYSTORE_URL: string }> => {
    const scratch = await createScratchDatabases(url, ['elvakt_demo', 'elvakt_demok']);
    drops.push(scratch.drop);
    return { DATABASE_URL: scratch.urls[0] as string, ELVAKT_KEYSTORE_URL: scratch.urls[1] as string };
  };
  const count = async (databaseUrl: string, table: string): Promise<number> => {
    const c = new pg.Client({ connectionString: databaseUrl });
    await c.connect();
    try {
      return Number((await c.query(`select count(*) as n from ${table}`)).rows[0].n);
    } finally {
      await c.end();
    }
  };
  afterAll(async () => {
    for (const drop of drops) await drop();
  });

  it('seeds nothing on an empty database without ELVAKT_DEMO, and says nothing of a demo', async () => {
    const db = await emptyDatabase();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'elvakt-demo-'));
    try {
      const { stdout, code } = await serveOnce({ ...db, DATA_DIR: dir });
      expect(code).toBe(0);
      expect(stdout).not.toContain('Demo');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    expect(await count(db.DATABASE_URL, 'staff_users')).toBe(0);
    expect(await count(db.DATABASE_URL, 'customers')).toBe(0);
    expect(await count(db.DATABASE_URL, 'offers')).toBe(0);
  });

  it('seeds one demo when two servers with ELVAKT_DEMO=1 start together on an empty database', async () => {
    const db = await emptyDatabase();
    const dirs = [0, 1].map(() => fs.mkdtempSync(path.join(os.tmpdir(), 'elvakt-demo-')));
    const configs = dirs.map((dir) =>
      loadConfig({
        ...db,
        DATA_DIR: dir,
        ELVAKT_DEMO: '1',
        ELVAKT_MASTER_KEY: MASTER_KEY,
        LOG_LEVEL: 'silent',
      }),
    );
    const first = await createApp(configs[0] as ReturnType<typeof loadConfig>);
    const second = await createApp(configs[1] as ReturnType<typeof loadConfig>);
    try {
      const reports = await Promise.all([seedDemo(first), seedDemo(second)]);
      expect(reports.filter((r) => r.seeded)).toHaveLength(1);
      expect(await count(db.DATABASE_URL, 'customers')).toBe(1);
      expect(await count(db.DATABASE_URL, 'staff_users')).toBe(3);
      expect(await first.services.customers.countActive()).toBe(1);
    } finally {
      await first.close();
      await second.close();
      for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
    }
  });
});
