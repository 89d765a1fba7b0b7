import { Worker } from 'node:worker_threads';
import { AppError } from '../../platform/errors.ts';
import type { ExportEvent, ExportFormat, ExportLang } from './export-formats.ts';

const WORKER_URL = new URL('./export-render-worker.mjs', import.meta.url);

/**
 * One export's renderer on a thread of its own. `write` sends one event and resolves with
 * the bytes it produced; the caller sends the next only after it has passed those on, so
 * the thread never runs ahead of the client.
 */
export class ExportRenderer {
  private seq = 0;
  private waiting:
    | { seq: number; resolve: (chunks: Uint8Array[]) => void; reject: (e: Error) => void }
    | undefined;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (m: { seq: number; chunks?: Uint8Array[]; error?: string }) => {
      const w = this.waiting;
      if (!w || w.seq !== m.seq) return;
      this.waiting = undefined;
      if (m.error !== undefined) w.reject(new AppError('internal', 'The export could not be written.'));
      else w.resolve(m.chunks ?? []);
    });
    const fail = () => {
      const w = this.waiting;
      this.waiting = undefined;
      w?.reject(new AppError('internal', 'The export renderer stopped.'));
    };
    worker.on('error', fail);
    worker.on('exit', fail);
  }

  static start(format: ExportFormat, signingKey?: Uint8Array, lang: ExportLang = 'nb'): ExportRenderer {
    return new ExportRenderer(new Worker(WORKER_URL, { workerData: { format, signingKey, lang } }));
  }

  /** The thread's id: never the main thread's (0). */
  get threadId(): number {
    return this.worker.threadId;
  }

  write(event: ExportEvent): Promise<Uint8Array[]> {
    if (this.waiting) throw new Error('one event at a time');
    const seq = ++this.seq;
    return new Promise((resolve, reject) => {
      this.waiting = { seq, resolve, reject };
      this.worker.postMessage({ seq, event });
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}

/** At most `size` renderers at once in this process; the rest wait their turn. */
export class Slots {
  private used = 0;
  private readonly queue: (() => void)[] = [];

  constructor(private readonly size: number) {}

  async take(): Promise<() => void> {
    if (this.used >= this.size) await new Promise<void>((resolve) => this.queue.push(resolve));
    else this.used++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.queue.shift();
      if (next) next();
      else this.used--;
    };
  }
}
