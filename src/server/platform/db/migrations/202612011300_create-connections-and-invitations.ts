import type { Kysely } from 'kysely';

/**
 * What connecting leads to: a connection once both members of a conversation have written, the
 * follow-up each of them is asked fourteen days later (answers count only in aggregates), the
 * learnings members confirm ("I learned X from you", what recognition builds on), invitations of
 * colleagues by e-mail, and daily counters for the reports (no person in them).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('connections')
    .addColumn('id', 'varchar(36)', (col) => col.primaryKey())
    .addColumn('conversation_id', 'varchar(36)', (col) =>
      col.notNull().unique().references('conversations.id').onDelete('cascade'),
    )
    .addColumn('connected_at', 'bigint', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('follow_ups')
    .addColumn('id', 'varchar(36)', (col) => col.primaryKey())
    .addColumn('connection_id', 'varchar(36)', (col) => col.notNull().references('connections.id').onDelete('cascade'))
    .addColumn('user_id', 'varchar(36)', (col) => col.notNull().references('users.id').onDelete('cascade'))
    // The other member of the exchange; null once erased.
    .addColumn('other_id', 'varchar(36)', (col) => col.references('users.id').onDelete('set null'))
    .addColumn('asked_at', 'bigint', (col) => col.notNull())
    .addColumn('answered_at', 'bigint')
    .addColumn('dismissed_at', 'bigint')
    .addColumn('satisfaction', 'integer')
    .addColumn('note', 'text')
    .addUniqueConstraint('follow_ups_once', ['connection_id', 'user_id'])
    .execute();
  await db.schema.createIndex('follow_ups_user_idx').on('follow_ups').columns(['user_id', 'asked_at']).execute();

  // "I learned X from you" (from the learner's answer) and "I shared X" (from the sharer's).
  await db.schema
    .createTable('learnings')
    .addColumn('id', 'varchar(36)', (col) => col.primaryKey())
    .addColumn('follow_up_id', 'varchar(36)', (col) => col.notNull().references('follow_ups.id').onDelete('cascade'))
    .addColumn('learner_id', 'varchar(36)', (col) => col.references('users.id').onDelete('set null'))
    .addColumn('sharer_id', 'varchar(36)', (col) => col.references('users.id').onDelete('set null'))
    .addColumn('capacity_id', 'integer', (col) => col.notNull().references('capacities.id'))
    // Who said it: the learner ("learned") or the sharer ("shared").
    .addColumn('stated_by', 'varchar(16)', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('learnings_sharer_idx').on('learnings').column('sharer_id').execute();
  await db.schema.createIndex('learnings_learner_idx').on('learnings').column('learner_id').execute();

  await db.schema
    .createTable('invitations')
    .addColumn('id', 'varchar(36)', (col) => col.primaryKey())
    .addColumn('inviter_id', 'varchar(36)', (col) => col.notNull().references('users.id').onDelete('cascade'))
    // Kept only while the invitation may be accepted (30 days), then forgotten.
    .addColumn('email', 'varchar(320)')
    .addColumn('note', 'text')
    .addColumn('language', 'varchar(16)', (col) => col.notNull())
    .addColumn('token_hash', 'varchar(64)', (col) => col.unique())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('accepted_at', 'bigint')
    .addColumn('accepted_by', 'varchar(36)', (col) => col.references('users.id').onDelete('set null'))
    .execute();
  await db.schema
    .createIndex('invitations_inviter_idx')
    .on('invitations')
    .columns(['inviter_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('connect_daily_counts')
    .addColumn('day', 'varchar(10)', (col) => col.primaryKey())
    .addColumn('requests', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('requests_accepted', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('connections', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('invitations_sent', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('invitations_accepted', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('follow_ups_answered', 'integer', (col) => col.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('connect_daily_counts').execute();
  await db.schema.dropTable('invitations').execute();
  await db.schema.dropTable('learnings').execute();
  await db.schema.dropTable('follow_ups').execute();
  await db.schema.dropTable('connections').execute();
}
