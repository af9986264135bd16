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
    async add(notification: NewNotification): Promise<{ id: string; isNew: boolean }> {
      if (notification.kind === 'message' && notification.conversationId) {
        const bumped = await db
          .updateTable('notifications')
          .set({ created_at: notification.now, actor_id: notification.actorId })
          .where('user_id', '=', notification.userId)
          .where('kind', '=', 'message')
          .where('conversation_id', '=', notification.conversationId)
          .where('read_at', 'is', null)
          .returning('id')
          .executeTakeFirst();
        if (bumped) return { id: bumped.id, isNew: false };
      }
      const id = randomUUID();
      await db
        .insertInto('notifications')
        .values({
          id,
          user_id: notification.userId,
          kind: notification.kind,
          conversation_id: notification.conversationId,
          actor_id: notification.actorId,
          created_at: notification.now,
          read_at: null,
          mailed_at: null,
        })
        .execute();
      return { id, isNew: true };
    },

    /** The member's e-mail choices; undefined when they never changed the defaults. */
    async settingsOf(userId: string) {
      return db
        .selectFrom('notification_settings')
        .select(['cadences', 'include_text', 'version'])
        .where('user_id', '=', userId)
        .executeTakeFirst();
    },

    /** Saves the member's e-mail choices; the version moves on, so older unsubscribe links stop working. */
    async saveSettings(userId: string, cadences: string, includeText: boolean, now: number): Promise<void> {
      await db
        .insertInto('notification_settings')
        .values({ user_id: userId, cadences, include_text: includeText ? 1 : 0, version: 1, updated_at: now })
        .onConflict((conflict) =>
          conflict.column('user_id').doUpdateSet((eb) => ({
            cadences,
            include_text: includeText ? 1 : 0,
            version: eb('notification_settings.version', '+', 1),
            updated_at: now,
          })),
        )
        .execute();
    },

    /** A notification with what mailing it needs: the recipient's address, language and choices. */
    async forMail(notificationId: string) {
      return db
        .selectFrom('notifications as n')
        .innerJoin('users as u', 'u.id', 'n.user_id')
        .leftJoin('notification_settings as s', 's.user_id', 'n.user_id')
        .select([
          'n.id',
          'n.user_id',
          'n.kind',
          'n.conversation_id',
          'n.actor_id',
          'n.read_at',
          'n.mailed_at',
          'u.email',
          'u.email_verified_at',
          'u.language',
          's.cadences',
          's.include_text',
          's.version',
        ])
        .where('n.id', '=', notificationId)
        .executeTakeFirst();
    },

    /** A member's address, language and choices, for their digest. */
    async recipient(userId: string) {
      return db
        .selectFrom('users as u')
        .leftJoin('notification_settings as s', 's.user_id', 'u.id')
        .select(['u.email', 'u.email_verified_at', 'u.language', 's.cadences', 's.include_text', 's.version'])
        .where('u.id', '=', userId)
        .executeTakeFirst();
    },

    /** Members with unread notifications not mailed yet, created before `before`, in id order after `after`. */
    async membersWithUnmailed(before: number, after: string, limit: number): Promise<string[]> {
      const rows = await db
        .selectFrom('notifications')
        .select('user_id')
        .distinct()
        .where('mailed_at', 'is', null)
        .where('read_at', 'is', null)
        .where('created_at', '<', before)
        .where('user_id', '>', after)
        .orderBy('user_id')
        .limit(limit)
        .execute();
      return rows.map((row) => row.user_id);
    },

    /** A member's unread notifications not mailed yet, created before `before`, oldest first. */
    async unmailedOf(userId: string, before: number) {
      return db
        .selectFrom('notifications')
        .select(['id', 'kind', 'conversation_id', 'actor_id', 'created_at'])
        .where('user_id', '=', userId)
        .where('mailed_at', 'is', null)
        .where('read_at', 'is', null)
        .where('created_at', '<', before)
        .orderBy('created_at')
        .execute();
    },

    async markMailed(ids: readonly string[], now: number): Promise<void> {
      if (ids.length === 0) return;
      await db
        .updateTable('notifications')
        .set({ mailed_at: now })
        .where('id', 'in', [...ids])
        .execute();
    },

    /** Records the member's digest of `day`; false when one was already made (it is never made twice). */
    async claimDigest(userId: string, day: string, count: number, now: number): Promise<boolean> {
      const inserted = await db
        .insertInto('email_digests')
        .values({ user_id: userId, day, notifications: count, created_at: now })
        .onConflict((conflict) => conflict.columns(['user_id', 'day']).doNothing())
        .returning('day')
        .executeTakeFirst();
      return inserted !== undefined;
    },

    async digestsOf(userId: string) {
      return db
        .selectFrom('email_digests')
        .select(['day', 'notifications'])
        .where('user_id', '=', userId)
        .orderBy('day')
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
        .select(['kind', 'conversation_id', 'created_at', 'read_at', 'mailed_at'])
        .where('user_id', '=', userId)
        .orderBy('created_at')
        .execute();
    },

    /** The member's notifications and e-mail choices; others' notifications about them no longer name them. */
    async eraseFor(userId: string): Promise<void> {
      await db.deleteFrom('notifications').where('user_id', '=', userId).execute();
      await db.deleteFrom('notification_settings').where('user_id', '=', userId).execute();
      await db.deleteFrom('email_digests').where('user_id', '=', userId).execute();
      await db.updateTable('notifications').set({ actor_id: null }).where('actor_id', '=', userId).execute();
    },
  };
}
