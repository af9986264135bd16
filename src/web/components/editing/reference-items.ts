import type { MenuItemData } from '@wikimedia/codex';
import type { UiLanguage } from '../../../shared/ui-languages';
import { api, type CapacityNode } from '../../api/client';

/** Languages as menu items: the autonym, with the name in the interface language beneath. */
export function languageMenuItems(
  languages: readonly { code: string; autonym: string; name: string }[],
): MenuItemData[] {
  return languages.map((language) => ({ value: language.code, label: language.autonym, description: language.name }));
}

interface Region {
  readonly name: string;
  readonly countries: readonly { code: string; name: string }[];
}

/** Countries as menu items, in the order of their regions, each region's name beneath. */
export function countryMenuItems(regions: readonly Region[]): MenuItemData[] {
  return regions.flatMap((region) =>
    region.countries.map((country) => ({ value: country.code, label: country.name, description: region.name })),
  );
}

/**
 * Menu items sorted by their labels as a reader of `language` expects. One collator for the whole
 * sort: `localeCompare` with a locale builds one per comparison, which took some 60 ms of a
 * throttled phone's first view of the profile editor for 250 countries.
 */
export function sortedByLabel(items: MenuItemData[], language: UiLanguage): MenuItemData[] {
  const { compare } = new Intl.Collator(language);
  return items.sort((a, b) => compare(String(a.label), String(b.label)));
}

/** "autonym (name)" for a language item, or the autonym alone where both are the same; the code if unknown. */
export function languageItemLabel(items: readonly MenuItemData[], code: string): string {
  const item = items.find((candidate) => candidate.value === code);
  if (!item) return code;
  return item.description === item.label ? String(item.label) : `${item.label} (${item.description})`;
}

/** Each capacity's label by id, at any depth of the tree. */
export function capacityLabels(tree: readonly CapacityNode[]): Map<number, string> {
  const labels = new Map<number, string>();
  const walk = (nodes: readonly CapacityNode[]) =>
    nodes.forEach((node) => {
      labels.set(node.id, node.label);
      walk(node.children);
    });
  walk(tree);
  return labels;
}

/**
 * The languages and the countries (sorted by name in `language`) that a profile's editors offer:
 * the full editor and the first-profile step load them alike.
 */
export async function profileMenuItems(
  language: UiLanguage,
): Promise<{ languageItems: MenuItemData[]; countries: MenuItemData[] }> {
  const [languages, regions] = await Promise.all([
    api.GET('/api/languages', { params: { query: { lang: language } } }),
    api.GET('/api/regions', { params: { query: { lang: language } } }),
  ]);
  return {
    languageItems: languageMenuItems(languages.data?.languages ?? []),
    countries: sortedByLabel(countryMenuItems(regions.data?.regions ?? []), language),
  };
}
