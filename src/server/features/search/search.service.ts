import { foldForMatching } from '../../../shared/text';
import type { UiLanguage } from '../../../shared/ui-languages';
import {
  CAPACITY_LEVEL,
  ENTITY_TYPE_GROUP,
  EXCHANGE_FORMAT,
  FACET,
  ORGANIZATION_TYPE,
  SIDE,
  type Facet,
  type SearchSort,
  type Vocabulary,
} from '../../../shared/vocabulary';
import {
  RESOURCE_CAPACITY_SIDE,
  RESOURCE_KIND,
  RESOURCE_LICENCE,
  SERVICE_FORMAT,
  SERVICE_KIND,
} from '../../../shared/item-vocabulary';
import type { DatabaseHandle } from '../../platform/db/database';
import type { Translator } from '../../platform/i18n';
import { requireRole, type Viewer } from '../../platform/auth/viewer';
import { cachedReferenceLists, collatorFor, countryName, languageName } from '../reference/reference.service';
import { blockedEitherWay } from '../blocks/blocks.public';
import { capacitySubtree } from '../capacities/capacities.service';
import { valueKey, type EngineFilter, type EngineQuery } from './engine/types';
import { queryFormOf, wordsOf } from './engine/words';
import { searchRepository } from './search.repository';
import type { SearchQuery } from './search.schema';
import { COUNTED_FACETS, type SearchIndexSync } from './search.sync';

export const SEARCH_PAGE_SIZE = 20;
/** Counters are kept per UTC day. */
const today = () => new Date().toISOString().slice(0, 10);
/** Daily counters are added up in memory and written this often (and when the app stops). */
const COUNTS_FLUSH_MS = 5_000;
const TOP_VALUES = 30;

/**
 * The facets a search counts, each over every filter but its own; the side's own filter is the
 * capacity filter when capacities are chosen (a capacity filter names its sides).
 */
export function countedFacets(capacitiesChosen: boolean): EngineQuery['counted'] {
  const skipOf = (facet: Facet): Facet =>
    facet === FACET.capacityAny || (facet === FACET.side && capacitiesChosen) ? FACET.capacity : facet;
  return COUNTED_FACETS.map((facet) => ({ facet, skip: skipOf(facet) }));
}

/** What a search asks for: the query string as the API schema validated it. */
export type SearchParams = SearchQuery;

/** One entry per capacity, the most telling side first (sharing also counts as knowing). */
function dedupeById<T extends { id: number; side: string }>(entries: T[]): T[] {
  const order = (side: string) => (SIDE.has(side) ? SIDE.values.indexOf(side) : SIDE.values.length);
  const sorted = [...entries].sort((a, b) => order(a.side) - order(b.side));
  return sorted.filter((entry, index) => sorted.findIndex((other) => other.id === entry.id) === index);
}

/**
 * Splits a query into folded words of letters and digits, as documents are split (nothing in it is
 * search syntax). Each loses the Arabic article it starts with (see engine/words.ts), since the
 * engine looks a word up in the documents' words as it is given; words that then ask for the same
 * thing ("الميزانية", "ميزانية") count once.
 */
export function queryWords(query: string): string[] {
  const words = wordsOf(foldForMatching(query))
    // At most 40 characters, cut between code points.
    .map((word) => Array.from(queryFormOf(word)).slice(0, 40).join(''));
  return [...new Set(words)].slice(0, 8);
}

/**
 * One faceted search over people and organizations. The viewer searches the documents of their
 * audience (member or visitor), which hold only what that audience may see; counts come from the
 * same documents, so a hidden value neither matches nor counts. The matching and counting run in
 * this process's search engine, brought up to date with the database before each search.
 */
