import { parentPort } from 'node:worker_threads';
import { calculateSavings, type PricingInput, type SavingsResult } from './calculate-savings.ts';

/** One engine worker: prices the inputs it is sent, in order, and answers each with its result. */
parentPort?.on('message', (m: { id: number; input: PricingInput }) => {
  let reply: { id: number; result?: SavingsResult; error?: string };
  try {
    reply = { id: m.id, result: calculateSavings(m.input) };
  } catch (e) {
    reply = { id: m.id, error: (e as Error).message };
  }
  parentPort?.postMessage(reply);
});
parentPort?.postMessage({ id: -1 });
