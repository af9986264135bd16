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
      next = freeingEdge(edges, withheld, target);
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

/** Residual arcs: along every withheld edge (it may grow), against it where it is above 0 (it may shrink). */
function residualArcs(edges: readonly Edge[], withheld: readonly boolean[], skipped = -1) {
  const arcs = new Map<number, { to: number; edge: number }[]>();
  const arc = (from: number, to: number, edge: number) => {
    let list = arcs.get(from);
    if (!list) arcs.set(from, (list = []));
    list.push({ to, edge });
  };
  edges.forEach((edge, index) => {
    if (!withheld[index] || index === skipped) return;
    arc(edge.from, edge.to, index);
    if (edge.value > 0) arc(edge.to, edge.from, index);
  });
  return arcs;
}

/** Every node reached from `start` along the arcs (or, `backwards`, every node that reaches it). */
function reachable(
  arcs: ReadonlyMap<number, readonly { to: number }[]>,
  start: number,
  backwards: boolean,
): Set<number> {
  const next = new Map<number, number[]>();
  for (const [from, list] of arcs)
    for (const { to } of list) {
      const [a, b] = backwards ? [to, from] : [from, to];
      let out = next.get(a);
      if (!out) next.set(a, (out = []));
      out.push(b);
    }
  const seen = new Set([start]);
  const queue = [start];
  while (queue.length > 0)
    for (const to of next.get(queue.pop()!) ?? []) if (!seen.has(to) && seen.add(to)) queue.push(to);
  return seen;
}

/**
 * The smallest shown edge whose withholding lets the determined edge `target` move at once: one
 * that closes a cycle through it, i.e. joins a node reached from its head to one that reaches its
 * tail (for it to grow) or the other way round (to shrink, when above 0). -1 when none does alone.
 */
function freeingEdge(edges: readonly Edge[], withheld: readonly boolean[], target: number): number {
  const arcs = residualArcs(edges, withheld, target);
  const { from, to, value } = edges[target]!;
  const ways = [{ start: to, goal: from }, ...(value > 0 ? [{ start: from, goal: to }] : [])].map(
    ({ start, goal }) => ({
      reached: reachable(arcs, start, false),
      reaching: reachable(arcs, goal, true),
    }),
  );
  let best = -1;
  edges.forEach((edge, index) => {
    if (withheld[index] || (best !== -1 && edge.value >= edges[best]!.value)) return;
    const closes = ways.some(
      ({ reached, reaching }) =>
        (reached.has(edge.from) && reaching.has(edge.to)) ||
        (edge.value > 0 && reached.has(edge.to) && reaching.has(edge.from)),
    );
    if (closes) best = index;
  });
  return best;
}

/** The withheld edges whose value an attacker can work out from the shown ones (see the module's comment). */
export function determinedEdges(
  edges: readonly Edge[],
  withheld: readonly boolean[],
  /** Only these withheld edges are asked about; all of them when absent. */
  asked?: readonly number[],
): number[] {
  const unknown = edges.flatMap((edge, index) => (withheld[index] ? [index] : []));
  const arcs = residualArcs(edges, withheld);
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
  // An edge at 0 can only grow, and its one arc is never on the path back: it can grow exactly when
  // its two ends are in one strongly connected component, which one pass finds for all of them.
  const component = components(arcs);
  return (asked ?? unknown).filter((index) => {
    const edge = edges[index]!;
    if (edge.value === 0) return component.get(edge.from) !== component.get(edge.to) || !component.has(edge.from);
    const canGrow = reaches(edge.to, edge.from, index);
    const canShrink = reaches(edge.from, edge.to, index);
    return !canGrow && !canShrink;
  });
}

/** The strongly connected component of every node with arcs (Kosaraju's two passes, without recursion). */
function components(arcs: ReadonlyMap<number, readonly { to: number }[]>): Map<number, number> {
  const nodes = new Set<number>();
  const reverse = new Map<number, number[]>();
  for (const [from, list] of arcs) {
    nodes.add(from);
    for (const { to } of list) {
      nodes.add(to);
      let back = reverse.get(to);
      if (!back) reverse.set(to, (back = []));
      back.push(from);
    }
  }
  // First pass: nodes in the order their depth-first search finishes.
  const finished: number[] = [];
  const visited = new Set<number>();
  for (const start of nodes) {
    if (visited.has(start)) continue;
    visited.add(start);
    const stack: { node: number; next: number }[] = [{ node: start, next: 0 }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const list = arcs.get(top.node) ?? [];
      if (top.next < list.length) {
        const to = list[top.next++]!.to;
        if (!visited.has(to)) {
          visited.add(to);
          stack.push({ node: to, next: 0 });
        }
      } else {
        finished.push(top.node);
        stack.pop();
      }
    }
  }
  // Second pass, on the reversed arcs, latest finished first: each search is one component.
  const component = new Map<number, number>();
  for (let i = finished.length - 1; i >= 0; i -= 1) {
    const start = finished[i]!;
    if (component.has(start)) continue;
    component.set(start, start);
    const stack = [start];
    while (stack.length > 0) {
      const node = stack.pop()!;
      for (const from of reverse.get(node) ?? [])
        if (!component.has(from)) {
          component.set(from, start);
          stack.push(from);
        }
    }
  }
  return component;
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
