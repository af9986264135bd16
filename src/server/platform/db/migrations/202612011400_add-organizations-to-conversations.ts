import type { Kysely } from 'kysely';

/**
 * Conversations with an organization: the member writes to it, every manager sees the conversation
 * and answers as the organization (the message keeps which organization spoke; the manager behind
 * it is the author, for moderation).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('conversations')
    .addColumn('organization_id', 'varchar(36)', (col) => col.references('organizations.id').onDelete('cascade'))
    .execute();
  await db.schema
    .alterTable('messages')
    .addColumn('organization_id', 'varchar(36)', (col) => col.references('organizations.id').onDelete('cascade'))
    .execute();
  await db.schema.createIndex('conversations_organization_idx').on('conversations').column('organization_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('conversations_organization_idx').execute();
  await db.schema.alterTable('messages').dropColumn('organization_id').execute();
  await db.schema.alterTable('conversations').dropColumn('organization_id').execute();
}
