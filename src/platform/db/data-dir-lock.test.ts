import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireDataDirLock } from './data-dir-lock.ts';

const dirs: string[] = [];
const tempDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'elvakt-lock-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');

describe('the data-folder lock', () => {
  it('refuses a second owner in the same process and frees the folder on release', () => {
    const dir = tempDir();
    const first = acquireDataDirLock(dir);
    expect(() => acquireDataDirLock(dir)).toThrow(/in use by process/);
    first.release();
    const again = acquireDataDirLock(dir);
    again.release();
    expect(fs.existsSync(path.join(dir, 'elvakt.lock'))).toBe(false);
  });

  it('takes over a lock left by a process that no longer runs', () => {
    const dir = tempDir();
    const dead = spawnSync(process.execPath, [
      '-e',
      'process.stdout.write(String(process.pid))',
    ]).stdout.toString();
    fs.writeFileSync(
      path.join(dir, 'elvakt.lock'),
      JSON.stringify({ pid: Number(dead), host: os.hostname(), since: '2026-01-01T00:00:00Z' }),
    );
    const lock = acquireDataDirLock(dir);
    lock.release();
  });

  it('makes a second Elvakt process on the same folder stop with a clear message', () => {
    const dir = tempDir();
    const lock = acquireDataDirLock(dir);
    try {
      const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'elvakt.js'), 'migrate'], {
        env: { ...process.env, DATA_DIR: dir, DATABASE_URL: '', ELVAKT_DEMO: '0' },
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(r.status).toBe(3);
      expect(r.stderr).toContain(`The data folder ${dir} is in use by process ${process.pid}`);
      expect(r.stderr).toContain('Stop that process first');
    } finally {
      lock.release();
    }
  });
});

/** A pid that ran on this machine and has ended. */
const deadPid = (): number =>
  Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString());

const plantStaleLock = (dir: string, name = 'elvakt.lock'): string => {
  const raw = JSON.stringify({ pid: deadPid(), host: os.hostname(), since: '2026-01-01T00:00:00Z' });
  fs.writeFileSync(path.join(dir, name), raw);
  return raw;
};

/**
 * One process that takes the lock when told to and reports it: `ready`, then `held` or
 * `refused`; a holder keeps the lock until told to let go, so holders can never overlap by
 * one ending early.
 */
const CONTENDER = `
import { acquireDataDirLock } from ${JSON.stringify(path.join(import.meta.dirname, 'data-dir-lock.ts'))};
const dir = process.argv[1];
process.stdout.write('ready\\n');
process.stdin.once('data', () => {
  let lock;
  try {
    lock = acquireDataDirLock(dir);
  } catch (e) {
    process.stdout.write('refused ' + e.code + '\\n');
    process.exit(0);
  }
  process.stdout.write('held\\n');
  process.stdin.once('data', () => { lock.release(); process.exit(0); });
});
`;

interface Contender {
  readonly child: ChildProcess;
  readonly line: (prefix: string) => Promise<string>;
}

const contender = (dir: string): Contender => {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', CONTENDER, dir], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  // A refused contender has exited already: telling it to let go finds a closed pipe.
  child.stdin?.on('error', () => {});
  let buffer = '';
  const waiting: { prefix: string; resolve: (l: string) => void }[] = [];
  const lines: string[] = [];
  const flush = () => {
    for (const w of [...waiting]) {
      const i = lines.findIndex((l) => l.startsWith(w.prefix));
      if (i < 0) continue;
      w.resolve(lines.splice(i, 1)[0] as string);
      waiting.splice(waiting.indexOf(w), 1);
    }
  };
  child.stdout?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    const parts = buffer.split('\n');
    buffer = parts.pop() ?? '';
    lines.push(...parts);
    flush();
  });
  return {
    child,
    line: (prefix) =>
      new Promise((resolve, reject) => {
        waiting.push({ prefix, resolve });
        child.once('exit', (code) => reject(new Error(`contender exited (${code}) before "${prefix}"`)));
        flush();
      }),
  };
};

describe('racing starts on a stale lock', () => {
  /** 20 processes, each ready to take the lock, told to at once; holders keep it until all have answered. */
  const race = async (dir: string): Promise<void> => {
    const racers = Array.from({ length: 20 }, () => contender(dir));
    try {
      await Promise.all(racers.map((r) => r.line('ready')));
      for (const r of racers) r.child.stdin?.write('go\n');
      const answers = await Promise.all(racers.map((r) => r.line('')));
      expect(answers.filter((a) => a === 'held')).toHaveLength(1);
      expect(answers.filter((a) => a === 'refused data_dir_locked')).toHaveLength(19);
      const owner = JSON.parse(fs.readFileSync(path.join(dir, 'elvakt.lock'), 'utf8'));
      expect(owner.pid).toBe(racers[answers.indexOf('held')]?.child.pid);
    } finally {
      for (const r of racers) {
        if (r.child.exitCode !== null) continue;
        const exited = new Promise((resolve) => r.child.once('exit', resolve));
        r.child.stdin?.end('exit\n');
        await exited;
      }
    }
    expect(fs.readdirSync(dir)).toEqual([]);
  };

  it('gives the folder to exactly one of 20 processes started together, round after round', async () => {
    // Two rounds: with the old read-delete-create takeover one round alone found two holders about two times in three.
    for (let round = 0; round < 2; round++) {
      const dir = tempDir();
      plantStaleLock(dir);
      await race(dir);
    }
  });

  it('takes over a stale lock whose earlier taker died before finishing, and leaves no claim behind', () => {
    const dir = tempDir();
    const raw = plantStaleLock(dir);
    const claim = `elvakt.lock.claim-${createHash('sha256').update(raw).digest('hex').slice(0, 32)}`;
    plantStaleLock(dir, claim);
    const lock = acquireDataDirLock(dir);
    expect(JSON.parse(fs.readFileSync(lock.path, 'utf8')).pid).toBe(process.pid);
    expect(fs.readdirSync(dir)).toEqual(['elvakt.lock']);
    lock.release();
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
