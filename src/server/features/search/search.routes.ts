import type { AppInstance } from '../../app';
import { errorResponses } from '../../platform/http/schemas';
import { SearchQuery, SearchResponse } from './search.schema';
import { searchService } from './search.service';

export async function searchRoutes(app: AppInstance): Promise<void> {
  const service = searchService(app.database, app.translator);

  app.get('/api/search', {
    schema: {
      summary: 'Search people and organizations by words and facets; each result says why it matched',
      tags: ['search'], querystring: SearchQuery, response: { 200: SearchResponse, ...errorResponses },
    },
  }, async (request) => service.search(request.viewer, request.query, request.uiLanguage));
}
