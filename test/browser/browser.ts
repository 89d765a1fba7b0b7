import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import axe from 'axe-core';
import type { FastifyInstance } from 'fastify';
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Locator,
  type Page,
} from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect } from 'vitest';
import { DEMO_LOGIN, DemoMeteringSource } from '../../src/demo/demo-household.ts';
import { seedDemo } from '../../src/demo/seed.ts';
import { createWebServer } from '../../src/web/server.ts';
import { startTestApp, type TestApp } from '../app.ts';
import { personalDataIn } from '../log-scan.ts';
import { MemorySender } from '../mail.ts';
import type { TestOidcProvider } from '../oidc-provider.ts';
import { storeKinds } from '../stores.ts';

/**
 * The browser harness: the demo on PGlite behind the real web server, driven by Chromium
 * through playwright-core. Every page a test reaches is checked with axe-core (no violation
 * of impact serious or critical), and each test's last page is saved as a screenshot.
 */

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = path.join(import.meta.dirname, '..', '..', 'test-output', 'screenshots');

/** Why the browser tests cannot run here, or null when Chromium is there. */
export const chromiumMissing = (): string | null => {
  try {
    fs.accessSync(CHROMIUM_PATH, fs.constants.X_OK);
    return null;
  } catch {
    return `Chromium is not installed: no executable at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH)`;
  }
};

/** What axe reports of one failed rule, trimmed to what a failure message needs. */
interface Violation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: readonly { target: unknown[]; failureSummary?: string }[];
}

const BLOCKING = new Set(['serious', 'critical']);

export const describeViolations = (where: string, violations: readonly Violation[]): string =>
  [
    `axe found ${violations.length} serious or critical violation(s) on ${where}:`,
    ...violations.flatMap((v) => [
      `- ${v.id} (${v.impact}): ${v.help}`,
      ...v.nodes.map(
        (n) =>
          `    ${n.target.map((t) => JSON.stringify(t)).join(' ')}: ${(n.failureSummary ?? '').replace(/\s+/g, ' ')}`,
      ),
    ]),
  ].join('\n');

/** The rendered text of what a locator matches, as a person reads it, whitespace collapsed. */
export const readText = async (locator: Locator): Promise<string> =>
  (await locator.allInnerTexts()).join(' ').replace(/\s+/g, ' ').trim();

/** One person at one browser: a fresh context, its page, and steps that audit every page reached. */
export class Visitor {
  /** Pages checked by axe, with the number of serious or critical violations each had. */
  readonly audited: { url: string; violations: number }[] = [];

  constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    readonly base: string,
  ) {}

  /** The path and query of the page now shown. */
  get path(): string {
    const u = new URL(this.page.url());
    return u.pathname + u.search;
  }

  /**
   * Checks the page now shown with axe-core, once per document. The site's CSP allows no
   * script at all, so an injected script tag would be refused: axe goes in through the
   * DevTools protocol with `evaluate`, which a page's CSP does not govern.
   */
  async audit(): Promise<void> {
    await this.page.waitForLoadState('load');
    // Only the site's own pages: not about:blank, not a sign-in provider's.
    if (!this.page.url().startsWith(`${this.base}/`)) return;
    const done = await this.page.evaluate(() => (window as { __elvaktAudited?: boolean }).__elvaktAudited);
    if (done) return;
    await this.page.evaluate(axe.source);
    const violations = await this.page.evaluate(async () => {
      // What a person can open is checked open: tables and forms folded in <details> count too.
      const closed = Array.from(document.querySelectorAll('details:not([open])')) as HTMLDetailsElement[];
      for (const d of closed) d.open = true;
      const run = await (window as unknown as { axe: typeof axe }).axe.run(document, {
        resultTypes: ['violations'],
      });
      for (const d of closed) d.open = false;
      (window as { __elvaktAudited?: boolean }).__elvaktAudited = true;
      return run.violations.map((v) => ({
        id: v.id,
        impact: v.impact ?? null,
        help: v.help,
        nodes: v.nodes.map((n) => ({ target: n.target as unknown[], failureSummary: n.failureSummary })),
      }));
    });
    const blocking = violations.filter((v) => v.impact !== null && BLOCKING.has(v.impact));
    this.audited.push({ url: this.path, violations: blocking.length });
    if (blocking.length > 0) throw new Error(describeViolations(this.path, blocking));
  }

  /**
   * Opens a path on the site and audits it. The answer must be a success, or the status
   * given ('any' takes whatever comes); returns the status.
   */
  async goto(pathname: string, status?: number | 'any'): Promise<number> {
    await this.audit();
    const res = await this.page.goto(this.base + pathname);
    const got = res?.status() ?? 0;
    if (status === undefined) expect(got, `GET ${pathname}`).toBeLessThan(400);
    else if (status !== 'any') expect(got, `GET ${pathname}`).toBe(status);
    await this.audit();
    return got;
  }

  /** Runs a step that loads a new page (a link, a form), waits for it, and audits it. */
  async follow(step: () => Promise<unknown>): Promise<void> {
    await this.audit();
    await Promise.all([this.page.waitForEvent('load'), step()]);
    await this.audit();
  }

  /** Follows the link with this accessible name (the first, when several have it). */
  clickLink(name: string | RegExp): Promise<void> {
    return this.follow(() => this.page.getByRole('link', { name }).first().click());
  }

  /** Presses the button with this accessible name, which sends its form. */
  press(name: string | RegExp): Promise<void> {
    return this.follow(() => this.page.getByRole('button', { name }).first().click());
  }

  /** Fills a field found by its label, which must exist: an unlabelled field is not found. */
  async fill(label: string | RegExp, value: string): Promise<void> {
    await this.page.getByLabel(label, { exact: typeof label === 'string' }).fill(value);
  }

  /** The text of the main landmark as a person reads it. */
  mainText(): Promise<string> {
    return readText(this.page.locator('main'));
  }

  /** A download started by a step: its suggested name and its content as text. */
  async download(step: () => Promise<unknown>): Promise<{ name: string; text: string }> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), step()]);
    const file = await download.path();
    return { name: download.suggestedFilename(), text: fs.readFileSync(file, 'utf8') };
  }

  /** The cookies the browser holds for the site. */
  async cookies(): Promise<Map<string, { value: string; expires: number }>> {
    const all = await this.context.cookies(this.base);
    return new Map(all.map((c) => [c.name, { value: c.value, expires: c.expires }]));
  }
}

export interface BrowserWeb {
  /** The running app with the demo seeded (shared by the tests of one file). */
  readonly t: TestApp;
  readonly base: string;
  /** E-mail the app sent (one-time codes, notices), once delivered. */
  readonly email: MemorySender;
  /** The OpenID Connect provider households sign in with, when the suite asked for one. */
  readonly oidc: TestOidcProvider;
  /** A fresh browser context for this test: no cookies, nothing cached. */
  visitor(options?: BrowserContextOptions): Promise<Visitor>;
}

export interface BrowserSuiteOptions {
  /** Start a real OpenID Connect provider (test/oidc-provider.ts) and configure the app for it. */
  readonly oidc?: boolean;
}

const slug = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/[^\w]+/g, '-')
    .toLowerCase()
    .slice(0, 120)
    .replace(/^-+|-+$/g, '');

