import { foldForMatching } from '../../../shared/text';
import { FACET, ORGANIZATION_SIDE } from '../../../shared/vocabulary';
import type { Db } from '../../platform/db/schema';
import { AUDIENCES, type EngineDocument } from '../search/engine/types';
import { distinctFacets, type SearchSource, type SourceContext } from '../search/search.indexer';
import { organizationsRepository, type OrganizationData } from './organizations.repository';

/** Organizations are public: the same document for every audience, without contact options. */
export function organizationDocuments(
  organization: OrganizationData,
  regionOfCountry: ReadonlyMap<string, string>,
): EngineDocument[] {
  if (organization.withheld) return [];
  const sides = ORGANIZATION_SIDE.values.filter((side) => organization.capacities[side].length > 0);
  const facets = distinctFacets([
    { facet: FACET.type, value: 'organization' },
    { facet: FACET.orgType, value: organization.type },
    ...sides.map((side) => ({ facet: FACET.side, value: side })),
    ...sides.flatMap((side) =>
      organization.capacities[side].map((entry) => ({ facet: FACET.capacity, value: `${side}:${entry.id}` })),
    ),
    ...sides.flatMap((side) =>
      organization.capacities[side].map((entry) => ({ facet: FACET.capacityAny, value: String(entry.id) })),
    ),
    ...organization.languages.map((code) => ({ facet: FACET.language, value: code })),
    ...organization.countries.flatMap((code) => [
      { facet: FACET.country, value: code },
      { facet: FACET.region, value: regionOfCountry.get(code) ?? '' },
    ]),
    // Organizations are public and always counted in the statistics, by the month they were added.
    { facet: FACET.statistics, value: 'organization' },
    { facet: FACET.joined, value: new Date(organization.createdAt).toISOString().slice(0, 7) },
  ]);
  const title = organization.names[0]?.name ?? organization.slug;
  const text = [
    ...organization.names.map((entry) => entry.name),
    organization.acronym,
    ...organization.descriptions.map((entry) => entry.body),
  ];
  const body = foldForMatching(text.filter(Boolean).join(' '));
  return AUDIENCES.map((audience) => ({
    entityType: 'organization',
    entityId: organization.id,
    audience,
    address: organization.slug,
    title,
    sortName: foldForMatching(title),
    body,
    updatedAt: organization.updatedAt,
    facets,
  }));
}

/** Organizations, as search finds them. */
export const organizationSearchSource: SearchSource = {
  entityType: 'organization',
  async documentsOf(db: Db, ids: readonly string[], { regionOfCountry, lockWith }: SourceContext) {
    const organizations = await organizationsRepository(db).loadMany(ids, lockWith);
    return organizations.flatMap((organization) => organizationDocuments(organization, regionOfCountry));
  },
  withoutDocuments: (db) => organizationsRepository(db).withoutSearchDocuments(),
  withStaleDocuments: (db) => organizationsRepository(db).withStaleSearchDocuments(),
};
