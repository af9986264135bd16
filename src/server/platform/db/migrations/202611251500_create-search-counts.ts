import type { Kysely } from 'kysely';

/**
 * Daily search counters for the reports: how many searches, how many found something, and how many
 * were followed to a result. Nothing here says who searched or for what.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('search_daily_counts')
    .addColumn('day', 'varchar(10)', (col) => col.primaryKey())
    .addColumn('searches', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('with_results', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('followed', 'integer', (col) => col.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('search_daily_counts').execute();
}
