import { Type } from 'typebox';
import type { AppInstance } from '../../app';
import { errorResponses } from '../../platform/http/schemas';
import type { UserRow } from './accounts.repository';
import { RoleBody, UserIdParams, UsersQuery, UsersResponse, type AdminUser } from './accounts.schema';
import { USERS_PAGE_SIZE, usersService } from './users.service';

function toAdminUser(
  user: Pick<UserRow, 'id' | 'display_name' | 'email' | 'wikimedia_username' | 'role' | 'created_at'>,
): AdminUser {
  return {
    id: user.id,
    displayName: user.display_name,
    email: user.email,
    wikimediaUsername: user.wikimedia_username,
    role: user.role,
    createdAt: new Date(user.created_at).toISOString(),
  };
}

const adminErrors = { ...errorResponses, 401: Type.Ref('ErrorResponse'), 403: Type.Ref('ErrorResponse') };

export async function usersRoutes(app: AppInstance): Promise<void> {
  const service = usersService(app.database.db);

  app.get(
    '/api/admin/users',
    {
      schema: {
        summary: 'Members, searchable by name, e-mail or Wikimedia username (admins only)',
        tags: ['administration'],
        querystring: UsersQuery,
        response: { 200: UsersResponse, ...adminErrors },
      },
    },
    async (request) => {
      const page = request.query.page ?? 1;
      const { users, hasMore } = await service.list(request.viewer, request.query.q ?? '', page);
      return { users: users.map(toAdminUser), page, pageSize: USERS_PAGE_SIZE, hasMore };
    },
  );

  app.put(
    '/api/admin/users/:id/role',
    {
      schema: {
        summary: "Change a member's role (admins only); the last admin cannot be demoted",
        tags: ['administration'],
        params: UserIdParams,
        body: RoleBody,
        response: {
          200: Type.Ref('AdminUser'),
          ...adminErrors,
          404: Type.Ref('ErrorResponse'),
          409: Type.Ref('ErrorResponse'),
        },
      },
    },
    async (request) => toAdminUser(await service.setRole(request.viewer, request.params.id, request.body.role)),
  );
}
