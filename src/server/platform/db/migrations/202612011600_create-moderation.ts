import type { Kysely } from 'kysely';

/**
 * The safe space: reports with the snapshot of what was reported, moderators' actions (each with its
 * reason, and the affected member's one appeal), the append-only audit log, and what moderation
 * changes on the content and accounts themselves (hidden items, suspended or banned accounts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('reports')
    .addColumn('id', 'varchar(36)', (col) => col.primaryKey())
    // Null for a report the platform raised itself (a message held as spam), or once the reporter is erased.
    .addColumn('reporter_id', 'varchar(36)', (col) => col.references('users.id').onDelete('set null'))
    // Whether the reporter's account was old enough to count towards hiding the item automatically.
    .addColumn('reporter_trusted', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('subject_type', 'varchar(20)', (col) => col.notNull())
    .addColumn('subject_id', 'varchar(36)', (col) => col.notNull())
    // The member answerable for the item (a profile's owner, a message's author); null for an organization.
    .addColumn('subject_owner_id', 'varchar(36)', (col) => col.references('users.id').onDelete('set null'))
    .addColumn('category', 'varchar(20)', (col) => col.notNull())
    .addColumn('explanation', 'varchar(2000)', (col) => col.notNull())
    .addColumn('snapshot', 'text', (col) => col.notNull())
    .addColumn('status', 'varchar(10)', (col) => col.notNull())
    .addColumn('claimed_by', 'varchar(36)', (col) => col.references('users.id').onDelete('set null'))
    .addColumn('claimed_at', 'bigint')
    .addColumn('decided_by', 'varchar(36)', (col) => col.references('users.id').onDelete('set null'))
    .addColumn('decided_at', 'bigint')
    .addColumn('action', 'varchar(10)')
    .addColumn('decision_reason', 'varchar(2000)')
    // `YYYY-MM`, for the monthly transparency counts on both databases alike.
    .addColumn('month', 'varchar(7)', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addUniqueConstraint('reports_once_per_reporter', ['reporter_id', 'subject_type', 'subject_id'])
    .execute();
  await db.schema.createIndex('reports_queue_idx').on('reports').columns(['status', 'created_at', 'id']).execute();
  await db.schema.createIndex('reports_subject_idx').on('reports').columns(['subject_type', 'subject_id']).execute();
  await db.schema.createIndex('reports_owner_idx').on('reports').column('subject_owner_id').execute();
  await db.schema.createIndex('reports_month_idx').on('reports').column('month').execute();

  await db.schema
    .createTable('moderation_actions')
    .addColumn('id', 'varchar(36)', (col) => col.primaryKey())
    .addColumn('report_id', 'varchar(36)', (col) => col.references('reports.id').onDelete('set null'))
    // The member the action is about (told, and who may appeal); null for an organization nobody manages.
    .addColumn('user_id', 'varchar(36)', (col) => col.references('users.id').onDelete('set null'))
    .addColumn('subject_type', 'varchar(20)', (col) => col.notNull())
    .addColumn('subject_id', 'varchar(36)', (col) => col.notNull())
    .addColumn('action', 'varchar(10)', (col) => col.notNull())
    .addColumn('category', 'varchar(20)', (col) => col.notNull())
    .addColumn('reason', 'varchar(2000)', (col) => col.notNull())
    .addColumn('moderator_id', 'varchar(36)', (col) => col.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('month', 'varchar(7)', (col) => col.notNull())
    // A suspension's end.
    .addColumn('ends_at', 'bigint')
    // Undone by an appeal.
    .addColumn('lifted_at', 'bigint')
    .addColumn('appeal_text', 'varchar(2000)')
    .addColumn('appealed_at', 'bigint')
    .addColumn('appeal_moderator_id', 'varchar(36)', (col) => col.references('users.id').onDelete('set null'))
    .addColumn('appeal_outcome', 'varchar(12)')
    .addColumn('appeal_reason', 'varchar(2000)')
    .addColumn('appeal_decided_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('moderation_actions_user_idx')
    .on('moderation_actions')
    .columns(['user_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('moderation_actions_appeals_idx')
    .on('moderation_actions')
    .columns(['appealed_at', 'appeal_decided_at'])
    .execute();
  await db.schema.createIndex('moderation_actions_month_idx').on('moderation_actions').column('month').execute();

  // Append-only: the repository has no update or delete, except erasure replacing a member's id by a pseudonym.
  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'varchar(36)', (col) => col.primaryKey())
    // A member's id, or the pseudonym that replaced it at erasure; null for the platform itself.
    .addColumn('actor', 'varchar(60)')
    .addColumn('action', 'varchar(40)', (col) => col.notNull())
    .addColumn('subject_type', 'varchar(20)')
    .addColumn('subject_id', 'varchar(60)')
    .addColumn('target', 'varchar(60)')
    .addColumn('reason', 'varchar(2000)')
    .addColumn('detail', 'varchar(2000)')
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('audit_log_time_idx').on('audit_log').columns(['created_at', 'id']).execute();

  await db.schema.alterTable('users').addColumn('suspended_until', 'bigint').execute();
  await db.schema.alterTable('users').addColumn('banned_at', 'bigint').execute();
  await db.schema.alterTable('profiles').addColumn('hidden_at', 'bigint').execute();
  await db.schema.alterTable('organizations').addColumn('hidden_at', 'bigint').execute();
  await db.schema.alterTable('messages').addColumn('hidden_at', 'bigint').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('messages').dropColumn('hidden_at').execute();
  await db.schema.alterTable('organizations').dropColumn('hidden_at').execute();
  await db.schema.alterTable('profiles').dropColumn('hidden_at').execute();
  await db.schema.alterTable('users').dropColumn('banned_at').execute();
  await db.schema.alterTable('users').dropColumn('suspended_until').execute();
  await db.schema.dropTable('audit_log').execute();
  await db.schema.dropTable('moderation_actions').execute();
  await db.schema.dropTable('reports').execute();
}
