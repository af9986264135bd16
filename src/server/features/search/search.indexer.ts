import { foldForMatching } from '../../../shared/text';
import type { DatabaseHandle } from '../../platform/db/database';
import { capacitiesRepository } from '../capacities/capacities.repository';
import { organizationsRepository } from '../organizations/organizations.repository';
import { profilesRepository } from '../profiles/profiles.repository';
import { visibleProfile } from '../profiles/visibility';
import { referenceRepository } from '../reference/reference.repository';
import { searchRepository, type SearchDocument } from './search.repository';

const AUDIENCES = ['member', 'visitor'] as const;
const BULK_BATCH = 1000;
/** Reference data read once for a bulk run, instead of once per document. */
interface ReferenceForBulk { labels: Map<number, string>; regions: Map<string, string> }
/** Babel levels as numbers, so "at least 3" is a range; native counts as 6. */
export const LEVEL_RANK: Record<string, number> = { 0: 0, 1: 1, 2: 2, 3: 3, 4: 4, 5: 5, N: 6 };

/**
 * Keeps the search index in step with profiles and organizations. Documents are built from what
 * each audience may see (the profiles' visibility function), so search never needs to ask again.
 */
export function searchIndexer({ db, dialect }: Pick<DatabaseHandle, 'db' | 'dialect'>, bulk?: ReferenceForBulk) {
  const repository = searchRepository(db, dialect);
  const profiles = profilesRepository(db);
  const organizations = organizationsRepository(db);
  const reference = referenceRepository(db);
  const capacities = capacitiesRepository(db);

  /** Every label of every capacity, in every language: "presupuesto" finds budgeting. */
  async function capacityLabels(): Promise<Map<number, string>> {
    if (bulk) return bulk.labels;
    const rows = await capacities.allLabels();
    const labels = new Map<number, string>();
    for (const row of rows) labels.set(row.capacity_id, `${labels.get(row.capacity_id) ?? ''} ${row.label}`);
    return labels;
  }

  async function regionOf(): Promise<Map<string, string>> {
    if (bulk) return bulk.regions;
    const regions = await reference.listRegions();
    return new Map(regions.flatMap((region) => region.countryCodes.map((code) => [code, region.id] as const)));
  }

  return {
    /** Rebuilds a person's documents; none when they opted out of search or their profile is hidden. */
    async person(userId: string): Promise<void> {
      const profile = await profiles.load(userId);
      if (!profile || !profile.inSearch || profile.displayName === null) {
        await repository.removeEntity('person', userId);
        return;
      }
      const [labels, regions] = await Promise.all([capacityLabels(), regionOf()]);
      const documents: SearchDocument[] = [];
      for (const audience of AUDIENCES) {
        const visible = visibleProfile(profile, audience);
        if (!visible) continue;
        const capacities = visible.capacities ?? { knows: [], shares: [], learns: [] };
        const sides = (['shares', 'learns', 'knows'] as const).filter((side) => capacities[side].length > 0);
        const text = [
          visible.displayName, visible.wikimediaUsername, visible.bio?.source,
          ...sides.flatMap((side) => capacities[side].map((entry) => labels.get(entry.id))),
        ].filter(Boolean).join(' ');
        const facets = [
          { facet: 'type', value: 'person' },
          ...sides.map((side) => ({ facet: 'side', value: side })),
          ...sides.flatMap((side) => capacities[side].map((entry) => ({ facet: 'capacity', value: `${side}:${entry.id}` }))),
          ...[...new Set(sides.flatMap((side) => capacities[side].map((entry) => entry.id)))].map((id) => ({ facet: 'capacity-any', value: String(id) })),
          ...(visible.languages ?? []).flatMap((entry) => [
            { facet: 'language', value: entry.code },
            { facet: 'language-level', value: `${entry.code}@${LEVEL_RANK[entry.level] ?? 0}` },
          ]),
          ...(visible.country ? [{ facet: 'country', value: visible.country }, { facet: 'region', value: regions.get(visible.country) ?? '' }] : []),
          ...(visible.exchange?.formats ?? []).map((format) => ({ facet: 'format', value: format })),
        ].filter((facet) => facet.value !== '');
        documents.push({
          id: `person:${userId}:${audience}`, entity_type: 'person', entity_id: userId, audience, address: profile.handle,
          title: visible.displayName ?? null, sort_name: foldForMatching(visible.displayName ?? '\uffff'),
          body: foldForMatching(text), updated_at: profile.updatedAt, facets: dedupe(facets),
        });
      }
      await repository.replaceEntity('person', userId, documents);
    },

    /**
     * Builds the index for everything that has no documents yet: after the search index was added to
     * a database that already held profiles, and after bulk loads such as the demo people.
     */
    async indexMissing(onProgress: (done: number, total: number) => void = () => undefined): Promise<number> {
      const people = await repository.entitiesWithoutDocuments('person');
      const organizationIds = await repository.entitiesWithoutDocuments('organization');
      const total = people.length + organizationIds.length;
      const reference = { labels: await capacityLabels(), regions: await regionOf() };
      const work = [...people.map((id) => ({ kind: 'person' as const, id })), ...organizationIds.map((id) => ({ kind: 'organization' as const, id }))];
      // Batches in one transaction each: a commit per entity would cost more than the indexing itself.
      for (let start = 0; start < work.length; start += BULK_BATCH) {
        await db.transaction().execute(async (trx) => {
          const batchIndexer = searchIndexer({ db: trx, dialect }, reference);
          for (const entry of work.slice(start, start + BULK_BATCH)) await (entry.kind === 'person' ? batchIndexer.person(entry.id) : batchIndexer.organization(entry.id));
        });
        onProgress(Math.min(start + BULK_BATCH, total), total);
      }
      if (total >= BULK_BATCH) await repository.refreshPlannerStatistics();
      return total;
    },

    /** Organizations are public: the same document for every audience, without contact options. */
    async organization(organizationId: string): Promise<void> {
      const organization = await organizations.load(organizationId);
      if (!organization) {
        await repository.removeEntity('organization', organizationId);
        return;
      }
      const [labels, regions] = await Promise.all([capacityLabels(), regionOf()]);
      const text = [
        ...organization.names.map((entry) => entry.name), organization.acronym, ...organization.descriptions.map((entry) => entry.body),
        ...organization.capacities.offers.map((entry) => labels.get(entry.id)), ...organization.capacities.needs.map((entry) => labels.get(entry.id)),
      ].filter(Boolean).join(' ');
      const sides = (['offers', 'needs'] as const).filter((side) => organization.capacities[side].length > 0);
      const facets = dedupe([
        { facet: 'type', value: 'organization' },
        { facet: 'orgtype', value: organization.type },
        ...sides.map((side) => ({ facet: 'side', value: side })),
        ...sides.flatMap((side) => organization.capacities[side].map((entry) => ({ facet: 'capacity', value: `${side}:${entry.id}` }))),
        ...sides.flatMap((side) => organization.capacities[side].map((entry) => ({ facet: 'capacity-any', value: String(entry.id) }))),
        ...organization.languages.map((code) => ({ facet: 'language', value: code })),
        ...organization.countries.flatMap((code) => [{ facet: 'country', value: code }, { facet: 'region', value: regions.get(code) ?? '' }]),
      ].filter((facet) => facet.value !== ''));
      const title = organization.names[0]?.name ?? organization.slug;
      await repository.replaceEntity('organization', organizationId, AUDIENCES.map((audience) => ({
        id: `organization:${organizationId}:${audience}`, entity_type: 'organization', entity_id: organizationId, audience, address: organization.slug,
        title, sort_name: foldForMatching(title), body: foldForMatching(text), updated_at: organization.updatedAt, facets,
      })));
    },
  };
}

function dedupe(facets: readonly { facet: string; value: string }[]): { facet: string; value: string }[] {
  return [...new Map(facets.map((facet) => [`${facet.facet}\u0000${facet.value}`, facet])).values()];
}

export type SearchIndexer = ReturnType<typeof searchIndexer>;
