import { randomUUID } from 'node:crypto';
import type { SqlDialect } from '../../platform/db/dialects/dialect';
import { groupedBy, inOrderAsked, replaceOwnedRows } from '../../platform/db/owned-rows';
import type { AuthorKind } from '../../../shared/item-vocabulary';
import type { Db, ResourceTable } from '../../platform/db/schema';
import type { ItemListScope } from '../items/items.public';

export interface ResourceText {
  readonly language: string;
  readonly title: string;
  readonly description: string;
}

/** One line of a resource's authors, as stored: a member (null once erased), an organization, or a name. */
export interface ResourceAuthor {
  readonly kind: AuthorKind;
  readonly userId: string | null;
  readonly organizationId: string | null;
  readonly name: string | null;
}

export interface ResourceData {
  readonly id: string;
  readonly kind: ResourceTable['kind'];
  readonly level: ResourceTable['level'];
  readonly licence: ResourceTable['licence'];
  readonly url: string | null;
  readonly commonsFile: string | null;
  readonly publishedOn: string | null;
  readonly visibility: ResourceTable['visibility'];
  readonly organizationId: string | null;
  readonly texts: readonly ResourceText[];
  readonly languages: readonly string[];
  readonly capacities: readonly number[];
  readonly authors: readonly ResourceAuthor[];
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly hiddenAt: number | null;
  readonly link: {
    readonly status: number | null;
    readonly checkedAt: number | null;
    readonly failingSince: number | null;
  };
}

/** The columns and lists a save writes (everything but its id, times, moderation and link check). */
export type ResourceContent = Omit<ResourceData, 'id' | 'createdAt' | 'updatedAt' | 'hiddenAt' | 'link'>;

/** The member authors of a resource (who, with the managers of its organization, may edit it). */
export const memberAuthorIds = (resource: Pick<ResourceData, 'authors'>): string[] =>
  resource.authors.flatMap((author) => (author.kind === 'member' && author.userId ? [author.userId] : []));