const useBrowserWeb = (file: string, options: BrowserSuiteOptions): BrowserWeb => {
  let t: TestApp | undefined;
  let server: FastifyInstance | undefined;
  let browser: Browser | undefined;
  let op: TestOidcProvider | undefined;
  let base = '';
  const email = new MemorySender('email');
  let open: Visitor[] = [];

  const shotPrefix = `${slug(path.basename(file, '.test.ts'))}--`;

  beforeAll(async () => {
    // This file's screenshots from an earlier run go, so none is left of a renamed test.
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    for (const f of fs.readdirSync(SCREENSHOT_DIR)) {
      if (f.startsWith(shotPrefix)) fs.rmSync(path.join(SCREENSHOT_DIR, f), { force: true });
    }
    const pglite = storeKinds().find((k) => k.name === 'pglite');
    if (!pglite) throw new Error('The PGlite store is missing.');
    // With a provider, the site's address is fixed before it starts: the redirect URI names it.
    let port = 0;
    let env: Record<string, string> = {};
    if (options.oidc) {
      // Loaded only when asked for: the provider library warns about Node 20 as it loads.
      const { freePort, startOidcProvider } = await import('../oidc-provider.ts');
      port = await freePort();
      op = await startOidcProvider({ redirectUri: `http://127.0.0.1:${port}/logg-inn/oidc/tilbake` });
      env = { ...op.env, ELVAKT_PUBLIC_URL: `http://127.0.0.1:${port}` };
    }
    t = await startTestApp(pglite, { meteringSource: new DemoMeteringSource(), senders: { email }, env });
    await seedDemo(t.app);
    server = await createWebServer(t.app, { demoLogin: { ...DEMO_LOGIN } });
    await server.listen({ port, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
    // Running as root (CI) needs --no-sandbox; nothing but our own pages is opened.
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox'] });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await t?.close();
    await op?.close();
  });

  // The server's log of each test is scanned: no identity number, e-mail address or phone number in any line.
  let logged = 0;
  afterEach(() => {
    const lines = t?.logs.lines.slice(logged) ?? [];
    logged += lines.length;
    const leaks = personalDataIn(lines);
    if (leaks.length > 0) throw new Error(`The server logged personal data:\n${leaks.join('\n')}`);
  });

  afterEach(async (context) => {
    const visitors = open;
    open = [];
    const failed = (context.task.result?.errors?.length ?? 0) > 0;
    let auditError: unknown;
    for (const [i, v] of visitors.entries()) {
      try {
        // The last page of a passing test is audited too, whichever step reached it.
        if (!failed && !v.page.isClosed()) await v.audit();
      } catch (e) {
        auditError ??= e;
      }
      if (!v.page.isClosed()) {
        const name = `${shotPrefix}${slug(context.task.name)}${i > 0 ? `--${i + 1}` : ''}.png`;
        await v.page.screenshot({ path: path.join(SCREENSHOT_DIR, name), fullPage: true }).catch(() => {});
      }
      await v.context.close();
    }
    if (auditError) throw auditError;
  });

  return {
    get t() {
      if (!t) throw new Error('The app is not started.');
      return t;
    },
    get base() {
      return base;
    },
    email,
    get oidc() {
      if (!op) throw new Error('This suite has no OpenID Connect provider: pass { oidc: true }.');
      return op;
    },
    async visitor(options: BrowserContextOptions = {}) {
      if (!browser) throw new Error('The browser is not started.');
      const context = await browser.newContext({ locale: 'nb-NO', acceptDownloads: true, ...options });
      // The pages are whole when they load (no scripts): what is not there soon will not come.
      context.setDefaultTimeout(10_000);
      const page = await context.newPage();
      const v = new Visitor(context, page, base);
      open.push(v);
      return v;
    },
  };
};

/**
 * A describe block with the browser harness. Without Chromium its tests are skipped with a
 * message naming the missing binary; with `ELVAKT_BROWSER_TESTS=required` (CI) they fail instead.
 */
export const describeBrowser = (
  file: string,
  title: string,
  body: (web: BrowserWeb) => void,
  options: BrowserSuiteOptions = {},
): void => {
  const missing = chromiumMissing();
  if (!missing) {
    // A walk through many pages, each checked by axe, takes longer than a unit test may.
    describe(title, { timeout: 180_000 }, () => body(useBrowserWeb(file, options)));
    return;
  }
  if (process.env.ELVAKT_BROWSER_TESTS === 'required') throw new Error(missing);
  console.warn(`\n[elvakt] Browser tests are SKIPPED: ${missing}.\n`);
  const unavailable = (): never => {
    throw new Error(missing);
  };
  describe.skip(`${title} [skipped: ${missing}]`, () =>
    body({
      get t(): TestApp {
        return unavailable();
      },
      get base(): string {
        return unavailable();
      },
      email: new MemorySender('email'),
      get oidc(): TestOidcProvider {
        return unavailable();
      },
      visitor: unavailable,
    }));
};
