import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { equalTo, greaterEq, solve, type Constraint, type Model } from 'yalps';
import {
  determinedEdges,
  groupedNetwork,
  listNetwork,
  protect,
  smallWithheldSums,
  tableNetwork,
  type Edge,
} from './suppression';

/*
 * The published tables' suppression, checked as an attacker would break it: given the shown counts
 * and every sum the table states, solve for each withheld count its smallest and largest possible
 * value (a linear program per count, with an outside solver rather than the module's own reasoning).
 * A withheld count is safe when the two differ.
 */

const K = 5;

/** The range of values each withheld edge may take, given the shown ones and conservation at every node. */
function attackerRanges(edges: readonly Edge[], withheld: readonly boolean[]): { min: number; max: number }[] {
  const nodes = new Set(edges.flatMap((edge) => [edge.from, edge.to]));
  const unknown = edges.flatMap((_, index) => (withheld[index] ? [index] : []));
  const constraints = new Map<string, Constraint>();
  for (const node of nodes) {
    // What comes in minus what goes out is 0: the shown edges move to the right-hand side.
    let known = 0;
    edges.forEach((edge, index) => {
      if (withheld[index]) return;
      if (edge.to === node) known += edge.value;
      if (edge.from === node) known -= edge.value;
    });
    constraints.set(`node${node}`, equalTo(-known));
  }
  for (const index of unknown) constraints.set(`low${index}`, greaterEq(0));
  const variables = new Map(
    unknown.map((index) => {
      const edge = edges[index]!;
      const coefficients = new Map<string, number>([[`low${index}`, 1]]);
      coefficients.set(`node${edge.to}`, (coefficients.get(`node${edge.to}`) ?? 0) + 1);
      coefficients.set(`node${edge.from}`, (coefficients.get(`node${edge.from}`) ?? 0) - 1);
      return [`x${index}`, coefficients] as const;
    }),
  );
  return unknown.map((index) => {
    const bound = (direction: 'minimize' | 'maximize') => {
      const model: Model = {
        direction,
        objective: `goal`,
        constraints,
        variables: new Map(
          [...variables].map(([name, coefficients]) => [
            name,
            new Map([...coefficients, ['goal', name === `x${index}` ? 1 : 0]]),
          ]),
        ),
      };
      const solution = solve(model);
      if (solution.status === 'unbounded') return Infinity;
      expect(solution.status).toBe('optimal');
      return solution.result;
    };
    return { min: bound('minimize'), max: bound('maximize') };
  });
}

function expectSafe(edges: readonly Edge[], withheld: readonly boolean[], withholdZero: boolean) {
  edges.forEach((edge, index) => {
    if (withheld[index]) return;
    expect(edge.value === 0 ? !withholdZero : edge.value >= K, `shown ${edge.value}`).toBe(true);
  });
  // What the shown edges at a node tell about the withheld ones there: their sum, never small.
  const nodes = new Set(edges.flatMap((edge) => [edge.from, edge.to]));
  for (const node of nodes) {
    let sum = 0;
    edges.forEach((edge, index) => {
      if (!withheld[index]) return;
      if (edge.to === node) sum += edge.value;
      if (edge.from === node) sum -= edge.value;
    });
    expect(sum === 0 || Math.abs(sum) >= K, `withheld at node ${node} add up to ${sum}`).toBe(true);
  }
  expect(smallWithheldSums(edges, withheld, K)).toEqual([]);
  const ranges = attackerRanges(edges, withheld);
  for (const range of ranges) expect(range.max - range.min).toBeGreaterThan(1e-6);
  // The module's own reasoning agrees with the solver.
  expect(determinedEdges(edges, withheld)).toEqual([]);
}

const count = fc.oneof(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 30 }));

