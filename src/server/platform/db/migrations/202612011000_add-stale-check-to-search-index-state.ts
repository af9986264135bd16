import type { Kysely } from 'kysely';

/**
 * Whether the stored search documents were once compared with their records. Saves now write both in
 * one transaction, so documents can only disagree with their records in a database an earlier version
 * wrote (a crash between its two commits); the comparison runs at the first start, not at every start.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('search_index_state')
    .addColumn('stale_checked', 'integer', (col) => col.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('search_index_state').dropColumn('stale_checked').execute();
}
