import { CHOSEN_MAIL_KIND } from '../../../shared/vocabulary';
import type { Db } from '../../platform/db/schema';
import type { JobQueue } from '../../platform/jobs';
import { cadencesFrom, NOTIFICATION_MAIL_JOB } from './notifications.mail';
import { notificationsRepository, type NewNotification } from './notifications.repository';

/*
 * How other features tell a member something: `notify` in the transaction of the change (so a
 * notification, and its mail, exist exactly when their cause does); the caller then publishes a
 * live event once the transaction has committed.
 */

/** Adds a notification and, when the member wants this kind by e-mail at once, queues its mail. */
export async function notify(db: Db, jobs: JobQueue, notification: NewNotification): Promise<void> {
  const repository = notificationsRepository(db);
  const { id, isNew } = await repository.add(notification);
  if (!isNew) return;
  const settings = await repository.settingsOf(notification.userId);
  // Moderation's notices are mailed by moderation itself, always (see CHOSEN_MAIL_KIND).
  if (CHOSEN_MAIL_KIND.has(notification.kind) && cadencesFrom(settings?.cadences)[notification.kind] === 'instant')
    await jobs.enqueue(db, NOTIFICATION_MAIL_JOB, { notificationId: id }, { userId: notification.userId });
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
