import * as echarts from 'echarts';

/**
 * Charts are drawn on the server as SVG (no script reaches the browser). ECharts writes
 * text styles as `style` attributes, which a strict Content-Security-Policy refuses; they
 * are rewritten as the equivalent SVG presentation attributes.
 */
const PRESENTATION = new Set([
  'font-size',
  'font-family',
  'font-weight',
  'font-style',
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'opacity',
  'text-anchor',
  'dominant-baseline',
]);

export const styleToAttributes = (svg: string): string =>
  svg.replace(/\sstyle="([^"]*)"/g, (_m, css: string) =>
    css
      .split(';')
      .map((decl) => decl.split(':').map((s) => s.trim()))
      .filter(([prop, value]) => prop && value && PRESENTATION.has(prop))
      .map(([prop, value]) => ` ${prop}="${value}"`)
      .join(''),
  );

export interface BarSeries {
  readonly name: string;
  readonly values: readonly number[];
  readonly color: string;
}

/**
 * Drawing a chart costs ECharts about ten milliseconds; the same numbers give the same SVG,
 * so the last few hundred are kept. They hold a household's figures, in this process's
 * memory only, and a changed figure is a different key.
 */
const CACHE_SIZE = 256;
const drawn = new Map<string, string>();
const memo =
  <O>(kind: string, draw: (options: O) => string) =>
  (options: O): string => {
    const key = `${kind}:${JSON.stringify(options)}`;
    const hit = drawn.get(key);
    if (hit !== undefined) {
      drawn.delete(key);
      drawn.set(key, hit);
      return hit;
    }
    const svg = draw(options);
    drawn.set(key, svg);
    if (drawn.size > CACHE_SIZE) drawn.delete(drawn.keys().next().value as string);
    return svg;
  };

/** Grouped bars, one group per label, in kroner. */
const drawBarChart = (options: {
  labels: readonly string[];
  series: readonly BarSeries[];
  title: string;
  unit: string;
  locale?: 'nb' | 'en';
  width?: number;
  height?: number;
  /** Decimals kept in the drawn values (kroner are whole; kWh per hour are not). */
  decimals?: number;
}): string => {
  const decimals = options.decimals ?? 0;
  const numbers = new Intl.NumberFormat(options.locale === 'en' ? 'en-GB' : 'nb-NO', {
    maximumFractionDigits: decimals,
  });
  // Without a canvas, ECharts can only estimate text widths; one legend entry per line never overlaps.
  const legendHeight = 20 * options.series.length;
  const chart = echarts.init(null, null, {
    renderer: 'svg',
    ssr: true,
    width: options.width ?? 720,
    height: (options.height ?? 300) + 20 * options.series.length,
  });
  chart.setOption({
    animation: false,
    aria: { enabled: false },
    textStyle: { fontFamily: 'system-ui, sans-serif', color: '#1b2430' },
    grid: { left: 64, right: 16, top: legendHeight + 30, bottom: 32 },
    legend: { top: 4, left: 8, orient: 'vertical', itemGap: 6, textStyle: { fontSize: 13 } },
    xAxis: { type: 'category', data: [...options.labels], axisLabel: { fontSize: 12 } },
    yAxis: {
      type: 'value',
      name: options.unit,
      axisLabel: { fontSize: 12, formatter: (v: number) => numbers.format(v) },
    },
    series: options.series.map((s) => ({
      name: s.name,
      type: 'bar',
      data: s.values.map((v) => round(v, decimals)),
      itemStyle: { color: s.color },
    })),
  });
  return finish(chart, options.title);
};

const round = (v: number, decimals: number): number => {
  const f = 10 ** decimals;
  return Math.round(v * f) / f;
};

/** The SVG with its accessible name, and no style attribute left for the CSP to refuse. */
const finish = (chart: echarts.ECharts, title: string): string => {
  const svg = chart.renderToSVGString();
  chart.dispose();
  return styleToAttributes(svg).replace(
    '<svg ',
    `<svg role="img" aria-label="${title.replace(/[<>&"]/g, '')}" focusable="false" `,
  );
};

export interface AxisSeries {
  readonly name: string;
  /** null where there is no value: drawn as a gap, never as zero. */
  readonly values: readonly (number | null)[];
  readonly color: string;
  readonly unit: string;
  readonly decimals: number;
}

/**
 * Two quantities over the same labels, each on an axis of its own: bars on the left (such
 * as kWh), a line on the right (such as a price), so the shape of one can be read against
 * the other without pretending they share a unit.
 */
const drawBarLineChart = (options: {
  labels: readonly string[];
  bars: AxisSeries;
  line: AxisSeries;
  title: string;
  locale?: 'nb' | 'en';
  width?: number;
  height?: number;
}): string => {
  const formatter = (decimals: number) => {
    const f = new Intl.NumberFormat(options.locale === 'en' ? 'en-GB' : 'nb-NO', {
      maximumFractionDigits: decimals,
    });
    return (v: number) => f.format(v);
  };
  const chart = echarts.init(null, null, {
    renderer: 'svg',
    ssr: true,
    width: options.width ?? 720,
    height: (options.height ?? 300) + 40,
  });
  const axis = (s: AxisSeries, position: 'left' | 'right') => ({
    type: 'value',
    name: s.unit,
    position,
    splitLine: { show: position === 'left' },
    axisLabel: { fontSize: 12, formatter: formatter(s.decimals) },
  });
  chart.setOption({
    animation: false,
    aria: { enabled: false },
    textStyle: { fontFamily: 'system-ui, sans-serif', color: '#1b2430' },
    grid: { left: 64, right: 64, top: 70, bottom: 32 },
    legend: { top: 4, left: 8, orient: 'vertical', itemGap: 6, textStyle: { fontSize: 13 } },
    xAxis: { type: 'category', data: [...options.labels], axisLabel: { fontSize: 12 } },
    yAxis: [axis(options.bars, 'left'), axis(options.line, 'right')],
    series: [
      {
        name: options.bars.name,
        type: 'bar',
        yAxisIndex: 0,
        data: options.bars.values.map((v) => (v === null ? '-' : round(v, options.bars.decimals))),
        itemStyle: { color: options.bars.color },
      },
      {
        name: options.line.name,
        type: 'line',
        yAxisIndex: 1,
        symbol: 'circle',
        symbolSize: 5,
        data: options.line.values.map((v) => (v === null ? '-' : round(v, options.line.decimals))),
        itemStyle: { color: options.line.color },
        lineStyle: { color: options.line.color, width: 2 },
      },
    ],
  });
  return finish(chart, options.title);
};

export const barChart = memo('bar', drawBarChart);
export const barLineChart = memo('bar-line', drawBarLineChart);
