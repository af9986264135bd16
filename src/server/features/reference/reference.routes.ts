import type { AppInstance } from '../../app';
import { LangQuery, errorResponses } from '../../platform/http/schemas';
import { LanguagesResponse, ProjectsResponse, RegionsResponse } from './reference.schema';
import { referenceService } from './reference.service';

export async function referenceRoutes(app: AppInstance): Promise<void> {
  const service = referenceService(app.database.db, app.translator);

  app.get(
    '/api/regions',
    {
      schema: {
        summary: 'The Wikimedia regions and their countries',
        tags: ['reference data'],
        querystring: LangQuery,
        response: { 200: RegionsResponse, ...errorResponses },
      },
    },
    async (request) => ({ regions: await service.listRegions(request.query.lang ?? request.uiLanguage) }),
  );

  app.get(
    '/api/languages',
    {
      schema: {
        summary: 'Languages (every language with a Wikipedia), with autonyms and localized names',
        tags: ['reference data'],
        querystring: LangQuery,
        response: { 200: LanguagesResponse, ...errorResponses },
      },
    },
    async (request) => ({ languages: await service.listLanguages(request.query.lang ?? request.uiLanguage) }),
  );

  app.get(
    '/api/projects',
    {
      schema: {
        summary: 'Wikimedia projects',
        tags: ['reference data'],
        querystring: LangQuery,
        response: { 200: ProjectsResponse, ...errorResponses },
      },
    },
    async (request) => ({ projects: await service.listProjects(request.query.lang ?? request.uiLanguage) }),
  );
}
