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

/** Grouped bars, one group per label, in kroner. */
export const barChart = (options: {
  labels: readonly string[];
  series: readonly BarSeries[];
  title: string;
  unit: string;
  locale?: 'nb' | 'en';
  width?: number;
  height?: number;
}): string => {
  const numbers = new Intl.NumberFormat(options.locale === 'en' ? 'en-GB' : 'nb-NO', {
    maximumFractionDigits: 0,
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
      data: s.values.map((v) => Math.round(v)),
      itemStyle: { color: s.color },
    })),
  });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return styleToAttributes(svg).replace(
    '<svg ',
    `<svg role="img" aria-label="${options.title.replace(/[<>&"]/g, '')}" focusable="false" `,
  );
};
