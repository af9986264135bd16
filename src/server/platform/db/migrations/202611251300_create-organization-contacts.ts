import type { Kysely } from 'kysely';

/** An organization's contact options and social accounts, each with its visibility. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('organization_contacts')
    .addColumn('organization_id', 'varchar(36)', (col) =>
      col.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('position', 'integer', (col) => col.notNull())
    .addColumn('kind', 'varchar(16)', (col) => col.notNull())
    .addColumn('value', 'varchar(300)', (col) => col.notNull())
    .addColumn('visibility', 'varchar(8)', (col) => col.notNull())
    .addPrimaryKeyConstraint('organization_contacts_pk', ['organization_id', 'position'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('organization_contacts').execute();
}
