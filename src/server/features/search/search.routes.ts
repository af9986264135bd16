import type { AppInstance } from '../../app';
import { errorResponses, NoContent } from '../../platform/http/schemas';
import { SearchCountsQuery, SearchCountsResponse, SearchQuery, SearchResponse } from './search.schema';
import { searchService } from './search.service';

export async function searchRoutes(app: AppInstance): Promise<void> {
  const service = searchService(app.database, app.translator, app.searchSync);
  app.addHook('onClose', async () => service.flushCounts());

  app.get(
    '/api/search',
    {
      schema: {
        summary: 'Search people and organizations by words and facets; each result says why it matched',
        tags: ['search'],
        querystring: SearchQuery,
        response: { 200: SearchResponse, ...errorResponses },
      },
    },
    async (request) => service.search(request.viewer, request.query, request.uiLanguage),
  );

  app.post(
    '/api/search/followed',
    {
      schema: {
        summary: 'Count that a search result was opened (no query or person is recorded)',
        tags: ['search'],
        response: { 204: NoContent, ...errorResponses },
      },
    },
    async (_request, reply) => {
      service.countFollowedResult();
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/admin/search-counts',
    {
      schema: {
        summary: 'Daily search counters (admins)',
        tags: ['administration'],
        querystring: SearchCountsQuery,
        response: { 200: SearchCountsResponse, ...errorResponses },
      },
    },
    async (request) => ({ days: await service.dailyCounts(request.viewer, request.query.days ?? 30) }),
  );
}
