import { requireMember, type Viewer } from '../../platform/auth/viewer';
import type { Db } from '../../platform/db/schema';
import { memberCards } from '../profiles/profiles.public';
import { notificationsRepository } from './notifications.repository';

const LIST_LENGTH = 30;

/** The bell: a member's latest notifications, and marking them read. */
export function notificationsService(db: Db) {
  const repository = notificationsRepository(db);
  return {
    async list(viewer: Viewer | null) {
      const me = requireMember(viewer).userId;
      const [rows, unread] = await Promise.all([repository.latest(me, LIST_LENGTH), repository.unreadCount(me)]);
      const cards = await memberCards(
        db,
        rows.map((row) => row.actor_id).filter((id): id is string => id !== null),
      );
      return {
        unread,
        items: rows.map((row) => {
          const card = row.actor_id ? cards.get(row.actor_id) : undefined;
          return {
            id: row.id,
            kind: row.kind,
            conversationId: row.conversation_id,
            actor: { name: card?.name ?? null, handle: card?.handle ?? null, deleted: !card },
            createdAt: new Date(Number(row.created_at)).toISOString(),
            read: row.read_at !== null,
          };
        }),
      };
    },

    async markRead(viewer: Viewer | null, ids: readonly string[] | undefined): Promise<void> {
      await repository.markRead(requireMember(viewer).userId, ids, Date.now());
    },

    /** Who may open a live stream: a member (answers their id). */
    streamOwner: (viewer: Viewer | null): string => requireMember(viewer).userId,
  };
}
