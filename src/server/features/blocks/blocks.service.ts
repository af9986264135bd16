import type { SqlDialect } from '../../platform/db/dialects/dialect';
import type { Db } from '../../platform/db/schema';
import { notFound, validationFailed } from '../../platform/errors';
import { requireMember, type Viewer } from '../../platform/auth/viewer';
import { otherMemberOf } from '../messages/messages.public';
import { memberCards, userIdByHandle } from '../profiles/profiles.public';
import { isoTime } from '../../platform/time';
import { blocksRepository } from './blocks.repository';

/**
 * Blocking: a member blocks another from a profile or a conversation; from then on neither can
 * write to, see or find the other (the other features ask `blocks.public.ts`). Lifted in settings.
 */
export function blocksService(db: Db, dialect: SqlDialect) {
  const repository = blocksRepository(db);
  return {
    async block(viewer: Viewer | null, target: { handle?: string | undefined; conversationId?: string | undefined }) {
      const me = requireMember(viewer).userId;
      if ((target.handle === undefined) === (target.conversationId === undefined))
        throw validationFailed([{ field: 'body', code: 'one-of', params: ['handle', 'conversationId'] }]);
      const them = target.handle
        ? await userIdByHandle(db, target.handle)
        : await otherMemberOf(db, dialect, target.conversationId!, me);
      if (!them) throw notFound();
      if (them === me) throw validationFailed([{ field: 'handle', code: 'self' }]);
      await repository.block(me, them);
    },

    async unblock(viewer: Viewer | null, blockId: string): Promise<void> {
      if (!(await repository.unblock(requireMember(viewer).userId, blockId))) throw notFound();
    },

    async list(viewer: Viewer | null) {
      return blocksWithCards(db, requireMember(viewer).userId);
    },
  };
}

/**
 * Whom a member blocked, the latest first, each named as members may see them (the settings list
 * and the export).
 */
export async function blocksWithCards(db: Db, userId: string) {
  const rows = await blocksRepository(db).blockedBy(userId);
  const cards = await memberCards(
    db,
    rows.map((row) => row.blocked_id),
  );
  return rows.map((row) => {
    const card = cards.get(row.blocked_id);
    return { id: row.id, handle: card?.handle ?? null, name: card?.name ?? null, blockedAt: isoTime(row.created_at) };
  });
}
