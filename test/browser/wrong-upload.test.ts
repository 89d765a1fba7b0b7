import { expect, it } from 'vitest';
import { DEMO_LOGIN } from '../../src/demo/demo-household.ts';
import { demoWithData } from '../app.ts';
import { describeBrowser, type Visitor } from './browser.ts';

/** A spreadsheet someone saved by mistake: a CSV, but not Elhub's consumption export. */
const NOT_AN_EXPORT = {
  name: 'budsjett.csv',
  mimeType: 'text/csv',
  buffer: Buffer.from('Post;Beløp\nStrøm;1200\nHusleie;9000\n', 'utf8'),
};

/** Words of the English message that reached the Norwegian page before. */
const ENGLISH = /\bline \d|not an Elhub|columns|are missing|lines were refused/i;
const NORWEGIAN = /\bLinje \d|ikke en forbruksfil|Kolonnene|ble avvist/;

describeBrowser(import.meta.filename, 'a wrong upload in the browser', (web) => {
  let customerId = '';

  /** Signs in the demo household, with its consent and its metering point, in the language asked for. */
  const signIn = async (language: 'nb' | 'en'): Promise<Visitor> => {
    customerId ||= await demoWithData(web.t.app);
    const v = await web.visitor({ locale: language === 'nb' ? 'nb-NO' : 'en-GB' });
    await v.goto('/logg-inn');
    await v.press(/^(Bare nødvendige|Necessary only)$/);
    if (language === 'en') await v.clickLink('English');
    await v.fill(language === 'nb' ? 'E-post' : 'E-mail', DEMO_LOGIN.email);
    await v.fill(language === 'nb' ? 'Passord' : 'Password', DEMO_LOGIN.password);
    await v.press(language === 'nb' ? 'Logg inn' : 'Sign in');
    await v.goto('/min-side');
    return v;
  };

  /** What the household has stored: per metering point, its hours with a value and their sum. */
  const stored = async () => {
    const { metering } = web.t.app.services;
    const points = await metering.pointsOf(customerId);
    return Promise.all(
      points.map(async (p) => {
        const { startMs, kwh } = await metering.hourly(customerId, p.id);
        const values = [...kwh].filter((x) => !Number.isNaN(x));
        return {
          point: p.id,
          first: startMs[0],
          hours: values.length,
          kwh: values.reduce((a, b) => a + b, 0),
        };
      }),
    );
  };

  for (const language of ['nb', 'en'] as const) {
    it(`uploads a file that is not an Elhub export (${language}): the page says so in its language, and nothing is stored`, async () => {
      const v = await signIn(language);
      const before = JSON.stringify(await stored());
      await v.page
        .getByLabel(
          language === 'nb' ? 'Last opp forbruk fra Elhub (CSV)' : 'Upload consumption from Elhub (CSV)',
        )
        .first()
        .setInputFiles(NOT_AN_EXPORT);
      // Exactly: the file field's own button is named by its label, which begins the same way.
      await v.press(language === 'nb' ? /^Last opp$/ : /^Upload$/);

      const notice = await v.mainText();
      if (language === 'nb') {
        expect(notice).toContain('Ingen timer ble lagret. 1 linje ble avvist.');
        expect(notice).toContain('Linje 1: dette er ikke en forbruksfil fra Elhub.');
        expect(notice).not.toMatch(ENGLISH);
      } else {
        expect(notice).toContain('No hours were stored. 1 line was refused.');
        expect(notice).toContain('Line 1: this is not a consumption export from Elhub.');
        expect(notice).not.toMatch(NORWEGIAN);
      }
      expect(await v.page.locator('html').getAttribute('lang')).toBe(language);
      expect(JSON.stringify(await stored())).toBe(before);
    });
  }
});
