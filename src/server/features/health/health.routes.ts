import { Type } from 'typebox';
import type { AppInstance } from '../../app';
import { AppError } from '../../platform/errors';
import { pingDatabase } from '../../platform/db/database';
import { migrationStatus } from '../../platform/db/migrate';
import type { FieldProblem } from '../../platform/errors';

const HealthResponse = Type.Object(
  {
    status: Type.Literal('ok'),
    database: Type.Union([Type.Literal('sqlite'), Type.Literal('postgres')]),
  },
  { description: 'The service and its database answer' },
);

const ReadyResponse = Type.Object(
  {
    status: Type.Literal('ready'),
    database: Type.Union([Type.Literal('sqlite'), Type.Literal('postgres')]),
    searchDocuments: Type.Integer({ description: "Live documents in this process's search index" }),
  },
  { description: 'The database answers, its schema is current and the search index is loaded' },
);

/** What keeps this instance from serving every request well now: each an error detail of the 503. */
async function unreadiness(app: AppInstance): Promise<{ problems: FieldProblem[]; searchDocuments: number }> {
  if (!(await pingDatabase(app.database.db)))
    return { problems: [{ field: 'database', code: 'database-unreachable' }], searchDocuments: 0 };
  const problems: FieldProblem[] = [];
  const pending = (await migrationStatus(app.database.db)).filter((migration) => !migration.executedAt).length;
  if (pending > 0) problems.push({ field: 'migrations', code: 'migrations-pending', params: [String(pending)] });
  // Asking starts the load if nothing has (a load balancer asks before sending searches).
  app.searchSync.warm();
  const search = await app.searchSync.state();
  if (!search.loaded) problems.push({ field: 'search', code: 'search-loading' });
  return { problems, searchDocuments: search.live };
}

/**
 * `GET /api/health` (liveness): 200 when the database answers, 503 when it does not.
 * `GET /api/ready` (readiness): 200 once the instance can serve everything well (schema current,
 * search index loaded), 503 with what is missing otherwise; a proxy sends traffic only to ready ones.
 */
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

  app.get(
    '/api/ready',
    {
      schema: {
        summary: 'Whether this instance is ready for traffic (database, schema, search index)',
        tags: ['service'],
        response: { 200: ReadyResponse, 503: Type.Ref('ErrorResponse') },
      },
    },
    async () => {
      const { problems, searchDocuments } = await unreadiness(app);
      if (problems.length > 0) throw new AppError('service_unavailable', problems);
      return { status: 'ready' as const, database: app.database.dialect.name, searchDocuments };
    },
  );
}
