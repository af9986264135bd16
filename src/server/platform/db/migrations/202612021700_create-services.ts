import type { Kysely } from 'kysely';

/**
 * Services that members and organizations offer (trainings, mentoring programmes, consulting, help
 * desks, translation, review...):
 * - `services`: kind, format (online, in person, both), cost (free, or stated in the texts),
 *   visibility (public, members, draft), the provider (a member, or an organization whose managers
 *   answer for it), moderation's `hidden_at`.
 * - `service_texts`: per language, title, description, availability and what it costs.
 * - `service_languages`, `service_capacities`, `service_countries`, `service_regions`: what it is
 *   given in, what it helps with, and where it is given (countries, or whole Wikimedia regions).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('services')
    .addColumn('id', 'varchar(36)', (col) => col.primaryKey())
    .addColumn('kind', 'varchar(24)', (col) => col.notNull())
    .addColumn('format', 'varchar(12)', (col) => col.notNull())
    .addColumn('cost', 'varchar(8)', (col) => col.notNull())
    .addColumn('visibility', 'varchar(8)', (col) => col.notNull())
    // A member offers it (their own; it goes with their account) or an organization does.
    .addColumn('provider_id', 'varchar(36)', (col) => col.references('users.id').onDelete('cascade'))
    .addColumn('organization_id', 'varchar(36)', (col) => col.references('organizations.id').onDelete('cascade'))
    .addColumn('created_by', 'varchar(36)', (col) => col.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .addColumn('hidden_at', 'bigint')
    .execute();
  await db.schema.createIndex('services_provider_idx').on('services').column('provider_id').execute();
  await db.schema.createIndex('services_organization_idx').on('services').column('organization_id').execute();
  await db.schema
    .createTable('service_texts')
    .addColumn('service_id', 'varchar(36)', (col) => col.notNull().references('services.id').onDelete('cascade'))
    .addColumn('language', 'varchar(32)', (col) => col.notNull().references('languages.code'))
    .addColumn('title', 'varchar(300)', (col) => col.notNull())
    .addColumn('description', 'text', (col) => col.notNull())
    .addColumn('availability', 'varchar(500)', (col) => col.notNull())
    .addColumn('cost_note', 'varchar(500)', (col) => col.notNull())
    .addColumn('position', 'integer', (col) => col.notNull())
    .addPrimaryKeyConstraint('service_texts_pk', ['service_id', 'language'])
    .execute();
  for (const [table, column, type, references] of [
    ['service_languages', 'language', 'varchar(32)', 'languages.code'],
    ['service_countries', 'country', 'varchar(2)', 'countries.code'],
    ['service_regions', 'region', 'varchar(16)', 'regions.id'],
  ] as const) {
    await db.schema
      .createTable(table)
      .addColumn('service_id', 'varchar(36)', (col) => col.notNull().references('services.id').onDelete('cascade'))
      .addColumn(column, type, (col) => col.notNull().references(references))
      .addPrimaryKeyConstraint(`${table}_pk`, ['service_id', column])
      .execute();
  }
  await db.schema
    .createTable('service_capacities')
    .addColumn('service_id', 'varchar(36)', (col) => col.notNull().references('services.id').onDelete('cascade'))
    .addColumn('capacity_id', 'integer', (col) => col.notNull().references('capacities.id'))
    .addColumn('position', 'integer', (col) => col.notNull())
    .addPrimaryKeyConstraint('service_capacities_pk', ['service_id', 'capacity_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'service_capacities',
    'service_regions',
    'service_countries',
    'service_languages',
    'service_texts',
    'services',
  ])
    await db.schema.dropTable(table).execute();
}
