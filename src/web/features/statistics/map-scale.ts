/**
 * The map's colours: classes of values (a legend can name each range), never a continuous ramp.
 * Offers and needs use a sequential scale (light to dark blue); the gap a diverging one around zero
 * (teal where more can share than want to learn, brown where more want to learn). Both ramps are
 * ColorBrewer's (Cynthia Brewer, Apache 2.0: "Blues" without its lightest class, and the 7-class
 * "BrBG"), chosen for colour-blind readers; withheld areas are hatched grey, explained in the legend.
 */

export interface Step {
  /** The smallest and the largest value of the class (integers; `from === to` for one value). */
  readonly from: number;
  readonly to: number;
  readonly colour: string;
}

export const SEQUENTIAL = ['#c6dbef', '#9ecae1', '#6baed6', '#3182bd', '#08519c'] as const;
/** From "more can share" (negative gap) through zero to "more want to learn" (positive). */
export const DIVERGING_NEGATIVE = ['#01665e', '#35978f', '#80cdc1'] as const;
export const DIVERGING_ZERO = '#f5f5f5';
export const DIVERGING_POSITIVE = ['#dfc27d', '#bf812d', '#8c510a'] as const;

/** The classes' upper bounds at even quantiles of the values: each class holds about as many areas. */
function ranges(values: readonly number[], count: number): { from: number; to: number }[] {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return [];
  const result: { from: number; to: number }[] = [];
  let from = sorted[0]!;
  for (let index = 1; index <= count; index += 1) {
    const to = sorted[Math.ceil((index * sorted.length) / count) - 1]!;
    if (to < from) continue;
    result.push({ from, to });
    from = to + 1;
  }
  return result;
}

/** Up to five classes of the published counts, light (few) to dark (many). */
export function sequentialSteps(values: readonly number[]): Step[] {
  const found = ranges(values, SEQUENTIAL.length);
  // Fewer classes than colours: spread them over the ramp, so two classes still read light and dark.
  return found.map((range, index) => ({
    ...range,
    colour: SEQUENTIAL[found.length === 1 ? 2 : Math.round((index * (SEQUENTIAL.length - 1)) / (found.length - 1))]!,
  }));
}

/**
 * Classes of the gap: up to three on each side of zero, each side by quantiles of its own values
 * (the deepest colour is the largest gap on that side), and zero on its own.
 */
export function divergingSteps(values: readonly number[]): Step[] {
  const positive = ranges(
    values.filter((value) => value > 0),
    DIVERGING_POSITIVE.length,
  );
  const negative = ranges(
    values.filter((value) => value < 0).map((value) => -value),
    DIVERGING_NEGATIVE.length,
  );
  const pick = (ramp: readonly string[], index: number, count: number) =>
    ramp[count === 1 ? 1 : Math.round((index * (ramp.length - 1)) / (count - 1))]!;
  return [
    ...negative
      .map((range, index) => ({
        from: -range.to,
        to: -range.from,
        colour: pick([...DIVERGING_NEGATIVE].reverse(), index, negative.length),
      }))
      .reverse(),
    { from: 0, to: 0, colour: DIVERGING_ZERO },
    ...positive.map((range, index) => ({ ...range, colour: pick(DIVERGING_POSITIVE, index, positive.length) })),
  ];
}

/** The colour of a value, or undefined when it is withheld or outside every class. */
export function colourOf(steps: readonly Step[], value: number | null): string | undefined {
  if (value === null) return undefined;
  return steps.find((step) => value >= step.from && value <= step.to)?.colour;
}
