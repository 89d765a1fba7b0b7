import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../errors.ts';

/**
 * PGlite has no lock of its own: two processes on one folder would each believe they own
 * the database and silently lose each other's writes. An exclusive lock file makes the
 * second process stop with a clear message instead. A lock left by a process that no
 * longer runs (a crash, a kill -9) is taken over.
 *
 * Every step is one atomic file-system call, so that racing starts never both win:
 * - the lock is made whole in a file of our own and `link`ed to its name, which fails if
 *   the name exists, so nobody ever reads a half-written lock;
 * - a stale lock is never deleted by whoever finds it (two finders would each delete and
 *   re-create it, and both hold it). The taker first creates, again by `link`, a claim
 *   named after the stale lock's exact content; only one process can create that name.
 *   The claimer then re-reads the lock: if it is still the stale one, nobody can have
 *   replaced it, since replacing needs that claim, and the claimer `rename`s its own lock
 *   over it. A claim left by a claimer that died is itself taken over the same way, by a
 *   claim named after it.
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
/** Claims left by claimers that died one after another; more than this is not a crash but a fault. */
const MAX_CLAIM_DEPTH = 8;
const MAX_ATTEMPTS = 16;

const isRunning = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

const errno = (e: unknown): string | undefined => (e as NodeJS.ErrnoException).code;

/** The file's text, or undefined when it no longer exists. */
const readRaw = (file: string): string | undefined => {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    if (errno(e) === 'ENOENT') return undefined;
    throw e;
  }
};

const parseOwner = (raw: string | undefined): LockOwner | undefined => {
  try {
    const o = JSON.parse(raw ?? '') as LockOwner;
    return typeof o.pid === 'number' && typeof o.host === 'string' ? o : undefined;
  } catch {
    return undefined;
  }
};

/** Only a lock of this machine whose process is gone is stale; one we cannot read is not. */
const isStale = (owner: LockOwner | undefined): boolean =>
  owner !== undefined && owner.host === os.hostname() && !isRunning(owner.pid);

/** Creates `name` holding exactly what `source` holds, or returns false when `name` exists. */
const linkExclusive = (source: string, name: string): boolean => {
  try {
    fs.linkSync(source, name);
    return true;
  } catch (e) {
    if (errno(e) === 'EEXIST') return false;
    throw e;
  }
};

const claimName = (file: string, raw: string): string =>
  `${file}.claim-${createHash('sha256').update(raw).digest('hex').slice(0, 32)}`;

const inUse = (dataDir: string, file: string, owner: LockOwner | undefined): AppError => {
  const who = owner ? `process ${owner.pid} on ${owner.host}, since ${owner.since}` : 'another process';
  return new AppError(
    'data_dir_locked',
    `The data folder ${dataDir} is in use by ${who}. Stop that process first, or set DATA_DIR to another folder. If no Elvakt process runs, remove ${file}.`,
  );
};

type Takeover = { readonly won: true } | { readonly won: false; readonly liveClaimer?: LockOwner };

/**
 * Replaces the stale lock whose text is `staleRaw` with ours (`mine`, consumed on success).
 * Lost when someone else replaced it first; the caller then reads the lock again.
 */
const takeOver = (file: string, staleRaw: string, mine: string): Takeover => {
  const chain: string[] = [];
  let target = staleRaw;
  for (let depth = 0; depth < MAX_CLAIM_DEPTH; depth++) {
    const claim = claimName(file, target);
    if (linkExclusive(mine, claim)) {
      chain.push(claim);
      const won = readRaw(file) === staleRaw;
      if (won) fs.renameSync(mine, file);
      // Claims are named after dead content: removing them can never free a live lock.
      for (const c of chain) fs.rmSync(c, { force: true });
      return { won };
    }
    const claimRaw = readRaw(claim);
    if (claimRaw === undefined) return { won: false };
    const claimer = parseOwner(claimRaw);
    if (!isStale(claimer)) return { won: false, ...(claimer ? { liveClaimer: claimer } : {}) };
    // Its claimer died between claiming and replacing: its claim is taken over in turn.
    chain.push(claim);
    target = claimRaw;
  }
  throw new AppError('data_dir_locked', `Could not take the lock ${file}: too many interrupted takeovers.`);
};

export const acquireDataDirLock = (dataDir: string): DataDirLock => {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, LOCK_FILE);
  const me: LockOwner & { readonly nonce: string } = {
    pid: process.pid,
    host: os.hostname(),
    since: new Date().toISOString(),
    // Two locks never have the same text, so a claim named after one never fits another.
    nonce: randomBytes(12).toString('hex'),
  };
  const myRaw = JSON.stringify(me);
  const mine = `${file}.${process.pid}.${me.nonce}.tmp`;
  fs.writeFileSync(mine, myRaw, { mode: 0o600, flag: 'wx' });
  let held = false;
  try {
    for (let attempt = 0; attempt < MAX_ATTEMPTS && !held; attempt++) {
      if (linkExclusive(mine, file)) {
        held = true;
        break;
      }
      const raw = readRaw(file);
      if (raw === undefined) continue;
      const owner = parseOwner(raw);
      if (!isStale(owner)) throw inUse(dataDir, file, owner);
      const outcome = takeOver(file, raw, mine);
      if (outcome.won) held = true;
      else if (outcome.liveClaimer) throw inUse(dataDir, file, outcome.liveClaimer);
    }
  } finally {
    fs.rmSync(mine, { force: true });
  }
  if (!held) throw new AppError('data_dir_locked', `Could not take the lock ${file}.`);
  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    process.off('exit', release);
    if (readRaw(file) === myRaw) fs.rmSync(file, { force: true });
  };
  process.on('exit', release);
  return { path: file, release };
};
