/**
 * Which counts of a published table may be shown. Primary suppression withholds every count below
 * the smallest published (SMALLEST_PUBLISHED, zeros too where telling 0 from 3 would say something)
 * and whatever the caller withholds for its own reasons (a protected country, a count that differs
 * from a wider view's by a small number). Secondary suppression then withholds more counts until
 * none of the withheld ones can be worked out from the shown ones and the table's sums, as an
 * attacker who knows the sums would solve them.
 *
 * A table and its sums are modelled as a flow network: every count is an edge carrying its value,
 * and at every node what comes in equals what goes out (a total is the edge that carries its parts
 * back; see the builders below). Shown counts are constants; withheld ones are unknowns >= 0. An
 * unknown is determined exactly when no cycle of unknowns lets it move: to grow by one, another
 * path of unknowns must carry the unit back from its head to its tail (any unknown may grow; one
 * may shrink only when above 0); to shrink, a path from its tail to its head. The set of solutions
 * is a transportation polytope with integral corners, so a unit move exists whenever the cell is
 * not fixed, and "no such path either way" is exactly "its value follows from the rest".
 */

export interface Edge {
  readonly from: number;
  readonly to: number;
  readonly value: number;
}

export interface ProtectOptions {
  /** Counts below this are withheld. */
  readonly smallest: number;
  /** Whether 0 is withheld too (where the absence of anyone would say something). */
  readonly withholdZero: boolean;
  /** Edges (by position) withheld whatever their value. */
  readonly alsoWithheld?: ReadonlySet<number>;
}

/**
 * The edges to withhold: primary ones, then more until (a) no withheld edge's value follows from the
 * rest, and (b) at no node do the withheld edges add up to a small number (1 to smallest-1): the shown
 * edges at a node tell what the withheld ones there add up to, and "the 2 people in this region
 * outside France" single someone out as surely as a cell of 2 would. Each round withholds the
 * smallest shown edge that mends the first problem found (touching the determined edge, or at the
 * node, on the side that takes the sum away from small), so this ends.
 *
 * This is a greedy choice, not the least loss: it may withhold more than an optimal pattern would,
 * never less than safe.
 */
export function protect(edges: readonly Edge[], options: ProtectOptions): boolean[] {
  const withheld = edges.map(
    (edge, index) =>
      options.alsoWithheld?.has(index) === true ||
      (edge.value > 0 && edge.value < options.smallest) ||
      (edge.value === 0 && options.withholdZero),
  );
  const smallestShown = (accepts: (edge: Edge) => boolean): number => {
    let best = -1;
    edges.forEach((edge, index) => {
      if (!withheld[index] && accepts(edge) && (best === -1 || edge.value < edges[best]!.value)) best = index;
    });
    return best;
  };
  for (;;) {
    let next = -1;
    const fixed = determinedEdges(edges, withheld);
    if (fixed.length > 0) {
      // The smallest shown edge whose withholding lets the determined one move; failing that, the
      // smallest touching it, and the next round goes on from there.
      const target = fixed[0]!;
      const candidates = edges
        .map((edge, index) => ({ edge, index }))
        .filter(({ index }) => !withheld[index])
        .sort((a, b) => a.edge.value - b.edge.value || a.index - b.index);
      for (const { index } of candidates) {
        withheld[index] = true;
        const frees = !determinedEdges(edges, withheld, [target]).includes(target);
        withheld[index] = false;
        if (frees) {
          next = index;
          break;
        }
      }
      const { from, to } = edges[target]!;
      if (next === -1)
        next = smallestShown((edge) => [edge.from, edge.to].some((node) => node === from || node === to));
      if (next === -1) next = smallestShown(() => true);
      if (next === -1) return withheld;
    } else {
      const small = smallWithheldSums(edges, withheld, options.smallest)[0];
      if (small === undefined) return withheld;
      // A sum coming in is made larger by withholding another edge coming in, and one going out by one going out.
      const sameSide = (edge: Edge) => (small.sum > 0 ? edge.to === small.node : edge.from === small.node);
      next = smallestShown(sameSide);
      if (next === -1) next = smallestShown((edge) => edge.from === small.node || edge.to === small.node);
      if (next === -1) next = smallestShown(() => true);
      if (next === -1) return withheld;
    }
    withheld[next] = true;
  }
}

/**
 * Nodes where the withheld edges add up (what comes in minus what goes out) to a small number, which
 * the shown edges there give away: 0 < |sum| < smallest.
 */
