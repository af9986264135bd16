import { sql } from 'kysely';
import type { SqlDialect } from '../../platform/db/dialects/dialect';
import type { Db, SearchDocumentTable } from '../../platform/db/schema';
import { facetLines, type EngineDocument, type StoredDocument } from './engine/types';
import type { EntityType } from '../../../shared/vocabulary';

/** A change of every document at once (a bulk load): processes reload the whole index. */
const EVERYTHING = '*';
/** The change log keeps at least this many recent changes; older ones are pruned now and then. */
const CHANGES_KEPT = 10_000;
const PRUNE_EVERY = 1_000;

export interface SearchChange {
  readonly seq: number;
  readonly entityType: EntityType | typeof EVERYTHING;
  readonly entityId: string;
}

const toRow = (document: EngineDocument): SearchDocumentTable => ({
  id: `${document.entityType}:${document.entityId}:${document.audience}`,
  entity_type: document.entityType,
  entity_id: document.entityId,
  audience: document.audience,
  address: document.address,
  title: document.title,
  sort_name: document.sortName,
  body: document.body,
  facets: facetLines(document.facets),
  updated_at: document.updatedAt,
});

const toDocument = (row: SearchDocumentTable): StoredDocument => ({
  entityType: row.entity_type,
  entityId: row.entity_id,
  audience: row.audience,
  address: row.address,
  title: row.title,
  sortName: row.sort_name,
  body: row.body,
  facets: row.facets,
  updatedAt: Number(row.updated_at),
});

