import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { type App, createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import type { InvoiceSource } from '../src/modules/invoices/invoice-source.ts';
import type { MeteringSource } from '../src/modules/metering/metering-source.ts';
import type { MessageSender } from '../src/modules/notifications/senders.ts';
import { type Clock, fixedClock } from '../src/platform/clock.ts';
import { createLogger } from '../src/platform/logger.ts';
import type { StoreKind } from './stores.ts';

/** Everything the app logged in a test, to scan for personal data. */
export class LogCapture extends Writable {
  readonly lines: string[] = [];

  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  }

  get text(): string {
    return this.lines.join('\n');
  }
}

export interface TestApp {
  readonly app: App;
  readonly logs: LogCapture;
  readonly clock: Clock & { set(d: Date | string): void };
  readonly dataDir: string;
  close(): Promise<void>;
}

export const TEST_NOW = '2026-11-26T10:00:00Z';

/** The fictional companies of the official EHF examples, which the test invoices come from. */
export const TEST_SELLER_REGISTERS = path.join(import.meta.dirname, '..', 'demo', 'example-sellers.json');

export const startTestApp = async (
  kind: StoreKind,
  options: {
    now?: string;
    meteringSource?: MeteringSource;
    /** A source, or one made with the test's clock (the demo bank lists what was issued by then). */
    invoiceSource?:
      | (InvoiceSource & { readonly name: string })
      | ((clock: Clock) => InvoiceSource & { readonly name: string });
    env?: Record<string, string>;
    senders?: Partial<Record<'email' | 'sms', MessageSender>>;
  } = {},
): Promise<TestApp> => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'elvakt-app-'));
  const config = loadConfig({
    DATA_DIR: dataDir,
    ELVAKT_DEMO: '0',
    LOG_LEVEL: 'debug',
    ELVAKT_SELLER_REGISTERS: TEST_SELLER_REGISTERS,
    ...options.env,
  });
  const logs = new LogCapture();
  const clock = fixedClock(options.now ?? TEST_NOW);
  const store = await kind.open();
  const app = await createApp(config, {
    store,
    clock,
    logger: createLogger({ level: 'debug', destination: logs }),
    ...(options.meteringSource ? { meteringSource: options.meteringSource } : {}),
    ...(options.invoiceSource
      ? {
          invoiceSource:
            typeof options.invoiceSource === 'function'
              ? options.invoiceSource(clock)
              : options.invoiceSource,
        }
      : {}),
    ...(options.senders ? { senders: options.senders } : {}),
  });
  return {
    app,
    logs,
    clock,
    dataDir,
    close: async () => {
      await app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
};

export const fixture = (...parts: string[]): string =>
  path.join(import.meta.dirname, '..', 'fixtures', ...parts);

export const readFixture = (...parts: string[]): string => fs.readFileSync(fixture(...parts), 'utf8');

/** The version of every permission text in force. */
export const TEXT_VERSION = '2026-11-26';

/** The consent to analysis alone. */
export const ANALYSIS_CONSENT = [
  { kind: 'consent' as const, scope: 'invoice_analysis', textVersion: TEXT_VERSION, give: true },
];

/** The consent and both Elhub powers of attorney: what fetching from the metering source needs. */
export const ANALYSIS_AND_ELHUB = [
  ...ANALYSIS_CONSENT,
  { kind: 'power_of_attorney' as const, scope: 'elhub_master_data', textVersion: TEXT_VERSION, give: true },
  {
    kind: 'power_of_attorney' as const,
    scope: 'elhub_metering_values',
    textVersion: TEXT_VERSION,
    give: true,
  },
];

/** Signs in the seeded demo household, gives it what fetching needs, and fetches its metering point. */
export const demoWithData = async (app: App): Promise<string> => {
  const { DEMO_LOGIN, DEMO_PERSON } = await import('../src/demo/demo-household.ts');
  const id = await app.services.customers.authenticate(DEMO_LOGIN.email, DEMO_LOGIN.password);
  await app.services.permissions.change(id, ANALYSIS_AND_ELHUB, 'test');
  await app.services.metering.fetchFromSource(id, DEMO_PERSON.identityNumber);
  return id;
};
