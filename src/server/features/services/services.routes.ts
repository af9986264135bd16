import { Type } from 'typebox';
import type { AppInstance } from '../../app';
import { errorResponses, NoContent } from '../../platform/http/schemas';
import { ServiceBody, ServiceListQuery, ServiceListResponse, ServiceParams } from './services.schema';
import { servicesService } from './services.service';

const errors = {
  ...errorResponses,
  401: Type.Ref('ErrorResponse'),
  403: Type.Ref('ErrorResponse'),
  404: Type.Ref('ErrorResponse'),
};

export async function servicesRoutes(app: AppInstance): Promise<void> {
  const services = servicesService({
    db: app.database.db,
    dialect: app.database.dialect,
    translator: app.translator,
    search: app.searchIndex,
  });

  app.get(
    '/api/services',
    {
      schema: {
        summary: "Services you may see: a member's, an organization's, or the ones you may edit",
        tags: ['services'],
        querystring: ServiceListQuery,
        response: { 200: ServiceListResponse, ...errors },
      },
    },
    async (request) => services.list(request.viewer, request.query, request.uiLanguage),
  );

  app.post(
    '/api/services',
    {
      schema: {
        summary: 'Offer a service, yourself or for an organization you manage',
        tags: ['services'],
        body: ServiceBody,
        response: { 201: Type.Object({ id: Type.String() }), ...errors },
      },
    },
    async (request, reply) => reply.status(201).send({ id: await services.create(request.viewer, request.body) }),
  );

  app.get(
    '/api/services/:id',
    {
      schema: {
        summary: 'One service',
        tags: ['services'],
        params: ServiceParams,
        response: { 200: Type.Ref('ServiceView'), ...errors },
      },
    },
    async (request) => services.view(request.viewer, request.params.id, request.uiLanguage),
  );

  app.put(
    '/api/services/:id',
    {
      schema: {
        summary: 'Save a service (its provider, or the managers of the organization offering it)',
        tags: ['services'],
        params: ServiceParams,
        body: ServiceBody,
        response: { 200: Type.Ref('ServiceView'), ...errors },
      },
    },
    async (request) => services.save(request.viewer, request.params.id, request.body, request.uiLanguage),
  );

  app.delete(
    '/api/services/:id',
    {
      schema: {
        summary: 'Delete a service (its editors)',
        tags: ['services'],
        params: ServiceParams,
        response: { 204: NoContent, ...errors },
      },
    },
    async (request, reply) => {
      await services.remove(request.viewer, request.params.id);
      return reply.status(204).send(null);
    },
  );
}