export function searchService(database: DatabaseHandle, translator: Translator, sync: SearchIndexSync) {
  const repository = searchRepository(database.db, database.dialect);
  const counts = dailyCounter(repository);
  // Names of languages, countries and the other fixed facet values, per UI language: building them (Intl) cost more than the search.
  const fixedLabels = new Map<string, string>();
  const remembered = (key: string, make: () => string) => {
    let label = fixedLabels.get(key);
    if (label === undefined) {
      label = make();
      fixedLabels.set(key, label);
    }
    return label;
  };

  return {
    async search(viewer: Viewer | null, params: SearchParams, language: UiLanguage) {
      const audience = viewer?.onboarded ? 'member' : 'visitor';
      const words = queryWords(params.q ?? '');
      // Asked while the engine catches up with the change log: one round trip less per search.
      const blocking = viewer ? blockedEitherWay(database.db, viewer.userId) : Promise.resolve([]);
      blocking.catch(() => undefined);
      return sync.use(async (snapshot) => {
        const reference = cachedReferenceLists(database.db);
        const [capacityRows, languages, regions, blocked] = await Promise.all([
          snapshot.capacities(language),
          reference.languages,
          reference.regions,
          blocking,
        ]);
        const labelOf = new Map(capacityRows.map((row) => [row.id, row.label]));
        // Capacities whose label (in any language) the words name: "presupuesto" finds people who share budgeting.
        const capacitiesOfWord = words.map((word) => snapshot.labels.matching(word));
        const namedByWords = new Set(capacitiesOfWord.flat());

        const chosenCapacities = new Set((params.capacity ?? []).flatMap((id) => capacitySubtree(capacityRows, id)));
        // Without a side, a capacity also finds the resources about it (they are on no side of it).
        const sides: readonly string[] = params.side?.length ? params.side : [...SIDE.values, RESOURCE_CAPACITY_SIDE];
        const capacityValues = [...chosenCapacities].flatMap((id) =>
          sides.map((side) => valueKey(FACET.capacity, `${side}:${id}`)),
        );

        // A filter is named after the facet it narrows (the language filter keeps its name when it looks at levels).
        const filter = (facet: Facet, values: readonly string[], name: Facet = facet): EngineFilter => ({
          name,
          values: values.map((value) => valueKey(facet, value)),
        });
        const filters: EngineFilter[] = [];
        if (params.type?.length) filters.push(filter(FACET.type, params.type));
        if (chosenCapacities.size > 0) filters.push({ name: FACET.capacity, values: capacityValues });
        else if (params.side?.length) filters.push(filter(FACET.side, params.side));
        if (params.language?.length) {
          const minLevel = params.minLevel ?? 0;
          filters.push(
            minLevel > 0
              ? filter(
                  FACET.languageLevel,
                  params.language.flatMap((code) =>
                    [0, 1, 2, 3, 4, 5, 6].filter((rank) => rank >= minLevel).map((rank) => `${code}@${rank}`),
                  ),
                  FACET.language,
                )
              : filter(FACET.language, params.language),
          );
        }
        if (params.region?.length) filters.push(filter(FACET.region, params.region));
        if (params.country?.length) filters.push(filter(FACET.country, params.country));
        if (params.format?.length) filters.push(filter(FACET.format, params.format));
        if (params.orgType?.length) filters.push(filter(FACET.orgType, params.orgType));
        if (params.resourceKind?.length) filters.push(filter(FACET.resourceKind, params.resourceKind));
        if (params.licence?.length) filters.push(filter(FACET.licence, params.licence));
        if (params.level?.length) filters.push(filter(FACET.level, params.level));
        if (params.serviceKind?.length) filters.push(filter(FACET.serviceKind, params.serviceKind));
        if (params.serviceFormat?.length) filters.push(filter(FACET.serviceFormat, params.serviceFormat));

        const page = params.page ?? 1;
        const sort: SearchSort =
          params.sort ?? (words.length > 0 ? 'relevance' : chosenCapacities.size > 0 ? 'capacities' : 'name');
        const result = await snapshot.engine.search({
          audience,
          words: words.map((text, index) => ({
            text,
            capacityValues: capacitiesOfWord[index]!.map((id) => valueKey(FACET.capacityAny, String(id))),
          })),
          filters,
          counted: countedFacets(chosenCapacities.size > 0),
          order: sort,
          scoreValues: [...capacityValues, ...[...namedByWords].map((id) => valueKey(FACET.capacityAny, String(id)))],
          limit: SEARCH_PAGE_SIZE,
          offset: (page - 1) * SEARCH_PAGE_SIZE,
          countLimit: TOP_VALUES,
          hitFacets: [FACET.capacity, FACET.language],
          // Members blocked either way neither find each other nor count in each other's facets.
          excludeEntities: blocked.map((userId) => `person:${userId}`),
        });
        // A first page asked with words or filters is one search; later pages and the empty form are not.
        if (page === 1 && (words.length > 0 || filters.length > 0))
          counts.add({ searches: 1, with_results: result.total > 0 ? 1 : 0, followed: 0 });

        const languageRows = new Map(languages.map((row) => [row.code, row]));
        // The most frequent values (cut by the engine, ties at the cut by code, so the cut is stable), labelled, then ties by label.
        const collator = collatorFor(language);
        const top = (facet: Facet, label: (value: string) => string) =>
          [...(result.counts.get(facet) ?? new Map<string, number>())]
            .map(([value, count]) => ({
              value,
              count,
              label:
                facet === FACET.capacityAny
                  ? label(value)
                  : remembered(`${language}\u0000${facet}\u0000${value}`, () => label(value)),
            }))
            .sort((a, b) => b.count - a.count || collator.compare(a.label, b.label));
        // A stored value that is not (or no longer) in its vocabulary is shown as it is rather than as a missing message.
        const labelIn = (vocabulary: Vocabulary<string>) => (value: string) =>
          vocabulary.has(value) ? translator.translate(language, vocabulary.labelKey(value)) : value;

        return {
          total: result.total,
          page,
          pageSize: SEARCH_PAGE_SIZE,
          sort,
          approximateWords: result.approximateWords,
          results: result.hits.map((hit) => ({
            type: hit.type,
            address: hit.address,
            title: hit.title,
            // Why it is here: the chosen capacities (or those the words named) it has, and the chosen languages it speaks.
            matchedCapacities: dedupeById(
              hit.facets
                .filter((facet) => facet.facet === FACET.capacity)
                .map((facet) => {
                  const [side = '', id = '0'] = facet.value.split(':');
                  return { side, id: Number(id), label: labelOf.get(Number(id)) ?? id };
                })
                .filter((entry) => chosenCapacities.has(entry.id) || namedByWords.has(entry.id)),
            ),
            matchedLanguages: hit.facets
              .filter((facet) => facet.facet === FACET.language && (params.language ?? []).includes(facet.value))
              .map((facet) => facet.value),
          })),
          facets: {
            type: top(FACET.type, labelIn(ENTITY_TYPE_GROUP)),
            side: top(FACET.side, labelIn(SIDE)),
            capacity: top(FACET.capacityAny, (value) => labelOf.get(Number(value)) ?? value),
            language: top(FACET.language, (value) => {
              const row = languageRows.get(value);
              return row ? languageName(row.bcp47, row.autonym, language) : value;
            }),
            region: top(FACET.region, (value) =>
              regions.some((region) => region.id === value)
                ? translator.translate(language, `cxc-region-${value.toLowerCase()}`)
                : value,
            ),
            country: top(FACET.country, (value) => countryName(value, language)),
            format: top(FACET.format, labelIn(EXCHANGE_FORMAT)),
            orgType: top(FACET.orgType, labelIn(ORGANIZATION_TYPE)),
            resourceKind: top(FACET.resourceKind, labelIn(RESOURCE_KIND)),
            licence: top(FACET.licence, labelIn(RESOURCE_LICENCE)),
            level: top(FACET.level, labelIn(CAPACITY_LEVEL)),
            serviceKind: top(FACET.serviceKind, labelIn(SERVICE_KIND)),
            serviceFormat: top(FACET.serviceFormat, labelIn(SERVICE_FORMAT)),
          },
        };
      });
    },

    /** Someone opened a result: the search was useful. Only the day's count changes. */
    countFollowedResult(): void {
      counts.add({ searches: 0, with_results: 0, followed: 1 });
    },

    /** The last days' counters, newest first (admins). */
    async dailyCounts(viewer: Viewer | null, days: number) {
      requireRole(viewer, 'admin');
      await counts.flush();
      const from = new Date(Date.now() - (days - 1) * 86_400_000).toISOString().slice(0, 10);
      return (await repository.dailyCounts(from)).map((row) => ({
        day: row.day,
        searches: Number(row.searches),
        withResults: Number(row.with_results),
        followed: Number(row.followed),
      }));
    },

    /** Writes the counts still held in memory (when the app stops). */
    flushCounts: () => counts.flush(),
  };
}

type Counts = { searches: number; with_results: number; followed: number };

/**
 * Adds counts up in memory and writes them every few seconds: a database write in every search would
 * cost more than the search, and on PostgreSQL every search would wait for the same row's lock.
 */
function dailyCounter(repository: ReturnType<typeof searchRepository>) {
  let pending = new Map<string, Counts>();
  let timer: ReturnType<typeof setTimeout> | undefined;

  async function flush(): Promise<void> {
    clearTimeout(timer);
    timer = undefined;
    const writing = pending;
    pending = new Map();
    for (const [day, counts] of writing) await repository.addToDailyCounts(day, counts);
  }

  return {
    add(counts: Counts): void {
      const day = today();
      const sum = pending.get(day) ?? { searches: 0, with_results: 0, followed: 0 };
      pending.set(day, {
        searches: sum.searches + counts.searches,
        with_results: sum.with_results + counts.with_results,
        followed: sum.followed + counts.followed,
      });
      // Unreferenced: a pending write never keeps the process alive; stopping the app flushes.
      timer ??= setTimeout(() => void flush().catch(() => undefined), COUNTS_FLUSH_MS).unref();
    },
    flush,
  };
}
