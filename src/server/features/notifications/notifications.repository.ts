import { randomUUID } from 'node:crypto';
import type { NotificationKind } from '../../../shared/vocabulary';
import type { Db } from '../../platform/db/schema';

export interface NewNotification {
  readonly userId: string;
  readonly kind: NotificationKind;
  readonly conversationId: string | null;
  readonly actorId: string | null;
  readonly now: number;
}

/** All SQL for notifications in the app. */
export function notificationsRepository(db: Db) {
  return {
    /**
     * Adds a notification. New messages in a conversation make one unread notification, brought up
     * to date by each further message, so a lively conversation does not fill the list.
     */
    async add(notification: NewNotification): Promise<void> {
      if (notification.kind === 'message' && notification.conversationId) {
        const bumped = await db
          .updateTable('notifications')
          .set({ created_at: notification.now, actor_id: notification.actorId })
          .where('user_id', '=', notification.userId)
          .where('kind', '=', 'message')
          .where('conversation_id', '=', notification.conversationId)
          .where('read_at', 'is', null)
          .executeTakeFirst();
        if (Number(bumped.numUpdatedRows) > 0) return;
      }
      await db
        .insertInto('notifications')
        .values({
          id: randomUUID(),
          user_id: notification.userId,
          kind: notification.kind,
          conversation_id: notification.conversationId,
          actor_id: notification.actorId,
          created_at: notification.now,
          read_at: null,
        })
        .execute();
    },

    /** The latest notifications, with who caused them. */
    async latest(userId: string, limit: number) {
      return db
        .selectFrom('notifications')
        .select(['id', 'kind', 'conversation_id', 'actor_id', 'created_at', 'read_at'])
        .where('user_id', '=', userId)
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .limit(limit)
        .execute();
    },

    async unreadCount(userId: string): Promise<number> {
      const row = await db
        .selectFrom('notifications')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .where('user_id', '=', userId)
        .where('read_at', 'is', null)
        .executeTakeFirst();
      return Number(row?.count ?? 0);
    },

    /** Marks these notifications read, or all when none are named. */
    async markRead(userId: string, ids: readonly string[] | undefined, now: number): Promise<void> {
      let query = db
        .updateTable('notifications')
        .set({ read_at: now })
        .where('user_id', '=', userId)
        .where('read_at', 'is', null);
      if (ids) {
        if (ids.length === 0) return;
        query = query.where('id', 'in', [...ids]);
      }
      await query.execute();
    },

    /** A conversation read: its notifications are read too. */
    async markConversationRead(userId: string, conversationId: string, now: number): Promise<void> {
      await db
        .updateTable('notifications')
        .set({ read_at: now })
        .where('user_id', '=', userId)
        .where('conversation_id', '=', conversationId)
        .where('read_at', 'is', null)
        .execute();
    },

    async exportFor(userId: string) {
      return db
        .selectFrom('notifications')
        .select(['kind', 'conversation_id', 'created_at', 'read_at'])
        .where('user_id', '=', userId)
        .orderBy('created_at')
        .execute();
    },

    /** The member's notifications; others' notifications about them no longer name them. */
    async eraseFor(userId: string): Promise<void> {
      await db.deleteFrom('notifications').where('user_id', '=', userId).execute();
      await db.updateTable('notifications').set({ actor_id: null }).where('actor_id', '=', userId).execute();
    },
  };
}
