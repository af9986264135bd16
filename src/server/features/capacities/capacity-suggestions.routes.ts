import { Type } from 'typebox';
import type { AppInstance } from '../../app';
import type { CapacitySuggestionTable } from '../../platform/db/schema';
import { errorResponses } from '../../platform/http/schemas';
import {
  ApproveBody,
  MergeBody,
  RejectBody,
  SuggestionBody,
  SuggestionParams,
  SuggestionStatusQuery,
  SuggestionsResponse,
} from './capacity-suggestions.schema';
import { capacitySuggestionsService } from './capacity-suggestions.service';

function toSuggestion(row: CapacitySuggestionTable & { proposer_name?: string | null }) {
  return {
    id: row.id,
    name: row.name,
    language: row.language,
    wikidataQid: row.wikidata_qid,
    parentId: row.parent_id,
    status: row.status,
    reason: row.reason,
    resultCapacityId: row.result_capacity_id,
    createdAt: new Date(row.created_at).toISOString(),
    ...(row.proposer_name !== undefined ? { proposerName: row.proposer_name } : {}),
  };
}

const errors = {
  ...errorResponses,
  401: Type.Ref('ErrorResponse'),
  403: Type.Ref('ErrorResponse'),
  404: Type.Ref('ErrorResponse'),
  409: Type.Ref('ErrorResponse'),
};
const Done = Type.Object(
  { capacityId: Type.Union([Type.Integer(), Type.Null()]) },
  { description: 'The capacity the suggestion led to, if any' },
);

export async function capacitySuggestionsRoutes(app: AppInstance): Promise<void> {
  const service = capacitySuggestionsService(app.database.db, app.jobs);

  app.post(
    '/api/capacity-suggestions',
    {
      schema: {
        summary: 'Suggest a capacity the taxonomy lacks (admins review it)',
        tags: ['capacities'],
        body: SuggestionBody,
        response: { 201: Type.Object({ id: Type.String() }), ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send({ id: await service.suggest(request.viewer, request.body, request.uiLanguage) }),
  );

  app.get(
    '/api/capacity-suggestions/mine',
    {
      schema: {
        summary: 'Your suggestions and what became of them',
        tags: ['capacities'],
        response: { 200: SuggestionsResponse, ...errors },
      },
    },
    async (request) => ({ suggestions: (await service.mine(request.viewer)).map(toSuggestion) }),
  );

  app.get(
    '/api/admin/capacity-suggestions',
    {
      schema: {
        summary: 'Suggestions to review, oldest first (admins)',
        tags: ['administration'],
        querystring: SuggestionStatusQuery,
        response: { 200: SuggestionsResponse, ...errors },
      },
    },
    async (request) => ({
      suggestions: (await service.list(request.viewer, request.query.status ?? 'pending')).map(toSuggestion),
    }),
  );

  app.post(
    '/api/admin/capacity-suggestions/:id/approve',
    {
      schema: {
        summary: 'Approve: add the capacity, labelled in every interface language (admins)',
        tags: ['administration'],
        params: SuggestionParams,
        body: ApproveBody,
        response: { 200: Done, ...errors },
      },
    },
    async (request) => ({ capacityId: await service.approve(request.viewer, request.params.id, request.body) }),
  );

  app.post(
    '/api/admin/capacity-suggestions/:id/merge',
    {
      schema: {
        summary: 'Merge into an existing capacity (admins)',
        tags: ['administration'],
        params: SuggestionParams,
        body: MergeBody,
        response: { 200: Done, ...errors },
      },
    },
    async (request) => {
      await service.merge(request.viewer, request.params.id, request.body.capacityId);
      return { capacityId: request.body.capacityId };
    },
  );

  app.post(
    '/api/admin/capacity-suggestions/:id/reject',
    {
      schema: {
        summary: 'Reject, with a reason the proposer is told (admins)',
        tags: ['administration'],
        params: SuggestionParams,
        body: RejectBody,
        response: { 200: Done, ...errors },
      },
    },
    async (request) => {
      await service.reject(request.viewer, request.params.id, request.body.reason);
      return { capacityId: null };
    },
  );
}
