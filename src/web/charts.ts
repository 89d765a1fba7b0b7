import { escapeMarkup } from '../platform/escape.ts';
import { formatNumber, type Locale } from './i18n.ts';

/**
 * Charts are drawn on the server as SVG: no script reaches the browser, and the numbers
 * beside each chart are in a table for anyone who cannot see it. The charts are grouped
 * bars and one bar-and-line pair, so they are drawn here directly: a general charting
 * library spent 5–8 ms a chart on layout and took a page's first view past its 50 ms
 * budget; this takes well under one. Nothing here writes a `style` attribute, which the
 * Content-Security-Policy would refuse; text is escaped and every coordinate is a finite
 * number.
 */

export interface BarSeries {
  readonly name: string;
  readonly values: readonly number[];
  readonly color: string;
}

export interface AxisSeries {
  readonly name: string;
  /** null where there is no value: drawn as a gap, never as zero. */
  readonly values: readonly (number | null)[];
  readonly color: string;
  readonly unit: string;
  readonly decimals: number;
}

const FONT = 'system-ui, sans-serif';
const INK = '#1b2430';
const MUTED = '#4a5563';
const GRID = '#dde3ea';
const AXIS = '#6b7785';
const LEGEND_LINE = 20;
const LEGEND_WRAP_LINE = 16;
const LEGEND_SIZE = 13;
const LABEL_SIZE = 12;

/**
 * The two sizes a chart is drawn in. The page shows the wide one, and on a narrow screen
 * (a phone held upright, 360 px) the narrow one instead, drawn for that width: scaling the
 * wide drawing down would shrink its 12 px labels to 6. The narrow one has fewer ticks,
 * the short labels the caller gives, and a legend that wraps.
 */
export const WIDE = 720;
export const NARROW = 320;

/**
 * How wide a text is likely to be, in px: an average glyph of a sans-serif face is about
 * half its size; 0.6 errs wide, so what is laid out by it does not touch.
 */
/** A chart drawn for both widths; the page's style shows the one that fits. */
export interface ChartPair {
  readonly wide: string;
  readonly narrow: string;
}

export const inBothSizes = (draw: (width: number) => string): ChartPair => ({
  wide: draw(WIDE),
  narrow: draw(NARROW),
});

export const textWidth = (text: string, size: number): number => [...text].length * size * 0.6;

/** A coordinate to one decimal: enough for a screen, and keeps the markup short. */
const px = (v: number): string => {
  const r = Math.round(v * 10) / 10;
  return Number.isFinite(r) ? String(r) : '0';
};

const round = (v: number, decimals: number): number => {
  const f = 10 ** decimals;
  return Math.round(v * f) / f;
};

export interface AxisScale {
  readonly lo: number;
  readonly hi: number;
  readonly step: number;
  /** Decimals the tick labels need to tell the ticks apart. */
  readonly decimals: number;
  readonly ticks: readonly number[];
}

const NICE = [1, 2, 2.5, 5, 10];

const niceSteps = function* (atLeast: number): Generator<number> {
  let magnitude = 10 ** Math.floor(Math.log10(atLeast));
  for (;;) {
    for (const f of NICE) if (f * magnitude >= atLeast * (1 - 1e-9)) yield f * magnitude;
    magnitude *= 10;
  }
};

/**
 * An axis from zero (or below, for negative values) to past the largest value, in about
 * `intervals` steps of 1, 2, 2.5 or 5 times a power of ten. With `intervals` fixed (the
 * second axis of a pair), exactly that many, so both axes share their grid lines.
 */
export const axisScale = (values: readonly number[], intervals = 5, exact = false): AxisScale => {
  const finite = values.filter(Number.isFinite);
  const min = Math.min(0, ...finite);
  let max = Math.max(0, ...finite);
  if (max === min) max = min + 1;
  for (const step of niceSteps((max - min) / intervals)) {
    const lo = Math.floor(min / step + 1e-9) * step;
    const count = Math.max(1, Math.ceil((max - lo) / step - 1e-9));
    if (exact && count > intervals) continue;
    const n = exact ? intervals : count;
    const decimals = decimalsOf(step);
    const ticks = Array.from({ length: n + 1 }, (_, i) => round(lo + i * step, decimals));
    return { lo: ticks[0] ?? lo, hi: ticks[n] ?? lo + n * step, step, decimals, ticks };
  }
  throw new Error('unreachable');
};

