import type { Db } from '../../platform/db/schema';
import { messagesRepository } from './messages.repository';
import type { SqlDialect } from '../../platform/db/dialects/dialect';
import type { JobQueue } from '../../platform/jobs';
import { notify } from '../notifications/notifications.public';

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

/**
 * Opens a request from `from` to `to` with a first message written by `from` (an accepted
 * invitation: the inviter's note). Nothing new when the two have a conversation already; answers its id.
 */
export async function startRequest(
  db: Db,
  dialect: SqlDialect,
  jobs: JobQueue,
  request: { from: string; to: string; body: string; language: string | null; now: number },
): Promise<string> {
  const repository = messagesRepository(db, dialect);
  const existing = await repository.lockedBetween(request.from, request.to);
  if (existing) return existing.id;
  const conversation = await repository.create(request.from, request.to, request.now);
  await repository.append({
    conversationId: conversation.id,
    authorId: request.from,
    body: request.body,
    language: request.language,
    now: request.now,
  });
  await notify(db, jobs, {
    userId: request.to,
    kind: 'request',
    conversationId: conversation.id,
    actorId: request.from,
    now: request.now,
  });
  return conversation.id;
}
