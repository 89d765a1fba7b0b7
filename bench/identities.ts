import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type App, createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/platform/logger.ts';

/**
 * Synthetic people for benchmarks: identity numbers that pass both check digits, in the
 * month + 80 range that test identities use, so they can never be a real person's.
 */
export const identityNumber = (i: number): string => {
  const k1w = [3, 7, 6, 1, 8, 9, 4, 5, 2];
  const k2w = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
  const cd = (d: number[], w: number[]) => {
    const r = 11 - (w.reduce((a, x, j) => a + x * (d[j] ?? 0), 0) % 11);
    return r === 11 ? 0 : r;
  };
  for (let ind = (i * 7) % 500; ; ind++) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    const base = `${day}${String(81 + (i % 12)).padStart(2, '0')}85${String(ind % 500).padStart(3, '0')}`;
    const d = [...base].map(Number);
    const k1 = cd(d, k1w);
    if (k1 === 10) continue;
    const k2 = cd([...d, k1], k2w);
    if (k2 === 10) continue;
    return `${base}${k1}${k2}`;
  }
};

/** The fictional sellers of the official EHF examples, which generated supplier invoices come from. */
export const EXAMPLE_SELLERS = path.join(import.meta.dirname, '..', 'demo', 'example-sellers.json');

/**
 * An empty embedded Elvakt in a folder of its own, silent, knowing the example sellers: what
 * each benchmark measures against. `remove` deletes the folder once the app is closed.
 */
export const openBenchApp = async (name: string): Promise<{ app: App; remove: () => void }> => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `elvakt-bench-${name}-`));
  const app = await createApp(
    loadConfig({
      DATA_DIR: dir,
      ELVAKT_DEMO: '0',
      DATABASE_URL: '',
      ELVAKT_SELLER_REGISTERS: EXAMPLE_SELLERS,
    }),
    { logger: createLogger({ level: 'silent' }) },
  );
  return { app, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
};

/** Signs up synthetic person `i` with the consent to invoice analysis, as a household would. */
export const signUpBenchPerson = async (app: App, i: number): Promise<string> => {
  const id = await app.services.customers.signUp({
    name: `Benk Person ${i}`,
    email: `benk${i}@example.no`,
    phone: `9${String(1_000_000 + i).padStart(7, '0')}`,
    identityNumber: identityNumber(i),
    password: 'et langt benkpassord',
  });
  await app.services.permissions.change(
    id,
    [{ kind: 'consent', scope: 'invoice_analysis', textVersion: '2026-11-26', give: true }],
    'bench',
  );
  return id;
};
