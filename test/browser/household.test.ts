import { expect, it } from 'vitest';
import { DEMO_LOGIN, DEMO_METERING_POINT, DEMO_PERSON } from '../../src/demo/demo-household.ts';
import { describeBrowser, readText, type Visitor } from './browser.ts';

/** What the household gives in the first-visit guide; every other step it skips. */
const WANTED = new Set([
  'Analyse av strømforbruket ditt',
  'Fullmakt: måleverdier fra Elhub',
  'Fullmakt: opplysninger om målepunktene',
]);

/** Walks the consent guide step by step, as a person reads it, giving only what is wanted. */
const walkTheGuide = async (v: Visitor): Promise<string[]> => {
  const given: string[] = [];
  await v.clickLink('Start gjennomgangen');
  while (v.path.startsWith('/samtykke/steg/')) {
    const title = await readText(v.page.getByRole('heading', { level: 1 }));
    // The exact text and its version are shown before anything is given.
    expect(await readText(v.page.locator('blockquote[data-version]'))).not.toBe('');
    if (WANTED.has(title)) {
      await v.press(/^Jeg (samtykker|gir fullmakt)$/);
      given.push(title);
    } else {
      await v.press('Ikke nå, gå videre');
    }
  }
  return given;
};

/** A made-up identity number (valid check digits) for a person new to Elvakt. */
const NEWCOMER = { sub: 'idporten-newcomer', pid: '24128810052', name: 'Nils Nykommer' };

describeBrowser(
  import.meta.filename,
  'a household in the browser',
  (web) => {
    it('signs in with BankID / ID-porten: a known household at once, a newcomer after the rest of the sign-up', async () => {
      const v = await web.visitor();
      const addresses: string[] = [];
      v.page.on('request', (r) => addresses.push(r.url()));

      // The demo household's identity number finds its account; the provider's steps are redirects.
      web.oidc.nextLogin({ sub: 'idporten-demo', pid: DEMO_PERSON.identityNumber });
      await v.goto('/logg-inn');
      await v.clickLink('Logg inn med BankID / ID-porten');
      expect(addresses.some((a) => a.startsWith(web.oidc.issuer))).toBe(true);
      expect(v.path).toBe('/samtykke');
      expect((await v.cookies()).has('auth_token')).toBe(true);
      await v.press('Logg ut');
      expect((await v.cookies()).has('auth_token')).toBe(false);

      // Someone without an account, in a browser of their own (the provider remembers who signed in
      // in this one): the verified identity number is shown masked, the rest is asked for.
      web.oidc.nextLogin(NEWCOMER);
      const n = await web.visitor();
      n.page.on('request', (r) => addresses.push(r.url()));
      await n.goto('/logg-inn');
      await n.clickLink('Logg inn med BankID / ID-porten');
      expect(n.path).toBe('/logg-inn/oidc/registrer');
      expect(await readText(n.page.locator('[data-identity]'))).toBe(`${NEWCOMER.pid.slice(0, 6)} *****`);
      expect(await n.mainText()).not.toContain(NEWCOMER.pid);
      expect(await n.page.getByLabel('Fullt navn').inputValue()).toBe(NEWCOMER.name);
      await n.fill('E-post', 'nils@example.no');
      await n.fill('Velg passord (minst 10 tegn)', 'et langt og godt passord');
      await n.press('Opprett konto');
      expect(n.path).toBe('/samtykke');
      expect(await web.t.app.services.customers.findIdByIdentityNumber(NEWCOMER.pid)).toBeDefined();
      // No identity number ever travels in an address.
      expect(
        addresses.filter((a) => a.includes(NEWCOMER.pid) || a.includes(DEMO_PERSON.identityNumber)),
      ).toEqual([]);
    });

    it('signs in, consents, reads its saving and how it was worked out, downloads its data and erases itself', async () => {
      const v = await web.visitor();
      await v.goto('/');
      await v.press('Bare nødvendige');
      await v.clickLink('Logg inn');
      await v.fill('E-post', DEMO_LOGIN.email);
      await v.fill('Passord', DEMO_LOGIN.password);
      await v.press('Logg inn');

      // The service asks for consent first, one permission at a time, each explained.
      expect(v.path).toBe('/samtykke');
      expect((await walkTheGuide(v)).sort()).toEqual([...WANTED].sort());
      expect(v.path).toBe('/samtykke/ferdig');
      await v.clickLink('Gå til Min side');

      expect(v.path).toBe('/min-side');
      const minSide = await v.mainText();
      expect(minSide).toContain(`Hei, ${DEMO_PERSON.name}`);
      expect(minSide).toContain(`Målepunkt ${DEMO_METERING_POINT.meteringPointId}`);
      const saving = /Du kan spare (kr [\d\s]+) per år/.exec(minSide)?.[1];
      expect(saving).toBeDefined();
      expect(await v.page.getByRole('img', { name: /Kostnad per måned/ }).isVisible()).toBe(true);

      await v.clickLink('Se hvordan det er regnet ut');
      expect(v.path).toMatch(/^\/min-side\/malepunkt\/[0-9a-f-]{36}$/);
      expect(await readText(v.page.getByRole('heading', { level: 1 }))).toBe('Slik er besparelsen regnet ut');
      const detail = await v.mainText();
      expect(detail).toContain('Hele strømregningen per måned');
      expect(detail).toContain('Med nettleie fra BKK AS etter tariffen deres');

      await v.clickLink('Mine data');
      const file = await v.download(() => v.page.getByRole('link', { name: 'Last ned alt (JSON)' }).click());
      expect(file.name).toBe('elvakt-mine-data.json');
      const data = JSON.parse(file.text);
      expect(data.tables.customers.rows[0].name_enc).toBe(DEMO_PERSON.name);
      expect(data.tables.customers.rows[0].email_enc).toBe(DEMO_LOGIN.email);
      // The download is an access request of its own, answered at once and listed.
      await v.goto('/mine-data');
      expect(await readText(v.page.getByRole('row', { name: /Innsyn/ }))).toContain('Ferdig');

      // Before anything goes, the page says what will be deleted and what kept, until when.
      await v.clickLink('Slett meg');
      const plan = await v.mainText();
      expect(plan).toMatch(/Beholdes til \d{1,2}\. \p{L}+ \d{4}/u);
      await v.fill('Skriv passordet ditt for å bekrefte', DEMO_LOGIN.password);
      await v.press('Slett meg nå');
      expect(await readText(v.page.getByRole('heading', { level: 1 }))).toBe('Du er slettet');
      const kept = v.page.locator('tr[data-outcome="keep"]');
      expect(await kept.count()).toBeGreaterThan(0);
      for (const row of await kept.all())
        expect(await readText(row)).toMatch(/Beholdes til \d{1,2}\. \p{L}+ \d{4}/u);
      expect((await v.cookies()).has('auth_token')).toBe(false);
      expect(await web.t.app.services.customers.findIdByEmail(DEMO_LOGIN.email)).toBeUndefined();
      // Every page on the way was checked with axe.
      expect(v.audited.map((a) => a.url)).toEqual(
        expect.arrayContaining([
          '/logg-inn',
          '/samtykke',
          '/samtykke/ferdig',
          '/min-side',
          '/mine-data',
          '/slett-meg',
        ]),
      );
    });
  },
  { oidc: true },
);
