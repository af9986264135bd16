import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * Text folding for search changed (letters such as ł, ß and ø, Arabic, Persian and Hebrew letter
 * forms, digits of every script): stored search documents hold text folded the old way, and would
 * no longer be found by queries folded the new way. The documents are derived data, so they are all
 * deleted here; at the next start `indexMissing()` (see startup.ts) builds every entity's documents
 * again, since none has any, and logs a full reload when it is done.
 *
 * The `*` change logged here tells every process still running on this database to drop what it
 * holds at its next search instead of serving documents that are gone. On PostgreSQL it is added
 * under the same transaction lock that writers of the change log take (the search changes key of
 * dialects/postgres.ts), so change numbers still commit in order.
 *
 * Going down does the same, for the same reason: the older folding needs its own documents.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await dropEveryDocument(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await dropEveryDocument(db);
}

/** The key of the change log's transaction lock, as dialects/postgres.ts takes it. */
const SEARCH_CHANGES_LOCK_KEY = 0x63786373;

/** Deletes every stored search document and tells running processes to reload (also used by later migrations). */
export async function dropEveryDocument(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter)
    await sql`select pg_advisory_xact_lock(${SEARCH_CHANGES_LOCK_KEY})`.execute(db);
  await sql`delete from search_documents`.execute(db);
  await sql`insert into search_changes (entity_type, entity_id) values ('*', '*')`.execute(db);
}
