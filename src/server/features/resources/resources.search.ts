import { foldForMatching } from '../../../shared/text';
import { FACET } from '../../../shared/vocabulary';
import { RESOURCE_CAPACITY_SIDE } from '../../../shared/item-vocabulary';
import type { Db } from '../../platform/db/schema';
import { organizationSummaries } from '../organizations/organizations.public';
import { itemAudiences } from '../../platform/editing/items';
import type { EngineDocument } from '../search/engine/types';
import { distinctFacets, type SearchSource, type SourceContext } from '../search/search.indexer';
import { resourcesRepository, type ResourceData } from './resources.repository';

/**
 * A resource's documents. The text holds its titles and descriptions in every language and the
 * names of its organizations and of authors written as names; members who authored it are not in
 * the text (a member's name follows their own profile's visibility, which a resource cannot know
 * per reader).
 */
export function resourceDocuments(
  resource: ResourceData,
  organizationNames: ReadonlyMap<string, string>,
): EngineDocument[] {
  const audiences = itemAudiences(resource);
  if (audiences.length === 0) return [];
  const facets = distinctFacets([
    { facet: FACET.type, value: 'resource' },
    { facet: FACET.resourceKind, value: resource.kind },
    { facet: FACET.licence, value: resource.licence },
    { facet: FACET.level, value: resource.level ?? '' },
    ...resource.capacities.map((id) => ({ facet: FACET.capacity, value: `${RESOURCE_CAPACITY_SIDE}:${id}` })),
    ...resource.capacities.map((id) => ({ facet: FACET.capacityAny, value: String(id) })),
    ...resource.languages.map((code) => ({ facet: FACET.language, value: code })),
    // Counted in the reports by the month it was added (resources added per month).
    { facet: FACET.statistics, value: 'resource' },
    { facet: FACET.joined, value: new Date(resource.createdAt).toISOString().slice(0, 7) },
  ]);
  const title = resource.texts[0]?.title ?? resource.id;
  const organizations = [resource.organizationId, ...resource.authors.map((author) => author.organizationId)]
    .filter((id): id is string => id !== null)
    .map((id) => organizationNames.get(id));
  const text = [
    ...resource.texts.flatMap((entry) => [entry.title, entry.description]),
    ...organizations,
    ...resource.authors.map((author) => (author.kind === 'name' ? author.name : null)),
  ];
  const body = foldForMatching(text.filter(Boolean).join(' '));
  return audiences.map((audience) => ({
    entityType: 'resource',
    entityId: resource.id,
    audience,
    address: resource.id,
    title,
    sortName: foldForMatching(title),
    body,
    updatedAt: resource.updatedAt,
    facets,
  }));
}

/** The names of the organizations a resource names (its publisher and organization authors). */
export async function organizationNamesOf(db: Db, resources: readonly ResourceData[]): Promise<Map<string, string>> {
  const ids = new Set(
    resources.flatMap((resource) => [
      ...(resource.organizationId ? [resource.organizationId] : []),
      ...resource.authors.flatMap((author) => (author.organizationId ? [author.organizationId] : [])),
    ]),
  );
  return new Map((await organizationSummaries(db, [...ids])).map((row) => [row.id, row.name]));
}

/** Learning resources, as search finds them. */
export const resourceSearchSource: SearchSource = {
  entityType: 'resource',
  async documentsOf(db: Db, ids: readonly string[], { lockWith }: SourceContext) {
    const resources = await resourcesRepository(db).loadMany(ids, lockWith);
    const names = await organizationNamesOf(db, resources);
    return resources.flatMap((resource) => resourceDocuments(resource, names));
  },
  withoutDocuments: (db) => resourcesRepository(db).withoutSearchDocuments(),
  withStaleDocuments: (db) => resourcesRepository(db).withStaleSearchDocuments(),
};
