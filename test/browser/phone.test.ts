import { expect, it } from 'vitest';
import { DEMO_LOGIN } from '../../src/demo/demo-household.ts';
import { demoWithData } from '../app.ts';
import { describeBrowser } from './browser.ts';

/** What a chart shows on the screen: its box, and the box and text of every label in it. */
interface Drawn {
  readonly chart: string;
  readonly svg: { left: number; right: number; width: number };
  readonly texts: { text: string; left: number; right: number; top: number; bottom: number }[];
}

describeBrowser(import.meta.filename, 'the pages on a phone', (web) => {
  it('draws every chart legibly at 360 px: inside the screen, labels at a readable size, none on another', async () => {
    await demoWithData(web.t.app);
    const v = await web.visitor({ viewport: { width: 360, height: 800 } });
    await v.goto('/logg-inn');
    await v.fill('E-post', DEMO_LOGIN.email);
    await v.fill('Passord', DEMO_LOGIN.password);
    await v.press('Logg inn');
    await v.goto('/min-side');
    await v.clickLink('Se hvordan det er regnet ut');
    expect(v.path).toMatch(/^\/min-side\/malepunkt\/[0-9a-f-]{36}$/);

    const drawn: Drawn[] = await v.page.evaluate(() =>
      Array.from(document.querySelectorAll('figure.chart svg'))
        .filter((svg) => svg.getBoundingClientRect().width > 0)
        .map((svg) => {
          const box = svg.getBoundingClientRect();
          return {
            chart: svg.getAttribute('aria-label') ?? '',
            svg: { left: box.left, right: box.right, width: box.width },
            texts: Array.from(svg.querySelectorAll('text')).map((t) => {
              const r = t.getBoundingClientRect();
              return {
                text: t.textContent ?? '',
                left: r.left,
                right: r.right,
                top: r.top,
                bottom: r.bottom,
              };
            }),
          };
        }),
    );
    // The month chart, consumption by hour and by month, and the spot price against use.
    expect(drawn.length).toBe(4);
    const problems: string[] = [];
    for (const d of drawn) {
      if (d.svg.left < 0 || d.svg.right > 360)
        problems.push(`${d.chart}: past the screen (${d.svg.left}–${d.svg.right})`);
      for (const t of d.texts) {
        // A 12 px label drawn at 360 px stays at least 10 px tall; the wide drawing shrunk to fit was 6.
        if (t.bottom - t.top < 10) problems.push(`${d.chart}: "${t.text}" is ${t.bottom - t.top} px tall`);
        if (t.left < d.svg.left - 0.5 || t.right > d.svg.right + 0.5)
          problems.push(`${d.chart}: "${t.text}" runs out of the chart`);
      }
      // No label overlaps another.
      for (const [i, a] of d.texts.entries())
        for (const b of d.texts.slice(i + 1))
          if (
            a.left < b.right - 0.5 &&
            b.left < a.right - 0.5 &&
            a.top < b.bottom - 0.5 &&
            b.top < a.bottom - 0.5
          )
            problems.push(`${d.chart}: "${a.text}" overlaps "${b.text}"`);
    }
    expect(problems).toEqual([]);
    // Nothing on the page is wider than the phone.
    expect(await v.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  });
});
