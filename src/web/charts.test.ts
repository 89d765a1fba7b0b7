import { describe, expect, it } from 'vitest';
import { axisScale, barChart, barLineChart, inBothSizes, NARROW, textWidth, WIDE } from './charts.ts';
import { formatMonthAbbrev, formatShortMonth } from './i18n.ts';

/** Every bar drawn, as the series, category and height the markup gives it. */
const barsOf = (svg: string) =>
  [
    ...svg.matchAll(
      /<rect x="[^"]+" y="([^"]+)" width="[^"]+" height="([^"]+)" fill="([^"]+)" data-series="(\d+)" data-index="(\d+)">/g,
    ),
  ].map((m) => ({
    y: Number(m[1]),
    height: Number(m[2]),
    color: m[3],
    series: Number(m[4]),
    index: Number(m[5]),
  }));

const numbersIn = (svg: string) =>
  [...svg.matchAll(/\s(?:x|y|x1|x2|y1|y2|cx|cy|width|height|r)="([^"]*)"/g)].map((m) => Number(m[1]));

describe('server-drawn charts', () => {
  it('escapes labels, names and the title, and writes no style attribute', () => {
    const svg = barChart({
      labels: ['jan. 26', '<img src=x onerror=alert(1)>'],
      series: [{ name: 'A & B "quoted" <script>', values: [100, 200], color: '#123456' }],
      title: 'Cost per <month>',
      unit: 'kr',
    });
    expect(svg.startsWith('<svg role="img" aria-label="Cost per &lt;month&gt;" focusable="false"')).toBe(
      true,
    );
    expect(svg).not.toContain('<img');
    expect(svg).not.toContain('<script');
    expect(svg).not.toMatch(/\sstyle="/);
    expect(svg).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(svg).toContain('A &amp; B &quot;quoted&quot; &lt;script&gt;');
    expect(svg.endsWith('</svg>')).toBe(true);
  });

  it('draws one bar per value and series, taller for larger values, in the series colour', () => {
    const svg = barChart({
      labels: ['a', 'b', 'c'],
      series: [
        { name: 'now', values: [100, 300, 200], color: '#a4161a' },
        { name: 'best', values: [50, 150, 100], color: '#136c3a' },
      ],
      title: 't',
      unit: 'kr',
    });
    const drawn = barsOf(svg);
    expect(drawn.map((b) => [b.series, b.index])).toEqual([
      [0, 0],
      [0, 1],
      [0, 2],
      [1, 0],
      [1, 1],
      [1, 2],
    ]);
    expect(drawn.filter((b) => b.series === 0).every((b) => b.color === '#a4161a')).toBe(true);
    const h = drawn.map((b) => b.height);
    // Heights are proportional to the values (same axis for both series).
    expect(h[1] as number).toBeCloseTo((h[0] as number) * 3, 0);
    expect(h[3] as number).toBeCloseTo((h[0] as number) / 2, 0);
    // Each value's bar reads its figure in a tooltip.
    expect(svg).toContain('<title>b · now: 300\u00a0kr</title>');
    expect(numbersIn(svg).every(Number.isFinite)).toBe(true);
  });

  it('puts negative values below the zero line', () => {
    const svg = barChart({
      labels: ['a', 'b'],
      series: [{ name: 's', values: [-120, 300], color: '#136c3a' }],
      title: 't',
      unit: 'kr',
      locale: 'en',
    });
    const [neg, pos] = barsOf(svg);
    // The negative bar starts where the positive one ends: at zero.
    expect((neg?.y ?? 0) - ((pos?.y ?? 0) + (pos?.height ?? 0))).toBeCloseTo(0, 0);
    expect(svg).toContain('>-200</text>');
  });

  it('keeps the decimals asked for, so small values are not rounded to nothing', () => {
    const options = {
      labels: ['a', 'b'],
      series: [{ name: 's', values: [0.4, 3], color: '#123456' }],
      title: 't',
      unit: 'kWh',
    };
    expect(barsOf(barChart(options)).map((b) => b.index)).toEqual([1]);
    const kept = barsOf(barChart({ ...options, decimals: 2 }));
    expect(kept.map((b) => b.index)).toEqual([0, 1]);
    expect(kept[0]?.height).toBeGreaterThan(10);
  });

  it('draws bars and a line on axes of their own, leaving gaps empty', () => {
    const svg = barLineChart({
      labels: ['00', '01', '02', '03'],
      bars: {
        name: 'kWh <avg>',
        values: [1.234, null, 0.5, 0.7],
        color: '#0b5fad',
        unit: 'kWh',
        decimals: 2,
      },
      line: {
        name: 'Spot & price',
        values: [55.55, 61.04, null, 70],
        color: '#a4161a',
        unit: 'øre/kWh',
        decimals: 1,
      },
      title: 'Spot "and" use',
      locale: 'en',
    });
    expect(svg.startsWith('<svg role="img" aria-label="Spot &quot;and&quot; use"')).toBe(true);
    expect(svg).not.toMatch(/\sstyle="/);
    expect(svg).toContain('kWh &lt;avg&gt;');
    // Both units are named, one per axis.
    expect(svg).toContain('>kWh</text>');
    expect(svg).toContain('>øre/kWh</text>');
    expect(barsOf(svg).map((b) => b.index)).toEqual([0, 2, 3]);
    // The line is broken at the missing hour: two pieces, dots on the three known hours.
    const path = /<path d="([^"]+)" fill="none" stroke="#a4161a"/.exec(svg)?.[1] ?? '';
    expect(path.match(/M/g)?.length).toBe(2);
    expect(path.match(/L/g)?.length).toBe(1);
    expect([...svg.matchAll(/<circle [^>]*data-index="(\d)"/g)].map((m) => Number(m[1]))).toEqual([0, 1, 3]);
    expect(numbersIn(svg).every(Number.isFinite)).toBe(true);
  });

  it('shares the grid between the two axes', () => {
    const svg = barLineChart({
      labels: ['a', 'b'],
      bars: { name: 'b', values: [1.2, 0.3], color: '#000000', unit: 'kWh', decimals: 2 },
      line: { name: 'l', values: [87, 240], color: '#111111', unit: 'øre', decimals: 1 },
      title: 't',
    });
    const leftTicks = [...svg.matchAll(/<text x="56" y="([^"]+)" dy="0.32em" text-anchor="end"/g)].map(
      (m) => m[1],
    );
    const rightTicks = [...svg.matchAll(/<text x="664" y="([^"]+)" dy="0.32em" text-anchor="start"/g)].map(
      (m) => m[1],
    );
    expect(leftTicks.length).toBeGreaterThan(2);
    expect(rightTicks).toEqual(leftTicks);
  });

  it('draws something sensible from no data at all', () => {
    const svg = barChart({ labels: [], series: [], title: 'empty', unit: 'kr' });
    expect(barsOf(svg)).toEqual([]);
    expect(numbersIn(svg).every(Number.isFinite)).toBe(true);
  });
});

