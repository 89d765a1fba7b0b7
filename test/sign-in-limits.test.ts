import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterEach, expect, it } from 'vitest';
import { type App, createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { ACCOUNT_ATTEMPTS, ADDRESS_ATTEMPTS } from '../src/modules/auth/sign-in-limits.ts';
import { openStore, type Store } from '../src/platform/db/database.ts';
import { createLogger } from '../src/platform/logger.ts';
import { LogCapture, startTestApp, TEST_SELLER_REGISTERS, type TestApp } from './app.ts';
import { HttpSession, listenWeb, visibleText } from './http.ts';
import { describeStores, postgresUrl, type StoreKind } from './stores.ts';

/**
 * Tries at secrets are limited per account and per address, in the database: many
 * addresses guessing one account are stopped at the account, one address guessing many
 * accounts is stopped at the address, two processes share one allowance, and the address
 * is the connection's unless a trusted proxy names the client.
 */
const PASSWORD = 'et langt og godt passord';
const VICTIM = {
  name: 'Kari Gjettet',
  email: 'kari.gjettet@example.no',
  identityNumber: '14028512334',
  password: PASSWORD,
};
const NEIGHBOUR = {
  name: 'Ola Nabo',
  email: 'ola.nabo@example.no',
  identityNumber: '15076500565',
  password: PASSWORD,
};
const MASTER_KEY = randomBytes(32).toString('hex');

/** The nth address of the documentation range 198.18.0.0/15, as a proxy would name a client. */
const address = (n: number) => `198.18.${Math.floor(n / 250)}.${(n % 250) + 1}`;

/** A second app on the same database as `first`, as a second process would be. */
const secondApp = async (kind: StoreKind, first: TestApp, env: Record<string, string>): Promise<App> => {
  let store: Store;
  if (kind.name === 'postgres') {
    const dbName = await sql<{ n: string }>`select current_database() as n`.execute(first.app.store.db);
    const keysName = await sql<{ n: string }>`select current_database() as n`.execute(first.app.store.keys);
    const urlOf = (name: string) => {
      const u = new URL(postgresUrl());
      u.pathname = `/${name}`;
      return u.toString();
    };
    store = await openStore({
      kind: 'postgres',
      url: urlOf(dbName.rows[0]?.n ?? ''),
      keysUrl: urlOf(keysName.rows[0]?.n ?? ''),
    });
  } else {
    // One embedded database cannot be opened twice; two apps over the one handle share it the same way.
    store = { ...first.app.store, close: async () => {} };
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'elvakt-second-'));
  return createApp(
    loadConfig({
      DATA_DIR: dataDir,
      ELVAKT_DEMO: '0',
      ELVAKT_SELLER_REGISTERS: TEST_SELLER_REGISTERS,
      ...env,
    }),
    { store, clock: first.clock, logger: createLogger({ level: 'silent', destination: new LogCapture() }) },
  );
};