/** All SQL for the stored search documents, their change log and the daily counters. */
export function searchRepository(db: Db, dialect: SqlDialect) {
  const inTransaction = <T>(work: (trx: Db) => Promise<T>) =>
    db.isTransaction ? work(db) : db.transaction().execute(work);

  return {
    /**
     * Replaces every document of one entity and logs the change, in one transaction, so every app
     * process applies it at its next search.
     */
    async replaceEntity(entityType: EntityType, entityId: string, documents: readonly EngineDocument[]): Promise<void> {
      // Inside the account erasure this already runs in a transaction, which Kysely cannot nest.
      await inTransaction(async (trx) => {
        await dialect.serializeSearchChanges(trx);
        await trx
          .deleteFrom('search_documents')
          .where('entity_type', '=', entityType)
          .where('entity_id', '=', entityId)
          .execute();
        if (documents.length > 0) await trx.insertInto('search_documents').values(documents.map(toRow)).execute();
        const { seq } = await trx
          .insertInto('search_changes')
          .values({ entity_type: entityType, entity_id: entityId })
          .returning('seq')
          .executeTakeFirstOrThrow();
        if (Number(seq) % PRUNE_EVERY === 0) await prune(trx, Number(seq) - CHANGES_KEPT);
      });
    },

    async removeEntity(entityType: EntityType, entityId: string): Promise<void> {
      await this.replaceEntity(entityType, entityId, []);
    },

    /** Adds documents of entities that had none, without logging each: see `logFullReload`. */
    async insertDocuments(documents: readonly EngineDocument[]): Promise<void> {
      // An entity saved meanwhile already has its documents, and a logged change.
      await dialect.insertRows(db, 'search_documents', documents.map(toRow), ['id']);
    },

    /** After a bulk load: every process reloads the whole index, and the older change log is no longer needed. */
    async logFullReload(): Promise<void> {
      await inTransaction(async (trx) => {
        await dialect.serializeSearchChanges(trx);
        const { seq } = await trx
          .insertInto('search_changes')
          .values({ entity_type: EVERYTHING, entity_id: EVERYTHING })
          .returning('seq')
          .executeTakeFirstOrThrow();
        await prune(trx, Number(seq) - 1);
      });
    },

    /** The newest change's number (0 when none). */
    async latestChange(): Promise<number> {
      const row = await db
        .selectFrom('search_changes')
        .select((eb) => eb.fn.max('seq').as('seq'))
        .executeTakeFirst();
      return Number(row?.seq ?? 0);
    },

    async changesSince(seq: number, limit: number): Promise<SearchChange[]> {
      const rows = await db
        .selectFrom('search_changes')
        .select(['seq', 'entity_type', 'entity_id'])
        .where('seq', '>', seq)
        .orderBy('seq')
        .limit(limit)
        .execute();
      return rows.map((row) => ({
        seq: Number(row.seq),
        entityType: row.entity_type as SearchChange['entityType'],
        entityId: row.entity_id,
      }));
    },

    /** Whether the stored documents were once compared with their records (see repairStale). */
    async staleChecked(): Promise<boolean> {
      const row = await db
        .selectFrom('search_index_state')
        .select('stale_checked')
        .where('id', '=', 1)
        .executeTakeFirst();
      return Number(row?.stale_checked ?? 0) === 1;
    },

    async markStaleChecked(): Promise<void> {
      await db.updateTable('search_index_state').set({ stale_checked: 1 }).where('id', '=', 1).execute();
    },

    /** Changes up to this number are gone from the log: a process that saw fewer must reload everything. */
    async prunedThrough(): Promise<number> {
      const row = await db
        .selectFrom('search_index_state')
        .select('pruned_through')
        .where('id', '=', 1)
        .executeTakeFirst();
      return Number(row?.pruned_through ?? 0);
    },

    async documentsOf(entities: readonly { entityType: EntityType; entityId: string }[]): Promise<StoredDocument[]> {
      if (entities.length === 0) return [];
      const ids = entities.flatMap(({ entityType, entityId }) =>
        ['member', 'visitor'].map((audience) => `${entityType}:${entityId}:${audience}`),
      );
      return (await db.selectFrom('search_documents').selectAll().where('id', 'in', ids).execute()).map(toDocument);
    },

    /** Stored documents in id order, a page at a time, for loading the whole index. */
    async documentsAfter(id: string, limit: number): Promise<{ last: string; documents: StoredDocument[] }> {
      const rows = await db
        .selectFrom('search_documents')
        .selectAll()
        .where('id', '>', id)
        .orderBy('id')
        .limit(limit)
        .execute();
      return { last: rows.at(-1)?.id ?? id, documents: rows.map(toDocument) };
    },

    /** After a bulk load the query planner's statistics are stale, and its plans can be several times slower. */
    async refreshPlannerStatistics(): Promise<void> {
      await sql`analyze`.execute(db);
    },

    async audiencesOf(entityType: EntityType, entityId: string): Promise<string[]> {
      const rows = await db
        .selectFrom('search_documents')
        .select('audience')
        .where('entity_type', '=', entityType)
        .where('entity_id', '=', entityId)
        .execute();
      return rows.map((row) => row.audience);
    },

    /** Adds to today's counters (a row per day, created by the first count). */
    async addToDailyCounts(
      day: string,
      counts: { searches: number; with_results: number; followed: number },
    ): Promise<void> {
      await db
        .insertInto('search_daily_counts')
        .values({ day, ...counts })
        .onConflict((conflict) =>
          conflict.column('day').doUpdateSet((eb) => ({
            searches: eb('search_daily_counts.searches', '+', counts.searches),
            with_results: eb('search_daily_counts.with_results', '+', counts.with_results),
            followed: eb('search_daily_counts.followed', '+', counts.followed),
          })),
        )
        .execute();
    },

    async dailyCounts(fromDay: string) {
      return db
        .selectFrom('search_daily_counts')
        .selectAll()
        .where('day', '>=', fromDay)
        .orderBy('day', 'desc')
        .execute();
    },
  };
}

async function prune(trx: Db, through: number): Promise<void> {
  if (through <= 0) return;
  await trx.deleteFrom('search_changes').where('seq', '<=', through).execute();
  await trx
    .updateTable('search_index_state')
    .set({ pruned_through: through })
    .where('id', '=', 1)
    .where('pruned_through', '<', through)
    .execute();
}
