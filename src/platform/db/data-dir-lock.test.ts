import { spawnSync } from 'node:child_process';
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
