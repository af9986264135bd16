import { Type } from 'typebox';
import type { AppInstance } from '../../app';
import { errorResponses, NoContent } from '../../platform/http/schemas';
import {
  AnswerBody,
  CapacitiesBody,
  ContactsBody,
  CreateBody,
  MemberParams,
  SimilarQuery,
  SimilarResponse,
  DirectoryQuery,
  DirectoryResponse,
  InviteBody,
  ManageRequestBody,
  ManagerParams,
  ManagerRequestsResponse,
  RefuseBody,
  RequestParams,
  SlugParams,
  UpdateBody,
} from './organizations.schema';
import { organizationsService } from './organizations.service';

const errors = {
  ...errorResponses,
  401: Type.Ref('ErrorResponse'),
  403: Type.Ref('ErrorResponse'),
  404: Type.Ref('ErrorResponse'),
  409: Type.Ref('ErrorResponse'),
};

export async function organizationsRoutes(app: AppInstance): Promise<void> {
  const service = organizationsService({
    db: app.database.db,
    dialect: app.database.dialect,
    config: app.config,
    translator: app.translator,
    jobs: app.jobs,
    search: app.searchIndex,
  });
  const view = (request: {
    viewer: Parameters<typeof service.view>[0];
    params: { slug: string };
    uiLanguage: Parameters<typeof service.view>[2];
  }) => service.view(request.viewer, request.params.slug, request.uiLanguage);

  app.get(
    '/api/organizations',
    {
      schema: {
        summary:
          'The organization directory, filtered by type, country or region, language and capacity offered or needed',
        tags: ['organizations'],
        querystring: DirectoryQuery,
        response: { 200: DirectoryResponse, ...errorResponses },
      },
    },
    async (request) => {
      const query = request.query;
      const page = query.page ?? 1;
      const { rows, hasMore } = await service.directory(
        {
          text: query.q ?? '',
          types: query.type ?? [],
          countries: query.country ?? [],
          regions: query.region ?? [],
          languages: query.language ?? [],
          capacityIds: query.capacity ?? [],
          side: query.side,
        },
        page,
      );
      return {
        organizations: rows.map((row) => ({
          slug: row.slug,
          name: row.name,
          acronym: row.acronym,
          type: row.type,
          active: row.active === 1,
        })),
        page,
        hasMore,
      };
    },
  );

  app.get(
    '/api/organizations/similar',
    {
      schema: {
        summary: 'Organizations whose name or acronym resembles these (asked before creating one)',
        tags: ['organizations'],
        querystring: SimilarQuery,
        response: { 200: SimilarResponse, ...errorResponses },
      },
    },
    async (request) => ({ organizations: await service.similar(request.query.name, request.query.acronym ?? null) }),
  );

  app.post(
    '/api/organizations',
    {
      schema: {
        summary: 'Create an organization; you become its first manager',
        tags: ['organizations'],
        body: CreateBody,
        response: { 201: Type.Object({ slug: Type.String() }), ...errors },
      },
    },
    async (request, reply) => reply.status(201).send({ slug: await service.create(request.viewer, request.body) }),
  );

  app.get(
    '/api/organizations/:slug',
    {
      schema: {
        summary: 'One organization',
        tags: ['organizations'],
        params: SlugParams,
        response: { 200: Type.Ref('OrganizationView'), ...errors },
      },
    },
    async (request) => view(request),
  );

  app.put(
    '/api/organizations/:slug',
    {
      schema: {
        summary: 'Edit an organization (its managers and admins)',
        tags: ['organizations'],
        params: SlugParams,
        body: UpdateBody,
        response: { 200: Type.Ref('OrganizationView'), ...errors },
      },
    },
    async (request) => service.save(request.viewer, request.params.slug, request.body, request.uiLanguage),
  );

  app.put(
    '/api/organizations/:slug/capacities',
    {
      schema: {
        summary: 'The capacities an organization offers and needs (its managers and admins)',
        tags: ['organizations'],
        params: SlugParams,
        body: CapacitiesBody,
        response: { 200: Type.Ref('OrganizationView'), ...errors },
      },
    },
    async (request) => service.saveCapacities(request.viewer, request.params.slug, request.body, request.uiLanguage),
  );

  app.put(
    '/api/organizations/:slug/contacts',
    {
      schema: {
        summary: 'Contact options and social accounts, each with its visibility (its managers and admins)',
        tags: ['organizations'],
        params: SlugParams,
        body: ContactsBody,
        response: { 200: Type.Ref('OrganizationView'), ...errors },
      },
    },
    async (request) =>
      service.saveContacts(request.viewer, request.params.slug, request.body.contacts, request.uiLanguage),
  );

  app.post(
    '/api/organizations/:slug/manager-requests',
    {
      schema: {
        summary: 'Ask to manage an organization; an admin answers',
        tags: ['organizations'],
        params: SlugParams,
        body: ManageRequestBody,
        response: { 204: NoContent, ...errors },
      },
    },
    async (request, reply) => {
      await service.requestToManage(request.viewer, request.params.slug, request.body.message);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/organizations/:slug/managers',
    {
      schema: {
        summary: 'Invite a member to manage the organization too (its managers)',
        tags: ['organizations'],
        params: SlugParams,
        body: InviteBody,
        response: { 204: NoContent, ...errors },
      },
    },
    async (request, reply) => {
      await service.invite(request.viewer, request.params.slug, request.body.handle);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/organizations/:slug/invitation',
    {
      schema: {
        summary: 'Accept or decline an invitation to manage',
        tags: ['organizations'],
        params: SlugParams,
        body: AnswerBody,
        response: { 204: NoContent, ...errors },
      },
    },
    async (request, reply) => {
      await service.answerInvitation(request.viewer, request.params.slug, request.body.accept);
      return reply.status(204).send(null);
    },
  );

  app.delete(
    '/api/organizations/:slug/managers/:userId',
    {
      schema: {
        summary: 'Remove a manager, or leave; the last manager must hand over first',
        tags: ['organizations'],
        params: ManagerParams,
        response: { 204: NoContent, ...errors },
      },
    },
    async (request, reply) => {
      await service.removeManager(request.viewer, request.params.slug, request.params.userId);
      return reply.status(204).send(null);
    },
  );

  app.delete(
    '/api/organizations/:slug/members/:handle',
    {
      schema: {
        summary: "Remove someone's claim to belong to the organization (its managers)",
        tags: ['organizations'],
        params: MemberParams,
        response: { 204: NoContent, ...errors },
      },
    },
    async (request, reply) => {
      await service.removeMember(request.viewer, request.params.slug, request.params.handle);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/admin/manager-requests',
    {
      schema: {
        summary: 'Requests to manage organizations (admins)',
        tags: ['administration'],
        response: { 200: ManagerRequestsResponse, ...errors },
      },
    },
    async (request) => ({
      requests: (await service.pendingRequests(request.viewer)).map((row) => ({
        id: row.id,
        message: row.message,
        member: row.display_name,
        organization: row.organization_name,
        organizationSlug: row.slug,
        createdAt: new Date(row.created_at).toISOString(),
      })),
    }),
  );

  app.post(
    '/api/admin/manager-requests/:id/approve',
    {
      schema: {
        summary: 'Make the member a manager of the organization (admins)',
        tags: ['administration'],
        params: RequestParams,
        response: { 204: NoContent, ...errors },
      },
    },
    async (request, reply) => {
      await service.decideRequest(request.viewer, request.params.id, { approve: true });
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/admin/manager-requests/:id/refuse',
    {
      schema: {
        summary: 'Refuse, with a reason (admins)',
        tags: ['administration'],
        params: RequestParams,
        body: RefuseBody,
        response: { 204: NoContent, ...errors },
      },
    },
    async (request, reply) => {
      await service.decideRequest(request.viewer, request.params.id, { approve: false, reason: request.body.reason });
      return reply.status(204).send(null);
    },
  );
}
