import { Readable } from 'node:stream';
import { Type } from 'typebox';
import type { AppInstance } from '../../app';
import { errorResponses } from '../../platform/http/schemas';
import { AuditPage, AuditQuery } from './audit.schema';
import { auditService } from './audit.service';

export async function auditRoutes(app: AppInstance): Promise<void> {
  const service = auditService(app.database.db);
  const tags = ['moderation'];

  app.get(
    '/api/moderation/audit',
    {
      schema: {
        summary: 'The audit log, the latest first: every moderator’s and admin’s action (moderators)',
        tags,
        querystring: AuditQuery,
        response: { 200: AuditPage, ...errorResponses },
      },
    },
    async (request) => service.page(request.viewer, request.query.before),
  );

  app.get(
    '/api/admin/audit.csv',
    {
      schema: {
        summary: 'The whole audit log as CSV (admins)',
        tags,
        produces: ['text/csv'],
        response: { 200: Type.String({ description: 'CSV, a header line first' }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const lines = service.csv(request.viewer);
      // The first line is read before answering, so a refusal is an ordinary error answer, not a broken download.
      const first = await lines.next();
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="audit-log.csv"')
        .send(
          Readable.from(
            (async function* () {
              if (!first.done) yield first.value;
              yield* lines;
            })(),
          ),
        );
    },
  );
}
