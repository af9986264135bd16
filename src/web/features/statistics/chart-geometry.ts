import { line, stack } from 'd3-shape';

/**
 * The geometry of the reports' month-by-month charts, in SVG pixels: where the months and the
 * counts go, lines that break where a count is withheld, bars stacked from the published counts.
 * Pure functions, so what a chart draws can be checked without a browser. d3-shape writes the
 * lines and stacks the bars; the components draw the SVG themselves.
 */

/** The plot area inside an SVG: months from `left` to `right`, counts from `bottom` (zero) up to `top`. */
export interface Frame {
  readonly width: number;
  readonly height: number;
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
  /** Right to left: the first month at the right, the value axis at the right too. */
  readonly rtl: boolean;
}

/** Room around the plot: `start` holds the value axis's labels (left, or right in RTL), `below` the months'. */
export interface Margins {
  readonly start: number;
  readonly end: number;
  readonly top: number;
  readonly below: number;
}

export function frameOf(width: number, height: number, margins: Margins, rtl: boolean): Frame {
  const [leftMargin, rightMargin] = rtl ? [margins.end, margins.start] : [margins.start, margins.end];
  return {
    width,
    height,
    left: leftMargin,
    right: Math.max(leftMargin + 1, width - rightMargin),
    top: margins.top,
    bottom: Math.max(margins.top + 1, height - margins.below),
    rtl,
  };
}

/** The width of one month's band. */
export function bandOf(frame: Frame, months: number): number {
  return (frame.right - frame.left) / Math.max(1, months);
}

/** The middle of a month's band: the first month at the start edge (the left, or the right in RTL). */
export function monthX(frame: Frame, months: number, index: number): number {
  const offset = (index + 0.5) * bandOf(frame, months);
  return frame.rtl ? frame.right - offset : frame.left + offset;
}

/**
 * Which months get a label when there is no room for all: every n-th, counted back from the latest
 * (so the latest month is always named), n as small as lets `labelWidth` fit in n bands.
 */
export function labelledMonths(months: number, band: number, labelWidth: number): number[] {
  const step = Math.max(1, Math.ceil(labelWidth / Math.max(band, 1)));
  const chosen: number[] = [];
  for (let index = months - 1; index >= 0; index -= step) chosen.unshift(index);
  return chosen;
}

/** The value axis: from zero to a round number at or above `largest`, with whole-number steps. */
export interface ValueAxis {
  readonly top: number;
  readonly ticks: readonly number[];
}

/**
 * Steps of 1, 2 or 5 times a power of ten, the one closest (on a log scale) to `tickCount` steps up
 * to `largest`, and the first of them at or above `largest` as the top. Counts are whole numbers, so
 * a step is at least 1: an axis of 0, 0.5, 1 would suggest half a person. `endsOnly`: only zero and
 * the top are marked (a small multiple has no room for more).
 */
export function valueAxis(largest: number, tickCount: number, endsOnly = false): ValueAxis {
  if (largest <= 0) return { top: 1, ticks: [0, 1] };
  const rough = largest / Math.max(1, tickCount);
  const power = 10 ** Math.floor(Math.log10(rough));
  const ratio = rough / power;
  // Between 1 and 2 the geometric middle is √2, between 2 and 5 √10, between 5 and 10 √50.
  const multiple = ratio >= Math.sqrt(50) ? 10 : ratio >= Math.sqrt(10) ? 5 : ratio >= Math.SQRT2 ? 2 : 1;
  const step = Math.max(1, multiple * power);
  const top = Math.ceil(largest / step) * step;
  const steps = Array.from({ length: top / step + 1 }, (_, index) => index * step);
  return { top, ticks: endsOnly ? [0, top] : steps };
}

export function valueY(frame: Frame, axis: ValueAxis, value: number): number {
  return frame.bottom - (value / axis.top) * (frame.bottom - frame.top);
}

/** A series' line through its published counts, broken wherever a count is withheld (null): never drawn as 0. */
export function linePath(
  values: readonly (number | null)[],
  x: (index: number) => number,
  y: (value: number) => number,
): string {
  const path = line<number | null>()
    .defined((value) => value !== null)
    .x((_, index) => x(index))
    .y((value) => y(value!));
  return path([...values]) ?? '';
}

/** The largest of the published counts (0 when none is). */
export function largestOf(values: Iterable<number | null>): number {
  let largest = 0;
  for (const value of values) if (value !== null && value > largest) largest = value;
  return largest;
}

