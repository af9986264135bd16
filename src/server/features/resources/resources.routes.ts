import { Type } from 'typebox';
import type { AppInstance } from '../../app';
import { errorResponses, NoContent } from '../../platform/http/schemas';
import { ResourceBody, ResourceListQuery, ResourceListResponse, ResourceParams } from './resources.schema';
import { resourcesService } from './resources.service';

const errors = {
  ...errorResponses,
  401: Type.Ref('ErrorResponse'),
  403: Type.Ref('ErrorResponse'),
  404: Type.Ref('ErrorResponse'),
};

export async function resourcesRoutes(app: AppInstance): Promise<void> {
  const service = resourcesService({ db: app.database.db, dialect: app.database.dialect, search: app.searchIndex });

  app.get(
    '/api/resources',
    {
      schema: {
        summary: "Learning resources you may see: a member's, an organization's, or the ones you may edit",
        tags: ['resources'],
        querystring: ResourceListQuery,
        response: { 200: ResourceListResponse, ...errors },
      },
    },
    async (request) => service.list(request.viewer, request.query, request.uiLanguage),
  );

  app.post(
    '/api/resources',
    {
      schema: {
        summary: 'Add a learning resource, for yourself (as one of its authors) or for an organization you manage',
        tags: ['resources'],
        body: ResourceBody,
        response: { 201: Type.Object({ id: Type.String() }), ...errors },
      },
    },
    async (request, reply) => reply.status(201).send({ id: await service.create(request.viewer, request.body) }),
  );

  app.get(
    '/api/resources/:id',
    {
      schema: {
        summary: 'One learning resource; its link check and history for its editors',
        tags: ['resources'],
        params: ResourceParams,
        response: { 200: Type.Ref('ResourceView'), ...errors },
      },
    },
    async (request) => service.view(request.viewer, request.params.id, request.uiLanguage),
  );

  app.put(
    '/api/resources/:id',
    {
      schema: {
        summary: 'Save a learning resource (its member authors and the managers of its organization)',
        tags: ['resources'],
        params: ResourceParams,
        body: ResourceBody,
        response: { 200: Type.Ref('ResourceView'), ...errors },
      },
    },
    async (request) => service.save(request.viewer, request.params.id, request.body, request.uiLanguage),
  );

  app.delete(
    '/api/resources/:id',
    {
      schema: {
        summary: 'Delete a learning resource (its editors)',
        tags: ['resources'],
        params: ResourceParams,
        response: { 204: NoContent, ...errors },
      },
    },
    async (request, reply) => {
      await service.remove(request.viewer, request.params.id);
      return reply.status(204).send(null);
    },
  );
}
