import { expect, it } from 'vitest';
import { DEMO_LOGIN } from '../../src/demo/demo-household.ts';
import { describeBrowser, readText, type Visitor } from './browser.ts';
import { signInStaff } from './staff-sign-in.ts';

const YEAR_S = 365 * 24 * 3600;

/** What makes one button look more inviting than another. */
const LOOKS = [
  'background-color',
  'color',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'text-decoration-line',
  'text-transform',
  'padding-top',
  'padding-right',
  'padding-bottom',
  'padding-left',
  'border-top-width',
  'border-top-style',
  'border-top-color',
  'border-radius',
  'box-shadow',
  'opacity',
  'visibility',
] as const;

const looksOf = (v: Visitor, name: string) =>
  v.page
    .getByRole('region', { name: /Informasjonskapsler|Cookies/ })
    .getByRole('button', { name, exact: true })
    .evaluate((el, props) => {
      const style = getComputedStyle(el);
      const box = el.getBoundingClientRect();
      return {
        style: Object.fromEntries(props.map((p) => [p, style.getPropertyValue(p)])),
        width: box.width,
        height: box.height,
        focusable: (el as HTMLElement).tabIndex >= 0,
      };
    }, LOOKS);

/** Every Set-Cookie the site sends to this visitor, by cookie name. */
const watchSetCookies = (v: Visitor): (() => Promise<string[]>) => {
  const names: string[] = [];
  const reading: Promise<void>[] = [];
  v.page.on('response', (res) => {
    reading.push(
      res.headersArray().then((headers) => {
        for (const h of headers) {
          if (h.name.toLowerCase() === 'set-cookie') names.push(h.value.split('=')[0] ?? '');
        }
      }),
    );
  });
  return async () => {
    await Promise.all(reading);
    return names;
  };
};

