import type { AppInstance } from '../../app';
import { errorResponses } from '../../platform/http/schemas';
import { CommunityCounts } from './community.schema';
import { communityService } from './community.service';

export async function communityRoutes(app: AppInstance): Promise<void> {
  const service = communityService(app.database.db);

  app.get(
    '/api/community',
    {
      schema: {
        summary: 'A few numbers about the community for the home page (below 5 shown as null)',
        tags: ['community'],
        response: { 200: CommunityCounts, ...errorResponses },
      },
    },
    async (_request, reply) => {
      const counts = await service.counts();
      // The same for everyone: browsers and shared caches may keep it for what is left of the
      // service's minute. Only once counted: an error answer must not be cached.
      reply.header('cache-control', `public, max-age=${service.secondsFresh()}`);
      return counts;
    },
  );
}
