import type { Kysely } from 'kysely';

/**
 * Accounts, sessions, one-time e-mail tokens, consent records, OAuth sign-in attempts, rate-limit
 * counters and the job queue. Times are milliseconds since 1970 in bigint columns, the same on
 * both databases.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', 'varchar(36)', (col) => col.primaryKey())
    .addColumn('display_name', 'varchar(100)')
    .addColumn('email', 'varchar(320)', (col) => col.unique())
    .addColumn('email_verified_at', 'bigint')
    .addColumn('password_hash', 'varchar(200)')
    .addColumn('wikimedia_sub', 'varchar(64)', (col) => col.unique())
    .addColumn('wikimedia_username', 'varchar(255)')
    .addColumn('wikimedia_edit_bucket', 'varchar(16)')
    .addColumn('wikimedia_registered_year', 'integer')
    .addColumn('role', 'varchar(16)', (col) => col.notNull().defaultTo('member'))
    .addColumn('language', 'varchar(16)', (col) => col.notNull().defaultTo('en'))
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('users_role_idx').on('users').column('role').execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'varchar(36)', (col) => col.primaryKey())
    .addColumn('token_hash', 'varchar(64)', (col) => col.notNull().unique())
    .addColumn('user_id', 'varchar(36)', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('user_agent', 'varchar(200)')
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('last_seen_at', 'bigint', (col) => col.notNull())
    .addColumn('expires_at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('sessions_user_id_idx').on('sessions').column('user_id').execute();

  await db.schema
    .createTable('email_tokens')
    .addColumn('token_hash', 'varchar(64)', (col) => col.primaryKey())
    .addColumn('user_id', 'varchar(36)', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('purpose', 'varchar(16)', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('expires_at', 'bigint', (col) => col.notNull())
    .addColumn('used_at', 'bigint')
    .execute();
  await db.schema.createIndex('email_tokens_user_id_idx').on('email_tokens').column('user_id').execute();

  await db.schema
    .createTable('consents')
    .addColumn('id', 'varchar(36)', (col) => col.primaryKey())
    .addColumn('user_id', 'varchar(36)', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('document', 'varchar(32)', (col) => col.notNull())
    .addColumn('version', 'varchar(32)', (col) => col.notNull())
    .addColumn('accepted_at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('consents_user_id_idx').on('consents').column('user_id').execute();

  await db.schema
    .createTable('oauth_attempts')
    .addColumn('state', 'varchar(100)', (col) => col.primaryKey())
    .addColumn('code_verifier', 'varchar(200)', (col) => col.notNull())
    .addColumn('linking_user_id', 'varchar(36)', (col) => col.references('users.id').onDelete('cascade'))
    .addColumn('expires_at', 'bigint', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('rate_limits')
    .addColumn('key', 'varchar(200)', (col) => col.notNull())
    .addColumn('window_start', 'bigint', (col) => col.notNull())
    .addColumn('hits', 'integer', (col) => col.notNull())
    .addPrimaryKeyConstraint('rate_limits_pk', ['key', 'window_start'])
    .execute();

  await db.schema
    .createTable('jobs')
    .addColumn('id', 'varchar(36)', (col) => col.primaryKey())
    .addColumn('kind', 'varchar(64)', (col) => col.notNull())
    .addColumn('payload', 'text', (col) => col.notNull())
    .addColumn('user_id', 'varchar(36)', (col) => col.references('users.id').onDelete('cascade'))
    .addColumn('run_at', 'bigint', (col) => col.notNull())
    .addColumn('locked_until', 'bigint')
    .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('last_error', 'varchar(1000)')
    .addColumn('failed_at', 'bigint')
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('jobs_run_at_idx').on('jobs').columns(['failed_at', 'run_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['jobs', 'rate_limits', 'oauth_attempts', 'consents', 'email_tokens', 'sessions', 'users']) {
    await db.schema.dropTable(table).execute();
  }
}
