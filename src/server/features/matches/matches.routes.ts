import type { AppInstance } from '../../app';
import { errorResponses, NoContent } from '../../platform/http/schemas';
import { HideMatchBody, MatchesQuery, MatchesResponse } from './matches.schema';
import { matchesService } from './matches.service';

export async function matchesRoutes(app: AppInstance): Promise<void> {
  const service = matchesService(app.database, app.searchSync);

  app.get(
    '/api/matches',
    {
      schema: {
        summary: 'Peers for my needs, or who could learn from me, per capacity on my profile, each saying why',
        tags: ['search'],
        querystring: MatchesQuery,
        response: { 200: MatchesResponse, ...errorResponses },
      },
    },
    async (request) =>
      service.peers(
        request.viewer,
        request.query.direction ?? 'learn',
        request.query.anyLanguage ?? false,
        request.uiLanguage,
      ),
  );

  app.post(
    '/api/matches/hidden',
    {
      schema: {
        summary: 'Stop suggesting this person or organization to me',
        tags: ['search'],
        body: HideMatchBody,
        response: { 204: NoContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      await service.hide(request.viewer, request.body.type, request.body.address);
      return reply.code(204).send(null);
    },
  );

  app.delete(
    '/api/matches/hidden',
    {
      schema: {
        summary: 'Suggest again everyone I hid',
        tags: ['search'],
        response: { 204: NoContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      await service.showAll(request.viewer);
      return reply.code(204).send(null);
    },
  );
}