describeBrowser(import.meta.filename, 'cookies, language and accessibility in the browser', (web) => {
  it('offers "only necessary" exactly as prominently as "accept", and remembers the choice', async () => {
    const v = await web.visitor();
    for (const viewport of [
      { width: 1280, height: 800 },
      { width: 360, height: 740 },
    ]) {
      await v.page.setViewportSize(viewport);
      await v.goto('/');
      const necessary = await looksOf(v, 'Bare nødvendige');
      const accept = await looksOf(v, 'Godta statistikk');
      expect(necessary.style).toEqual(accept.style);
      expect(necessary.focusable && accept.focusable).toBe(true);
      expect(Math.abs(necessary.width - accept.width)).toBeLessThan(1);
      expect(Math.abs(necessary.height - accept.height)).toBeLessThan(1);
      expect(necessary.width).toBeGreaterThan(100);
    }

    await v.press('Bare nødvendige');
    expect(v.path).toBe('/');
    const cookies = await v.cookies();
    expect(cookies.get('cookie_choice')?.value).toMatch(/^\d{4}-\d{2}-\d{2}\.0\.[0-9a-f-]{36}$/);
    // Remembered for a year, not just for this visit.
    expect(cookies.get('cookie_choice')?.expires ?? 0).toBeGreaterThan(Date.now() / 1000 + YEAR_S - 86_400);
    expect(cookies.has('elvakt_stats')).toBe(false);
    expect(await v.page.getByRole('region', { name: 'Informasjonskapsler' }).count()).toBe(0);
    await v.clickLink('Logg inn');
    expect(await v.page.locator('.cookie-banner').count()).toBe(0);

    // A new tab in the same browser: still answered.
    const again = await v.context.newPage();
    await again.goto(`${web.base}/registrer`);
    expect(await again.locator('.cookie-banner').count()).toBe(0);
    await again.close();

    await v.clickLink('Informasjonskapsler');
    expect(await v.mainText()).toContain('Du har valgt bare nødvendige informasjonskapsler.');
    expect((await v.cookies()).has('elvakt_stats')).toBe(false);
    // Changing one's mind is as easy: with consent, and only then, the statistics cookie comes.
    await v.press('Godta statistikk');
    expect(await v.mainText()).toContain('Du har godtatt statistikk.');
    expect((await v.cookies()).get('elvakt_stats')?.value).toBe(web.t.app.services.statistics.today());
  });

  it('with DNT: 1 never sets a statistics cookie, whatever is chosen, and says the signal was honoured', async () => {
    const { statistics } = web.t.app.services;
    const counted = async () =>
      (await statistics.views(statistics.today())).reduce((sum, row) => sum + row.views, 0);
    const before = await counted();
    const v = await web.visitor({ extraHTTPHeaders: { DNT: '1' } });
    const setCookies = watchSetCookies(v);
    await v.goto('/');
    // The signal is the answer: no banner asks again.
    expect(await v.page.locator('.cookie-banner').count()).toBe(0);
    await v.clickLink('Informasjonskapsler');
    expect(await readText(v.page.getByRole('status'))).toContain(
      'Nettleseren din ber om å ikke bli sporet (Do Not Track eller Global Privacy Control). Da teller vi ingenting, uansett valg.',
    );
    await v.press('Godta statistikk');
    expect(await v.mainText()).toContain('Du har godtatt statistikk.');
    await v.clickLink('Logg inn');
    await v.clickLink('Bli kunde');
    await v.goto('/personvern');
    expect(await setCookies()).toContain('cookie_choice');
    expect(await setCookies()).not.toContain('elvakt_stats');
    expect((await v.cookies()).has('elvakt_stats')).toBe(false);
    expect(await counted()).toBe(before);
  });

  it('switches to English and back: the page language, the text, and it stays that way', async () => {
    const v = await web.visitor();
    await v.goto('/logg-inn');
    const lang = () => v.page.locator('html').getAttribute('lang');
    expect(await lang()).toBe('nb');
    expect(await readText(v.page.getByRole('heading', { level: 1 }))).toBe('Logg inn');
    // The link to the other language is marked as being in that language.
    expect(await v.page.getByRole('link', { name: 'English' }).getAttribute('lang')).toBe('en');

    await v.clickLink('English');
    expect(v.path).toBe('/logg-inn');
    expect(await lang()).toBe('en');
    expect(await readText(v.page.getByRole('heading', { level: 1 }))).toBe('Sign in');
    expect(await v.page.getByLabel('E-mail', { exact: true }).count()).toBe(1);
    expect(await v.page.title()).toContain('Sign in');
    const cookie = (await v.cookies()).get('lang');
    expect(cookie?.value).toBe('en');
    expect(cookie?.expires ?? 0).toBeGreaterThan(Date.now() / 1000 + YEAR_S - 86_400);

    // It persists: other pages, and a new tab, are in English too.
    await v.clickLink('Sign up');
    expect(await lang()).toBe('en');
    expect(await readText(v.page.getByRole('heading', { level: 1 }))).toBe('Sign up');
    const tab = await v.context.newPage();
    await tab.goto(`${web.base}/`);
    expect(await tab.locator('html').getAttribute('lang')).toBe('en');
    expect(await readText(tab.getByRole('heading', { level: 1 }))).toBe(
      'Are you paying too much for electricity?',
    );
    await tab.close();

    await v.clickLink('Norsk');
    expect(await lang()).toBe('nb');
    expect(await readText(v.page.getByRole('heading', { level: 1 }))).toBe('Bli kunde');
  });

  it('fails a page with a serious accessibility problem, naming the rule and the element', async () => {
    const v = await web.visitor();
    await v.page.route(`${web.base}/harness-check`, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: '<!doctype html><html lang="nb"><title>x</title><main><img src="/x.png"><button></button></main></html>',
      }),
    );
    const failure = await v.goto('/harness-check').then(
      () => '',
      (e: Error) => e.message,
    );
    expect(failure).toContain('on /harness-check');
    expect(failure).toMatch(/- image-alt \(critical\)/);
    expect(failure).toMatch(/- button-name \(critical\)/);
    expect(failure).toContain('"img"');
    await v.goto('/');
  });

  it('refuses an inline script under its CSP, so nothing but our own markup runs', async () => {
    const v = await web.visitor();
    await v.goto('/');
    const csp = (await v.page.request.get(`${web.base}/`)).headers()['content-security-policy'] ?? '';
    expect(csp).toContain("default-src 'none'");
    await v.page.addScriptTag({ content: 'window.__inline = 1;' }).catch(() => undefined);
    expect(await v.page.evaluate(() => (window as { __inline?: number }).__inline)).toBeUndefined();
  });

  /**
   * Every page reachable by links, for a visitor, the demo household and the data protection
   * officer, in both languages, passes axe: new pages are covered as soon as something links them.
   */
  it('every page reachable by links passes axe, signed out, as the household and as staff, in both languages', async () => {
    const { app } = web.t;
    const { demoWithData } = await import('../app.ts');
    const id = await demoWithData(app);
    await app.services.requests.submit(id, 'complaint', { text: 'For mange e-poster.' }, { channel: 'web' });
    // A high-risk breach with a person recorded, so its forms for the people affected are checked too.
    const dpoId = (await app.services.staff.list()).find((m) => m.roles.includes('dpo'))?.id ?? '';
    const breach = await app.services.breaches.register(dpoId, {
      title: 'Feilsendt eksport',
      description: 'En eksport gikk til feil mottaker.',
      categories: ['contact'],
      subjectsAffected: 1,
      foundAt: app.clock.now(),
      risk: 'high_risk',
    });
    await app.services.breaches.addSubject(dpoId, breach, id);
    // A new staff account, whose first password opens only the page that replaces it.
    const first = { username: 'ny.ansatt', password: 'et forste passord for ny ansatt' };
    await app.services.staff.create({ ...first, name: 'Ny Ansatt', roles: ['customer_service'] }, 'test', {
      firstPassword: true,
    });
    const seen = new Set<string>();
    const broken: string[] = [];
    const problems: string[] = [];
    const crawl = async (v: Visitor, start: string[], within: RegExp) => {
      const queue = start.map((path) => ({ path, from: '(start)' }));
      const visited = new Set<string>();
      while (queue.length > 0) {
        const { path, from } = queue.shift() as { path: string; from: string };
        // One page per route: ids become :id.
        const route = path.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ':id');
        if (visited.has(route)) continue;
        visited.add(route);
        // Every page is checked even when one fails, so one run lists all that is wrong.
        const status = (await v.page.goto(web.base + path))?.status() ?? 0;
        if (status >= 400) broken.push(`${path} answered ${status} (linked from ${from})`);
        await v.audit().catch((e: Error) => problems.push(e.message));
        seen.add(`${route} ${await v.page.locator('html').getAttribute('lang')}`);
        const links = await v.page
          .locator('a[href]:not([download])')
          .evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
        for (const href of links) {
          const u = new URL(href);
          if (u.origin !== web.base || !within.test(u.pathname)) continue;
          if (/^\/sprak\//.test(u.pathname) || /\.(json|csv|pdf)$/.test(u.pathname)) continue;
          queue.push({ path: u.pathname + u.search, from: path });
        }
      }
    };
    // Norwegian on a phone, English on a desktop: both layouts, both languages.
    for (const [lang, viewport] of [
      ['nb', { width: 360, height: 740 }],
      ['en', { width: 1280, height: 800 }],
    ] as const) {
      const cookie = { name: 'lang', value: lang, url: web.base };
      const visitor = await web.visitor({ viewport });
      await visitor.context.addCookies([cookie]);
      await visitor.goto('/finnes-ikke', 404);
      // An unsubscribe link of the right shape that no one holds: the page asks before it does anything.
      await crawl(visitor, ['/', `/varsler/avmeld/${'x'.repeat(43)}`], /^\/(?!ansatt)/);
      await visitor.goto('/logg-inn');
      await visitor.fill(lang === 'nb' ? 'E-post' : 'E-mail', DEMO_LOGIN.email);
      await visitor.fill(lang === 'nb' ? 'Passord' : 'Password', DEMO_LOGIN.password);
      await visitor.press(lang === 'nb' ? 'Logg inn' : 'Sign in');
      await crawl(visitor, ['/min-side', '/bekreft?til=/mine-data'], /^\/(?!ansatt)/);

      const dpo = await web.visitor({ viewport });
      await dpo.context.addCookies([cookie]);
      await dpo.goto('/ansatt/logg-inn');
      await signInStaff(dpo, web.t, 'dpo');
      await crawl(dpo, ['/ansatt'], /^\/ansatt/);

      const admin = await web.visitor({ viewport });
      await admin.context.addCookies([cookie]);
      await admin.goto('/ansatt/logg-inn');
      await signInStaff(admin, web.t, 'admin');
      await crawl(admin, ['/ansatt/ansatte'], /^\/ansatt/);

      // Pressing the button audits the page it opens.
      const newcomer = await web.visitor({ viewport });
      await newcomer.context.addCookies([cookie]);
      await newcomer.goto('/ansatt/logg-inn');
      await newcomer.fill(lang === 'nb' ? 'Brukernavn' : 'User name', first.username);
      await newcomer.fill(lang === 'nb' ? 'Passord' : 'Password', first.password);
      await newcomer.press(lang === 'nb' ? 'Logg inn' : 'Sign in');
      expect(newcomer.path).toBe('/ansatt/logg-inn/nytt-passord');
      seen.add(`/ansatt/logg-inn/nytt-passord ${lang}`);
    }
    expect(problems).toEqual([]);
    expect(broken).toEqual([]);
    for (const page of [
      '/',
      '/min-side',
      '/min-side/malepunkt/:id',
      '/mine-data',
      '/ansatt',
      '/ansatt/kunder',
      '/ansatt/ansatte',
      '/ansatt/logg-inn/nytt-passord',
    ]) {
      expect(seen).toContain(`${page} nb`);
      expect(seen).toContain(`${page} en`);
    }
    console.info(`axe checked ${seen.size} page views: ${[...seen].sort().join(', ')}`);
  });
});
