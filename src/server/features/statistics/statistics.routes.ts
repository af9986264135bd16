import type { FastifyReply } from 'fastify';
import type { Static, TSchema } from 'typebox';
import type { AppInstance } from '../../app';
import type { UiLanguage } from '../../../shared/ui-languages';
import { errorResponses } from '../../platform/http/schemas';
import { activityCsv, cohortsCsv, mapCsv, participationCsv, unmetNeedsCsv } from './statistics.csv';
import {
  ActivityQuery,
  ActivityResponse,
  CohortsQuery,
  CohortsResponse,
  MapQuery,
  MapResponse,
  ParticipationQuery,
  ParticipationResponse,
  UnmetNeedsQuery,
  UnmetNeedsResponse,
} from './statistics.schema';
import { statisticsService, STATISTICS_FRESH_MS } from './statistics.service';

const tags = ['reports'];
const FORMATS = 'Add format=csv for the same cells as a CSV file (under CC0, the rule and the time stated in it).';

/**
 * The map and the reports, for everyone (signed in or not): aggregates only, withheld below the
 * smallest published count (see statistics.service.ts). Each table is JSON, or CSV with format=csv.
 */
export async function statisticsRoutes(app: AppInstance): Promise<void> {
  const service = statisticsService(app.database, app.translator, app.searchSync, app.config.statistics);
  const serialized = new WeakMap<object, string>();

  /** Answers the table as JSON, or as a CSV file named `name` when asked. */
  function answer<T>(
    reply: FastifyReply,
    format: string | undefined,
    table: T,
    csv: (table: T, title: string) => string,
    file: { readonly name: string; readonly title: string },
    language: UiLanguage,
  ) {
    // The same for everyone but in the reader's language, which the cookie or Accept-Language may
    // choose; kept by browsers and shared caches for what is left of its minute here, so never older.
    const age = Date.now() - Date.parse((table as { computedAt: string }).computedAt);
    const fresh = Math.max(0, Math.ceil((STATISTICS_FRESH_MS - age) / 1000));
    reply.header('cache-control', `public, max-age=${fresh}`).header('vary', 'Accept-Language, Cookie');
    if (format !== 'csv') {
      // A kept table is the same object until it is counted again: serialized (through the route's
      // response schema) once, not at every request.
      let body = serialized.get(table as object);
      if (body === undefined) {
        body = String(reply.serialize(table));
        serialized.set(table as object, body);
      }
      return reply.type('application/json; charset=utf-8').send(body);
    }
    const title = app.translator.translate(language, `cxc-reports-file-${file.title}`);
    const name = file.name;
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${name}.csv"`)
      .send(csv(table, title));
  }

  /** One published table: its route, JSON or CSV, named and titled as the file says. */
  function publish<Query extends TSchema, Table extends TSchema>(
    path: string,
    table: {
      readonly summary: string;
      readonly query: Query;
      readonly response: Table;
      readonly count: (query: Static<Query>, language: UiLanguage) => Promise<Static<Table>>;
      readonly csv: (table: Static<Table>, title: string) => string;
      readonly file: (query: Static<Query>) => { readonly name: string; readonly title: string };
    },
  ): void {
    app.get(
      path,
      {
        schema: {
          summary: table.summary,
          description: FORMATS,
          tags,
          querystring: table.query,
          response: { 200: table.response, ...errorResponses },
        },
      },
      async (request, reply) => {
        const query = request.query as Static<Query> & { format?: string };
        const counted = await table.count(query, request.uiLanguage);
        return answer(reply, query.format, counted, table.csv, table.file(query), request.uiLanguage);
      },
    );
  }

  publish('/api/reports/map', {
    summary: 'Offers and needs per country or Wikimedia region (the map), small counts withheld',
    query: MapQuery,
    response: MapResponse,
    count: (query, language) => service.map(query, language),
    csv: mapCsv,
    file: (query) => ({ name: `capacity-map-${query.by ?? 'country'}`, title: 'map' }),
  });
  publish('/api/reports/unmet-needs', {
    summary: 'Capacities with many learners and few sharers, overall, in a region or a language',
    query: UnmetNeedsQuery,
    response: UnmetNeedsResponse,
    count: (query, language) => service.unmetNeeds(query, language),
    csv: unmetNeedsCsv,
    file: () => ({ name: 'unmet-needs', title: 'unmet-needs' }),
  });
  publish('/api/reports/cohorts', {
    summary: 'Cohort needs: at least ten people who want to learn one capacity in one region and language',
    query: CohortsQuery,
    response: CohortsResponse,
    count: (_query, language) => service.cohorts(language),
    csv: cohortsCsv,
    file: () => ({ name: 'cohorts', title: 'cohorts' }),
  });
  publish('/api/reports/participation', {
    summary: 'New participants month by month, by region, country, language, wiki, organization type or experience',
    query: ParticipationQuery,
    response: ParticipationResponse,
    count: (query, language) => service.participation(query.by ?? 'region', language),
    csv: participationCsv,
    file: (query) => ({ name: `participation-${query.by ?? 'region'}`, title: 'participation' }),
  });
  publish('/api/reports/activity', {
    summary: 'Interaction and outcomes month by month: entries, searches, visits, invitations, connections',
    query: ActivityQuery,
    response: ActivityResponse,
    count: (_query, language) => service.activity(language),
    csv: activityCsv,
    file: () => ({ name: 'activity', title: 'activity' }),
  });
}
