import type { Kysely } from 'kysely';
import { dropEveryDocument } from './202612011700_refold-search-documents';

/**
 * How often members come and how long they stay, counted as it happens and kept only as counts:
 * - `presence_counts`: per month, per measure (`active-days`, `visit-length`), per bucket, a number
 *   of members or visits; no person in it.
 * - `member_presence`: per member, the last day they were active and on how many days of that
 *   month (what moving them to the next bucket needs); goes with the account.
 * - `session_presence`: per session, when its current visit began and was last seen; goes with the
 *   session.
 * Member documents gain the Wikimedia edit-count range the participation report groups by: stored
 * documents are deleted and rebuilt at the next start, as the refold did.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('presence_counts')
    .addColumn('month', 'varchar(7)', (col) => col.notNull())
    .addColumn('measure', 'varchar(16)', (col) => col.notNull())
    .addColumn('bucket', 'varchar(24)', (col) => col.notNull())
    .addColumn('count', 'integer', (col) => col.notNull())
    .addPrimaryKeyConstraint('presence_counts_pk', ['month', 'measure', 'bucket'])
    .execute();
  await db.schema
    .createTable('member_presence')
    .addColumn('user_id', 'varchar(36)', (col) => col.primaryKey().references('users.id').onDelete('cascade'))
    // Days since 1970-01-01 (UTC).
    .addColumn('active_day', 'integer', (col) => col.notNull())
    .addColumn('active_days', 'integer', (col) => col.notNull())
    .execute();
  await db.schema
    .createTable('session_presence')
    .addColumn('session_id', 'varchar(36)', (col) => col.primaryKey().references('sessions.id').onDelete('cascade'))
    .addColumn('visit_started_at', 'bigint', (col) => col.notNull())
    .addColumn('visit_seen_at', 'bigint', (col) => col.notNull())
    .execute();
  await dropEveryDocument(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('session_presence').execute();
  await db.schema.dropTable('member_presence').execute();
  await db.schema.dropTable('presence_counts').execute();
  await dropEveryDocument(db);
}