describe('axis scale', () => {
  it.each([
    [[0, 2460], 0, 2500, 500],
    [[0.2, 1.05], 0, 1.25, 0.25],
    [[-120, 300], -200, 300, 100],
    [[7], 0, 8, 2],
    [[], 0, 1, 0.2],
  ])('%j runs from %d to %d in steps of %d', (values, lo, hi, step) => {
    const s = axisScale(values);
    expect([s.lo, s.hi, s.step]).toEqual([lo, hi, step]);
    expect(s.ticks[0]).toBe(lo);
    expect(s.ticks[s.ticks.length - 1]).toBe(hi);
  });

  it('gives exactly the intervals asked for when a second axis must line up', () => {
    for (const values of [[87, 240], [0.01], [-35, 400], [1_000_000]]) {
      const s = axisScale(values, 5, true);
      expect(s.ticks).toHaveLength(6);
      expect(s.hi).toBeGreaterThanOrEqual(Math.max(...values));
      expect(s.lo).toBeLessThanOrEqual(Math.min(0, ...values));
    }
  });
});

describe('a chart on a phone', () => {
  /** Every text drawn: where it starts and ends across (by the same estimate the layout errs wide with), its line and its words. */
  const textsOf = (svg: string) =>
    [...svg.matchAll(/<text ([^>]*)>([^<]*)<\/text>/g)].map((m) => {
      const attr = (name: string) => new RegExp(`(?:^| )${name}="([^"]*)"`).exec(m[1] ?? '')?.[1];
      const x = Number(attr('x'));
      const text = (m[2] ?? '').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
      const w = textWidth(text, Number(attr('font-size')));
      const anchor = attr('text-anchor') ?? 'start';
      const from = anchor === 'end' ? x - w : anchor === 'middle' ? x - w / 2 : x;
      return { from, to: from + w, y: Number(attr('y')), text };
    });

  const months = [
    '2025-08',
    '2025-09',
    '2025-10',
    '2025-11',
    '2025-12',
    '2026-01',
    '2026-02',
    '2026-03',
    '2026-04',
    '2026-05',
    '2026-06',
    '2026-07',
    '2026-08',
  ];
  const offers = [
    'Vestkyst Kraft: Spotpris Pluss med fastbeløp og sertifikater (demo)',
    'Nordlys Energi: Fastpris 12 måneder (demo)',
    'Nordlys Energi: Fastpris 3 år (demo)',
    'Bygdekraft: Variabel pris (demo)',
  ];
  const draw = (width: number, locale: 'nb' | 'en' = 'nb') =>
    barChart({
      width,
      labels: months.map((m) => formatShortMonth(m, locale)),
      axisLabels: width < WIDE ? months.map((m) => formatMonthAbbrev(m, locale)) : undefined,
      series: offers.map((name, i) => ({
        name,
        values: months.map((_, j) => 1800 + 400 * i + 900 * Math.sin(j) + 12_000 * (j === 5 ? 1 : 0)),
        color: '#136c3a',
      })),
      title: 'Kostnad per måned',
      unit: 'kr',
      locale,
    });

  it.each(['nb', 'en'] as const)(
    'keeps every text inside the drawing, with fewer ticks and short month labels (%s)',
    (locale) => {
      const svg = draw(NARROW, locale);
      expect(svg).toContain(`width="${NARROW}"`);
      const texts = textsOf(svg);
      for (const t of texts) {
        expect(t.from, t.text).toBeGreaterThanOrEqual(0);
        expect(t.to, t.text).toBeLessThanOrEqual(NARROW);
      }
      // The value axis: at most five ticks on a phone, where the wide drawing has up to six.
      const ticks = [...svg.matchAll(/<line x1="[^"]+" x2="[^"]+" y1="([^"]+)"/g)];
      expect(ticks.length).toBeGreaterThanOrEqual(3);
      expect(ticks.length).toBeLessThanOrEqual(5);
      // Month labels: the month alone, and never touching their neighbour.
      const bottom = Math.max(...texts.map((t) => t.y));
      const axis = texts.filter((t) => t.y === bottom);
      expect(axis.length).toBeGreaterThanOrEqual(4);
      for (const t of axis) expect(t.text.length).toBeLessThanOrEqual(5);
      for (let i = 1; i < axis.length; i++)
        expect(axis[i]?.from ?? 0).toBeGreaterThan((axis[i - 1]?.to ?? 0) + 2);
      // The longest offer's name wraps onto a line of its own below, instead of running off the edge.
      expect(texts.filter((t) => t.text.startsWith('Vestkyst')).length).toBe(1);
      expect(texts.some((t) => t.text.endsWith('(demo)') && !t.text.includes(':'))).toBe(true);
    },
  );

  it("draws the hours and the spot price on their axes inside a phone's width too", () => {
    const hours = Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0'));
    const svg = barLineChart({
      width: NARROW,
      labels: hours,
      bars: {
        name: 'Gjennomsnittlig forbruk',
        values: hours.map((_, h) => 0.4 + h / 10),
        color: '#0b5fad',
        unit: 'kWh',
        decimals: 2,
      },
      line: {
        name: 'Gjennomsnittlig spotpris',
        values: hours.map((_, h) => 80 + h * 4),
        color: '#a4161a',
        unit: 'øre/kWh',
        decimals: 1,
      },
      title: 'Spotpris og forbruk',
    });
    const texts = textsOf(svg);
    for (const t of texts) {
      expect(t.from, t.text).toBeGreaterThanOrEqual(0);
      expect(t.to, t.text).toBeLessThanOrEqual(NARROW);
    }
    const bottom = Math.max(...texts.map((t) => t.y));
    const axis = texts.filter((t) => t.y === bottom);
    expect(axis.length).toBeLessThan(24);
    for (let i = 1; i < axis.length; i++)
      expect(axis[i]?.from ?? 0).toBeGreaterThan((axis[i - 1]?.to ?? 0) + 2);
  });

  it('draws both sizes of one chart', () => {
    const pair = inBothSizes((width) => draw(width));
    expect(pair.wide).toContain(`width="${WIDE}"`);
    expect(pair.narrow).toContain(`width="${NARROW}"`);
  });
});
