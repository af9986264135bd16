import type { Kysely } from 'kysely';

/**
 * Learning resources: how-tos, curricula, templates, toolkits, videos... added by members, for
 * themselves or for an organization they manage.
 * - `resources`: kind, level, licence, where it lives (a web address or a Commons file), date,
 *   visibility (public, members, draft), the publishing organization, moderation's `hidden_at`, and
 *   the daily link check's last answer (`link_status`, since when it fails).
 * - `resource_texts`: title and description per language (one or more).
 * - `resource_languages`, `resource_capacities`: what it is in and what it helps with.
 * - `resource_authors`: in order, each a member, an organization or a name as written; a member's
 *   line loses its member at erasure (shown as "deleted member").
 * - `resource_history`: every change (who, when, which fields), shown to its editors.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('resources')
    .addColumn('id', 'varchar(36)', (col) => col.primaryKey())
    .addColumn('kind', 'varchar(24)', (col) => col.notNull())
    .addColumn('level', 'varchar(16)')
    .addColumn('licence', 'varchar(24)', (col) => col.notNull())
    .addColumn('url', 'varchar(500)')
    .addColumn('commons_file', 'varchar(240)')
    // YYYY-MM-DD, as the author gives it (a publication date, not a moment).
    .addColumn('published_on', 'varchar(10)')
    .addColumn('visibility', 'varchar(8)', (col) => col.notNull())
    .addColumn('organization_id', 'varchar(36)', (col) => col.references('organizations.id').onDelete('cascade'))
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .addColumn('hidden_at', 'bigint')
    // The last daily check of `url`: its HTTP status (0: no answer), when, and since when it fails.
    .addColumn('link_status', 'integer')
    .addColumn('link_checked_at', 'bigint')
    .addColumn('link_failing_since', 'bigint')
    .execute();
  await db.schema.createIndex('resources_organization_idx').on('resources').column('organization_id').execute();
  await db.schema.createIndex('resources_link_checked_idx').on('resources').column('link_checked_at').execute();
  await db.schema
    .createTable('resource_texts')
    .addColumn('resource_id', 'varchar(36)', (col) => col.notNull().references('resources.id').onDelete('cascade'))
    .addColumn('language', 'varchar(32)', (col) => col.notNull().references('languages.code'))
    .addColumn('title', 'varchar(300)', (col) => col.notNull())
    .addColumn('description', 'text', (col) => col.notNull())
    .addColumn('position', 'integer', (col) => col.notNull())
    .addPrimaryKeyConstraint('resource_texts_pk', ['resource_id', 'language'])
    .execute();
  await db.schema
    .createTable('resource_languages')
    .addColumn('resource_id', 'varchar(36)', (col) => col.notNull().references('resources.id').onDelete('cascade'))
    .addColumn('language', 'varchar(32)', (col) => col.notNull().references('languages.code'))
    .addPrimaryKeyConstraint('resource_languages_pk', ['resource_id', 'language'])
    .execute();
  await db.schema
    .createTable('resource_capacities')
    .addColumn('resource_id', 'varchar(36)', (col) => col.notNull().references('resources.id').onDelete('cascade'))
    .addColumn('capacity_id', 'integer', (col) => col.notNull().references('capacities.id'))
    .addColumn('position', 'integer', (col) => col.notNull())
    .addPrimaryKeyConstraint('resource_capacities_pk', ['resource_id', 'capacity_id'])
    .execute();
  await db.schema
    .createTable('resource_authors')
    .addColumn('resource_id', 'varchar(36)', (col) => col.notNull().references('resources.id').onDelete('cascade'))
    .addColumn('position', 'integer', (col) => col.notNull())
    .addColumn('kind', 'varchar(16)', (col) => col.notNull())
    .addColumn('user_id', 'varchar(36)', (col) => col.references('users.id').onDelete('set null'))
    .addColumn('organization_id', 'varchar(36)', (col) => col.references('organizations.id').onDelete('cascade'))
    .addColumn('name', 'varchar(200)')
    .addPrimaryKeyConstraint('resource_authors_pk', ['resource_id', 'position'])
    .execute();
  await db.schema.createIndex('resource_authors_user_idx').on('resource_authors').column('user_id').execute();
  await db.schema
    .createIndex('resource_authors_organization_idx')
    .on('resource_authors')
    .column('organization_id')
    .execute();
  await db.schema
    .createTable('resource_history')
    .addColumn('id', 'varchar(36)', (col) => col.primaryKey())
    .addColumn('resource_id', 'varchar(36)', (col) => col.notNull().references('resources.id').onDelete('cascade'))
    .addColumn('actor_id', 'varchar(36)', (col) => col.references('users.id').onDelete('set null'))
    .addColumn('action', 'varchar(16)', (col) => col.notNull())
    // JSON: the fields changed, in the order of the editor.
    .addColumn('fields', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('resource_history_resource_idx')
    .on('resource_history')
    .columns(['resource_id', 'created_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'resource_history',
    'resource_authors',
    'resource_capacities',
    'resource_languages',
    'resource_texts',
    'resources',
  ])
    await db.schema.dropTable(table).execute();
}
