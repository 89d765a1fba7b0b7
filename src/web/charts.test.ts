import { describe, expect, it } from 'vitest';
import { barChart, styleToAttributes } from './charts.ts';

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

  it('turns style declarations into SVG presentation attributes and drops the rest', () => {
    expect(
      styleToAttributes('<text style="font-size:12px;font-family:sans-serif;position:fixed">x</text>'),
    ).toBe('<text font-size="12px" font-family="sans-serif">x</text>');
  });
});
