import type { FastifyReply } from 'fastify';
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
/** The same for everyone and at most a minute old: browsers and shared caches may keep it that long. */
const CACHE_CONTROL = `public, max-age=${STATISTICS_FRESH_MS / 1000}`;
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
    // The same for everyone but in the reader's language, which the cookie or Accept-Language may choose.
    reply.header('cache-control', CACHE_CONTROL).header('vary', 'Accept-Language, Cookie');
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

  app.get(
    '/api/reports/map',
    {
      schema: {
        summary: 'Offers and needs per country or Wikimedia region (the map), small counts withheld',
        description: FORMATS,
        tags,
        querystring: MapQuery,
        response: { 200: MapResponse, ...errorResponses },
      },
    },
    async (request, reply) =>
      answer(
        reply,
        request.query.format,
        await service.map(request.query, request.uiLanguage),
        mapCsv,
        { name: `capacity-map-${request.query.by ?? 'country'}`, title: 'map' },
        request.uiLanguage,
      ),
  );

  app.get(
    '/api/reports/unmet-needs',
    {
      schema: {
        summary: 'Capacities with many learners and few sharers, overall, in a region or a language',
        description: FORMATS,
        tags,
        querystring: UnmetNeedsQuery,
        response: { 200: UnmetNeedsResponse, ...errorResponses },
      },
    },
    async (request, reply) =>
      answer(
        reply,
        request.query.format,
        await service.unmetNeeds(request.query, request.uiLanguage),
        unmetNeedsCsv,
        { name: 'unmet-needs', title: 'unmet-needs' },
        request.uiLanguage,
      ),
  );

  app.get(
    '/api/reports/cohorts',
    {
      schema: {
        summary: 'Cohort needs: at least ten people who want to learn one capacity in one region and language',
        description: FORMATS,
        tags,
        querystring: CohortsQuery,
        response: { 200: CohortsResponse, ...errorResponses },
      },
    },
    async (request, reply) =>
      answer(
        reply,
        request.query.format,
        await service.cohorts(request.uiLanguage),
        cohortsCsv,
        { name: 'cohorts', title: 'cohorts' },
        request.uiLanguage,
      ),
  );

  app.get(
    '/api/reports/participation',
    {
      schema: {
        summary: 'New participants month by month, by region, country, language, wiki, organization type or experience',
        description: FORMATS,
        tags,
        querystring: ParticipationQuery,
        response: { 200: ParticipationResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const by = request.query.by ?? 'region';
      return answer(
        reply,
        request.query.format,
        await service.participation(by, request.uiLanguage),
        participationCsv,
        { name: `participation-${by}`, title: 'participation' },
        request.uiLanguage,
      );
    },
  );

  app.get(
    '/api/reports/activity',
    {
      schema: {
        summary: 'Interaction and outcomes month by month: entries, searches, visits, invitations, connections',
        description: FORMATS,
        tags,
        querystring: ActivityQuery,
        response: { 200: ActivityResponse, ...errorResponses },
      },
    },
    async (request, reply) =>
      answer(
        reply,
        request.query.format,
        await service.activity(request.uiLanguage),
        activityCsv,
        { name: 'activity', title: 'activity' },
        request.uiLanguage,
      ),
  );
}
