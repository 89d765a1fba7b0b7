import { Worker } from 'node:worker_threads';
import { calculateSavings, type PricingInput, type SavingsResult } from './calculate-savings.ts';

/**
 * The savings engine on worker threads, for re-pricing many metering points: the caller
 * streams pages of inputs from the store and gets the results back in the same order, while
 * each worker prices one input at a time. With no workers it prices in the calling thread,
 * which is what a single customer's page view wants.
 */
export interface EnginePool {
  readonly workers: number;
  run(inputs: readonly PricingInput[]): Promise<SavingsResult[]>;
  close(): Promise<void>;
}

const WORKER_URL = new URL('./engine-worker.mjs', import.meta.url);

interface Member {
  readonly worker: Worker;
  readonly waiting: Map<number, { resolve: (r: SavingsResult) => void; reject: (e: Error) => void }>;
  readonly started: Promise<void>;
  busy: number;
}

export const createEnginePool = (workers: number): EnginePool => {
  if (!Number.isInteger(workers) || workers < 0) throw new RangeError('workers must be 0 or more');
  if (workers === 0) {
    return { workers: 0, run: async (inputs) => inputs.map(calculateSavings), close: async () => {} };
  }
  const members: Member[] = [];
  let next = 0;
  const start = (): Member => {
    const worker = new Worker(WORKER_URL);
    const waiting: Member['waiting'] = new Map();
    let started!: () => void;
    const member: Member = { worker, waiting, started: new Promise((r) => (started = r)), busy: 0 };
    worker.on('message', (m: { id: number; result?: SavingsResult; error?: string }) => {
      if (m.id === -1) return started();
      const w = waiting.get(m.id);
      waiting.delete(m.id);
      member.busy--;
      if (m.error !== undefined || !m.result)
        w?.reject(new Error(`engine worker: ${m.error ?? 'no result'}`));
      else w?.resolve(m.result);
    });
    const fail = (e: Error) => {
      for (const w of waiting.values()) w.reject(e);
      waiting.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`engine worker exited (${code})`)));
    // A pool left open must not keep the process alive.
    worker.unref();
    return member;
  };
  for (let i = 0; i < workers; i++) members.push(start());

  const price = (input: PricingInput): Promise<SavingsResult> => {
    // The least busy worker takes it, so one slow series does not hold up the rest.
    const member = members.reduce((a, b) => (b.busy < a.busy ? b : a));
    const id = next++;
    member.busy++;
    return member.started.then(
      () =>
        new Promise<SavingsResult>((resolve, reject) => {
          member.waiting.set(id, { resolve, reject });
          member.worker.postMessage({ id, input });
        }),
    );
  };
  return {
    workers,
    run: (inputs) => Promise.all(inputs.map(price)),
    close: async () => {
      await Promise.all(members.map((m) => m.worker.terminate()));
    },
  };
};
