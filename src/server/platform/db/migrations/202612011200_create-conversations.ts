import type { Kysely } from 'kysely';

/**
 * Messages between members: conversations (a first message is a request the recipient answers),
 * who is in each with their unread count, the messages, blocks, the notifications in the app and
 * what of them each member gets by e-mail.
 * A conversation outlives the erasure of one side: their id becomes null and their messages lose
 * their text, so the other side keeps what they wrote.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('blocks')
    .addColumn('id', 'varchar(36)', (col) => col.primaryKey())
    .addColumn('blocker_id', 'varchar(36)', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('blocked_id', 'varchar(36)', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addUniqueConstraint('blocks_pair_unique', ['blocker_id', 'blocked_id'])
    .execute();
  await db.schema.createIndex('blocks_blocked_idx').on('blocks').column('blocked_id').execute();

  await db.schema
    .createTable('conversations')
    .addColumn('id', 'varchar(36)', (col) => col.primaryKey())
    // Who wrote first (the requester) and to whom; null once that member is erased.
    .addColumn('starter_id', 'varchar(36)', (col) => col.references('users.id').onDelete('set null'))
    .addColumn('recipient_id', 'varchar(36)', (col) => col.references('users.id').onDelete('set null'))
    // The two ids in order, so a pair has one conversation whoever writes first; null after an erasure.
    .addColumn('pair_key', 'varchar(80)', (col) => col.unique())
    .addColumn('status', 'varchar(16)', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('last_message_at', 'bigint', (col) => col.notNull())
    // The latest message, for the inbox's preview (no foreign key: the two tables point at each other).
    .addColumn('last_message_id', 'varchar(36)')
    .addColumn('decided_at', 'bigint')
    .execute();

  await db.schema
    .createTable('conversation_members')
    .addColumn('conversation_id', 'varchar(36)', (col) =>
      col.notNull().references('conversations.id').onDelete('cascade'),
    )
    .addColumn('user_id', 'varchar(36)', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('unread_count', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('last_message_at', 'bigint', (col) => col.notNull())
    .addPrimaryKeyConstraint('conversation_members_pk', ['conversation_id', 'user_id'])
    .execute();
  // The inbox: a member's conversations, the latest first.
  await db.schema
    .createIndex('conversation_members_inbox_idx')
    .on('conversation_members')
    .columns(['user_id', 'last_message_at', 'conversation_id'])
    .execute();

  await db.schema
    .createTable('messages')
    .addColumn('id', 'varchar(36)', (col) => col.primaryKey())
    .addColumn('conversation_id', 'varchar(36)', (col) =>
      col.notNull().references('conversations.id').onDelete('cascade'),
    )
    .addColumn('author_id', 'varchar(36)', (col) => col.references('users.id').onDelete('set null'))
    .addColumn('body', 'text')
    .addColumn('language', 'varchar(16)')
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('messages_conversation_idx')
    .on('messages')
    .columns(['conversation_id', 'created_at', 'id'])
    .execute();
  await db.schema.createIndex('messages_author_idx').on('messages').column('author_id').execute();

  await db.schema
    .createTable('notifications')
    .addColumn('id', 'varchar(36)', (col) => col.primaryKey())
    .addColumn('user_id', 'varchar(36)', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'varchar(16)', (col) => col.notNull())
    .addColumn('conversation_id', 'varchar(36)', (col) => col.references('conversations.id').onDelete('cascade'))
    .addColumn('actor_id', 'varchar(36)', (col) => col.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('read_at', 'bigint')
    // When it went out by e-mail (at once or in a digest), so no notification is mailed twice.
    .addColumn('mailed_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('notifications_user_idx')
    .on('notifications')
    .columns(['user_id', 'created_at'])
    .execute();
  await db.schema.createIndex('notifications_actor_idx').on('notifications').column('actor_id').execute();

  // Which notifications a member gets by e-mail, per kind; no row means the defaults.
  await db.schema
    .createTable('notification_settings')
    .addColumn('user_id', 'varchar(36)', (col) => col.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('cadences', 'text', (col) => col.notNull())
    .addColumn('include_text', 'integer', (col) => col.notNull().defaultTo(0))
    // Changes with every save: unsubscribe links carry it, so a used or outdated link no longer works.
    .addColumn('version', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .execute();
  // One row per member and day a digest was composed: a digest is never sent twice for a day.
  await db.schema
    .createTable('email_digests')
    .addColumn('user_id', 'varchar(36)', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('day', 'varchar(10)', (col) => col.notNull())
    .addColumn('notifications', 'integer', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addPrimaryKeyConstraint('email_digests_pk', ['user_id', 'day'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('email_digests').execute();
  await db.schema.dropTable('notification_settings').execute();
  await db.schema.dropTable('notifications').execute();
  await db.schema.dropTable('messages').execute();
  await db.schema.dropTable('conversation_members').execute();
  await db.schema.dropTable('conversations').execute();
  await db.schema.dropTable('blocks').execute();
}
