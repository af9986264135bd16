import type { UiLanguage } from '../../../shared/ui-languages';
import {
  ACTIVE_DAYS_BUCKET,
  ACTIVITY_MEASURE,
  EDIT_COUNT_BUCKET,
  EXPERIENCE_BUCKET,
  FACET,
  ORGANIZATION_TYPE,
  type ActivityMeasure,
  type ExperienceBucket,
  type Facet,
  type MapArea,
  type MapWho,
  type OrganizationType,
  type ParticipationDimension,
  VISIT_LENGTH_BUCKET,
  type Vocabulary,
} from '../../../shared/vocabulary';
import { RESOURCE_KIND } from '../../../shared/item-vocabulary';
import type { StatisticsRules } from '../../platform/config';
import type { DatabaseHandle } from '../../platform/db/database';
import type { Translator } from '../../platform/i18n';
import { validationFailed } from '../../platform/errors';
import { capacityAncestors, capacitySubtree } from '../capacities/capacities.service';
import type { CapacityRow } from '../capacities/capacities.repository';
import { connectCountsSince, outcomesSince } from '../connections/connections.public';
import { profileVisitsPerDay } from '../profiles/profiles.public';
import { cachedReferenceLists, collatorFor, countryName, languageName } from '../reference/reference.service';
import { TABULATION_SEPARATOR, valueKey, type EngineFilter, type Tabulation } from '../search/engine/types';
import { searchCountsSince } from '../search/search.public';
import type { SearchIndexSync } from '../search/search.sync';
import type {
  ActivityResponse,
  CohortsResponse,
  MapQuery,
  MapResponse,
  ParticipationResponse,
  UnmetNeedsQuery,
  UnmetNeedsResponse,
} from './statistics.schema';
import { presenceRepository, type PresenceMeasure } from './presence.repository';
import { groupedNetwork, listNetwork, protect, tableNetwork, type ProtectOptions } from './suppression';

/**
 * How long one process keeps a table it published. Counting is done in the search engine (the
 * member documents: what members may see of everyone in the statistics), a few milliseconds to a
 * few tens for a table; kept, the same table costs nothing for a minute, and a minute-old count says
 * what a fresh one does. So every table is at most a minute old (`computedAt` says when).
 */
export const STATISTICS_FRESH_MS = 60_000;
/** A cohort: at least this many people who want to learn the same capacity in one region and language. */
export const SMALLEST_COHORT = 10;
const MONTHS = 12;
const COHORTS_AT_MOST = 100;
/** The area of people who did not say (or do not show members) their country. */
export const UNKNOWN_AREA = 'unknown';

/** A view of the map: one capacity (with its subtree) or all, one language or all, one organization type or all. */
interface MapView {
  readonly capacity: number | null;
  readonly language: string | null;
  readonly orgType: OrganizationType | null;
}

type Side = 'offers' | 'needs';
const SIDES: readonly Side[] = ['offers', 'needs'];
/** The facet value of each side, for people and for organizations. */
const SIDE_VALUE: Record<MapWho, Record<Side, string>> = {
  people: { offers: 'shares', needs: 'learns' },
  organizations: { offers: 'offers', needs: 'needs' },
};

const filterOf = (facet: Facet, ...values: string[]): EngineFilter => ({
  name: facet,
  values: values.map((value) => valueKey(facet, value)),
});
/**
 * Only those in the statistics, of one type: members who did not opt out, or organizations (all of
 * them). The value names the type, so one list serves both filters.
 */
const counted = (type: 'person' | 'organization' | 'resource') => filterOf(FACET.statistics, type);

const months = (now: number): string[] => {
  const date = new Date(now);
  return Array.from({ length: MONTHS }, (_, index) =>
    new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() - (MONTHS - 1 - index), 1)).toISOString().slice(0, 7),
  );
};

/** Years since a Wikimedia account's registration year, in the report's buckets. */
export function experienceOf(registeredYear: number | null, now: number): ExperienceBucket {
  if (registeredYear === null) return 'unknown';
  const years = new Date(now).getUTCFullYear() - registeredYear;
  return years < 1 ? 'under-1-year' : years < 5 ? '1-4-years' : years < 10 ? '5-9-years' : '10-years-or-more';
}

