import type { MenuItemData } from '@wikimedia/codex';
import type { CapacityNode } from '../../api/client';

/** Every capacity as a menu item, its broader capacities as the description ("Finance › Organizational structure"). */
export function capacityMenuItems(tree: readonly CapacityNode[], maxDepth = Infinity): MenuItemData[] {
  const items: MenuItemData[] = [];
  const walk = (nodes: readonly CapacityNode[], path: string[]) => {
    for (const node of nodes) {
      items.push({
        value: String(node.id),
        label: node.label,
        description: path.length > 0 ? [...path].reverse().join(' › ') : undefined,
      });
      if (path.length + 1 < maxDepth) walk(node.children, [...path, node.label]);
    }
  };
  walk(tree, []);
  return items;
}
