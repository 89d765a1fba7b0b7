import { describe, expect, it } from 'vitest';
import { barChart, barLineChart, styleToAttributes } from './charts.ts';

describe('server-drawn charts', () => {
  it('escapes labels, carries an accessible name and no style attributes', () => {
    const svg = barChart({
      labels: ['jan. 26', '<img src=x onerror=alert(1)>'],
      series: [{ name: 'A & B "quoted" <script>', values: [100, 200], color: '#123456' }],
      title: 'Cost per <month>',
      unit: 'kr',
    });
    expect(svg.startsWith('<svg role="img" aria-label="Cost per month"')).toBe(true);
    expect(svg).not.toContain('<img');
    expect(svg).not.toContain('<script');
    expect(svg).not.toMatch(/\sstyle="/);
    expect(svg).toContain('&lt;img');
  });

  it('draws bars and a line on axes of their own, keeping decimals and leaving gaps empty', () => {
    const svg = barLineChart({
      labels: ['00', '01', '02'],
      bars: { name: 'kWh <avg>', values: [1.234, null, 0.5], color: '#0b5fad', unit: 'kWh', decimals: 2 },
      line: {
        name: 'Spot & price',
        values: [55.55, 61.04, null],
        color: '#a4161a',
        unit: 'øre/kWh',
        decimals: 1,
      },
      title: 'Spot "and" use',
      locale: 'en',
    });
    expect(svg.startsWith('<svg role="img" aria-label="Spot and use"')).toBe(true);
    expect(svg).not.toMatch(/\sstyle="/);
    expect(svg).not.toContain('<avg>');
    expect(svg).toContain('kWh &lt;avg&gt;');
    // Both units are named, one per axis.
    expect(svg).toContain('>kWh</text>');
    expect(svg).toContain('>øre/kWh</text>');
    // Bars for the first and third hour (the gap draws none); the line's data points skip the gap too.
    const drawn = (color: string) =>
      [
        ...svg.matchAll(
          new RegExp(
            `fill="${color}" ecmeta_series_index="\\d" ecmeta_data_index="(\\d)" ecmeta_ssr_type="chart"`,
            'g',
          ),
        ),
      ].map((m) => Number(m[1]));
    expect(drawn('#0b5fad')).toEqual([0, 2]);
    expect(drawn('#a4161a')).toEqual([0, 1]);
    expect(svg).toMatch(/<path [^>]*fill="none"[^>]*stroke="#a4161a"/);
  });

  it('keeps the decimals asked for, so small values are not rounded to nothing', () => {
    const whole = barChart({
      labels: ['a'],
      series: [{ name: 's', values: [0.4], color: '#123456' }],
      title: 't',
      unit: 'kWh',
    });
    const kept = barChart({
      labels: ['a'],
      series: [{ name: 's', values: [0.4], color: '#123456' }],
      title: 't',
      unit: 'kWh',
      decimals: 2,
    });
    // The bar of 0.4 kWh: no height when rounded to whole numbers, a real one with two decimals.
    const bar = (svg: string) => /<path d="M\S+ \S+l\S+ 0l0 (\S+)l\S+ 0Z" fill="#123456"/.exec(svg)?.[1];
    expect(bar(whole)).toBe('0');
    expect(Number(bar(kept))).toBeLessThan(-100);
  });

  it('turns style declarations into SVG presentation attributes and drops the rest', () => {
    expect(
      styleToAttributes('<text style="font-size:12px;font-family:sans-serif;position:fixed">x</text>'),
    ).toBe('<text font-size="12px" font-family="sans-serif">x</text>');
  });
});
