import { sql } from 'kysely';
import type { SqlDialect } from '../../platform/db/dialects/dialect';
import type { Db, SearchDocumentTable } from '../../platform/db/schema';

export interface SearchDocument extends SearchDocumentTable {
  readonly facets: readonly { facet: string; value: string }[];
}

/** A facet filter: documents having any of `values` for `facet` (values within a facet are OR). */
export interface FacetFilter {
  readonly facet: string;
  readonly values: readonly string[];
}

/** All SQL for the search index. */
export function searchRepository(db: Db, dialect: SqlDialect) {
  /** Ids of the audience's documents matching the words and every filter except `skip`. */
  function matching(audience: 'member' | 'visitor', words: readonly string[], filters: readonly FacetFilter[], skip?: string) {
    let query = db.selectFrom('search_documents').select('id').where('audience', '=', audience);
    if (words.length > 0) query = query.where('id', 'in', dialect.documentsMatchingWords(words) as never);
    for (const filter of filters) {
      if (filter.facet === skip) continue;
      query = query.where('id', 'in', db.selectFrom('search_facets').select('document_id').where('facet', '=', filter.facet).where('value', 'in', [...filter.values]));
    }
    return query;
  }

  return {
    /** Replaces every document of one entity, in one transaction. */
    async replaceEntity(entityType: 'person' | 'organization', entityId: string, documents: readonly SearchDocument[]): Promise<void> {
      // Inside the account erasure this already runs in a transaction, which Kysely cannot nest.
      const inTransaction = (work: (trx: Db) => Promise<void>) => (db.isTransaction ? work(db) : db.transaction().execute(work));
      await inTransaction(async (trx) => {
        const old = await trx.selectFrom('search_documents').select('id').where('entity_type', '=', entityType).where('entity_id', '=', entityId).execute();
        await dialect.deleteSearchText(trx, old.map((row) => row.id));
        await trx.deleteFrom('search_documents').where('entity_type', '=', entityType).where('entity_id', '=', entityId).execute();
        for (const { facets, ...document } of documents) {
          await trx.insertInto('search_documents').values(document).execute();
          await dialect.writeSearchText(trx, document.id, document.body);
          if (facets.length > 0) await trx.insertInto('search_facets').values(facets.map((facet) => ({ document_id: document.id, ...facet }))).execute();
        }
      });
    },

    async removeEntity(entityType: 'person' | 'organization', entityId: string): Promise<void> {
      await this.replaceEntity(entityType, entityId, []);
    },

    /** Profiles or organizations that have no search document (opted-out people are checked again, cheaply). */
    async entitiesWithoutDocuments(entityType: 'person' | 'organization'): Promise<string[]> {
      const indexed = db.selectFrom('search_documents').select('entity_id').where('entity_type', '=', entityType);
      const rows = entityType === 'person'
        ? await db.selectFrom('profiles').select('user_id as id').where('in_search', '=', 1).where('user_id', 'not in', indexed).execute()
        : await db.selectFrom('organizations').select('id').where('id', 'not in', indexed).execute();
      return rows.map((row) => row.id);
    },

    /** After a bulk load the query planner's statistics are stale, and its plans can be several times slower. */
    async refreshPlannerStatistics(): Promise<void> {
      await sql`analyze`.execute(db);
    },

    async audiencesOf(entityType: 'person' | 'organization', entityId: string): Promise<string[]> {
      const rows = await db.selectFrom('search_documents').select('audience').where('entity_type', '=', entityType).where('entity_id', '=', entityId).execute();
      return rows.map((row) => row.audience);
    },

    /** One page of matches, in the chosen order, with the total. */
    async page(audience: 'member' | 'visitor', words: readonly string[], filters: readonly FacetFilter[], order: 'name' | 'updated' | 'capacities', capacityValues: readonly string[], limit: number, offset: number) {
      const matched = matching(audience, words, filters);
      const total = await db.selectFrom(matched.as('m')).select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
      let query = db.selectFrom('search_documents as d').selectAll('d').where('d.id', 'in', matched);
      if (order === 'capacities' && capacityValues.length > 0) {
        // Most matching capacities first: a count the user can read and check, then name.
        query = query.orderBy(sql`(select count(*) from search_facets f where f.document_id = d.id and f.facet = 'capacity' and f.value in (${sql.join([...capacityValues])}))`, 'desc');
      }
      if (order === 'updated') query = query.orderBy('d.updated_at', 'desc');
      const rows = await query.orderBy('d.sort_name').orderBy('d.id').limit(limit).offset(offset).execute();
      const facets = rows.length === 0 ? [] : await db.selectFrom('search_facets').select(['document_id', 'facet', 'value']).where('document_id', 'in', rows.map((row) => row.id)).execute();
      return { total: Number(total.count), rows: rows.map((row) => ({ ...row, facets: facets.filter((facet) => facet.document_id === row.id) })) };
    },

    /** Adds to today's counters (a row per day, created by the first count). */
    async addToDailyCounts(day: string, counts: { searches: number; with_results: number; followed: number }): Promise<void> {
      await db.insertInto('search_daily_counts').values({ day, ...counts })
        .onConflict((conflict) => conflict.column('day').doUpdateSet((eb) => ({
          searches: eb('search_daily_counts.searches', '+', counts.searches),
          with_results: eb('search_daily_counts.with_results', '+', counts.with_results),
          followed: eb('search_daily_counts.followed', '+', counts.followed),
        })))
        .execute();
    },

    async dailyCounts(fromDay: string) {
      return db.selectFrom('search_daily_counts').selectAll().where('day', '>=', fromDay).orderBy('day', 'desc').execute();
    },

    /**
     * Counts per value of one facet over the documents matching everything else (so each value's
     * count says how many results choosing it would add).
     */
    async facetCounts(audience: 'member' | 'visitor', words: readonly string[], filters: readonly FacetFilter[], facets: readonly string[], skip: string) {
      return db.selectFrom('search_facets')
        .select(['facet', 'value', (eb) => eb.fn.count<number>('document_id').distinct().as('count')])
        .where('facet', 'in', [...facets])
        .where('document_id', 'in', matching(audience, words, filters, skip))
        .groupBy(['facet', 'value'])
        .execute();
    },
  };
}
