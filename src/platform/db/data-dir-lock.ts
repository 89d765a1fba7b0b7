import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../errors.ts';

/**
 * PGlite has no lock of its own: two processes on one folder would each believe they own
 * the database and silently lose each other's writes. An exclusive lock file, created with
 * O_EXCL, makes the second process stop with a clear message instead. A lock left by a
 * process that no longer runs (a crash, a kill -9) is taken over.
 */
export interface DataDirLock {
  readonly path: string;
  release(): void;
}

interface LockOwner {
  readonly pid: number;
  readonly host: string;
  readonly since: string;
}

const LOCK_FILE = 'elvakt.lock';

const isRunning = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

const readOwner = (file: string): LockOwner | undefined => {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as LockOwner;
  } catch {
    return undefined;
  }
};

export const acquireDataDirLock = (dataDir: string): DataDirLock => {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, LOCK_FILE);
  const me: LockOwner = { pid: process.pid, host: os.hostname(), since: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx', 0o600);
      fs.writeSync(fd, JSON.stringify(me));
      fs.closeSync(fd);
      let released = false;
      const release = (): void => {
        if (released) return;
        released = true;
        process.off('exit', release);
        const owner = readOwner(file);
        if (owner?.pid === me.pid && owner.since === me.since) fs.rmSync(file, { force: true });
      };
      process.on('exit', release);
      return { path: file, release };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const owner = readOwner(file);
      const stale = owner !== undefined && owner.host === me.host && !isRunning(owner.pid);
      if (!stale) {
        const who = owner ? `process ${owner.pid} on ${owner.host}, since ${owner.since}` : 'another process';
        throw new AppError(
          'data_dir_locked',
          `The data folder ${dataDir} is in use by ${who}. Stop that process first, or set DATA_DIR to another folder. If no Elvakt process runs, remove ${file}.`,
        );
      }
      fs.rmSync(file, { force: true });
    }
  }
  throw new AppError('data_dir_locked', `Could not take the lock ${file}.`);
};
