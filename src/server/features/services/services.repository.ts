import type { SqlDialect } from '../../platform/db/dialects/dialect';
import { groupedBy, inOrderAsked, replaceOwnedRows } from '../../platform/db/owned-rows';
import type { Db, ServiceTable } from '../../platform/db/schema';
import type { ItemListScope } from '../items/items.public';

export interface ServiceText {
  readonly language: string;
  readonly title: string;
  readonly description: string;
  readonly availability: string;
  readonly costNote: string;
}

export interface ServiceData {
  readonly id: string;
  readonly kind: ServiceTable['kind'];
  readonly format: ServiceTable['format'];
  readonly cost: ServiceTable['cost'];
  readonly visibility: ServiceTable['visibility'];
  /** The member who offers it, or null when an organization does. */
  readonly providerId: string | null;
  readonly organizationId: string | null;
  readonly texts: readonly ServiceText[];
  readonly languages: readonly string[];
  readonly capacities: readonly number[];
  readonly countries: readonly string[];
  readonly regions: readonly string[];
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly hiddenAt: number | null;
}

/** What a save writes (everything but its id, times and moderation). */
export type ServiceContent = Omit<ServiceData, 'id' | 'createdAt' | 'updatedAt' | 'hiddenAt'>;

/** All SQL for services and their lists. */
export function servicesRepository(db: Db) {
  return {
    async load(id: string): Promise<ServiceData | undefined> {
      return (await this.loadMany([id]))[0];
    },

    /** Several services in a fixed number of queries; with `lockWith`, their rows stay locked until the transaction ends. */
    async loadMany(serviceIds: readonly string[], lockWith?: SqlDialect): Promise<ServiceData[]> {
      if (serviceIds.length === 0) return [];
      const ids = [...serviceIds];
      const query = db.selectFrom('services').selectAll().where('id', 'in', ids);
      const rows = await (lockWith ? lockWith.lockRowsForUpdate(query) : query).execute();
      if (rows.length === 0) return [];
      inOrderAsked(rows, ids, (row) => row.id);
      const [texts, languages, capacities, countries, regions] = await Promise.all([
        db
          .selectFrom('service_texts')
          .select(['service_id', 'language', 'title', 'description', 'availability', 'cost_note'])
          .where('service_id', 'in', ids)
          .orderBy('position')
          .execute(),
        db
          .selectFrom('service_languages')
          .select(['service_id', 'language'])
          .where('service_id', 'in', ids)
          .orderBy('language')
          .execute(),
        db
          .selectFrom('service_capacities')
          .select(['service_id', 'capacity_id'])
          .where('service_id', 'in', ids)
          .orderBy('position')
          .execute(),
        db
          .selectFrom('service_countries')
          .select(['service_id', 'country'])
          .where('service_id', 'in', ids)
          .orderBy('country')
          .execute(),
        db
          .selectFrom('service_regions')
          .select(['service_id', 'region'])
          .where('service_id', 'in', ids)
          .orderBy('region')
          .execute(),
      ]);
      const textsOf = groupedBy(texts, 'service_id');
      const languagesOf = groupedBy(languages, 'service_id');
      const capacitiesOf = groupedBy(capacities, 'service_id');
      const countriesOf = groupedBy(countries, 'service_id');
      const regionsOf = groupedBy(regions, 'service_id');
      return rows.map((row) => ({
        id: row.id,
        kind: row.kind,
        format: row.format,
        cost: row.cost,
        visibility: row.visibility,
        providerId: row.provider_id,
        organizationId: row.organization_id,
        texts: textsOf(row.id).map(({ cost_note: costNote, ...text }) => ({ ...text, costNote })),
        languages: languagesOf(row.id).map((entry) => entry.language),
        capacities: capacitiesOf(row.id).map((entry) => entry.capacity_id),
        countries: countriesOf(row.id).map((entry) => entry.country),
        regions: regionsOf(row.id).map((entry) => entry.region),
        createdAt: Number(row.created_at),
        updatedAt: Number(row.updated_at),
        hiddenAt: row.hidden_at === null ? null : Number(row.hidden_at),
      }));
    },

    /** Adds a service; the caller holds the transaction. */
    async insert(id: string, content: ServiceContent, createdBy: string, now: number): Promise<void> {
      await db
        .insertInto('services')
        .values({ id, ...columnsOf(content), created_by: createdBy, created_at: now, updated_at: now })
        .execute();
      await this.writeLists(id, content);
    },

    /** Writes a saved service's columns and lists; the caller holds the transaction and the row's lock. */
    async update(id: string, content: ServiceContent, now: number): Promise<void> {
      await db
        .updateTable('services')
        .set({ ...columnsOf(content), updated_at: now })
        .where('id', '=', id)
        .execute();
      await this.writeLists(id, content);
    },

    async writeLists(id: string, content: ServiceContent): Promise<void> {
      const owner = { column: 'service_id', id } as const;
      await replaceOwnedRows(
        db,
        'service_texts',
        owner,
        content.texts.map(({ costNote, ...text }, position) => ({
          service_id: id,
          ...text,
          cost_note: costNote,
          position,
        })),
      );
      await replaceOwnedRows(
        db,
        'service_languages',
        owner,
        content.languages.map((language) => ({ service_id: id, language })),
      );
      await replaceOwnedRows(
        db,
        'service_capacities',
        owner,
        content.capacities.map((capacityId, position) => ({ service_id: id, capacity_id: capacityId, position })),
      );
      await replaceOwnedRows(
        db,
        'service_countries',
        owner,
        content.countries.map((country) => ({ service_id: id, country })),
      );
      await replaceOwnedRows(
        db,
        'service_regions',
        owner,
        content.regions.map((region) => ({ service_id: id, region })),
      );
    },

    async delete(id: string): Promise<void> {
      await db.deleteFrom('services').where('id', '=', id).execute();
    },

    async setHidden(id: string, hiddenAt: number | null): Promise<void> {
      await db.updateTable('services').set({ hidden_at: hiddenAt }).where('id', '=', id).execute();
    },

    /** Ids of services, most recently changed first: a member's, an organization's, or those one may edit. */
    async idsWhere(where: ItemListScope, limit: number, offset: number): Promise<string[]> {
      let query = db.selectFrom('services').select(['id', 'updated_at']);
      if (where.memberId) query = query.where('provider_id', '=', where.memberId);
      if (where.organizationId) query = query.where('organization_id', '=', where.organizationId);
      if (where.editableBy) {
        const { userId, organizationIds } = where.editableBy;
        query = query.where((eb) =>
          eb.or([
            eb('provider_id', '=', userId),
            ...(organizationIds.length > 0 ? [eb('organization_id', 'in', [...organizationIds])] : []),
          ]),
        );
      }
      const rows = await query.orderBy('updated_at', 'desc').orderBy('id').limit(limit).offset(offset).execute();
      return rows.map((row) => row.id);
    },

    /** The services a member offers themselves. */
    async idsOfProvider(userId: string): Promise<string[]> {
      const rows = await db.selectFrom('services').select('id').where('provider_id', '=', userId).execute();
      return rows.map((row) => row.id);
    },

    /** Services a member added for an organization no longer name them as their creator. */
    async forgetCreator(userId: string): Promise<void> {
      await db.updateTable('services').set({ created_by: null }).where('created_by', '=', userId).execute();
    },

    /** Services without a search document. */
    async withoutSearchDocuments(): Promise<string[]> {
      const indexed = db.selectFrom('search_documents').select('entity_id').where('entity_type', '=', 'service');
      // Drafts and hidden services have no documents (see itemAudiences): they are not missing any.
      const rows = await db
        .selectFrom('services')
        .select('id')
        .where('visibility', '!=', 'draft')
        .where('hidden_at', 'is', null)
        .where('id', 'not in', indexed)
        .execute();
      return rows.map((row) => row.id);
    },

    /** Services whose documents are of another version of them. */
    async withStaleSearchDocuments(): Promise<string[]> {
      const rows = await db
        .selectFrom('search_documents as d')
        .innerJoin('services as s', 's.id', 'd.entity_id')
        .select('s.id')
        .distinct()
        .where('d.entity_type', '=', 'service')
        .where((eb) => eb('d.updated_at', '!=', eb.ref('s.updated_at')))
        .execute();
      return rows.map((row) => row.id);
    },

    /** Adds many services at once (the demo data), in one transaction, with bulk inserts. */
    async insertMany(dialect: SqlDialect, entries: readonly (ServiceContent & { id: string; createdAt: number })[]) {
      await db.transaction().execute(async (trx) => {
        await dialect.insertRows(
          trx,
          'services',
          entries.map((entry) => ({
            id: entry.id,
            ...columnsOf(entry),
            created_by: entry.providerId,
            created_at: entry.createdAt,
            updated_at: entry.createdAt,
          })),
        );
        await dialect.insertRows(
          trx,
          'service_texts',
          entries.flatMap((entry) =>
            entry.texts.map(({ costNote, ...text }, position) => ({
              service_id: entry.id,
              ...text,
              cost_note: costNote,
              position,
            })),
          ),
        );
        await dialect.insertRows(
          trx,
          'service_languages',
          entries.flatMap((entry) => entry.languages.map((language) => ({ service_id: entry.id, language }))),
        );
        await dialect.insertRows(
          trx,
          'service_capacities',
          entries.flatMap((entry) =>
            entry.capacities.map((capacityId, position) => ({
              service_id: entry.id,
              capacity_id: capacityId,
              position,
            })),
          ),
        );
        await dialect.insertRows(
          trx,
          'service_countries',
          entries.flatMap((entry) => entry.countries.map((country) => ({ service_id: entry.id, country }))),
        );
        await dialect.insertRows(
          trx,
          'service_regions',
          entries.flatMap((entry) => entry.regions.map((region) => ({ service_id: entry.id, region }))),
        );
      });
    },
  };
}

function columnsOf(content: ServiceContent) {
  return {
    kind: content.kind,
    format: content.format,
    cost: content.cost,
    visibility: content.visibility,
    provider_id: content.providerId,
    organization_id: content.organizationId,
  };
}
