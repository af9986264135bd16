import type { Db, Role } from '../../platform/db/schema';
import { AppError } from '../../platform/errors';
import { requireRole, type Viewer } from '../../platform/auth/viewer';
import { recordAudit } from '../audit/audit.public';
import { accountsRepository, type UserRow } from './accounts.repository';

export const USERS_PAGE_SIZE = 50;

/** Role administration: by admins in the app, and by operators with `cxc user grant|revoke`. */
export function usersService(db: Db) {
  const repository = accountsRepository(db);

  /** Changes a role and logs who did it (null: an operator with `cxc`), in one transaction. */
  async function changeRole(user: UserRow, role: Role, actorId: string | null): Promise<UserRow> {
    if (user.role === 'admin' && role !== 'admin' && (await repository.countAdmins()) <= 1)
      throw new AppError('last_admin');
    await db.transaction().execute(async (trx) => {
      await accountsRepository(trx).setRole(user.id, role);
      await recordAudit(trx, {
        actorId,
        action: 'role.set',
        subjectType: 'account',
        targetId: user.id,
        detail: `${user.role} -> ${role}`,
        now: Date.now(),
      });
    });
    return { ...user, role };
  }

  return {
    async list(viewer: Viewer | null, query: string, page: number) {
      requireRole(viewer, 'admin');
      const rows = await repository.searchUsers(query.trim(), USERS_PAGE_SIZE + 1, (page - 1) * USERS_PAGE_SIZE);
      return { users: rows.slice(0, USERS_PAGE_SIZE), hasMore: rows.length > USERS_PAGE_SIZE };
    },

    async setRole(viewer: Viewer | null, userId: string, role: Role): Promise<UserRow> {
      const admin = requireRole(viewer, 'admin');
      const user = await repository.findUserById(userId);
      if (!user) throw new AppError('not_found');
      return changeRole(user, role, admin.userId);
    },

    /** For the CLI: find by e-mail or Wikimedia username, then grant or revoke (back to member). */
    async setRoleByHandle(handle: string, role: Role): Promise<UserRow> {
      const user = await repository.findUserByHandle(handle);
      if (!user) throw new AppError('not_found');
      return changeRole(user, role, null);
    },
  };
}
