import { foldForMatching } from '../../../shared/text';
import { FACET, PERSON_SIDE, SIDE } from '../../../shared/vocabulary';
import type { Db } from '../../platform/db/schema';
import { AUDIENCES, type EngineDocument, type FacetValue } from '../search/engine/types';
import { distinctFacets, type SearchSource, type SourceContext } from '../search/search.indexer';
import { profilesRepository } from './profiles.repository';
import { visibleProfile, type ProfileData } from './visibility';

/** Babel levels as numbers, so "at least 3" is a range; native counts as 6. */
export const LEVEL_RANK: Readonly<Record<string, number>> = { 0: 0, 1: 1, 2: 2, 3: 3, 4: 4, 5: 5, N: 6 };

/** In the search's order of sides (shares first), which the facets and "why it matched" chips read in. */
const SIDES_IN_ORDER = SIDE.values.filter((side) => PERSON_SIDE.has(side));

/**
 * A person's documents, one per audience that may find them, built from what that audience may see
 * (the profiles' visibility function), so search never needs to ask again. None when they opted out.
 * Capacity labels are not copied into the text: search matches label words to capacities instead.
 */
export function personDocuments(profile: ProfileData, regionOfCountry: ReadonlyMap<string, string>): EngineDocument[] {
  if (!profile.inSearch || profile.displayName === null) return [];
  return AUDIENCES.flatMap((audience) => {
    const visible = visibleProfile(profile, audience);
    if (!visible) return [];
    const capacities = visible.capacities ?? { knows: [], shares: [], learns: [] };
    const sides = SIDES_IN_ORDER.filter((side) => capacities[side].length > 0);
    const facets: FacetValue[] = [
      { facet: FACET.type, value: 'person' },
      ...sides.map((side) => ({ facet: FACET.side, value: side })),
      ...sides.flatMap((side) =>
        capacities[side].map((entry) => ({ facet: FACET.capacity, value: `${side}:${entry.id}` })),
      ),
      ...sides.flatMap((side) =>
        capacities[side].map((entry) => ({ facet: FACET.capacityAny, value: String(entry.id) })),
      ),
      ...(visible.languages ?? []).flatMap((entry) => [
        { facet: FACET.language, value: entry.code },
        { facet: FACET.languageLevel, value: `${entry.code}@${LEVEL_RANK[entry.level] ?? 0}` },
      ]),
      ...(visible.country
        ? [
            { facet: FACET.country, value: visible.country },
            { facet: FACET.region, value: regionOfCountry.get(visible.country) ?? '' },
          ]
        : []),
      ...(visible.exchange?.formats ?? []).map((format) => ({ facet: FACET.format, value: format })),
      ...(audience === 'member' ? statisticsFacets(profile, visible.wikis ?? []) : []),
    ];
    const text = [visible.displayName, visible.wikimediaUsername, visible.bio?.source].filter(Boolean).join(' ');
    return [
      {
        entityType: 'person',
        entityId: profile.userId,
        audience,
        address: profile.handle,
        title: visible.displayName ?? null,
        sortName: foldForMatching(visible.displayName ?? '\uffff'),
        body: foldForMatching(text),
        updatedAt: profile.updatedAt,
        facets: distinctFacets(facets),
      } satisfies EngineDocument,
    ];
  });
}

/**
 * What the map and reports group members by, on member documents only (the statistics count what
 * members may see): whether the person is counted at all, the month they joined, the wikis they
 * show, the year of their Wikimedia account and the range of its edit count (never shown on a
 * profile, only ever counted in buckets, and only for people in the statistics).
 */
function statisticsFacets(profile: ProfileData, wikis: readonly { project: string; language: string }[]): FacetValue[] {
  if (!profile.inStatistics) return [];
  return [
    { facet: FACET.statistics, value: 'person' },
    ...(profile.accountCreatedAt === undefined
      ? []
      : [{ facet: FACET.joined, value: new Date(profile.accountCreatedAt).toISOString().slice(0, 7) }]),
    ...wikis.map((wiki) => ({
      facet: FACET.wiki,
      value: wiki.language ? `${wiki.project}:${wiki.language}` : wiki.project,
    })),
    ...(profile.wikimediaRegisteredYear
      ? [{ facet: FACET.wikimediaSince, value: String(profile.wikimediaRegisteredYear) }]
      : []),
    ...(profile.wikimediaEditBucket ? [{ facet: FACET.wikimediaEdits, value: profile.wikimediaEditBucket }] : []),
  ];
}

/** People, as search finds them: built from their profiles through the visibility function. */
export const personSearchSource: SearchSource = {
  entityType: 'person',
  async documentsOf(db: Db, ids: readonly string[], { regionOfCountry, lockWith }: SourceContext) {
    const profiles = await profilesRepository(db).loadMany(ids, lockWith);
    return profiles.flatMap((profile) => personDocuments(profile, regionOfCountry));
  },
  withoutDocuments: (db) => profilesRepository(db).withoutSearchDocuments(),
  withStaleDocuments: (db) => profilesRepository(db).withStaleSearchDocuments(),
};
