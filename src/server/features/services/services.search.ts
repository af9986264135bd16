import { foldForMatching } from '../../../shared/text';
import { FACET } from '../../../shared/vocabulary';
import type { Db } from '../../platform/db/schema';
import { itemAudiences } from '../../platform/editing/items';
import { organizationSummaries } from '../organizations/organizations.public';
import type { EngineDocument } from '../search/engine/types';
import { distinctFacets, type SearchSource, type SourceContext } from '../search/search.indexer';
import { servicesRepository, type ServiceData } from './services.repository';

/** A service "offers" its capacities: found as organizations offering them are, and in "Peers for me". */
const SERVICE_CAPACITY_SIDE = 'offers';

/**
 * A service's documents: for its audiences (none as a draft or while hidden), its texts in every
 * language and the name of its organization; a member provider's name is not in the text (it
 * follows their own profile's visibility). Given "both" ways, it is found as online and in person.
 */
export function serviceDocuments(
  service: ServiceData,
  regionOfCountry: ReadonlyMap<string, string>,
  organizationNames: ReadonlyMap<string, string>,
): EngineDocument[] {
  const audiences = itemAudiences(service);
  if (audiences.length === 0) return [];
  const formats = service.format === 'both' ? ['online', 'in-person', 'both'] : [service.format];
  const facets = distinctFacets([
    { facet: FACET.type, value: 'service' },
    { facet: FACET.serviceKind, value: service.kind },
    ...formats.map((format) => ({ facet: FACET.serviceFormat, value: format })),
    { facet: FACET.side, value: SERVICE_CAPACITY_SIDE },
    ...service.capacities.map((id) => ({ facet: FACET.capacity, value: `${SERVICE_CAPACITY_SIDE}:${id}` })),
    ...service.capacities.map((id) => ({ facet: FACET.capacityAny, value: String(id) })),
    ...service.languages.map((code) => ({ facet: FACET.language, value: code })),
    ...service.countries.flatMap((code) => [
      { facet: FACET.country, value: code },
      { facet: FACET.region, value: regionOfCountry.get(code) ?? '' },
    ]),
    ...service.regions.map((region) => ({ facet: FACET.region, value: region })),
    { facet: FACET.statistics, value: 'service' },
    { facet: FACET.joined, value: new Date(service.createdAt).toISOString().slice(0, 7) },
  ]);
  const title = service.texts[0]?.title ?? service.id;
  const text = [
    ...service.texts.flatMap((entry) => [entry.title, entry.description, entry.availability]),
    service.organizationId ? organizationNames.get(service.organizationId) : null,
  ];
  const body = foldForMatching(text.filter(Boolean).join(' '));
  return audiences.map((audience) => ({
    entityType: 'service',
    entityId: service.id,
    audience,
    address: service.id,
    title,
    sortName: foldForMatching(title),
    body,
    updatedAt: service.updatedAt,
    facets,
  }));
}

/** The names of the organizations offering these services. */
export async function providerNamesOf(db: Db, services: readonly ServiceData[]): Promise<Map<string, string>> {
  const ids = [...new Set(services.flatMap((service) => (service.organizationId ? [service.organizationId] : [])))];
  return new Map((await organizationSummaries(db, ids)).map((row) => [row.id, row.name]));
}

/** Services, as search finds them. */
export const serviceSearchSource: SearchSource = {
  entityType: 'service',
  async documentsOf(db: Db, ids: readonly string[], { regionOfCountry, lockWith }: SourceContext) {
    const services = await servicesRepository(db).loadMany(ids, lockWith);
    const names = await providerNamesOf(db, services);
    return services.flatMap((service) => serviceDocuments(service, regionOfCountry, names));
  },
  withoutDocuments: (db) => servicesRepository(db).withoutSearchDocuments(),
  withStaleDocuments: (db) => servicesRepository(db).withStaleSearchDocuments(),
};
