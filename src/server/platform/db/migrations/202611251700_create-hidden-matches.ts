import type { Kysely } from 'kysely';

/** Suggestions a member hid from "peers for my needs" and "who could learn from me". */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('hidden_matches')
    .addColumn('user_id', 'varchar(36)', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('entity_type', 'varchar(16)', (col) => col.notNull())
    .addColumn('entity_id', 'varchar(36)', (col) => col.notNull())
    .addColumn('hidden_at', 'bigint', (col) => col.notNull())
    .addPrimaryKeyConstraint('hidden_matches_pk', ['user_id', 'entity_type', 'entity_id'])
    .execute();
  // Erasing a person also removes others' notes that they hid them.
  await db.schema
    .createIndex('hidden_matches_entity_idx')
    .on('hidden_matches')
    .columns(['entity_type', 'entity_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('hidden_matches').execute();
}
