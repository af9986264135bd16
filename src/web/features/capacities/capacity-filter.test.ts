import { describe, expect, test } from 'vitest';
import type { CapacityNode } from '../../api/client';
import { collectParentIds, countAll, filterCapacities } from './capacity-filter';

function node(id: number, label: string, children: CapacityNode[] = []): CapacityNode {
  return { id, label, wikidataQid: null, children };
}

const TREE: CapacityNode[] = [
  node(10, 'Organizational structure', [
    node(11, 'Finance', [node(12, 'Budgeting'), node(13, 'Financial management')]),
    node(15, 'Governance', [node(16, 'Accountability')]),
  ]),
  node(36, 'Communication', [node(46, 'Public speaking')]),
];

describe('filterCapacities', () => {
  test('keeps everything when the filter is empty', () => {
    const result = filterCapacities(TREE, '  ');
    expect(countAll(result.tree)).toBe(8);
    expect(result.matchCount).toBe(8);
    expect(result.openIds.size).toBe(0);
  });

  test('keeps matches with their ancestors and opens the way to them', () => {
    const result = filterCapacities(TREE, 'budget');
    expect(result.matchCount).toBe(1);
    expect(result.tree.map((root) => root.id)).toEqual([10]);
    expect(result.tree[0]?.children.map((child) => child.id)).toEqual([11]);
    expect(result.tree[0]?.children[0]?.children.map((leaf) => [leaf.label, leaf.match])).toEqual([
      ['Budgeting', { start: 0, end: 6 }],
    ]);
    expect([...result.openIds].sort()).toEqual([10, 11]);
  });

  test('keeps every narrower capacity of a matching one, ignoring case and accents', () => {
    const result = filterCapacities(TREE, 'FÍNANÇ');
    expect(result.tree[0]?.children[0]?.children.map((leaf) => leaf.label)).toEqual([
      'Budgeting',
      'Financial management',
    ]);
    expect(result.matchCount).toBe(2);
  });

  test('finds nothing for an absent word', () => {
    expect(filterCapacities(TREE, 'zzz')).toMatchObject({ tree: [], matchCount: 0 });
  });

  test('lists every branch for "expand all"', () => {
    expect([...collectParentIds(TREE)].sort((a, b) => a - b)).toEqual([10, 11, 15, 36]);
  });
});
