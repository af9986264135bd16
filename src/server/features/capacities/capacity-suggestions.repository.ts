import type { Db } from '../../platform/db/schema';
import type { SuggestionStatus } from '../../../shared/vocabulary';

/** All SQL for suggestions of new capacities and for adding an approved one to the taxonomy. */
export function capacitySuggestionsRepository(db: Db) {
  return {
    async insert(suggestion: {
      id: string;
      proposerId: string;
      name: string;
      language: string;
      wikidataQid: string | null;
      parentId: number | null;
    }): Promise<void> {
      await db
        .insertInto('capacity_suggestions')
        .values({
          id: suggestion.id,
          proposer_id: suggestion.proposerId,
          name: suggestion.name,
          language: suggestion.language,
          wikidata_qid: suggestion.wikidataQid,
          parent_id: suggestion.parentId,
          status: 'pending',
          reason: null,
          result_capacity_id: null,
          created_at: Date.now(),
          decided_at: null,
        })
        .execute();
    },

    async countPendingBy(proposerId: string): Promise<number> {
      const row = await db
        .selectFrom('capacity_suggestions')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .where('proposer_id', '=', proposerId)
        .where('status', '=', 'pending')
        .executeTakeFirstOrThrow();
      return Number(row.count);
    },

    listBy(proposerId: string) {
      return db
        .selectFrom('capacity_suggestions')
        .selectAll()
        .where('proposer_id', '=', proposerId)
        .orderBy('created_at', 'desc')
        .execute();
    },

    listWithStatus(status: SuggestionStatus, limit: number) {
      return db
        .selectFrom('capacity_suggestions')
        .innerJoin('users', 'users.id', 'capacity_suggestions.proposer_id')
        .selectAll('capacity_suggestions')
        .select([
          'users.display_name as proposer_name',
          'users.email as proposer_email',
          'users.language as proposer_language',
        ])
        .where('status', '=', status)
        .orderBy('created_at')
        .limit(limit)
        .execute();
    },

    findById(id: string) {
      return db
        .selectFrom('capacity_suggestions')
        .innerJoin('users', 'users.id', 'capacity_suggestions.proposer_id')
        .selectAll('capacity_suggestions')
        .select(['users.email as proposer_email', 'users.language as proposer_language'])
        .where('capacity_suggestions.id', '=', id)
        .executeTakeFirst();
    },

    /** Records a decision; only a pending suggestion can be decided, once. Answers whether it was. */
    async decide(
      id: string,
      decision: { status: 'approved' | 'merged' | 'rejected'; reason: string | null; resultCapacityId: number | null },
    ): Promise<boolean> {
      const result = await db
        .updateTable('capacity_suggestions')
        .set({
          status: decision.status,
          reason: decision.reason,
          result_capacity_id: decision.resultCapacityId,
          decided_at: Date.now(),
        })
        .where('id', '=', id)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    /** Adds a capacity with its labels; its id follows the highest one. */
    async addCapacity(capacity: {
      parentId: number | null;
      wikidataQid: string | null;
      labels: Record<string, string>;
    }): Promise<number> {
      const top = await db
        .selectFrom('capacities')
        .select([(eb) => eb.fn.max('id').as('maxId'), (eb) => eb.fn.max('position').as('maxPosition')])
        .executeTakeFirstOrThrow();
      const id = Number(top.maxId ?? 0) + 1;
      await db
        .insertInto('capacities')
        .values({
          id,
          parent_id: capacity.parentId,
          wikidata_qid: capacity.wikidataQid,
          position: Number(top.maxPosition ?? 0) + 1,
        })
        .execute();
      await db
        .insertInto('capacity_labels')
        .values(Object.entries(capacity.labels).map(([language, label]) => ({ capacity_id: id, language, label })))
        .execute();
      return id;
    },

    async capacityExists(id: number): Promise<boolean> {
      return (await db.selectFrom('capacities').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
    },
  };
}