/** A table of rows by month, as published: each cell, row total, month total and the whole, or null where withheld. */
interface ShownMonthTable {
  readonly cells: (number | null)[][];
  readonly rowTotals: (number | null)[];
  readonly monthTotals: (number | null)[];
  readonly total: number | null;
}

/**
 * Protects a table whose rows divide each month between them (one row per participant or visit in
 * a month), with its row, month and grand totals: no withheld cell can be solved from the rest.
 */
function shownMonthTable(cellRows: readonly (readonly number[])[], protection: ProtectOptions): ShownMonthTable {
  const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
  const rowTotals = cellRows.map(sum);
  const monthTotals = Array.from({ length: MONTHS }, (_, month) => sum(cellRows.map((row) => row[month]!)));
  const edges = tableNetwork(cellRows, rowTotals, monthTotals, sum(rowTotals));
  const withheld = protect(edges, protection);
  const shown = (index: number) => (withheld[index] ? null : edges[index]!.value);
  const cellCount = cellRows.length * MONTHS;
  return {
    cells: cellRows.map((_, row) => Array.from({ length: MONTHS }, (__, month) => shown(row * MONTHS + month))),
    rowTotals: cellRows.map((_, row) => shown(cellCount + row)),
    monthTotals: Array.from({ length: MONTHS }, (_, month) => shown(cellCount + cellRows.length + month)),
    total: shown(edges.length - 1),
  };
}

/**
 * The map and the reports: aggregates of what members may see, of everyone who did not opt out of
 * the statistics, with every count that could single someone out withheld (see suppression.ts and
 * docs/ARCHITECTURE.md, Map and reports). Open to everyone, signed in or not.
 */
