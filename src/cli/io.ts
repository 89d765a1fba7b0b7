import { AppError, type ErrorCode } from '../platform/errors.ts';

/** Where a command writes; tests capture it, the real command line uses stdout and stderr. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** A line redrawn in place, for progress on a terminal; absent when nobody watches. */
  progress?(text: string): void;
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  ...(process.stderr.isTTY ? { progress: (text: string) => process.stderr.write(`\r\u001b[2K${text}`) } : {}),
};

/** Exit codes: 0 done, 1 refused or failed, 2 wrong usage, 3 the data folder is in use. */
export const exitCodeOf = (code: ErrorCode): number =>
  code === 'validation_failed' || code === 'unsupported_format' || code === 'not_found' || code === 'conflict'
    ? 1
    : code === 'data_dir_locked'
      ? 3
      : 1;

export const usage = (message: string): never => {
  throw new UsageError(message);
};

export class UsageError extends Error {}

export const describeError = (e: unknown): { code: number; text: string } => {
  if (e instanceof UsageError) return { code: 2, text: `${e.message}\nRun 'elvakt help' for the commands.` };
  if (e instanceof AppError) {
    const details = e.details.map((d) => `  ${d.at ? `${d.at}: ` : ''}${d.message}`).join('\n');
    return { code: exitCodeOf(e.code), text: `${e.message}${details ? `\n${details}` : ''}` };
  }
  return { code: 1, text: `Failed: ${(e as Error).message}` };
};
