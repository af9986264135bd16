import { Type } from 'typebox';
import type { AppInstance } from '../../app';
import { AppError } from '../../platform/errors';
import { pingDatabase } from '../../platform/db/database';

const HealthResponse = Type.Object(
  {
    status: Type.Literal('ok'),
    database: Type.Union([Type.Literal('sqlite'), Type.Literal('postgres')]),
  },
  { description: 'The service and its database answer' },
);

/** `GET /api/health`: 200 when the database answers, 503 when it does not (for load balancers). */
export async function healthRoutes(app: AppInstance): Promise<void> {
  app.get(
    '/api/health',
    {
      schema: {
        summary: 'Whether the service and its database are up',
        tags: ['service'],
        response: { 200: HealthResponse, 503: Type.Ref('ErrorResponse') },
      },
    },
    async () => {
      if (!(await pingDatabase(app.database.db))) throw new AppError('service_unavailable');
      return { status: 'ok' as const, database: app.database.dialect.name };
    },
  );
}
