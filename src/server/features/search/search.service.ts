import { foldForMatching } from '../../../shared/text';
import type { UiLanguage } from '../../../shared/ui-languages';
import type { DatabaseHandle } from '../../platform/db/database';
import type { Translator } from '../../platform/i18n';
import { requireRole, type Viewer } from '../../platform/auth/viewer';
import { capacitiesRepository } from '../capacities/capacities.repository';
import { referenceRepository } from '../reference/reference.repository';
import { countryName, languageName } from '../reference/reference.service';
import { searchRepository, type FacetFilter } from './search.repository';

export const SEARCH_PAGE_SIZE = 20;
/** Counters are kept per UTC day. */
const today = () => new Date().toISOString().slice(0, 10);
const ALL_SIDES = ['shares', 'learns', 'knows', 'offers', 'needs'];
const TOP_VALUES = 30;

export interface SearchParams {
  q?: string; type?: string[]; capacity?: number[]; side?: string[]; language?: string[]; minLevel?: number;
  region?: string[]; country?: string[]; format?: string[]; orgType?: string[]; sort?: 'name' | 'capacities' | 'updated'; page?: number;
}

/** One entry per capacity, the most telling side first (sharing also counts as knowing). */
function dedupeById<T extends { id: number; side: string }>(entries: T[]): T[] {
  const order = (side: string) => ALL_SIDES.indexOf(side);
  const sorted = [...entries].sort((a, b) => order(a.side) - order(b.side));
  return sorted.filter((entry, index) => sorted.findIndex((other) => other.id === entry.id) === index);
}

/** Splits a query into folded words of letters and digits: nothing in it is search syntax. */
export function queryWords(query: string): string[] {
  return [...new Set(foldForMatching(query).split(/[^\p{L}\p{N}]+/u).filter((word) => word !== ''))].slice(0, 8).map((word) => word.slice(0, 40));
}

/**
 * One faceted search over people and organizations. The viewer searches the documents of their
 * audience (member or visitor), which hold only what that audience may see; counts come from the
 * same documents, so a hidden value neither matches nor counts.
 */
