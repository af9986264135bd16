import type { AppInstance } from '../../app';
import { LangQuery, errorResponses } from '../../platform/http/schemas';
import { CapacitiesResponse } from './capacities.schema';
import { capacitiesService } from './capacities.service';

export async function capacitiesRoutes(app: AppInstance): Promise<void> {
  const service = capacitiesService(app.database.db);

  app.get(
    '/api/capacities',
    {
      schema: {
        summary: 'The capacity taxonomy as a tree, labelled in one interface language',
        tags: ['capacities'],
        querystring: LangQuery,
        response: { 200: CapacitiesResponse, ...errorResponses },
      },
    },
    async (request) => {
      const language = request.query.lang ?? request.uiLanguage;
      return { language, capacities: await service.tree(language) };
    },
  );
}
