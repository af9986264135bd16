import type { LocationQuery } from 'vue-router';
import type { CapacityNode } from '../../api/client';
import { languageMenuItems } from '../../components/editing/reference-items';

/**
 * The filters of the map and the reports, read from the address (so a view can be shared and
 * reloaded) and offered as native select menus.
 */
export interface Item {
  readonly value: string;
  readonly label: string;
}

/** One value of the address's query, or undefined (an absent, repeated or empty parameter). */
export function queryValue(query: LocationQuery, name: string): string | undefined {
  const value = query[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A value of a closed list from the address, or the list's default. */
export function queryChoice<V extends string>(
  query: LocationQuery,
  name: string,
  list: { has(value: unknown): value is V },
  fallback: V,
): V {
  const value = queryValue(query, name);
  return list.has(value) ? value : fallback;
}

/** A capacity id from the address. */
export function queryCapacity(query: LocationQuery): number | undefined {
  const id = Number(queryValue(query, 'capacity'));
  return Number.isInteger(id) && id > 0 ? id : undefined;
}

/** A language code from the address (the API's pattern). */
export function queryLanguage(query: LocationQuery): string | undefined {
  const code = queryValue(query, 'language');
  return code && /^[a-z][a-z-]{0,31}$/.test(code) ? code : undefined;
}

/** A region id from the address (the API's pattern). */
export function queryRegion(query: LocationQuery): string | undefined {
  const id = queryValue(query, 'region');
  return id && /^[A-Z]{1,8}$/.test(id) ? id : undefined;
}

/**
 * The taxonomy as a flat menu, each capacity indented under its broader one (no-break spaces: a
 * native menu keeps them), after an "all" item.
 */
export function capacityItems(tree: readonly CapacityNode[], allLabel: string): Item[] {
  const items: Item[] = [{ value: '', label: allLabel }];
  const walk = (nodes: readonly CapacityNode[], depth: number) => {
    for (const node of nodes) {
      items.push({ value: String(node.id), label: `${'\u00a0\u00a0\u00a0'.repeat(depth)}${node.label}` });
      walk(node.children, depth + 1);
    }
  };
  walk(tree, 0);
  return items;
}

/** Languages as "autonym (name in the interface language)", as the editors list them, after an "all" item. */
export function languageItems(
  languages: readonly { code: string; autonym: string; name: string }[],
  allLabel: string,
): Item[] {
  return [
    { value: '', label: allLabel },
    ...languageMenuItems(languages).map((item) => ({
      value: String(item.value),
      label: item.description === item.label ? String(item.label) : `${item.label} (${item.description})`,
    })),
  ];
}

/** Shallow query without empty values, for `router.replace`. */
export function cleanQuery(query: Readonly<Record<string, string | undefined>>): Record<string, string> {
  return Object.fromEntries(Object.entries(query).filter((entry): entry is [string, string] => Boolean(entry[1])));
}