export function statisticsService(
  database: DatabaseHandle,
  translator: Translator,
  sync: SearchIndexSync,
  rules: StatisticsRules,
) {
  const smallest = rules.smallestCount;
  const protectedCountries = new Set(rules.protectedCountries);
  const kept = new Map<string, { takenAt: number; answer: Promise<unknown> }>();

  const isKept = (key: string) => {
    const entry = kept.get(key);
    return entry !== undefined && Date.now() - entry.takenAt < STATISTICS_FRESH_MS;
  };

  /** One table per key for STATISTICS_FRESH_MS; a failed count is not kept. */
  function remembered<T>(key: string, make: (now: number) => Promise<T>): Promise<T> {
    const now = Date.now();
    const entry = kept.get(key);
    if (entry && now - entry.takenAt < STATISTICS_FRESH_MS) return entry.answer as Promise<T>;
    for (const [other, { takenAt }] of kept) if (now - takenAt >= STATISTICS_FRESH_MS) kept.delete(other);
    const answer = make(now);
    const made = { takenAt: now, answer };
    kept.set(key, made);
    answer.catch(() => {
      if (kept.get(key) === made) kept.delete(key);
    });
    return answer;
  }

  /** What every table says of itself; `zeros` as the table publishes them (the rule says which). */
  const about = (now: number, language: UiLanguage, zeros: 'withheld' | 'shown' = 'withheld') => ({
    computedAt: new Date(now).toISOString(),
    smallestPublished: smallest,
    rule:
      zeros === 'withheld'
        ? translator.translate(language, 'cxc-reports-rule', smallest)
        : translator.translate(language, 'cxc-reports-rule-zeros-shown', smallest - 1),
    licence: 'CC0-1.0' as const,
  });

  const tabulate = (tabulations: readonly Tabulation[]) =>
    sync.use(async (snapshot) => snapshot.engine.tabulate('member', tabulations));
  const capacityRows = (language: UiLanguage) => sync.use((snapshot) => snapshot.capacities(language));

  /** A count is withheld when a wider view's count is larger by 1 to smallest-1: their difference would be published. */
  const differsByFew = (count: number, wider: number) => wider - count > 0 && wider - count < smallest;

  const regionLabel = (language: UiLanguage, id: string) =>
    translator.translate(language, `cxc-region-${id.toLowerCase()}`);

  async function languageEntry(code: string | undefined, language: UiLanguage) {
    if (!code) return null;
    const row = (await cachedReferenceLists(database.db).languages).find((entry) => entry.code === code);
    if (!row) throw validationFailed([{ field: 'language', code: 'unknown-language' }]);
    return { code, label: languageName(row.bcp47, row.autonym, language) };
  }

  // ---------------------------------------------------------------------------------------------
  // The map

  /** The filters of one side of a view. */
  function viewFilters(who: MapWho, view: MapView, side: Side, rows: readonly CapacityRow[]): EngineFilter[] {
    const sideValue = SIDE_VALUE[who][side];
    return [
      counted(who === 'people' ? 'person' : 'organization'),
      view.capacity === null
        ? filterOf(FACET.side, sideValue)
        : filterOf(FACET.capacity, ...capacitySubtree(rows, view.capacity).map((id) => `${sideValue}:${id}`)),
      ...(view.language === null ? [] : [filterOf(FACET.language, view.language)]),
      ...(view.orgType === null ? [] : [filterOf(FACET.orgType, view.orgType)]),
    ];
  }

  /** Every view that widens `view` by one or more filters (capacity to an ancestor or all, language or type to all). */
  function widerViews(view: MapView, rows: readonly CapacityRow[]): MapView[] {
    const capacities =
      view.capacity === null ? [null] : [view.capacity, ...capacityAncestors(rows, view.capacity), null];
    const languages = view.language === null ? [null] : [view.language, null];
    const types = view.orgType === null ? [null] : [view.orgType, null];
    return capacities
      .flatMap((capacity) => languages.flatMap((language) => types.map((orgType) => ({ capacity, language, orgType }))))
      .filter(
        (wider) =>
          wider.capacity !== view.capacity || wider.language !== view.language || wider.orgType !== view.orgType,
      );
  }

  type SideCounts = { countries: Map<string, number>; regions: Map<string, number> | undefined; total: number };
  type ViewCounts = Record<Side, SideCounts>;

  /**
   * Per country, per region (organizations; a person's region is their country's) and overall, for
   * each side of each view: the true counts. Each view is kept as the tables are, so the wider views
   * every map asks about (all capacities, a capacity's ancestors) are counted once a minute; those
   * not kept are counted together, in one call to the engine.
   */
  async function viewCounts(who: MapWho, views: readonly MapView[], rows: readonly CapacityRow[]) {
    const keyOf = (view: MapView) => JSON.stringify(['view', who, view.capacity, view.language, view.orgType]);
    const groupings = who === 'people' ? [[FACET.country]] : [[FACET.country], [FACET.region]];
    const tabulationsOf = (view: MapView): Tabulation[] =>
      SIDES.flatMap((side) =>
        groupings.map((groupBy) => ({
          filters: viewFilters(who, view, side, rows),
          groupBy: groupBy.map((facet) => ({ facet })),
        })),
      );
    const missing = views.filter((view) => !isKept(keyOf(view)));
    const counting = missing.length === 0 ? Promise.resolve([]) : tabulate(missing.flatMap(tabulationsOf));
    const perView = groupings.length * SIDES.length;
    return Promise.all(
      views.map((view) =>
        remembered(keyOf(view), async (): Promise<ViewCounts> => {
          const at = missing.indexOf(view);
          // Kept a moment ago but gone since (a minute passed): counted alone.
          const answers =
            at === -1 ? await tabulate(tabulationsOf(view)) : (await counting).slice(at * perView, (at + 1) * perView);
          let next = 0;
          const counts = SIDES.map((side): [Side, SideCounts] => {
            const countries = answers[next++]!;
            const regions = who === 'people' ? undefined : answers[next++]!.cells;
            return [side, { countries: countries.cells, regions, total: countries.matched }];
          });
          return Object.fromEntries(counts) as ViewCounts;
        }),
      ),
    );
  }

  const mapAnswers = new WeakMap<object, Map<MapArea, MapResponse>>();

  async function map(query: MapQuery, language: UiLanguage): Promise<MapResponse> {
    const by: MapArea = query.by ?? 'country';
    const who: MapWho = query.who ?? 'people';
    const orgType = who === 'organizations' ? (query.orgType ?? null) : null;
    const key = JSON.stringify(['map', who, query.capacity ?? null, query.language ?? null, orgType, language]);
    const table = await remembered(key, async (now) => {
      const rows = await capacityRows(language);
      if (query.capacity !== undefined && !rows.some((row) => row.id === query.capacity))
        throw validationFailed([{ field: 'capacity', code: 'unknown-capacity' }]);
      const languageOfView = await languageEntry(query.language, language);
      const regions = await cachedReferenceLists(database.db).regions;
      const view: MapView = { capacity: query.capacity ?? null, language: query.language ?? null, orgType };
      const wider = widerViews(view, rows);
      const [own, ...others] = await viewCounts(who, [view, ...wider], rows);

      // Parts: every country of every region, then (people) those who show no country; groups: regions.
      const countries = regions.flatMap((region, group) => region.countryCodes.map((code) => ({ code, group })));
      const published = Object.fromEntries(
        SIDES.map((side) => {
          const counts = own![side];
          const countryCount = (counts: { countries: Map<string, number> }, code: string) =>
            counts.countries.get(code) ?? 0;
          const regionCount = (counts: SideCounts, group: number) =>
            counts.regions
              ? (counts.regions.get(regions[group]!.id) ?? 0)
              : regions[group]!.countryCodes.reduce((sum, code) => sum + countryCount(counts, code), 0);
          const unknownCount = (counts: SideCounts) =>
            counts.total - [...counts.countries.values()].reduce((sum, count) => sum + count, 0);
          const parts = countries.map(({ code }) => countryCount(counts, code));
          const groupTotals = regions.map((_, group) => regionCount(counts, group));
          const withUnknown = who === 'people';
          const partValues = withUnknown ? [...parts, unknownCount(counts)] : parts;
          const groupOf = [...countries.map(({ group }) => group), ...(withUnknown ? [-1] : [])];
          const edges = groupedNetwork(partValues, groupOf, groupTotals, counts.total);
          // Withheld whatever they are: protected countries, and counts a wider view would tell apart by a few.
          const forced = new Set<number>();
          countries.forEach(({ code }, index) => {
            if (protectedCountries.has(code)) forced.add(index);
          });
          for (const otherCounts of others) {
            const widerCounts = otherCounts[side];
            countries.forEach(({ code }, index) => {
              if (differsByFew(parts[index]!, countryCount(widerCounts, code))) forced.add(index);
            });
            if (withUnknown && differsByFew(unknownCount(counts), unknownCount(widerCounts)))
              forced.add(countries.length);
            regions.forEach((_, group) => {
              if (differsByFew(groupTotals[group]!, regionCount(widerCounts, group)))
                forced.add(partValues.length + group);
            });
            if (differsByFew(counts.total, widerCounts.total)) forced.add(edges.length - 1);
          }
          const withheld = protect(edges, { smallest, withholdZero: true, alsoWithheld: forced });
          const shown = (index: number) => (withheld[index] ? null : edges[index]!.value);
          return [
            side,
            {
              countries: new Map(countries.map(({ code }, index) => [code, shown(index)])),
              unknown: withUnknown ? shown(countries.length) : null,
              regions: new Map(regions.map((region, group) => [region.id, shown(partValues.length + group)])),
              total: shown(edges.length - 1),
            },
          ];
        }),
      ) as Record<
        Side,
        {
          countries: Map<string, number | null>;
          unknown: number | null;
          regions: Map<string, number | null>;
          total: number | null;
        }
      >;

      const measures = (offers: number | null, needs: number | null) => ({
        offers,
        needs,
        gap: offers === null || needs === null ? null : needs - offers,
      });
      const collator = collatorFor(language);
      const countryAreas = countries
        .map(({ code, group }) => ({
          code,
          name: countryName(code, language),
          region: regions[group]!.id,
          merged: protectedCountries.has(code),
          ...measures(published.offers.countries.get(code)!, published.needs.countries.get(code)!),
        }))
        .sort((a, b) => collator.compare(a.name, b.name));
      const unknownArea =
        who === 'people'
          ? [
              {
                code: UNKNOWN_AREA,
                name: translator.translate(language, 'cxc-map-area-unknown'),
                region: null,
                merged: false,
                ...measures(published.offers.unknown, published.needs.unknown),
              },
            ]
          : [];
      const regionAreas = regions
        .map((region) => ({
          code: region.id,
          name: regionLabel(language, region.id),
          region: region.id,
          merged: false,
          ...measures(published.offers.regions.get(region.id)!, published.needs.regions.get(region.id)!),
        }))
        .sort((a, b) => collator.compare(a.name, b.name));
      const capacity = view.capacity === null ? null : rows.find((row) => row.id === view.capacity)!;
      return {
        now,
        countryAreas: [...countryAreas, ...unknownArea],
        regionAreas: [...regionAreas, ...unknownArea],
        total: measures(published.offers.total, published.needs.total),
        capacity: capacity && { id: capacity.id, label: capacity.label },
        language: languageOfView,
      };
    });
    // The same answer object while the table is kept, so the route's serialized copy is reused too.
    let answers = mapAnswers.get(table);
    if (!answers) mapAnswers.set(table, (answers = new Map()));
    let answer = answers.get(by);
    if (!answer) {
      answer = {
        ...about(table.now, language),
        by,
        who,
        capacity: table.capacity,
        language: table.language,
        orgType,
        areas: by === 'country' ? table.countryAreas : table.regionAreas,
        total: table.total,
      };
      answers.set(by, answer);
    }
    return answer;
  }

  // ---------------------------------------------------------------------------------------------
  // Unmet needs

  async function unmetNeeds(query: UnmetNeedsQuery, language: UiLanguage): Promise<UnmetNeedsResponse> {
    const key = JSON.stringify(['unmet', query.region ?? null, query.language ?? null, language]);
    return remembered(key, async (now) => {
      const [rows, regions, languageOfView] = await Promise.all([
        capacityRows(language),
        cachedReferenceLists(database.db).regions,
        languageEntry(query.language, language),
      ]);
      if (query.region !== undefined && !regions.some((region) => region.id === query.region))
        throw validationFailed([{ field: 'region', code: 'unknown-region' }]);
      // The view and every wider one (without the region, without the language, without both).
      const views = [
        [query.region, query.language],
        [undefined, query.language],
        [query.region, undefined],
        [undefined, undefined],
      ].filter(([region, code], index, all) => all.findIndex(([r, c]) => r === region && c === code) === index);
      const cells = await tabulate(
        views.map(([region, code]) => ({
          filters: [
            counted('person'),
            ...(region ? [filterOf(FACET.region, region)] : []),
            ...(code ? [filterOf(FACET.language, code)] : []),
          ],
          groupBy: [{ facet: FACET.capacity }],
        })),
      );
      const [own, ...wider] = cells.map((answer) => answer.cells);
      const publish = (value: string) => {
        const count = own!.get(value) ?? 0;
        if (count < smallest || wider.some((other) => differsByFew(count, other.get(value) ?? 0))) return null;
        return count;
      };
      const capacities = rows
        .map((row) => {
          const offers = publish(`shares:${row.id}`);
          const needs = publish(`learns:${row.id}`);
          return {
            id: row.id,
            label: row.label,
            offers,
            needs,
            gap: offers === null || needs === null ? null : needs - offers,
          };
        })
        .filter((row) => row.needs !== null)
        // Largest gap first, a withheld number of sharers counting as none: the order says nothing the cells do not.
        .sort(
          (a, b) =>
            b.needs! - (b.offers ?? 0) - (a.needs! - (a.offers ?? 0)) ||
            collatorFor(language).compare(a.label, b.label),
        );
      const region = query.region ? { id: query.region, label: regionLabel(language, query.region) } : null;
      return { ...about(now, language), region, language: languageOfView, capacities };
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Cohorts

  async function cohorts(language: UiLanguage): Promise<CohortsResponse> {
    return remembered(JSON.stringify(['cohorts', language]), async (now) => {
      const [rows, languages] = await Promise.all([
        capacityRows(language),
        cachedReferenceLists(database.db).languages,
      ]);
      const grouped = (prefix: string, facets: Facet[]): Tabulation => ({
        filters: [counted('person')],
        groupBy: [{ facet: FACET.capacity, prefix }, ...facets.map((facet) => ({ facet }))],
      });
      const [learners, sharers, sharersByRegion, sharersByLanguage, learnersByRegion, learnersByLanguage] = (
        await tabulate([
          grouped('learns:', [FACET.region, FACET.language]),
          grouped('shares:', [FACET.region, FACET.language]),
          grouped('shares:', [FACET.region]),
          grouped('shares:', [FACET.language]),
          grouped('learns:', [FACET.region]),
          grouped('learns:', [FACET.language]),
        ])
      ).map((answer) => answer.cells);
      const labelOf = new Map(rows.map((row) => [row.id, row.label]));
      const languageRows = new Map(languages.map((row) => [row.code, row]));
      const list = [...learners!]
        .filter(([, count]) => count >= SMALLEST_COHORT)
        .map(([cell, count]) => {
          const [capacityValue = '', region = '', code = ''] = cell.split(TABULATION_SEPARATOR);
          const id = Number(capacityValue.slice('learns:'.length));
          const sharing = sharers!.get([`shares:${id}`, region, code].join(TABULATION_SEPARATOR)) ?? 0;
          const sharersShown =
            sharing < smallest ||
            differsByFew(sharing, sharersByRegion!.get([`shares:${id}`, region].join(TABULATION_SEPARATOR)) ?? 0) ||
            differsByFew(sharing, sharersByLanguage!.get([`shares:${id}`, code].join(TABULATION_SEPARATOR)) ?? 0)
              ? null
              : sharing;
          const learnersShown =
            differsByFew(count, learnersByRegion!.get([capacityValue, region].join(TABULATION_SEPARATOR)) ?? 0) ||
            differsByFew(count, learnersByLanguage!.get([capacityValue, code].join(TABULATION_SEPARATOR)) ?? 0)
              ? null
              : count;
          const row = languageRows.get(code);
          return {
            order: count,
            capacity: { id, label: labelOf.get(id) ?? String(id) },
            region: { id: region, label: regionLabel(language, region) },
            language: { code, label: row ? languageName(row.bcp47, row.autonym, language) : code },
            learners: learnersShown,
            sharers: sharersShown,
          };
        })
        .filter((cohort) => labelOf.has(cohort.capacity.id) && cohort.region.id !== '')
        // Most learners first; a withheld count sorts as the smallest cohort, so the order tells no more than the cells.
        .sort(
          (a, b) =>
            (b.learners ?? SMALLEST_COHORT) - (a.learners ?? SMALLEST_COHORT) ||
            collatorFor(language).compare(a.capacity.label, b.capacity.label) ||
            a.region.id.localeCompare(b.region.id) ||
            a.language.code.localeCompare(b.language.code),
        )
        .slice(0, COHORTS_AT_MOST)
        .map(({ order: _order, ...cohort }) => cohort);
      return { ...about(now, language), smallestCohort: SMALLEST_COHORT, cohorts: list };
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Participation

  async function participation(by: ParticipationDimension, language: UiLanguage): Promise<ParticipationResponse> {
    return remembered(JSON.stringify(['participation', by, language]), async (now) => {
      const monthList = months(now);
      const organizations = by === 'org-type';
      const resources = by.startsWith('resource-');
      const facet: Facet = {
        region: FACET.region,
        country: FACET.country,
        language: FACET.language,
        wiki: FACET.wiki,
        experience: FACET.wikimediaSince,
        edits: FACET.wikimediaEdits,
        'org-type': FACET.orgType,
        'resource-kind': FACET.resourceKind,
        'resource-language': FACET.language,
        'resource-capacity': FACET.capacityAny,
      }[by];
      const filters = [
        counted(organizations ? 'organization' : resources ? 'resource' : 'person'),
        filterOf(FACET.joined, ...monthList),
      ];
      const [cells, perMonth] = (
        await tabulate([
          { filters, groupBy: [{ facet }, { facet: FACET.joined }] },
          { filters, groupBy: [{ facet: FACET.joined }] },
        ])
      ).map((answer) => answer.cells);
      // Values as the table names them (experience: years bucketed now), each with its twelve months.
      const rowsByValue = new Map<string, number[]>();
      for (const [cell, count] of cells!) {
        const [raw = '', month = ''] = cell.split(TABULATION_SEPARATOR);
        const value = by === 'experience' ? experienceOf(Number(raw), now) : raw;
        if (value === '') continue;
        const row = rowsByValue.get(value) ?? monthList.map(() => 0);
        row[monthList.indexOf(month)]! += count;
        rowsByValue.set(value, row);
      }
      const monthTotals = monthList.map((month) => perMonth!.get(month) ?? 0);
      // One value per participant (a region, a country, an account age, a type): the rows add up to
      // the months once those who show none have their row, and the table's sums constrain it whole.
      const singleValued = !['language', 'wiki', 'resource-language', 'resource-capacity'].includes(by);
      if (singleValued) {
        const unknown = monthTotals.map(
          (total, index) => total - [...rowsByValue.values()].reduce((sum, row) => sum + row[index]!, 0),
        );
        if (unknown.some((count) => count > 0)) rowsByValue.set(UNKNOWN_AREA, unknown);
      }
      const values = [...rowsByValue.keys()];
      const cellRows = values.map((value) => rowsByValue.get(value)!);
      const rowTotals = cellRows.map((row) => row.reduce((a, b) => a + b, 0));
      const grandTotal = monthTotals.reduce((a, b) => a + b, 0);
      // A month in which nobody of a group joined says nothing about anyone: 0 is shown; 1 to 4 are not.
      const protection = { smallest, withholdZero: false };
      let shownCell: (row: number, month: number) => number | null;
      let shownRowTotal: (row: number) => number | null;
      let shownMonthTotal: (month: number) => number | null;
      let shownGrandTotal: number | null;
      if (singleValued) {
        const table = shownMonthTable(cellRows, protection);
        shownCell = (row, month) => table.cells[row]![month]!;
        shownRowTotal = (row) => table.rowTotals[row]!;
        shownMonthTotal = (month) => table.monthTotals[month]!;
        shownGrandTotal = table.total;
      } else {
        // Several values per participant: each row adds up to its own total, and the months to theirs.
        const rowsShown = cellRows.map((row, index) => {
          const edges = listNetwork(row, rowTotals[index]!);
          const withheld = protect(edges, protection);
          return edges.map((edge, position) => (withheld[position] ? null : edge.value));
        });
        const totalEdges = listNetwork(monthTotals, grandTotal);
        const totalsWithheld = protect(totalEdges, protection);
        shownCell = (row, month) => rowsShown[row]![month]!;
        shownRowTotal = (row) => rowsShown[row]![MONTHS]!;
        shownMonthTotal = (month) => (totalsWithheld[month] ? null : monthTotals[month]!);
        shownGrandTotal = totalsWithheld[MONTHS] ? null : grandTotal;
      }
      const reference = cachedReferenceLists(database.db);
      const [languageRows, projects, capacities] = await Promise.all([
        reference.languages,
        reference.projectDomains,
        by === 'resource-capacity' ? capacityRows(language) : Promise.resolve([]),
      ]);
      const capacityLabel = new Map(capacities.map((row) => [String(row.id), row.label]));
      const labelOf = (value: string): string => {
        if (value === UNKNOWN_AREA) return translator.translate(language, 'cxc-participation-not-stated');
        if (by === 'region') return regionLabel(language, value);
        if (by === 'country') return countryName(value, language);
        if (by === 'experience')
          return translator.translate(language, EXPERIENCE_BUCKET.labelKey(value as ExperienceBucket));
        if (by === 'edits')
          return EDIT_COUNT_BUCKET.has(value)
            ? translator.translate(language, EDIT_COUNT_BUCKET.labelKey(value))
            : value;
        if (by === 'org-type')
          return ORGANIZATION_TYPE.has(value)
            ? translator.translate(language, ORGANIZATION_TYPE.labelKey(value))
            : value;
        if (by === 'resource-kind')
          return RESOURCE_KIND.has(value) ? translator.translate(language, RESOURCE_KIND.labelKey(value)) : value;
        if (by === 'resource-capacity') return capacityLabel.get(value) ?? value;
        if (by === 'language' || by === 'resource-language') {
          const row = languageRows.find((entry) => entry.code === value);
          return row ? languageName(row.bcp47, row.autonym, language) : value;
        }
        const [project = '', code] = value.split(':');
        const domain = projects.get(project) ?? project;
        return code ? `${code}.${domain}` : domain;
      };
      const collator = collatorFor(language);
      const rows = values
        .map((value, index) => ({
          value,
          label: labelOf(value),
          months: monthList.map((_, month) => shownCell(index, month)),
          total: shownRowTotal(index),
        }))
        .sort((a, b) =>
          a.value === UNKNOWN_AREA ? 1 : b.value === UNKNOWN_AREA ? -1 : collator.compare(a.label, b.label),
        );
      return {
        ...about(now, language, 'shown'),
        by,
        months: monthList,
        rows,
        total: { months: monthList.map((_, month) => shownMonthTotal(month)), total: shownGrandTotal },
      };
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Activity

  async function activity(language: UiLanguage): Promise<ActivityResponse> {
    return remembered(JSON.stringify(['activity', language]), async (now) => {
      const monthList = months(now);
      const from = `${monthList[0]}-01`;
      const fromMs = Date.parse(`${from}T00:00:00Z`);
      const monthOfDay = (day: string) => monthList.indexOf(day.slice(0, 7));
      const [entries, connect, searches, visits, outcomes, presence] = await Promise.all([
        tabulate(
          (['person', 'organization', 'resource'] as const).map((type) => ({
            filters: [counted(type), filterOf(FACET.joined, ...monthList)],
            groupBy: [{ facet: FACET.joined }],
          })),
        ),
        connectCountsSince(database.db, from),
        searchCountsSince(database, from),
        profileVisitsPerDay(database.db, Math.floor(fromMs / 86_400_000)),
        outcomesSince(database.db, fromMs),
        presenceRepository(database.db).countsFrom(monthList[0]!),
      ]);
      const series = new Map<ActivityMeasure, number[]>(
        ACTIVITY_MEASURE.values.map((measure) => [measure, monthList.map(() => 0)]),
      );
      const add = (measure: ActivityMeasure, month: number, count: number) => {
        if (month >= 0) series.get(measure)![month]! += count;
      };
      monthList.forEach((month, index) => {
        add('profiles', index, entries[0]!.cells.get(month) ?? 0);
        add('organizations', index, entries[1]!.cells.get(month) ?? 0);
        // Public and members' resources (drafts and hidden ones have no member document), by the month they were added.
        add('resources', index, entries[2]!.cells.get(month) ?? 0);
      });
      for (const row of connect) {
        const month = monthOfDay(row.day);
        add('requests', month, Number(row.requests));
        add('connections', month, Number(row.connections));
        add('invitations-sent', month, Number(row.invitations_sent));
        add('invitations-accepted', month, Number(row.invitations_accepted));
        add('follow-ups-answered', month, Number(row.follow_ups_answered));
      }
      for (const row of searches) {
        add('searches', monthOfDay(row.day), row.searches);
        add('successful-searches', monthOfDay(row.day), row.followed);
      }
      for (const row of visits)
        add('profile-visits', monthOfDay(new Date(row.day * 86_400_000).toISOString()), row.visits);
      for (const at of outcomes.learnedAt) add('capacities-learned', monthOfDay(new Date(at).toISOString()), 1);
      // Counts of acts, not of people: 0 is shown (a month without searches tells nothing about anyone).
      const measures = ACTIVITY_MEASURE.values.map((measure) => {
        const values = series.get(measure)!;
        const edges = listNetwork(
          values,
          values.reduce((a, b) => a + b, 0),
        );
        const withheld = protect(edges, { smallest, withholdZero: false });
        const shown = edges.map((edge, index) => (withheld[index] ? null : edge.value));
        return {
          measure,
          label: translator.translate(language, ACTIVITY_MEASURE.labelKey(measure)),
          months: shown.slice(0, MONTHS),
          total: shown[MONTHS]!,
        };
      });
      const answers = outcomes.ratings.length;
      const satisfaction =
        answers >= smallest
          ? {
              answers,
              average:
                Math.round((outcomes.ratings.reduce((sum, row) => sum + row.satisfaction, 0) / answers) * 10) / 10,
            }
          : { answers: null, average: null };
      // Members by active days and visits by length: each month divided between its buckets, zeros
      // shown (a month in which nobody stayed an hour says nothing about anyone).
      // The stored counts are unique per month, measure and bucket (their primary key).
      const presenceCount = new Map(
        presence.map((row) => [`${row.measure} ${row.bucket} ${row.month}`, Number(row.count)]),
      );
      const bucketTable = <V extends string>(measure: PresenceMeasure, buckets: Vocabulary<V>) => {
        const cellRows = buckets.values.map((bucket) =>
          monthList.map((month) => presenceCount.get(`${measure} ${bucket} ${month}`) ?? 0),
        );
        const table = shownMonthTable(cellRows, { smallest, withholdZero: false });
        return {
          rows: buckets.values.map((value, index) => ({
            value,
            label: translator.translate(language, buckets.labelKey(value)),
            months: table.cells[index]!,
            total: table.rowTotals[index]!,
          })),
          total: { months: table.monthTotals, total: table.total },
        };
      };
      return {
        ...about(now, language, 'shown'),
        months: monthList,
        measures,
        activeDays: bucketTable('active-days', ACTIVE_DAYS_BUCKET),
        visits: bucketTable('visit-length', VISIT_LENGTH_BUCKET),
        satisfaction,
      };
    });
  }

  return { map, unmetNeeds, cohorts, participation, activity };
}

export type StatisticsService = ReturnType<typeof statisticsService>;
