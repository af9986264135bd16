import type { AppInstance } from '../../app';
import { errorResponses, NoContent } from '../../platform/http/schemas';
import { BlockBody, BlockList, BlockParams } from './blocks.schema';
import { blocksService } from './blocks.service';

export async function blocksRoutes(app: AppInstance): Promise<void> {
  const service = blocksService(app.database.db, app.database.dialect);
  const tags = ['messages'];

  app.get(
    '/api/blocks',
    { schema: { summary: 'Members I blocked', tags, response: { 200: BlockList, ...errorResponses } } },
    async (request) => service.list(request.viewer),
  );

  app.post(
    '/api/blocks',
    {
      schema: {
        summary: 'Block a member: neither of us can write to, see or find the other any more',
        tags,
        body: BlockBody,
        response: { 204: NoContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      await service.block(request.viewer, request.body);
      return reply.code(204).send(null);
    },
  );

  app.delete(
    '/api/blocks/:id',
    {
      schema: {
        summary: 'Lift a block',
        tags,
        params: BlockParams,
        response: { 204: NoContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      await service.unblock(request.viewer, request.params.id);
      return reply.code(204).send(null);
    },
  );
}
