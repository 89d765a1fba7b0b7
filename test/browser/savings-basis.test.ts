import { expect, it } from 'vitest';
import { type Locale, MESSAGES } from '../../src/web/i18n.ts';
import { ANALYSIS_CONSENT, fixture } from '../app.ts';
import { identityNumber } from '../identity-numbers.ts';
import { describeBrowser, readText, type Visitor } from './browser.ts';

const PASSWORD = 'et langt og godt passord';

/** An 18-digit metering point ID with a valid GS1 check digit. */
const gsrn = (body17: string): string => {
  const sum = body17
    .split('')
    .reverse()
    .reduce((s, d, i) => s + Number(d) * (i % 2 === 0 ? 3 : 1), 0);
  return `${body17}${(10 - (sum % 10)) % 10}`;
};

/** Every statement of a saving's basis on the page now shown, as a person reads it. */
const basisStatements = async (v: Visitor): Promise<string[]> => {
  const out: string[] = [];
  for (const el of await v.page.locator('[data-basis]').all()) out.push(await readText(el));
  return out;
};

/**
 * A newcomer signs in, adds a metering point on Min side and chooses the contract it has,
 * in Norwegian or in English; with `upload`, it uploads an Elhub file too.
 */
const newcomerWalk = async (
  web: Parameters<Parameters<typeof describeBrowser>[2]>[0],
  n: number,
  locale: Locale,
  upload?: string,
): Promise<{ v: Visitor; m: (typeof MESSAGES)['nb'] }> => {
  const m = MESSAGES[locale];
  const email = `nykommer.${n}@example.no`;
  const { customers, permissions } = web.t.app.services;
  const id = await customers.signUp({
    name: `Nina Nykommer ${n}`,
    email,
    identityNumber: identityNumber(300 + n),
    password: PASSWORD,
  });
  // The consent walk has a browser test of its own; here the consent to analysis is given.
  await permissions.change(id, ANALYSIS_CONSENT, 'test');
  const v = await web.visitor({ locale: locale === 'nb' ? 'nb-NO' : 'en-GB' });
  await v.goto(`/sprak/${locale}?til=/logg-inn`);
  await v.press(m['cookies.necessaryOnly']);
  await v.fill(m['signIn.email'], email);
  await v.fill(m['signIn.password'], PASSWORD);
  await v.press(m['signIn.submit']);
  expect(v.path).toBe('/min-side');

  await v.fill(m['minSide.meteringPointId'], gsrn(`70705750055500${String(n).padStart(3, '0')}`));
  await v.page.getByLabel(m['minSide.priceArea']).selectOption('NO5');
  await v.fill(m['minSide.county'], '46');
  await v.press(m['minSide.addPoint']);
  await v.goto('/min-side');
  await v.page.getByLabel(m['minSide.current']).selectOption('demo-vestkyst-spot');
  await v.press(m['minSide.setCurrent']);
  if (upload) {
    await v.goto('/min-side');
    await v.page.getByLabel(m['minSide.upload']).setInputFiles(upload);
    // Exactly the submit button: the file field is a button too, named by its label "Last opp forbruk …".
    await v.press(new RegExp(`^${m['minSide.uploadSubmit']}$`));
  }
  await v.goto('/min-side');
  return { v, m };
};

describeBrowser(import.meta.filename, 'the basis of a saving in the browser', (web) => {
  it('shows a newcomer without consumption a standard profile, never measured (Norwegian)', async () => {
    const { v, m } = await newcomerWalk(web, 1, 'nb');
    const statements = await basisStatements(v);
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatch(
      /^Regnet ut fra en standard forbruksprofil for en husholdning og et standardforbruk på 16 000 kWh i året: /,
    );
    expect(await v.mainText()).not.toMatch(/målt forbruk/);
    await v.clickLink(m['minSide.details']);
    expect(await basisStatements(v)).toEqual([
      'Grunnlag: en standard forbruksprofil og et standardforbruk på 16 000 kWh i året, ikke ditt eget forbruk.',
    ]);
    await v.goto('/min-side');
  });

  it('shows a newcomer without consumption a standard profile, never measured (English)', async () => {
    const { v, m } = await newcomerWalk(web, 2, 'en');
    const statements = await basisStatements(v);
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatch(
      /^Worked out from a standard household load profile and a standard consumption of 16,000 kWh a year: /,
    );
    expect(await v.mainText()).not.toMatch(/measured consumption/);
    await v.clickLink(m['minSide.details']);
    expect(await basisStatements(v)).toEqual([
      'Basis: a standard load profile and a standard consumption of 16,000 kWh a year, not your own consumption.',
    ]);
    await v.goto('/min-side');
  });

  const APRIL_AND_A_DAY = fixture('conformance', 'hourly', 'elhub_april.csv');

  it('shows April and one day of May as one month, May partial (Norwegian)', async () => {
    const { v, m } = await newcomerWalk(web, 3, 'nb', APRIL_AND_A_DAY);
    const [statement] = await basisStatements(v);
    expect(statement).toMatch(/^Regnet ut fra 744 timer med målt forbruk/);
    expect(statement).toContain('Vi har 1 måned med data.');
    expect(statement).toContain(
      'Mai 2026 er bare delvis med (1 av 31 dager) og regnes ikke som en måned med data.',
    );
    // The figures under the chart are folded away; a person opens them.
    await v.page.getByText(m['minSide.tableCaption']).first().click();
    expect(await readText(v.page.getByRole('row', { name: /mai 2026/ }))).toMatch(
      /^mai 2026 \(1 av 31 dager\)/,
    );
    expect(await v.page.locator('figure svg text', { hasText: '(1/31 d.)' }).allTextContents()).toEqual([
      expect.stringMatching(/^mai\.? 26 \(1\/31 d\.\)$/),
    ]);
  });

  it('shows April and one day of May as one month, May partial (English)', async () => {
    const { v, m } = await newcomerWalk(web, 4, 'en', APRIL_AND_A_DAY);
    const [statement] = await basisStatements(v);
    expect(statement).toMatch(/^Worked out from 744 hours of measured consumption/);
    expect(statement).toContain('We have 1 month of data.');
    expect(statement).toContain(
      'May 2026 is only partly covered (1 of 31 days) and does not count as a month of data.',
    );
    await v.page.getByText(m['minSide.tableCaption']).first().click();
    expect(await readText(v.page.getByRole('row', { name: /May 2026/ }))).toMatch(
      /^May 2026 \(1 of 31 days\)/,
    );
    expect(await v.page.locator('figure svg text', { hasText: '(1/31 d)' }).allTextContents()).toEqual([
      expect.stringMatching(/^May 26 \(1\/31 d\)$/),
    ]);
  });
});
