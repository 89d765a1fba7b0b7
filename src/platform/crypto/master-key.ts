import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors.ts';
import { KEY_BYTES, newKey } from './envelope.ts';

export const MASTER_KEY_FILE = 'master.key';

/**
 * The master key wraps every data key. It comes from the environment in production; on a
 * newcomer's machine a key file is created with mode 0600 on first start so that the
 * embedded default works without setup and never writes a key anyone else may read.
 */
export const loadMasterKey = (fromEnv: Uint8Array | undefined, dataDir: string): Uint8Array => {
  if (fromEnv) return fromEnv;
  const file = path.join(dataDir, MASTER_KEY_FILE);
  fs.mkdirSync(dataDir, { recursive: true });
  try {
    const fd = fs.openSync(file, 'wx', 0o600);
    fs.writeSync(fd, `${Buffer.from(newKey()).toString('hex')}\n`);
    fs.closeSync(fd);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  const mode = fs.statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new AppError(
      'config_invalid',
      `The master key file ${file} can be read by other users (mode ${mode.toString(8)}); run chmod 600 on it.`,
    );
  }
  const text = fs.readFileSync(file, 'utf8').trim();
  const key = Buffer.from(text, 'hex');
  if (!/^[0-9a-f]+$/i.test(text) || key.length !== KEY_BYTES) {
    throw new AppError('config_invalid', `The master key file ${file} does not hold 32 bytes as hex.`);
  }
  return new Uint8Array(key);
};

export const NEXT_MASTER_KEY_FILE = 'master.key.next';

const readKeyFile = (file: string): Uint8Array => {
  const mode = fs.statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new AppError(
      'config_invalid',
      `The key file ${file} can be read by other users (mode ${mode.toString(8)}); run chmod 600 on it.`,
    );
  }
  const text = fs.readFileSync(file, 'utf8').trim();
  const key = Buffer.from(text, 'hex');
  if (!/^[0-9a-f]+$/i.test(text) || key.length !== KEY_BYTES) {
    throw new AppError('config_invalid', `The key file ${file} does not hold 32 bytes as hex.`);
  }
  return new Uint8Array(key);
};

/**
 * A rotation of the key file that was stopped half-way leaves the next key beside the
 * current one; both must be readable until the rotation is run again to its end.
 */
export const pendingNextKey = (dataDir: string): Uint8Array | undefined => {
  const file = path.join(dataDir, NEXT_MASTER_KEY_FILE);
  return fs.existsSync(file) ? readKeyFile(file) : undefined;
};

/** Creates (or reuses, after an interrupted rotation) the next key file, mode 0600. */
export const prepareNextKey = (dataDir: string): Uint8Array => {
  const existing = pendingNextKey(dataDir);
  if (existing) return existing;
  const file = path.join(dataDir, NEXT_MASTER_KEY_FILE);
  const fd = fs.openSync(file, 'wx', 0o600);
  fs.writeSync(fd, `${Buffer.from(newKey()).toString('hex')}\n`);
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  return readKeyFile(file);
};

/** Makes the next key the master key: an atomic rename, after every data key was re-wrapped under it. */
export const promoteNextKey = (dataDir: string): void => {
  fs.renameSync(path.join(dataDir, NEXT_MASTER_KEY_FILE), path.join(dataDir, MASTER_KEY_FILE));
};
