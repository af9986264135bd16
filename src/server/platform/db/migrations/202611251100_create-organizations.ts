import type { Kysely } from 'kysely';

/**
 * Organizations (affiliates and partners): names per language, territory, languages, descriptions,
 * links, capacities offered and needed; their managers, requests to manage, and a record of every
 * management change.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('organizations')
    .addColumn('id', 'varchar(36)', (col) => col.primaryKey())
    .addColumn('slug', 'varchar(80)', (col) => col.notNull().unique())
    .addColumn('acronym', 'varchar(20)', (col) => col.unique())
    .addColumn('type', 'varchar(32)', (col) => col.notNull())
    .addColumn('active', 'integer', (col) => col.notNull().defaultTo(1))
    .addColumn('website', 'varchar(300)')
    .addColumn('meta_page', 'varchar(300)')
    .addColumn('wikidata_qid', 'varchar(16)')
    .addColumn('logo_commons_file', 'varchar(240)')
    .addColumn('import_key', 'varchar(40)', (col) => col.unique())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('organizations_type_idx').on('organizations').column('type').execute();

  await db.schema
    .createTable('organization_names')
    .addColumn('organization_id', 'varchar(36)', (col) =>
      col.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('language', 'varchar(32)', (col) => col.notNull())
    .addColumn('name', 'varchar(200)', (col) => col.notNull())
    .addColumn('position', 'integer', (col) => col.notNull())
    .addPrimaryKeyConstraint('organization_names_pk', ['organization_id', 'language'])
    .execute();

  await db.schema
    .createTable('organization_descriptions')
    .addColumn('organization_id', 'varchar(36)', (col) =>
      col.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('language', 'varchar(32)', (col) => col.notNull())
    .addColumn('body', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('organization_descriptions_pk', ['organization_id', 'language'])
    .execute();

  for (const [table, column, references] of [
    ['organization_countries', 'country', 'countries.code'],
    ['organization_languages', 'language', 'languages.code'],
  ] as const) {
    await db.schema
      .createTable(table)
      .addColumn('organization_id', 'varchar(36)', (col) =>
        col.notNull().references('organizations.id').onDelete('cascade'),
      )
      .addColumn(column, 'varchar(32)', (col) => col.notNull().references(references))
      .addPrimaryKeyConstraint(`${table}_pk`, ['organization_id', column])
      .execute();
    await db.schema.createIndex(`${table}_${column}_idx`).on(table).column(column).execute();
  }

  await db.schema
    .createTable('organization_capacities')
    .addColumn('organization_id', 'varchar(36)', (col) =>
      col.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('capacity_id', 'integer', (col) => col.notNull().references('capacities.id'))
    .addColumn('side', 'varchar(8)', (col) => col.notNull())
    .addColumn('note', 'varchar(200)')
    .addColumn('position', 'integer', (col) => col.notNull())
    .addPrimaryKeyConstraint('organization_capacities_pk', ['organization_id', 'side', 'capacity_id'])
    .execute();
  await db.schema
    .createIndex('organization_capacities_capacity_idx')
    .on('organization_capacities')
    .columns(['capacity_id', 'side'])
    .execute();

  await db.schema
    .createTable('organization_managers')
    .addColumn('organization_id', 'varchar(36)', (col) =>
      col.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('user_id', 'varchar(36)', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('added_at', 'bigint', (col) => col.notNull())
    .addPrimaryKeyConstraint('organization_managers_pk', ['organization_id', 'user_id'])
    .execute();
  await db.schema.createIndex('organization_managers_user_idx').on('organization_managers').column('user_id').execute();

  await db.schema
    .createTable('organization_manager_requests')
    .addColumn('id', 'varchar(36)', (col) => col.primaryKey())
    .addColumn('organization_id', 'varchar(36)', (col) =>
      col.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('user_id', 'varchar(36)', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('message', 'varchar(1000)', (col) => col.notNull())
    .addColumn('status', 'varchar(16)', (col) => col.notNull())
    .addColumn('reason', 'varchar(500)')
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('decided_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('organization_manager_requests_status_idx')
    .on('organization_manager_requests')
    .columns(['status', 'created_at'])
    .execute();
  await db.schema
    .createIndex('organization_manager_requests_user_idx')
    .on('organization_manager_requests')
    .column('user_id')
    .execute();

  await db.schema
    .createTable('organization_audit')
    .addColumn('id', 'varchar(36)', (col) => col.primaryKey())
    .addColumn('organization_id', 'varchar(36)', (col) =>
      col.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('actor_id', 'varchar(36)', (col) => col.references('users.id').onDelete('set null'))
    .addColumn('action', 'varchar(40)', (col) => col.notNull())
    .addColumn('subject_id', 'varchar(36)', (col) => col.references('users.id').onDelete('set null'))
    .addColumn('detail', 'varchar(500)')
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('organization_audit_organization_idx')
    .on('organization_audit')
    .columns(['organization_id', 'created_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'organization_audit',
    'organization_manager_requests',
    'organization_managers',
    'organization_capacities',
    'organization_languages',
    'organization_countries',
    'organization_descriptions',
    'organization_names',
    'organizations',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
