import type { Db } from '../../platform/db/schema';

export interface CapacityRow {
  readonly id: number;
  readonly parentId: number | null;
  readonly wikidataQid: string | null;
  readonly position: number;
  /** Label in the requested language, or in English where that one is missing. */
  readonly label: string;
}

export interface CapacitySeed {
  readonly id: number;
  readonly parent: number | null;
  readonly wikidata: string | null;
  readonly labels: Readonly<Record<string, string>>;
}

/** All SQL for the capacity taxonomy. */
export function capacitiesRepository(db: Db) {
  return {
    /** Every capacity with its label in `language` (English where a translation is missing). */
    async listWithLabels(language: string): Promise<CapacityRow[]> {
      const rows = await db
        .selectFrom('capacities as c')
        .leftJoin('capacity_labels as wanted', (join) =>
          join.onRef('wanted.capacity_id', '=', 'c.id').on('wanted.language', '=', language),
        )
        .leftJoin('capacity_labels as english', (join) =>
          join.onRef('english.capacity_id', '=', 'c.id').on('english.language', '=', 'en'),
        )
        .select([
          'c.id',
          'c.parent_id',
          'c.wikidata_qid',
          'c.position',
          'wanted.label as wantedLabel',
          'english.label as englishLabel',
        ])
        .orderBy('c.position')
        .execute();
      return rows.map((row) => ({
        id: row.id,
        parentId: row.parent_id,
        wikidataQid: row.wikidata_qid,
        position: row.position,
        label: row.wantedLabel ?? row.englishLabel ?? String(row.id),
      }));
    },

    /** Which of these ids are capacities of the taxonomy. */
    async existingIds(ids: readonly number[]): Promise<Set<number>> {
      if (ids.length === 0) return new Set();
      const rows = await db
        .selectFrom('capacities')
        .select('id')
        .where('id', 'in', [...ids])
        .execute();
      return new Set(rows.map((row) => row.id));
    },

    /** Every label of every capacity, in every language. */
    allLabels() {
      return db.selectFrom('capacity_labels').select(['capacity_id', 'label']).execute();
    },

    /**
     * Adds the capacities and labels that are not there yet. Existing ones are left alone, so labels
     * curated in the app survive a restart.
     */
    async insertMissing(capacities: readonly CapacitySeed[]): Promise<void> {
      await db.transaction().execute(async (trx) => {
        for (const [position, capacity] of capacities.entries()) {
          await trx
            .insertInto('capacities')
            .values({ id: capacity.id, parent_id: capacity.parent, wikidata_qid: capacity.wikidata, position })
            .onConflict((oc) => oc.column('id').doNothing())
            .execute();
        }
        const labels = capacities.flatMap((capacity) =>
          Object.entries(capacity.labels).map(([language, label]) => ({ capacity_id: capacity.id, language, label })),
        );
        for (let start = 0; start < labels.length; start += 200) {
          await trx
            .insertInto('capacity_labels')
            .values(labels.slice(start, start + 200))
            .onConflict((oc) => oc.columns(['capacity_id', 'language']).doNothing())
            .execute();
        }
      });
    },
  };
}