/**
 * The rows a chart of many lines draws: the `limit` with the largest totals, largest first (a
 * withheld total counts as smaller than any published one; equal ones keep the table's order).
 */
export function largestRows<Row extends { readonly total: number | null }>(rows: readonly Row[], limit: number): Row[] {
  return rows
    .map((row, index) => ({ row, index }))
    .sort((a, b) => (b.row.total ?? -1) - (a.row.total ?? -1) || a.index - b.index)
    .slice(0, limit)
    .map(({ row }) => row);
}

/** A part of a month's bar: a row's count, or the withheld rest of the month's total. */
export interface Segment {
  /** The row's key, or WITHHELD for the sum of the month's withheld counts. */
  readonly key: string;
  readonly from: number;
  readonly to: number;
}

export const WITHHELD = 'withheld';

interface StackRow {
  readonly key: string;
  readonly months: readonly (number | null)[];
}

/**
 * Each month's bar for a table whose rows add up to its total (a distribution: visits by length,
 * members by days active). The published counts are stacked in the rows' order from zero; what the
 * withheld ones add up to (the total less the published, which the table shows anyway) sits on top,
 * hatched, so the bar is as tall as the month's total. A month whose total is withheld has no bar
 * (null): its height is not known, and 0 would be false.
 */
export function stackedMonths(
  rows: readonly StackRow[],
  totals: readonly (number | null)[],
): (readonly Segment[] | null)[] {
  const monthTotals = totals.map((total, month) => {
    if (total !== null) return total;
    // A withheld total whose every row is published is their sum (it does not happen, but it is not unknown).
    const counts = rows.map((row) => row.months[month] ?? null);
    return counts.every((count) => count !== null) ? counts.reduce<number>((sum, count) => sum + count!, 0) : null;
  });
  const published = (month: number) => rows.reduce((sum, row) => sum + (row.months[month] ?? 0), 0);
  const layers = stack<number, string>()
    .keys([...rows.map((row) => row.key), WITHHELD])
    .value((month, key) => {
      if (key === WITHHELD) return Math.max(0, (monthTotals[month] ?? 0) - published(month));
      return rows.find((row) => row.key === key)?.months[month] ?? 0;
    })(monthTotals.map((_, month) => month));
  return monthTotals.map((total, month) =>
    total === null
      ? null
      : layers
          .map((layer) => ({ key: layer.key, from: layer[month]![0], to: layer[month]![1] }))
          .filter((segment) => segment.to > segment.from),
  );
}

/**
 * The marks of a series, so that colour is not the only way to tell lines apart: four shapes,
 * filled for the first four series and hollow for the next four.
 */
export const SERIES_SHAPES = ['circle', 'square', 'triangle', 'diamond'] as const;
export type SeriesShape = (typeof SERIES_SHAPES)[number];
/** As many series as there are distinct colours and marks (report-charts.css has a colour for each). */
export const SERIES_STYLES = 8;

export function seriesMark(index: number): { shape: SeriesShape; hollow: boolean; style: number } {
  const style = index % SERIES_STYLES;
  return {
    shape: SERIES_SHAPES[style % SERIES_SHAPES.length]!,
    hollow: style >= SERIES_SHAPES.length,
    style: style + 1,
  };
}

/** The SVG path of a mark of `size` (its width) centred on (x, y). */
export function markPath(shape: SeriesShape, x: number, y: number, size: number): string {
  const r = size / 2;
  switch (shape) {
    case 'circle':
      return `M${x - r},${y}a${r},${r} 0 1,0 ${size},0a${r},${r} 0 1,0 ${-size},0Z`;
    case 'square':
      return `M${x - r},${y - r}h${size}v${size}h${-size}Z`;
    case 'triangle':
      return `M${x},${y - r * 1.15}L${x + r * 1.15},${y + r}L${x - r * 1.15},${y + r}Z`;
    case 'diamond':
      return `M${x},${y - r * 1.3}L${x + r * 1.3},${y}L${x},${y + r * 1.3}L${x - r * 1.3},${y}Z`;
  }
}

/**
 * How wide a label of `text` is likely to be at `fontSize` px: measuring would need the text in the
 * page first; an average glyph is about 0.6 of the size in the scripts of the interface.
 */
export function textWidth(text: string, fontSize: number): number {
  return Math.ceil(text.length * fontSize * 0.6);
}
