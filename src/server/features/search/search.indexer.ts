import { foldForMatching } from '../../../shared/text';
import type { DatabaseHandle } from '../../platform/db/database';
import type { Db } from '../../platform/db/schema';
import { organizationsRepository, type OrganizationData } from '../organizations/organizations.repository';
import { profilesRepository } from '../profiles/profiles.repository';
import { visibleProfile, type ProfileData } from '../profiles/visibility';
import { cachedReferenceLists } from '../reference/reference.service';
import { AUDIENCES, type EngineDocument, type FacetValue } from './search.engine';
import { searchRepository } from './search.repository';

const BULK_BATCH = 1000;
/** Babel levels as numbers, so "at least 3" is a range; native counts as 6. */
export const LEVEL_RANK: Record<string, number> = { 0: 0, 1: 1, 2: 2, 3: 3, 4: 4, 5: 5, N: 6 };

function dedupe(facets: readonly FacetValue[]): FacetValue[] {
  return [...new Map(facets.filter((facet) => facet.value !== '').map((facet) => [`${facet.facet}\u0000${facet.value}`, facet])).values()];
}

/** Each country's Wikimedia region, for the region facet. */
export async function regionsByCountry(db: Db): Promise<Map<string, string>> {
  const regions = await cachedReferenceLists(db).regions;
  return new Map(regions.flatMap((region) => region.countryCodes.map((code) => [code, region.id] as const)));
}

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
    const sides = (['shares', 'learns', 'knows'] as const).filter((side) => capacities[side].length > 0);
    const facets: FacetValue[] = [
      { facet: 'type', value: 'person' },
      ...sides.map((side) => ({ facet: 'side', value: side })),
      ...sides.flatMap((side) => capacities[side].map((entry) => ({ facet: 'capacity', value: `${side}:${entry.id}` }))),
      ...sides.flatMap((side) => capacities[side].map((entry) => ({ facet: 'capacity-any', value: String(entry.id) }))),
      ...(visible.languages ?? []).flatMap((entry) => [
        { facet: 'language', value: entry.code },
        { facet: 'language-level', value: `${entry.code}@${LEVEL_RANK[entry.level] ?? 0}` },
      ]),
      ...(visible.country ? [{ facet: 'country', value: visible.country }, { facet: 'region', value: regionOfCountry.get(visible.country) ?? '' }] : []),
      ...(visible.exchange?.formats ?? []).map((format) => ({ facet: 'format', value: format })),
    ];
    return [{
      entityType: 'person', entityId: profile.userId, audience, address: profile.handle,
      title: visible.displayName ?? null, sortName: foldForMatching(visible.displayName ?? '\uffff'),
      body: foldForMatching([visible.displayName, visible.wikimediaUsername, visible.bio?.source].filter(Boolean).join(' ')),
      updatedAt: profile.updatedAt, facets: dedupe(facets),
    } satisfies EngineDocument];
  });
}

/** Organizations are public: the same document for every audience, without contact options. */
export function organizationDocuments(organization: OrganizationData, regionOfCountry: ReadonlyMap<string, string>): EngineDocument[] {
  const sides = (['offers', 'needs'] as const).filter((side) => organization.capacities[side].length > 0);
  const facets = dedupe([
    { facet: 'type', value: 'organization' },
    { facet: 'orgtype', value: organization.type },
    ...sides.map((side) => ({ facet: 'side', value: side })),
    ...sides.flatMap((side) => organization.capacities[side].map((entry) => ({ facet: 'capacity', value: `${side}:${entry.id}` }))),
    ...sides.flatMap((side) => organization.capacities[side].map((entry) => ({ facet: 'capacity-any', value: String(entry.id) }))),
    ...organization.languages.map((code) => ({ facet: 'language', value: code })),
    ...organization.countries.flatMap((code) => [{ facet: 'country', value: code }, { facet: 'region', value: regionOfCountry.get(code) ?? '' }]),
  ]);
  const title = organization.names[0]?.name ?? organization.slug;
  const body = foldForMatching([...organization.names.map((entry) => entry.name), organization.acronym, ...organization.descriptions.map((entry) => entry.body)].filter(Boolean).join(' '));
  return AUDIENCES.map((audience) => ({
    entityType: 'organization', entityId: organization.id, audience, address: organization.slug,
    title, sortName: foldForMatching(title), body, updatedAt: organization.updatedAt, facets,
  }));
}

/**
 * Keeps the stored search documents in step with profiles and organizations; every process's search
 * engine picks the changes up from the change log (search.sync.ts).
 */
export function searchIndexer({ db, dialect }: Pick<DatabaseHandle, 'db' | 'dialect'>) {
  const repository = searchRepository(db, dialect);
  const profiles = profilesRepository(db);
  const organizations = organizationsRepository(db);
  const regionOfCountry = () => regionsByCountry(db);

  return {
    /** Rebuilds a person's documents; none when they opted out of search or their profile is hidden. */
    async person(userId: string): Promise<void> {
      const profile = await profiles.load(userId);
      await repository.replaceEntity('person', userId, profile ? personDocuments(profile, await regionOfCountry()) : []);
    },

    async organization(organizationId: string): Promise<void> {
      const organization = await organizations.load(organizationId);
      await repository.replaceEntity('organization', organizationId, organization ? organizationDocuments(organization, await regionOfCountry()) : []);
    },

    /**
     * Builds the documents of everything that has none yet: after the search index was (re)created
     * over existing profiles, and after bulk loads such as the demo people. Profiles are read a
     * thousand at a time and their documents written in one transaction per batch; at the end every
     * process is told to reload the whole index, instead of one change per entity.
     */
    async indexMissing(onProgress: (done: number, total: number) => void = () => undefined): Promise<number> {
      const people = await repository.entitiesWithoutDocuments('person');
      const organizationIds = await repository.entitiesWithoutDocuments('organization');
      const total = people.length + organizationIds.length;
      if (total === 0) return 0;
      const regions = await regionOfCountry();
      for (let start = 0; start < people.length; start += BULK_BATCH) {
        const loaded = await profiles.loadMany(people.slice(start, start + BULK_BATCH));
        await db.transaction().execute((trx) => searchRepository(trx, dialect).insertDocuments(loaded.flatMap((profile) => personDocuments(profile, regions))));
        onProgress(Math.min(start + BULK_BATCH, people.length), total);
      }
      for (const [index, id] of organizationIds.entries()) {
        const organization = await organizations.load(id);
        if (organization) await repository.insertDocuments(organizationDocuments(organization, regions));
        if (index % BULK_BATCH === 0) onProgress(people.length + index + 1, total);
      }
      onProgress(total, total);
      await repository.logFullReload();
      if (total >= BULK_BATCH) await repository.refreshPlannerStatistics();
      return total;
    },
  };
}

export type SearchIndexer = ReturnType<typeof searchIndexer>;
