import type { Db } from '../../platform/db/schema';
import { notificationsRepository, type NewNotification } from './notifications.repository';

/*
 * How other features tell a member something: `notify` in the transaction of the change (so a
 * notification exists exactly when its cause does); the caller then publishes a live event.
 */

export function notify(db: Db, notification: NewNotification): Promise<void> {
  return notificationsRepository(db).add(notification);
}

/** A conversation read marks its notifications read too. */
export function markConversationNotificationsRead(
  db: Db,
  userId: string,
  conversationId: string,
  now = Date.now(),
): Promise<void> {
  return notificationsRepository(db).markConversationRead(userId, conversationId, now);
}
