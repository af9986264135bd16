import type { UiLanguage } from '../../../shared/ui-languages';
import type { Db } from '../../platform/db/schema';
import { capacitiesRepository, type CapacityRow } from './capacities.repository';
import type { CapacityNode } from './capacities.schema';

/** Builds the tree from flat rows, keeping the taxonomy's own order at every level. */
export function buildCapacityTree(rows: readonly CapacityRow[]): CapacityNode[] {
  const nodes = new Map<number, CapacityNode>();
  for (const row of rows)
    nodes.set(row.id, { id: row.id, label: row.label, wikidataQid: row.wikidataQid, children: [] });
  const roots: CapacityNode[] = [];
  for (const row of rows) {
    const node = nodes.get(row.id)!;
    const parent = row.parentId === null ? undefined : nodes.get(row.parentId);
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

/** A capacity and everything under it (a broader capacity stands for its whole subtree). */
export function capacitySubtree(rows: readonly CapacityRow[], id: number): number[] {
  return [id, ...rows.filter((row) => row.parentId === id).flatMap((row) => capacitySubtree(rows, row.id))];
}

/** The capacities above one, nearest first. */
export function capacityAncestors(rows: readonly CapacityRow[], id: number): number[] {
  const parent = rows.find((row) => row.id === id)?.parentId;
  return parent ? [parent, ...capacityAncestors(rows, parent)] : [];
}

/*
 * What other features read of the taxonomy. They call these, never the repository: a feature's
 * tables and SQL are its own (the lint rule on imports says so).
 */

/** Every capacity with its label in one language, parents before children. */
export function capacitiesWithLabels(db: Db, language: string): Promise<CapacityRow[]> {
  return capacitiesRepository(db).listWithLabels(language);
}

/** Every label of every capacity in every language, for matching words to capacities. */
export function capacityLabelsInEveryLanguage(db: Db) {
  return capacitiesRepository(db).allLabels();
}

/** Which of these ids are capacities of the taxonomy. */
export function existingCapacityIds(db: Db, ids: readonly number[]): Promise<Set<number>> {
  return capacitiesRepository(db).existingIds(ids);
}

export function capacitiesService(db: Db) {
  const repository = capacitiesRepository(db);
  return {
    async tree(language: UiLanguage): Promise<CapacityNode[]> {
      return buildCapacityTree(await repository.listWithLabels(language));
    },
  };
}