/** All SQL for learning resources, their texts, lists, authors and history. */
export function resourcesRepository(db: Db) {
  return {
    async load(id: string): Promise<ResourceData | undefined> {
      return (await this.loadMany([id]))[0];
    },

    /** Several resources in a fixed number of queries; with `lockWith`, their rows stay locked until the transaction ends. */
    async loadMany(resourceIds: readonly string[], lockWith?: SqlDialect): Promise<ResourceData[]> {
      if (resourceIds.length === 0) return [];
      const ids = [...resourceIds];
      const query = db.selectFrom('resources').selectAll().where('id', 'in', ids);
      const rows = await (lockWith ? lockWith.lockRowsForUpdate(query) : query).execute();
      if (rows.length === 0) return [];
      inOrderAsked(rows, ids, (row) => row.id);
      const [texts, languages, capacities, authors] = await Promise.all([
        db
          .selectFrom('resource_texts')
          .select(['resource_id', 'language', 'title', 'description'])
          .where('resource_id', 'in', ids)
          .orderBy('position')
          .execute(),
        db
          .selectFrom('resource_languages')
          .select(['resource_id', 'language'])
          .where('resource_id', 'in', ids)
          .orderBy('language')
          .execute(),
        db
          .selectFrom('resource_capacities')
          .select(['resource_id', 'capacity_id'])
          .where('resource_id', 'in', ids)
          .orderBy('position')
          .execute(),
        db
          .selectFrom('resource_authors')
          .select(['resource_id', 'kind', 'user_id', 'organization_id', 'name'])
          .where('resource_id', 'in', ids)
          .orderBy('position')
          .execute(),
      ]);
      const textsOf = groupedBy(texts, 'resource_id');
      const languagesOf = groupedBy(languages, 'resource_id');
      const capacitiesOf = groupedBy(capacities, 'resource_id');
      const authorsOf = groupedBy(authors, 'resource_id');
      return rows.map((row) => ({
        id: row.id,
        kind: row.kind,
        level: row.level,
        licence: row.licence,
        url: row.url,
        commonsFile: row.commons_file,
        publishedOn: row.published_on,
        visibility: row.visibility,
        organizationId: row.organization_id,
        texts: textsOf(row.id),
        languages: languagesOf(row.id).map((entry) => entry.language),
        capacities: capacitiesOf(row.id).map((entry) => entry.capacity_id),
        authors: authorsOf(row.id).map((entry) => ({
          kind: entry.kind,
          userId: entry.user_id,
          organizationId: entry.organization_id,
          name: entry.name,
        })),
        createdAt: Number(row.created_at),
        updatedAt: Number(row.updated_at),
        hiddenAt: row.hidden_at === null ? null : Number(row.hidden_at),
        link: {
          status: row.link_status,
          checkedAt: row.link_checked_at === null ? null : Number(row.link_checked_at),
          failingSince: row.link_failing_since === null ? null : Number(row.link_failing_since),
        },
      }));
    },

    /** The member authors of a resource as stored now (read before its row is locked, to lock their accounts first). */
    async memberAuthorsOf(id: string): Promise<string[]> {
      const rows = await db
        .selectFrom('resource_authors')
        .select('user_id')
        .where('resource_id', '=', id)
        .where('user_id', 'is not', null)
        .execute();
      return rows.map((row) => row.user_id!);
    },

    /** Adds a resource; the caller holds the transaction. */
    async insert(id: string, content: ResourceContent, now: number): Promise<void> {
      await db
        .insertInto('resources')
        .values({ id, ...columnsOf(content), created_at: now, updated_at: now })
        .execute();
      await this.writeLists(id, content);
    },

    /** Writes a saved resource's columns and lists; the caller holds the transaction and the row's lock. */
    async update(id: string, content: ResourceContent, now: number): Promise<void> {
      await db
        .updateTable('resources')
        .set({ ...columnsOf(content), updated_at: now })
        .where('id', '=', id)
        .execute();
      await this.writeLists(id, content);
    },

    async writeLists(id: string, content: ResourceContent): Promise<void> {
      const owner = { column: 'resource_id', id } as const;
      await replaceOwnedRows(
        db,
        'resource_texts',
        owner,
        content.texts.map((text, position) => ({ resource_id: id, ...text, position })),
      );
      await replaceOwnedRows(
        db,
        'resource_languages',
        owner,
        content.languages.map((language) => ({ resource_id: id, language })),
      );
      await replaceOwnedRows(
        db,
        'resource_capacities',
        owner,
        content.capacities.map((capacityId, position) => ({ resource_id: id, capacity_id: capacityId, position })),
      );
      await replaceOwnedRows(
        db,
        'resource_authors',
        owner,
        content.authors.map((author, position) => ({
          resource_id: id,
          position,
          kind: author.kind,
          user_id: author.userId,
          organization_id: author.organizationId,
          name: author.name,
        })),
      );
    },

    async delete(id: string): Promise<void> {
      await db.deleteFrom('resources').where('id', '=', id).execute();
    },

    async setHidden(id: string, hiddenAt: number | null): Promise<void> {
      await db.updateTable('resources').set({ hidden_at: hiddenAt }).where('id', '=', id).execute();
    },

    async record(entry: { resourceId: string; actorId: string | null; action: string; fields: readonly string[] }) {
      await db
        .insertInto('resource_history')
        .values({
          id: randomUUID(),
          resource_id: entry.resourceId,
          actor_id: entry.actorId,
          action: entry.action,
          fields: JSON.stringify(entry.fields),
          created_at: Date.now(),
        })
        .execute();
    },

    /** A resource's history, newest first. */
    historyOf(id: string) {
      return db
        .selectFrom('resource_history')
        .select(['action', 'fields', 'created_at', 'actor_id'])
        .where('resource_id', '=', id)
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .execute();
    },

    /**
     * Ids of resources, most recently changed first: those a member is an author of, those of an
     * organization (added for it or naming it as an author), or those any of `editorOf` may edit.
     */
    async idsWhere(where: ItemListScope, limit: number, offset: number): Promise<string[]> {
      let query = db.selectFrom('resources as r').select(['r.id', 'r.updated_at']);
      const authoredBy = (userId: string) =>
        db.selectFrom('resource_authors').select('resource_id').where('user_id', '=', userId);
      if (where.memberId) query = query.where('r.id', 'in', authoredBy(where.memberId));
      if (where.organizationId) {
        const organizationId = where.organizationId;
        query = query.where((eb) =>
          eb.or([
            eb('r.organization_id', '=', organizationId),
            eb(
              'r.id',
              'in',
              db.selectFrom('resource_authors').select('resource_id').where('organization_id', '=', organizationId),
            ),
          ]),
        );
      }
      if (where.editableBy) {
        const { userId, organizationIds } = where.editableBy;
        query = query.where((eb) =>
          eb.or([
            eb('r.id', 'in', authoredBy(userId)),
            ...(organizationIds.length > 0 ? [eb('r.organization_id', 'in', [...organizationIds])] : []),
          ]),
        );
      }
      const rows = await query.orderBy('r.updated_at', 'desc').orderBy('r.id').limit(limit).offset(offset).execute();
      return rows.map((row) => row.id);
    },

    /** The resources a member is an author of, with whether anyone else can still edit each (at erasure). */
    async authoredBy(userId: string) {
      return db
        .selectFrom('resources as r')
        .innerJoin('resource_authors as a', 'a.resource_id', 'r.id')
        .select(['r.id', 'r.organization_id'])
        .select((eb) =>
          eb
            .selectFrom('resource_authors as other')
            .select((inner) => inner.fn.countAll<number>().as('n'))
            .whereRef('other.resource_id', '=', 'r.id')
            .where('other.user_id', 'is not', null)
            .where('other.user_id', '!=', userId)
            .as('other_members'),
        )
        .where('a.user_id', '=', userId)
        .distinct()
        .execute();
    },

    /** A member's lines among the authors lose the member (shown as "deleted member"). */
    async forgetAuthor(userId: string): Promise<void> {
      await db.updateTable('resource_authors').set({ user_id: null }).where('user_id', '=', userId).execute();
    },

    /** History rows the member made no longer name them. */
    async forgetActor(userId: string): Promise<void> {
      await db.updateTable('resource_history').set({ actor_id: null }).where('actor_id', '=', userId).execute();
    },

    /** The history rows a member made (their export). */
    historyBy(userId: string) {
      return db
        .selectFrom('resource_history')
        .select(['resource_id', 'action', 'fields', 'created_at'])
        .where('actor_id', '=', userId)
        .orderBy('created_at')
        .execute();
    },

    /** Adds many resources at once (the demo data), in one transaction, with bulk inserts. */
    async insertMany(dialect: SqlDialect, entries: readonly (ResourceContent & { id: string; createdAt: number })[]) {
      await db.transaction().execute(async (trx) => {
        await dialect.insertRows(
          trx,
          'resources',
          entries.map((entry) => ({
            id: entry.id,
            ...columnsOf(entry),
            created_at: entry.createdAt,
            updated_at: entry.createdAt,
          })),
        );
        await dialect.insertRows(
          trx,
          'resource_texts',
          entries.flatMap((entry) =>
            entry.texts.map((text, position) => ({ resource_id: entry.id, ...text, position })),
          ),
        );
        await dialect.insertRows(
          trx,
          'resource_languages',
          entries.flatMap((entry) => entry.languages.map((language) => ({ resource_id: entry.id, language }))),
        );
        await dialect.insertRows(
          trx,
          'resource_capacities',
          entries.flatMap((entry) =>
            entry.capacities.map((capacityId, position) => ({
              resource_id: entry.id,
              capacity_id: capacityId,
              position,
            })),
          ),
        );
        await dialect.insertRows(
          trx,
          'resource_authors',
          entries.flatMap((entry) =>
            entry.authors.map((author, position) => ({
              resource_id: entry.id,
              position,
              kind: author.kind,
              user_id: author.userId,
              organization_id: author.organizationId,
              name: author.name,
            })),
          ),
        );
      });
    },

    /** Resources without a search document. */
    async withoutSearchDocuments(): Promise<string[]> {
      const indexed = db.selectFrom('search_documents').select('entity_id').where('entity_type', '=', 'resource');
      // Drafts and hidden resources have no documents (see itemAudiences): they are not missing any.
      const rows = await db
        .selectFrom('resources')
        .select('id')
        .where('visibility', '!=', 'draft')
        .where('hidden_at', 'is', null)
        .where('id', 'not in', indexed)
        .execute();
      return rows.map((row) => row.id);
    },

    /** Resources whose documents are of another version of them. */
    async withStaleSearchDocuments(): Promise<string[]> {
      const rows = await db
        .selectFrom('search_documents as d')
        .innerJoin('resources as r', 'r.id', 'd.entity_id')
        .select('r.id')
        .distinct()
        .where('d.entity_type', '=', 'resource')
        .where((eb) => eb('d.updated_at', '!=', eb.ref('r.updated_at')))
        .execute();
      return rows.map((row) => row.id);
    },

    /** Resources with a web address whose last check is older than `before` (or never ran), oldest first. */
    linksToCheck(before: number, limit: number) {
      return db
        .selectFrom('resources')
        .select(['id', 'url', 'link_failing_since'])
        .where('url', 'is not', null)
        .where((eb) => eb.or([eb('link_checked_at', 'is', null), eb('link_checked_at', '<', before)]))
        .orderBy('link_checked_at')
        .orderBy('id')
        .limit(limit)
        .execute();
    },

    /**
     * Records a link check's answer (null: not asked, the address is not public): failing since the
     * first failure, cleared by a success.
     */
    async recordLinkCheck(id: string, status: number | null, failingSince: number | null, now: number): Promise<void> {
      await db
        .updateTable('resources')
        .set({ link_status: status, link_checked_at: now, link_failing_since: failingSince })
        .where('id', '=', id)
        .execute();
    },
  };
}

function columnsOf(content: ResourceContent) {
  return {
    kind: content.kind,
    level: content.level,
    licence: content.licence,
    url: content.url,
    commons_file: content.commonsFile,
    published_on: content.publishedOn,
    visibility: content.visibility,
    organization_id: content.organizationId,
  };
}