export function searchService(database: DatabaseHandle, translator: Translator) {
  const repository = searchRepository(database.db, database.dialect);
  const capacities = capacitiesRepository(database.db);
  const reference = referenceRepository(database.db);

  return {
    async search(viewer: Viewer | null, params: SearchParams, language: UiLanguage) {
      const audience = viewer?.onboarded ? 'member' : 'visitor';
      const words = queryWords(params.q ?? '');
      const [capacityRows, everyLabel] = await Promise.all([capacities.listWithLabels(language), words.length > 0 ? capacities.allLabels() : Promise.resolve([])]);
      const labelOf = new Map(capacityRows.map((row) => [row.id, row.label]));
      // Folded labels in every language, to tell which capacities the words matched.
      const foldedLabels = new Map<number, string>();
      for (const row of everyLabel) foldedLabels.set(row.capacity_id, `${foldedLabels.get(row.capacity_id) ?? ''} ${foldForMatching(row.label)}`);

      // A broader capacity stands for itself and everything under it.
      const chosenCapacities = new Set<number>();
      const addSubtree = (id: number) => {
        chosenCapacities.add(id);
        for (const row of capacityRows) if (row.parentId === id && !chosenCapacities.has(row.id)) addSubtree(row.id);
      };
      (params.capacity ?? []).forEach(addSubtree);
      const sides = params.side?.length ? params.side : ALL_SIDES;
      const capacityValues = [...chosenCapacities].flatMap((id) => sides.map((side) => `${side}:${id}`));

      const filters: FacetFilter[] = [];
      if (params.type?.length) filters.push({ facet: 'type', values: params.type });
      if (chosenCapacities.size > 0) filters.push({ facet: 'capacity', values: capacityValues });
      else if (params.side?.length) filters.push({ facet: 'side', values: params.side });
      if (params.language?.length) {
        const minLevel = params.minLevel ?? 0;
        filters.push(minLevel > 0
          ? { facet: 'language', values: params.language.flatMap((code) => [0, 1, 2, 3, 4, 5, 6].filter((rank) => rank >= minLevel).map((rank) => `${code}@${rank}`)) }
          : { facet: 'language', values: params.language });
      }
      if (params.region?.length) filters.push({ facet: 'region', values: params.region });
      if (params.country?.length) filters.push({ facet: 'country', values: params.country });
      if (params.format?.length) filters.push({ facet: 'format', values: params.format });
      if (params.orgType?.length) filters.push({ facet: 'orgtype', values: params.orgType });
      // The language filter with a minimum level is stored under its own facet name.
      const stored = filters.map((filter) => (filter.facet === 'language' && filter.values.some((value) => value.includes('@')) ? { ...filter, facet: 'language-level' } : filter));

      const page = params.page ?? 1;
      const sort = params.sort ?? (chosenCapacities.size > 0 ? 'capacities' : 'name');
      const { total, rows } = await repository.page(audience, words, stored, sort, capacityValues, SEARCH_PAGE_SIZE, (page - 1) * SEARCH_PAGE_SIZE);
      // A first page asked with words or filters is one search; later pages and the empty form are not.
      if (page === 1 && (words.length > 0 || filters.length > 0)) await repository.addToDailyCounts(today(), { searches: 1, with_results: total > 0 ? 1 : 0, followed: 0 });

      // Each facet is counted over every filter but its own. Facets whose own filter is not in use share
      // the same matched set, so they are counted together in one pass; the others get a pass each.
      const countedFacets: { facet: string; skip: string }[] = [
        { facet: 'type', skip: 'type' }, { facet: 'side', skip: chosenCapacities.size > 0 ? 'capacity' : 'side' }, { facet: 'capacity-any', skip: 'capacity' },
        { facet: 'language', skip: stored.some((filter) => filter.facet === 'language-level') ? 'language-level' : 'language' },
        { facet: 'region', skip: 'region' }, { facet: 'country', skip: 'country' }, { facet: 'format', skip: 'format' }, { facet: 'orgtype', skip: 'orgtype' },
      ];
      const filtered = new Set(stored.map((filter) => filter.facet));
      const sharedPass = countedFacets.filter((entry) => !filtered.has(entry.skip)).map((entry) => entry.facet);
      const passes = await Promise.all([
        sharedPass.length > 0 ? repository.facetCounts(audience, words, stored, sharedPass, '') : Promise.resolve([]),
        ...countedFacets.filter((entry) => filtered.has(entry.skip)).map((entry) => repository.facetCounts(audience, words, stored, [entry.facet], entry.skip)),
      ]);
      const countRows = passes.flat();
      const countsOf = (facet: string) => countRows.filter((row) => row.facet === facet);
      const [languages, regions] = await Promise.all([reference.listLanguages(), reference.listRegions()]);
      const languageRows = new Map(languages.map((row) => [row.code, row]));
      const top = (entries: { value: string; count: number }[], label: (value: string) => string) =>
        entries.map((entry) => ({ value: entry.value, count: Number(entry.count), label: label(entry.value) }))
          .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label, language)).slice(0, TOP_VALUES);

      const wordsInLabels = (id: number) => words.length > 0 && words.some((word) => foldedLabels.get(id)?.includes(word));
      return {
        total,
        page,
        pageSize: SEARCH_PAGE_SIZE,
        results: rows.map((row) => ({
          type: row.entity_type,
          address: row.address,
          title: row.title,
          // Why it is here: the chosen capacities (or those whose label holds the words) it has, and the chosen languages it speaks.
          matchedCapacities: dedupeById(row.facets.filter((facet) => facet.facet === 'capacity').map((facet) => {
            const [side = '', id = '0'] = facet.value.split(':');
            return { side, id: Number(id), label: labelOf.get(Number(id)) ?? id };
          }).filter((entry) => chosenCapacities.has(entry.id) || wordsInLabels(entry.id))),
          matchedLanguages: row.facets.filter((facet) => facet.facet === 'language' && (params.language ?? []).includes(facet.value)).map((facet) => facet.value),
        })),
        facets: {
          type: top(countsOf('type'), (value) => translator.translate(language, `cxc-search-type-${value}`)),
          side: top(countsOf('side'), (value) => translator.translate(language, `cxc-search-side-${value}`)),
          capacity: top(countsOf('capacity-any'), (value) => labelOf.get(Number(value)) ?? value),
          language: top(countsOf('language'), (value) => {
            const row = languageRows.get(value);
            return row ? languageName(row.bcp47, row.autonym, language) : value;
          }),
          region: top(countsOf('region'), (value) => (regions.some((region) => region.id === value) ? translator.translate(language, `cxc-region-${value.toLowerCase()}`) : value)),
          country: top(countsOf('country'), (value) => countryName(value, language)),
          format: top(countsOf('format'), (value) => translator.translate(language, `cxc-exchange-format-${value}`)),
          orgType: top(countsOf('orgtype'), (value) => translator.translate(language, `cxc-org-type-${value}`)),
        },
      };
    },

    /** Someone opened a result: the search was useful. Only the day's count changes. */
    async countFollowedResult(): Promise<void> {
      await repository.addToDailyCounts(today(), { searches: 0, with_results: 0, followed: 1 });
    },

    /** The last days' counters, newest first (admins). */
    async dailyCounts(viewer: Viewer | null, days: number) {
      requireRole(viewer, 'admin');
      const from = new Date(Date.now() - (days - 1) * 86_400_000).toISOString().slice(0, 10);
      return (await repository.dailyCounts(from)).map((row) => ({ day: row.day, searches: Number(row.searches), withResults: Number(row.with_results), followed: Number(row.followed) }));
    },
  };
}
