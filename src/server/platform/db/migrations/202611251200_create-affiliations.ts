import type { Kysely } from 'kysely';

/** The organizations a member says they belong to, each with its own visibility. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('profile_affiliations')
    .addColumn('user_id', 'varchar(36)', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('organization_id', 'varchar(36)', (col) =>
      col.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('visibility', 'varchar(8)', (col) => col.notNull())
    .addColumn('position', 'integer', (col) => col.notNull())
    .addPrimaryKeyConstraint('profile_affiliations_pk', ['user_id', 'organization_id'])
    .execute();
  await db.schema
    .createIndex('profile_affiliations_organization_idx')
    .on('profile_affiliations')
    .column('organization_id')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('profile_affiliations').execute();
}
