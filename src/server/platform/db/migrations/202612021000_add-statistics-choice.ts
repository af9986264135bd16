import type { Kysely } from 'kysely';
import { dropEveryDocument } from './202612011700_refold-search-documents';

/**
 * "Include me in the statistics" (the map and the reports), on unless a member turns it off. The
 * statistics count members' documents in the search index, which now carry what the reports group
 * by (in or out of the statistics, the month they joined, their wikis, their Wikimedia account's
 * age): stored documents lack it, so they are deleted and rebuilt at the next start, as the refold
 * did (see that migration).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('profiles')
    .addColumn('in_statistics', 'integer', (column) => column.notNull().defaultTo(1))
    .execute();
  await dropEveryDocument(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('profiles').dropColumn('in_statistics').execute();
  await dropEveryDocument(db);
}
