import type { SqlDialect } from '../../platform/db/dialects/dialect';
import { isoTime } from '../../platform/time';
import type { Db } from '../../platform/db/schema';
import { notFound, validationFailed } from '../../platform/errors';
import { requireMember, type Viewer } from '../../platform/auth/viewer';
import { otherMemberOf } from '../messages/messages.public';
import { DEFAULT_VISIBILITY } from '../profiles/profile-fields';
import { userIdByHandle } from '../profiles/profiles.public';
import { allows } from '../profiles/visibility';
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
      const rows = await repository.blockedBy(requireMember(viewer).userId);
      return rows.map((row) => ({
        id: row.id,
        handle: row.handle,
        name: allows(row.name_visibility ?? DEFAULT_VISIBILITY.name, 'member') ? row.display_name : null,
        blockedAt: isoTime(row.created_at),
      }));
    },
  };
}
