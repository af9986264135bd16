import type { Db } from '../../platform/db/schema';
import { messagesRepository } from './messages.repository';
import type { SqlDialect } from '../../platform/db/dialects/dialect';

/*
 * What other features read of conversations.
 */

/** The member on the other side of a conversation `userId` is in (e.g. to block them from it); undefined when none. */
export async function otherMemberOf(
  db: Db,
  dialect: SqlDialect,
  conversationId: string,
  userId: string,
): Promise<string | undefined> {
  const conversation = await messagesRepository(db, dialect).findFor(conversationId, userId);
  if (!conversation) return undefined;
  return (conversation.starter_id === userId ? conversation.recipient_id : conversation.starter_id) ?? undefined;
}

/** The latest text a member wrote in a conversation, or null. */
export function latestTextBy(
  db: Db,
  dialect: SqlDialect,
  conversationId: string,
  authorId: string,
): Promise<string | null> {
  return messagesRepository(db, dialect).latestTextBy(conversationId, authorId);
}
