import type { ComponentChildren } from 'preact';
import type { ChartPair } from './charts.ts';
import { TableWrap } from './layout.tsx';

/**
 * A chart drawn on the server, with its numbers in a table under a disclosure for anyone
 * who cannot see it (the SVG is an image to assistive technology).
 */
export const ChartFigure = ({
  caption,
  svg,
  chart,
  tableLabel,
  children,
}: {
  caption: string;
  /**
   * From charts.ts, drawn for a wide screen and for a phone: numbers and escaped text only
   * (charts.test.ts checks). The style shows one of the two; the other is display: none,
   * which also keeps it from assistive technology.
   */
  svg: ChartPair;
  /** Names the figure for tests and styles. */
  chart?: string;
  /** The disclosure's summary and the table box's name; without it the table is not wrapped. */
  tableLabel?: string;
  children?: ComponentChildren;
}) => (
  <figure class="chart" data-chart={chart}>
    <figcaption>{caption}</figcaption>
    <div class="chart-wide" dangerouslySetInnerHTML={{ __html: svg.wide }} />
    <div class="chart-narrow" dangerouslySetInnerHTML={{ __html: svg.narrow }} />
    {tableLabel && children ? (
      <details>
        <summary>{tableLabel}</summary>
        <TableWrap label={tableLabel}>{children}</TableWrap>
      </details>
    ) : null}
  </figure>
);

/** One row: what it is about (a header cell), then its figures. */
export type FigureRow = readonly [ComponentChildren, ...ComponentChildren[]];

/**
 * A table whose first column names each row and whose other columns are figures, aligned
 * on the right so digits line up.
 */
export const FigureTable = ({
  head,
  rows,
  name,
  caption,
  rowId,
}: {
  head: readonly [string, ...string[]];
  rows: readonly FigureRow[];
  /** data-table, for tests. */
  name?: string;
  caption?: string;
  rowId?: (index: number) => string | undefined;
}) => (
  <table data-table={name}>
    {caption ? <caption>{caption}</caption> : null}
    <thead>
      <tr>
        {head.map((h, i) => (
          <th scope="col" class={i > 0 ? 'num' : undefined}>
            {h}
          </th>
        ))}
      </tr>
    </thead>
    <tbody>
      {rows.map(([label, ...cells], i) => (
        <tr id={rowId?.(i)}>
          <th scope="row">{label}</th>
          {cells.map((c) => (
            <td class="num">{c}</td>
          ))}
        </tr>
      ))}
    </tbody>
  </table>
);