describeStores('sign-in limits', (kind) => {
  let t: TestApp | undefined;
  const closers: (() => Promise<unknown>)[] = [];

  const start = async (env: Record<string, string> = {}) => {
    t = await startTestApp(kind, { env: { ELVAKT_MASTER_KEY: MASTER_KEY, ...env } });
    await t.app.services.customers.signUp(VICTIM);
    await t.app.services.customers.signUp(NEIGHBOUR);
    const { server, base } = await listenWeb(t.app);
    closers.push(() => server.close());
    return { t, base };
  };

  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
    await t?.close();
    t = undefined;
  });

  /** One sign-in from a browser of its own, with a forwarded-for header when given. */
  const signIn = async (base: string, email: string, password: string, forwardedFor?: string) => {
    const http = new HttpSession(base);
    await http.get('/logg-inn');
    return http.post(
      '/logg-inn',
      { email, password },
      forwardedFor ? { 'x-forwarded-for': forwardedFor } : {},
    );
  };

  it('stops many addresses guessing one account at the account, and leaves the addresses free', async () => {
    const { t, base } = await start({ ELVAKT_TRUST_PROXY: '127.0.0.1' });
    for (let i = 0; i < ACCOUNT_ATTEMPTS; i++) {
      const r = await signIn(base, VICTIM.email, `feil passord ${i}`, address(i));
      expect(r.res.status, `attempt ${i + 1}`).toBe(401);
    }
    // The right password from an address never seen: the account has had its allowance.
    const locked = await signIn(base, VICTIM.email, PASSWORD, address(100));
    expect(locked.res.status).toBe(429);
    // The addresses are not locked out: the first of them signs in to another account.
    expect((await signIn(base, NEIGHBOUR.email, PASSWORD, address(0))).res.status).toBe(303);
    // The window ends; the owner gets in.
    t.clock.set(new Date(t.clock.now().getTime() + 15 * 60_000));
    expect((await signIn(base, VICTIM.email, PASSWORD, address(101))).res.status).toBe(303);
  });

  it('stops one address guessing many accounts, ignores a forged X-Forwarded-For, and says nothing of which exist', async () => {
    const { base } = await start();
    for (let i = 0; i < ADDRESS_ATTEMPTS; i++) {
      // A client forging the header: no proxy is trusted, so each try counts for the connection.
      const r = await signIn(base, `gjett${i}@example.no`, 'feil passord', address(i));
      expect(r.res.status, `attempt ${i + 1}`).toBe(401);
    }
    const existing = await signIn(base, VICTIM.email, PASSWORD, address(200));
    const unknown = await signIn(base, 'finnes.ikke@example.no', PASSWORD, address(201));
    expect(existing.res.status).toBe(429);
    expect(unknown.res.status).toBe(429);
    expect(visibleText(existing.body)).toBe(visibleText(unknown.body));
  });

  it('counts by the client a trusted proxy names', async () => {
    const { base } = await start({ ELVAKT_TRUST_PROXY: '127.0.0.1' });
    for (let i = 0; i < ADDRESS_ATTEMPTS; i++) {
      const r = await signIn(base, `gjett${i}@example.no`, 'feil passord', '203.0.113.7');
      expect(r.res.status, `attempt ${i + 1}`).toBe(401);
    }
    expect((await signIn(base, VICTIM.email, PASSWORD, '203.0.113.7')).res.status).toBe(429);
    // Another client behind the same proxy is not locked out by the first.
    expect((await signIn(base, VICTIM.email, PASSWORD, '198.51.100.9')).res.status).toBe(303);
  });

  it('gives two processes on one database one allowance', async () => {
    const { t, base } = await start();
    const other = await secondApp(kind, t, { ELVAKT_MASTER_KEY: MASTER_KEY });
    const second: { server: FastifyInstance; base: string } = await listenWeb(other);
    closers.push(
      () => other.close(),
      () => second.server.close(),
    );
    const bases = [base, second.base];
    for (let i = 0; i < ACCOUNT_ATTEMPTS; i++) {
      const r = await signIn(bases[i % 2] as string, VICTIM.email, `feil passord ${i}`);
      expect(r.res.status, `attempt ${i + 1}`).toBe(401);
    }
    expect((await signIn(bases[0] as string, VICTIM.email, PASSWORD)).res.status).toBe(429);
    expect((await signIn(bases[1] as string, VICTIM.email, PASSWORD)).res.status).toBe(429);
    // The address's allowance is shared too: what is left of it is spent across both.
    for (let i = ACCOUNT_ATTEMPTS + 2; i < ADDRESS_ATTEMPTS; i++) {
      const r = await signIn(bases[i % 2] as string, `gjett${i}@example.no`, 'feil passord');
      expect(r.res.status, `attempt ${i + 1}`).toBe(401);
    }
    expect((await signIn(bases[1] as string, NEIGHBOUR.email, PASSWORD)).res.status).toBe(429);
    expect((await signIn(bases[0] as string, NEIGHBOUR.email, PASSWORD)).res.status).toBe(429);
  });

  it('keeps no counter past its window: the sweeper removes it', async () => {
    const { t, base } = await start();
    await signIn(base, VICTIM.email, 'feil passord');
    const count = () =>
      t.app.store.db
        .selectFrom('sign_in_limits')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
    expect(Number((await count()).n)).toBe(2);
    await t.app.services.retention.run();
    expect(Number((await count()).n)).toBe(2);
    t.clock.set(new Date(t.clock.now().getTime() + 15 * 60_000));
    const report = await t.app.services.retention.run();
    expect(report.byTable.sign_in_limits).toBe(2);
    expect(Number((await count()).n)).toBe(0);
  });
});
