import type { Kysely } from 'kysely';

/**
 * People profiles: one row per member with a visibility per field, plus their languages, wikis,
 * capacities and contact options; daily profile-view marks for the owner's visit counter;
 * suggestions of new capacities. Flags are 0/1 integers, the same on both databases.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('profiles')
    .addColumn('user_id', 'varchar(36)', (col) => col.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('handle', 'varchar(60)', (col) => col.notNull().unique())
    .addColumn('name_visibility', 'varchar(8)', (col) => col.notNull())
    .addColumn('username_visibility', 'varchar(8)', (col) => col.notNull())
    .addColumn('pronouns', 'varchar(50)')
    .addColumn('pronouns_visibility', 'varchar(8)', (col) => col.notNull())
    .addColumn('bio', 'text')
    .addColumn('bio_language', 'varchar(32)')
    .addColumn('bio_visibility', 'varchar(8)', (col) => col.notNull())
    .addColumn('avatar_commons_file', 'varchar(255)')
    .addColumn('country', 'varchar(2)', (col) => col.references('countries.code'))
    .addColumn('country_visibility', 'varchar(8)', (col) => col.notNull())
    .addColumn('time_zone', 'varchar(64)')
    .addColumn('availability', 'varchar(300)')
    .addColumn('availability_visibility', 'varchar(8)', (col) => col.notNull())
    .addColumn('languages_visibility', 'varchar(8)', (col) => col.notNull())
    .addColumn('wikis_visibility', 'varchar(8)', (col) => col.notNull())
    .addColumn('capacities_visibility', 'varchar(8)', (col) => col.notNull())
    .addColumn('exchange_formats', 'varchar(200)', (col) => col.notNull().defaultTo(''))
    .addColumn('exchange_modes', 'varchar(50)', (col) => col.notNull().defaultTo(''))
    .addColumn('exchange_visibility', 'varchar(8)', (col) => col.notNull())
    .addColumn('show_to_visitors', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('in_search', 'integer', (col) => col.notNull().defaultTo(1))
    .addColumn('is_demo', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('profiles_country_idx').on('profiles').column('country').execute();

  await db.schema
    .createTable('profile_languages')
    .addColumn('user_id', 'varchar(36)', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('language', 'varchar(32)', (col) => col.notNull().references('languages.code'))
    .addColumn('level', 'varchar(2)', (col) => col.notNull())
    .addColumn('position', 'integer', (col) => col.notNull())
    .addPrimaryKeyConstraint('profile_languages_pk', ['user_id', 'language'])
    .execute();
  await db.schema
    .createIndex('profile_languages_language_idx')
    .on('profile_languages')
    .columns(['language', 'level'])
    .execute();

  await db.schema
    .createTable('profile_wikis')
    .addColumn('user_id', 'varchar(36)', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('project', 'varchar(32)', (col) => col.notNull().references('wikimedia_projects.id'))
    .addColumn('language', 'varchar(32)', (col) => col.notNull().defaultTo(''))
    .addColumn('position', 'integer', (col) => col.notNull())
    .addPrimaryKeyConstraint('profile_wikis_pk', ['user_id', 'project', 'language'])
    .execute();

  await db.schema
    .createTable('profile_capacities')
    .addColumn('user_id', 'varchar(36)', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('capacity_id', 'integer', (col) => col.notNull().references('capacities.id'))
    .addColumn('side', 'varchar(8)', (col) => col.notNull())
    .addColumn('level', 'varchar(16)')
    .addColumn('note', 'varchar(200)')
    .addColumn('position', 'integer', (col) => col.notNull())
    .addPrimaryKeyConstraint('profile_capacities_pk', ['user_id', 'side', 'capacity_id'])
    .execute();
  await db.schema
    .createIndex('profile_capacities_capacity_idx')
    .on('profile_capacities')
    .columns(['capacity_id', 'side'])
    .execute();

  await db.schema
    .createTable('profile_contacts')
    .addColumn('user_id', 'varchar(36)', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('position', 'integer', (col) => col.notNull())
    .addColumn('kind', 'varchar(16)', (col) => col.notNull())
    .addColumn('value', 'varchar(300)', (col) => col.notNull())
    .addColumn('visibility', 'varchar(8)', (col) => col.notNull())
    .addPrimaryKeyConstraint('profile_contacts_pk', ['user_id', 'position'])
    .execute();

  await db.schema
    .createTable('profile_view_marks')
    .addColumn('profile_user_id', 'varchar(36)', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('day', 'integer', (col) => col.notNull())
    .addColumn('viewer_hash', 'varchar(64)', (col) => col.notNull())
    .addPrimaryKeyConstraint('profile_view_marks_pk', ['profile_user_id', 'day', 'viewer_hash'])
    .execute();

  await db.schema
    .createTable('capacity_suggestions')
    .addColumn('id', 'varchar(36)', (col) => col.primaryKey())
    .addColumn('proposer_id', 'varchar(36)', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'varchar(100)', (col) => col.notNull())
    .addColumn('language', 'varchar(16)', (col) => col.notNull())
    .addColumn('wikidata_qid', 'varchar(16)')
    .addColumn('parent_id', 'integer', (col) => col.references('capacities.id'))
    .addColumn('status', 'varchar(16)', (col) => col.notNull())
    .addColumn('reason', 'varchar(500)')
    .addColumn('result_capacity_id', 'integer', (col) => col.references('capacities.id'))
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('decided_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('capacity_suggestions_status_idx')
    .on('capacity_suggestions')
    .columns(['status', 'created_at'])
    .execute();
  await db.schema
    .createIndex('capacity_suggestions_proposer_idx')
    .on('capacity_suggestions')
    .column('proposer_id')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'capacity_suggestions',
    'profile_view_marks',
    'profile_contacts',
    'profile_capacities',
    'profile_wikis',
    'profile_languages',
    'profiles',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
