import { sql, type Kysely } from 'kysely';

/**
 * Handles are matched without regard to case (`lower(handle) = ?`: a profile address, a message's
 * recipient, a block). The unique index on `handle` cannot serve that, so every lookup read all
 * profiles (about 11 ms at 100,000 on SQLite, blocking the process). Both databases index the
 * expression and use it for exactly this form.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('profiles_handle_lowercase_idx')
    .on('profiles')
    .expression(sql`lower(handle)`)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('profiles_handle_lowercase_idx').execute();
}
