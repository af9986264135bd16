import type { AppInstance } from '../../app';
import { errorResponses, NoContent } from '../../platform/http/schemas';
import { ConnectCounts, FollowUpAnswer, FollowUpList, FollowUpParams } from './connections.schema';
import { connectionsService } from './connections.service';

export async function connectionsRoutes(app: AppInstance): Promise<void> {
  const service = connectionsService(app.database.db, app.database.dialect);
  const tags = ['messages'];

  app.get(
    '/api/follow-ups',
    {
      schema: {
        summary: 'Exchanges I am asked about (once, two weeks after both of us wrote): did it help?',
        tags,
        response: { 200: FollowUpList, ...errorResponses },
      },
    },
    async (request) => service.pending(request.viewer, request.uiLanguage),
  );

  app.post(
    '/api/follow-ups/:id',
    {
      schema: {
        summary: 'Answer a follow-up: how much it helped, what I shared or learned, a private note',
        tags,
        params: FollowUpParams,
        body: FollowUpAnswer,
        response: { 204: NoContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      await service.answer(request.viewer, request.params.id, request.body);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/follow-ups/:id/dismiss',
    {
      schema: {
        summary: 'Dismiss a follow-up for good',
        tags,
        params: FollowUpParams,
        response: { 204: NoContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      await service.dismiss(request.viewer, request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/admin/connect-counts',
    {
      schema: {
        summary:
          'How members connect, per day (requests, connections, invitations, follow-ups) and satisfaction reported',
        tags: ['admin'],
        response: { 200: ConnectCounts, ...errorResponses },
      },
    },
    async (request) => service.counts(request.viewer),
  );
}
