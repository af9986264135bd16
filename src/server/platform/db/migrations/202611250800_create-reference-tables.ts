import type { Kysely } from 'kysely';

/** Reference data: regions and countries, languages, Wikimedia projects, the capacity taxonomy. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('regions')
    .addColumn('id', 'varchar(16)', (col) => col.primaryKey())
    .addColumn('position', 'integer', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('countries')
    .addColumn('code', 'varchar(2)', (col) => col.primaryKey())
    .addColumn('region_id', 'varchar(16)', (col) => col.notNull().references('regions.id'))
    .execute();
  await db.schema.createIndex('countries_region_id_idx').on('countries').column('region_id').execute();

  await db.schema
    .createTable('languages')
    .addColumn('code', 'varchar(32)', (col) => col.primaryKey())
    .addColumn('bcp47', 'varchar(32)', (col) => col.notNull())
    .addColumn('autonym', 'varchar(200)', (col) => col.notNull())
    .addColumn('english_name', 'varchar(200)', (col) => col.notNull())
    .addColumn('dir', 'varchar(3)', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('wikimedia_projects')
    .addColumn('id', 'varchar(32)', (col) => col.primaryKey())
    .addColumn('domain', 'varchar(100)', (col) => col.notNull())
    .addColumn('wikidata_qid', 'varchar(16)')
    .addColumn('editions', 'varchar(16)', (col) => col.notNull())
    .addColumn('position', 'integer', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('capacities')
    .addColumn('id', 'integer', (col) => col.primaryKey())
    .addColumn('parent_id', 'integer', (col) => col.references('capacities.id'))
    .addColumn('wikidata_qid', 'varchar(16)')
    .addColumn('position', 'integer', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('capacities_parent_id_idx').on('capacities').column('parent_id').execute();

  await db.schema
    .createTable('capacity_labels')
    .addColumn('capacity_id', 'integer', (col) => col.notNull().references('capacities.id').onDelete('cascade'))
    .addColumn('language', 'varchar(16)', (col) => col.notNull())
    .addColumn('label', 'varchar(200)', (col) => col.notNull())
    .addPrimaryKeyConstraint('capacity_labels_pk', ['capacity_id', 'language'])
    .execute();
  await db.schema.createIndex('capacity_labels_language_idx').on('capacity_labels').column('language').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['capacity_labels', 'capacities', 'wikimedia_projects', 'languages', 'countries', 'regions']) {
    await db.schema.dropTable(table).execute();
  }
}