/** Decimals needed to write a nice step exactly: 0.25 needs 2, 50 needs none. */
const decimalsOf = (step: number): number => {
  for (let d = 0; d < 12; d++) if (Math.abs(round(step, d) - step) < step * 1e-9) return d;
  return 12;
};

interface Frame {
  readonly width: number;
  readonly height: number;
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

const plotWidth = (f: Frame) => f.width - f.left - f.right;
const plotHeight = (f: Frame) => f.height - f.top - f.bottom;

const yOf = (f: Frame, s: AxisScale, v: number): number =>
  f.top + plotHeight(f) * (1 - (v - s.lo) / (s.hi - s.lo));

const open = (f: Frame, title: string): string =>
  `<svg role="img" aria-label="${escapeMarkup(title)}" focusable="false" xmlns="http://www.w3.org/2000/svg" ` +
  `width="${f.width}" height="${f.height}" viewBox="0 0 ${f.width} ${f.height}" ` +
  `font-family="${FONT}" fill="${INK}">`;

/** Grid lines and tick labels of the left axis, with its unit above it. */
const leftAxis = (f: Frame, s: AxisScale, unit: string, locale: Locale): string => {
  const parts = [
    `<text x="${px(f.left - 8)}" y="${px(f.top - 12)}" text-anchor="end" font-size="${LABEL_SIZE}" fill="${MUTED}">${escapeMarkup(unit)}</text>`,
  ];
  for (const tick of s.ticks) {
    const y = px(yOf(f, s, tick));
    parts.push(
      `<line x1="${f.left}" x2="${f.width - f.right}" y1="${y}" y2="${y}" stroke="${tick === 0 ? AXIS : GRID}" stroke-width="1"/>`,
      `<text x="${px(f.left - 8)}" y="${y}" dy="0.32em" text-anchor="end" font-size="${LABEL_SIZE}" fill="${MUTED}">${formatNumber(tick, locale, s.decimals)}</text>`,
    );
  }
  return parts.join('');
};

/** Tick labels of the right axis (the grid is the left axis's), with its unit above it. */
const rightAxis = (f: Frame, s: AxisScale, unit: string, locale: Locale): string => {
  const x = px(f.width - f.right + 8);
  const parts = [
    `<text x="${x}" y="${px(f.top - 12)}" text-anchor="start" font-size="${LABEL_SIZE}" fill="${MUTED}">${escapeMarkup(unit)}</text>`,
  ];
  for (const tick of s.ticks) {
    parts.push(
      `<text x="${x}" y="${px(yOf(f, s, tick))}" dy="0.32em" text-anchor="start" font-size="${LABEL_SIZE}" fill="${MUTED}">${formatNumber(tick, locale, s.decimals)}</text>`,
    );
  }
  return parts.join('');
};

/** Category labels under the plot; every k-th when they would not fit side by side. */
const categoryAxis = (f: Frame, labels: readonly string[]): string => {
  const band = plotWidth(f) / Math.max(1, labels.length);
  const widest = Math.max(LABEL_SIZE, ...labels.map((l) => textWidth(l, LABEL_SIZE))) + 6;
  const every = Math.max(1, Math.ceil(widest / band));
  const y = px(f.height - f.bottom + 18);
  return labels
    .map((label, i) =>
      i % every === 0
        ? `<text x="${px(f.left + band * (i + 0.5))}" y="${y}" text-anchor="middle" font-size="${LABEL_SIZE}" fill="${MUTED}">${escapeMarkup(label)}</text>`
        : '',
    )
    .join('');
};

type LegendEntry = { readonly name: string; readonly color: string; readonly mark: 'bar' | 'line' };

/** A name in lines that fit `width`, broken between words (a word longer than a line stands alone). */
const wrap = (text: string, width: number): string[] => {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (line && textWidth(next, LEGEND_SIZE) > width) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines.length > 0 ? lines : [''];
};

interface Legend {
  readonly svg: string;
  readonly height: number;
}

/**
 * One entry a line: names are long (a supplier and a product) and never overlap this way.
 * A name wider than the chart goes on in a line below, under its own text.
 */
const legend = (entries: readonly LegendEntry[], width: number): Legend => {
  let y = 6;
  const parts = entries.map((e) => {
    const mark =
      e.mark === 'bar'
        ? `<rect x="8" y="${y + 3}" width="14" height="10" fill="${escapeMarkup(e.color)}"/>`
        : `<line x1="6" x2="24" y1="${y + 8}" y2="${y + 8}" stroke="${escapeMarkup(e.color)}" stroke-width="2"/><circle cx="15" cy="${y + 8}" r="3" fill="${escapeMarkup(e.color)}"/>`;
    const lines = wrap(e.name, width - 30 - 4);
    const text = lines
      .map(
        (l, i) =>
          `<text x="30" y="${y + 8 + i * LEGEND_WRAP_LINE}" dy="0.32em" font-size="${LEGEND_SIZE}">${escapeMarkup(l)}</text>`,
      )
      .join('');
    y += LEGEND_LINE + (lines.length - 1) * LEGEND_WRAP_LINE;
    return mark + text;
  });
  return { svg: parts.join(''), height: y - 6 };
};

/** Half the widest category label, in px. */
const halfLabel = (labels: readonly string[]): number =>
  Math.ceil(Math.max(0, ...labels.map((l) => textWidth(l, LABEL_SIZE))) / 2);

/** Room for an axis's unit, written above its tick labels. */
const unitRoom = (unit: string): number => Math.ceil(textWidth(unit, LABEL_SIZE) + 12);

/** Room for the widest tick label beside the plot, and the gap to it. */
const axisRoom = (s: AxisScale, locale: Locale): number =>
  Math.ceil(Math.max(...s.ticks.map((t) => textWidth(formatNumber(t, locale, s.decimals), LABEL_SIZE))) + 12);

/** Bars of several series side by side in each category's band; a gap where a value is missing. */
const bars = (
  f: Frame,
  s: AxisScale,
  labels: readonly string[],
  series: readonly {
    name: string;
    color: string;
    values: readonly (number | null)[];
    decimals: number;
    unit: string;
  }[],
  locale: Locale,
): string => {
  const band = plotWidth(f) / Math.max(1, labels.length);
  const group = band * 0.72;
  const barWidth = group / Math.max(1, series.length);
  const zero = yOf(f, s, Math.min(Math.max(0, s.lo), s.hi));
  const out: string[] = [];
  series.forEach((ser, si) => {
    ser.values.forEach((raw, i) => {
      if (raw === null || !Number.isFinite(raw)) return;
      const v = round(raw, ser.decimals);
      const y = yOf(f, s, v);
      const height = Math.abs(zero - y);
      if (height < 0.05) return;
      const x = f.left + band * i + (band - group) / 2 + barWidth * si;
      out.push(
        `<rect x="${px(x + 0.5)}" y="${px(Math.min(y, zero))}" width="${px(Math.max(0.5, barWidth - 1))}" height="${px(height)}" fill="${escapeMarkup(ser.color)}" data-series="${si}" data-index="${i}">` +
          `<title>${escapeMarkup(`${labels[i] ?? ''} · ${ser.name}: ${formatNumber(v, locale, ser.decimals)}\u00a0${ser.unit}`)}</title></rect>`,
      );
    });
  });
  return out.join('');
};

/** A line through the known values, broken where one is missing, with a dot on each. */
const line = (f: Frame, s: AxisScale, labels: readonly string[], ser: AxisSeries, locale: Locale): string => {
  const band = plotWidth(f) / Math.max(1, labels.length);
  let d = '';
  let drawing = false;
  const dots: string[] = [];
  ser.values.forEach((raw, i) => {
    if (raw === null || !Number.isFinite(raw)) {
      drawing = false;
      return;
    }
    const v = round(raw, ser.decimals);
    const x = px(f.left + band * (i + 0.5));
    const y = px(yOf(f, s, v));
    d += `${drawing ? 'L' : 'M'}${x} ${y}`;
    drawing = true;
    dots.push(
      `<circle cx="${x}" cy="${y}" r="2.5" fill="${escapeMarkup(ser.color)}" data-index="${i}"><title>${escapeMarkup(`${labels[i] ?? ''} · ${ser.name}: ${formatNumber(v, locale, ser.decimals)}\u00a0${ser.unit}`)}</title></circle>`,
    );
  });
  const path = d
    ? `<path d="${d}" fill="none" stroke="${escapeMarkup(ser.color)}" stroke-width="2" stroke-linejoin="round"/>`
    : '';
  return path + dots.join('');
};

/**
 * Grouped bars, one group per label; `decimals` is what the drawn values keep (kroner are
 * whole, kWh per hour are not). `axisLabels` are shorter labels for under the plot (the
 * tooltips keep `labels`); `width` NARROW draws for a phone.
 */
export const barChart = (options: {
  labels: readonly string[];
  axisLabels?: readonly string[];
  series: readonly BarSeries[];
  title: string;
  unit: string;
  locale?: Locale;
  width?: number;
  height?: number;
  decimals?: number;
}): string => {
  const locale = options.locale ?? 'nb';
  const decimals = options.decimals ?? 0;
  const width = options.width ?? WIDE;
  const narrow = width < WIDE;
  const key = legend(
    options.series.map((s) => ({ name: s.name, color: s.color, mark: 'bar' })),
    width,
  );
  // A narrow plot has room for about four intervals between its grid lines, a wide one five.
  const scale = axisScale(
    options.series.flatMap((s) => s.values.map((v) => round(v, decimals))),
    narrow ? 4 : 5,
  );
  const f: Frame = {
    width,
    height: (options.height ?? 300) + key.height,
    left: narrow ? Math.max(axisRoom(scale, locale), unitRoom(options.unit)) : 64,
    // The last label is centred on the last bar: half of it may stand past the plot.
    right: narrow ? Math.max(8, halfLabel(options.axisLabels ?? options.labels)) : 16,
    top: key.height + 30,
    bottom: 32,
  };
  return (
    open(f, options.title) +
    key.svg +
    leftAxis(f, scale, options.unit, locale) +
    bars(
      f,
      scale,
      options.labels,
      options.series.map((s) => ({ ...s, decimals, unit: options.unit })),
      locale,
    ) +
    categoryAxis(f, options.axisLabels ?? options.labels) +
    '</svg>'
  );
};

/**
 * Two quantities over the same labels, each on an axis of its own: bars on the left (such
 * as kWh), a line on the right (such as a price), so the shape of one can be read against
 * the other without pretending they share a unit.
 */
export const barLineChart = (options: {
  labels: readonly string[];
  axisLabels?: readonly string[];
  bars: AxisSeries;
  line: AxisSeries;
  title: string;
  locale?: Locale;
  width?: number;
  height?: number;
}): string => {
  const locale = options.locale ?? 'nb';
  const width = options.width ?? WIDE;
  const narrow = width < WIDE;
  const key = legend(
    [
      { name: options.bars.name, color: options.bars.color, mark: 'bar' },
      { name: options.line.name, color: options.line.color, mark: 'line' },
    ],
    width,
  );
  const known = (s: AxisSeries) =>
    s.values.flatMap((v) => (v === null || !Number.isFinite(v) ? [] : [round(v, s.decimals)]));
  const left = axisScale(known(options.bars), narrow ? 4 : 5);
  const right = axisScale(known(options.line), left.ticks.length - 1, true);
  const f: Frame = {
    width,
    height: (options.height ?? 300) + key.height,
    left: narrow ? Math.max(axisRoom(left, locale), unitRoom(options.bars.unit)) : 64,
    right: narrow ? Math.max(axisRoom(right, locale), unitRoom(options.line.unit)) : 64,
    top: key.height + 30,
    bottom: 32,
  };
  return (
    open(f, options.title) +
    key.svg +
    leftAxis(f, left, options.bars.unit, locale) +
    rightAxis(f, right, options.line.unit, locale) +
    bars(f, left, options.labels, [options.bars], locale) +
    line(f, right, options.labels, options.line, locale) +
    categoryAxis(f, options.axisLabels ?? options.labels) +
    '</svg>'
  );
};