export function smallWithheldSums(
  edges: readonly Edge[],
  withheld: readonly boolean[],
  smallest: number,
): { node: number; sum: number }[] {
  const sums = new Map<number, number>();
  edges.forEach((edge, index) => {
    if (!withheld[index]) return;
    sums.set(edge.to, (sums.get(edge.to) ?? 0) + edge.value);
    sums.set(edge.from, (sums.get(edge.from) ?? 0) - edge.value);
  });
  return [...sums].filter(([, sum]) => sum !== 0 && Math.abs(sum) < smallest).map(([node, sum]) => ({ node, sum }));
}

/** The withheld edges whose value an attacker can work out from the shown ones (see the module's comment). */
export function determinedEdges(
  edges: readonly Edge[],
  withheld: readonly boolean[],
  /** Only these withheld edges are asked about; all of them when absent. */
  asked?: readonly number[],
): number[] {
  const unknown = edges.flatMap((edge, index) => (withheld[index] ? [index] : []));
  // Residual arcs: along every unknown edge (it may grow), against it where it is above 0 (it may shrink).
  const arcs = new Map<number, { to: number; edge: number }[]>();
  const arc = (from: number, to: number, edge: number) => {
    let list = arcs.get(from);
    if (!list) arcs.set(from, (list = []));
    list.push({ to, edge });
  };
  for (const index of unknown) {
    const edge = edges[index]!;
    arc(edge.from, edge.to, index);
    if (edge.value > 0) arc(edge.to, edge.from, index);
  }
  const reaches = (start: number, goal: number, skipped: number): boolean => {
    const seen = new Set([start]);
    const queue = [start];
    while (queue.length > 0) {
      const node = queue.pop()!;
      if (node === goal) return true;
      for (const next of arcs.get(node) ?? []) {
        if (next.edge === skipped || seen.has(next.to)) continue;
        seen.add(next.to);
        queue.push(next.to);
      }
    }
    return false;
  };
  return (asked ?? unknown).filter((index) => {
    const edge = edges[index]!;
    const canGrow = reaches(edge.to, edge.from, index);
    const canShrink = edge.value > 0 && reaches(edge.from, edge.to, index);
    return !canGrow && !canShrink;
  });
}

/**
 * A list of counts and their total (a total over everyone, counted once each): nodes 0 (the
 * parts) and 1 (the total). Edges: the parts in order, then the total.
 */
export function listNetwork(parts: readonly number[], total: number): Edge[] {
  return [...parts.map((value) => ({ from: 1, to: 0, value })), { from: 0, to: 1, value: total }];
}

/**
 * Counts in groups with a total per group and an overall total (countries within regions): the
 * parts in order, then each group's total, then the overall total. `groupOf[i]` is part i's group,
 * or -1 for a part of the overall total in no group (people who show no country).
 */
export function groupedNetwork(
  parts: readonly number[],
  groupOf: readonly number[],
  groupTotals: readonly number[],
  total: number,
): Edge[] {
  // Node 0 closes the circle, 1 is the overall total, 2 + g is group g.
  return [
    ...parts.map((value, index) => ({ from: groupOf[index] === -1 ? 1 : 2 + groupOf[index]!, to: 0, value })),
    ...groupTotals.map((value, group) => ({ from: 1, to: 2 + group, value })),
    { from: 0, to: 1, value: total },
  ];
}

/**
 * A table of rows x columns with row totals, column totals and the overall total. Edges: cells
 * row by row, then the row totals, then the column totals, then the overall total.
 */
export function tableNetwork(
  cells: readonly (readonly number[])[],
  rowTotals: readonly number[],
  columnTotals: readonly number[],
  total: number,
): Edge[] {
  const rows = cells.length;
  const columns = columnTotals.length;
  // Nodes: rows 0..r-1, columns r..r+c-1, then the totals' row and the totals' column.
  const column = (j: number) => rows + j;
  const totalsRow = rows + columns;
  const totalsColumn = totalsRow + 1;
  return [
    ...cells.flatMap((row, i) => row.map((value, j) => ({ from: i, to: column(j), value }))),
    ...rowTotals.map((value, i) => ({ from: totalsColumn, to: i, value })),
    ...columnTotals.map((value, j) => ({ from: column(j), to: totalsRow, value })),
    { from: totalsRow, to: totalsColumn, value: total },
  ];
}
