import { findFoldedMatch, type TextRange } from '../../../shared/text';
import type { CapacityNode } from '../../api/client';

export interface FilteredCapacity {
  readonly id: number;
  readonly label: string;
  readonly wikidataQid: string | null;
  /** Where the filter text occurs in the label, for highlighting. */
  readonly match: TextRange | undefined;
  readonly children: FilteredCapacity[];
}

export interface FilterResult {
  readonly tree: FilteredCapacity[];
  /** How many capacities match the filter themselves. */
  readonly matchCount: number;
  /** Capacities to open so every match is visible. */
  readonly openIds: Set<number>;
}

function unfiltered(node: CapacityNode): FilteredCapacity {
  return {
    id: node.id,
    label: node.label,
    wikidataQid: node.wikidataQid,
    match: undefined,
    children: node.children.map(unfiltered),
  };
}

/**
 * Keeps the capacities whose label contains `query` (ignoring case and accents) together with
 * their ancestors, so every match is shown in its place in the tree. A matching capacity keeps all
 * of its narrower capacities, which can then be explored.
 */
export function filterCapacities(nodes: readonly CapacityNode[], query: string): FilterResult {
  const openIds = new Set<number>();
  let matchCount = 0;
  if (query.trim() === '') return { tree: nodes.map(unfiltered), matchCount: countAll(nodes), openIds };

  const visit = (node: CapacityNode): FilteredCapacity | undefined => {
    const match = findFoldedMatch(node.label, query);
    const children = node.children.map(visit).filter((child): child is FilteredCapacity => child !== undefined);
    if (match) matchCount += 1;
    if (!match && children.length === 0) return undefined;
    if (children.length > 0) openIds.add(node.id);
    return {
      id: node.id,
      label: node.label,
      wikidataQid: node.wikidataQid,
      match,
      children: match ? mergeChildren(node.children, children) : children,
    };
  };
  const tree = nodes.map(visit).filter((node): node is FilteredCapacity => node !== undefined);
  return { tree, matchCount, openIds };
}

/** All children of a matching capacity, using the filtered version where one exists. */
function mergeChildren(all: readonly CapacityNode[], filtered: readonly FilteredCapacity[]): FilteredCapacity[] {
  const byId = new Map(filtered.map((child) => [child.id, child]));
  return all.map((child) => byId.get(child.id) ?? unfiltered(child));
}

export function countAll(nodes: readonly CapacityNode[]): number {
  return nodes.reduce((sum, node) => sum + 1 + countAll(node.children), 0);
}

export function collectParentIds(
  nodes: readonly { id: number; children: readonly unknown[] }[],
  into = new Set<number>(),
): Set<number> {
  for (const node of nodes) {
    if (node.children.length > 0) {
      into.add(node.id);
      collectParentIds(node.children as { id: number; children: unknown[] }[], into);
    }
  }
  return into;
}