describe('suppression, against an attacker who solves the sums', () => {
  test.each([
    {
      name: 'one small count beside a total is withheld with the next smallest',
      parts: [12, 3, 9, 20],
      hidden: [1, 2],
    },
    { name: 'zeros are withheld; alone with nothing small, one more count goes', parts: [0, 9, 7], hidden: [0, 2] },
    { name: 'two small counts adding up to 5 or more protect each other', parts: [2, 3, 40], hidden: [0, 1] },
    { name: 'two adding up to less take one more with them', parts: [1, 2, 40, 30], hidden: [0, 1, 3] },
    { name: 'nothing small: everything shown', parts: [5, 6, 7], hidden: [] },
  ])('a list with its total: $name', ({ parts, hidden }) => {
    const edges = listNetwork(
      parts,
      parts.reduce((a, b) => a + b, 0),
    );
    const withheld = protect(edges, { smallest: K, withholdZero: true });
    expect(withheld.slice(0, parts.length).flatMap((value, index) => (value ? [index] : []))).toEqual(hidden);
    expectSafe(edges, withheld, true);
  });

  test('lists with their total, random', () => {
    fc.assert(
      fc.property(fc.array(count, { minLength: 1, maxLength: 12 }), fc.boolean(), (parts, withholdZero) => {
        const edges = listNetwork(
          parts,
          parts.reduce((a, b) => a + b, 0),
        );
        expectSafe(edges, protect(edges, { smallest: K, withholdZero }), withholdZero);
      }),
      { numRuns: 300 },
    );
  });

  test('countries within regions, with region totals and the overall total, random', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(count, fc.integer({ min: 0, max: 3 })), { minLength: 1, maxLength: 14 }),
        fc.array(fc.nat(13), { maxLength: 2 }),
        (countries, protectedOnes) => {
          const parts = countries.map(([value]) => value);
          // Groups in the order they first appear (a region always has countries).
          const groups = [...new Set(countries.map(([, group]) => group))];
          const groupOf = countries.map(([, group]) => groups.indexOf(group));
          const groupTotals = groups.map((_, group) =>
            parts.reduce((sum, value, index) => sum + (groupOf[index] === group ? value : 0), 0),
          );
          const edges = groupedNetwork(
            parts,
            groupOf,
            groupTotals,
            groupTotals.reduce((a, b) => a + b, 0),
          );
          const withheld = protect(edges, {
            smallest: K,
            withholdZero: true,
            alsoWithheld: new Set(protectedOnes.filter((index) => index < parts.length)),
          });
          for (const index of protectedOnes) if (index < parts.length) expect(withheld[index]).toBe(true);
          expectSafe(edges, withheld, true);
        },
      ),
      { numRuns: 300 },
    );
  });

  test('a table with row and column totals, random', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 5 }),
        fc.array(count, { minLength: 25, maxLength: 25 }),
        fc.boolean(),
        (rows, columns, values, withholdZero) => {
          const cells = Array.from({ length: rows }, (_, i) => values.slice(i * 5, i * 5 + columns));
          const rowTotals = cells.map((row) => row.reduce((a, b) => a + b, 0));
          const columnTotals = Array.from({ length: columns }, (_, j) => cells.reduce((sum, row) => sum + row[j]!, 0));
          const edges = tableNetwork(
            cells,
            rowTotals,
            columnTotals,
            rowTotals.reduce((a, b) => a + b, 0),
          );
          expectSafe(edges, protect(edges, { smallest: K, withholdZero }), withholdZero);
        },
      ),
      { numRuns: 200 },
    );
  });

  test('a withheld count on a bridge between two safe cycles is found and protected', () => {
    // Two 2 x 2 blocks of small counts joined by one small count: each line has two withheld
    // counts, yet the joining one follows from the sums of either block.
    const cells = [
      [1, 1, 0, 0],
      [1, 1, 2, 0],
      [0, 0, 1, 1],
      [0, 0, 1, 1],
    ].map((row) => row.map((value) => (value === 0 ? 20 : value)));
    const rowTotals = cells.map((row) => row.reduce((a, b) => a + b, 0));
    const columnTotals = [0, 1, 2, 3].map((j) => cells.reduce((sum, row) => sum + row[j]!, 0));
    const edges = tableNetwork(
      cells,
      rowTotals,
      columnTotals,
      rowTotals.reduce((a, b) => a + b, 0),
    );
    expectSafe(edges, protect(edges, { smallest: K, withholdZero: true }), true);
  });
});
