import type { AppInstance } from '../../app';
import { errorResponses, NoContent } from '../../platform/http/schemas';
import {
  AppealBody,
  AppealDecisionBody,
  AppealList,
  DecisionBody,
  IdParams,
  MyModeration,
  Queue,
  QueueQuery,
  ReportBody,
  ReportCreated,
  ReportDetail,
  Transparency,
} from './moderation.schema';
import type { ModerationService } from './moderation.service';

export function moderationRoutes(service: ModerationService) {
  return async (app: AppInstance): Promise<void> => {
    const tags = ['moderation'];

    app.post(
      '/api/reports',
      {
        schema: {
          summary: 'Report a profile, an organization or a message to the moderators (only they see who reported)',
          tags,
          body: ReportBody,
          response: { 201: ReportCreated, ...errorResponses },
        },
      },
      async (request, reply) => reply.code(201).send(await service.report(request.viewer, request.body)),
    );

    app.get(
      '/api/moderation/reports',
      {
        schema: {
          summary: 'The moderation queue, the longest waiting first (moderators)',
          tags,
          querystring: QueueQuery,
          response: { 200: Queue, ...errorResponses },
        },
      },
      async (request) => {
        const { after, ...filter } = request.query;
        return service.queue(request.viewer, filter, after);
      },
    );

    app.get(
      '/api/moderation/reports/:id',
      {
        schema: {
          summary: 'A report: its snapshot, the item now, and the history of whom it is about (moderators)',
          tags,
          params: IdParams,
          response: { 200: ReportDetail, ...errorResponses },
        },
      },
      async (request) => service.detail(request.viewer, request.params.id),
    );

    app.post(
      '/api/moderation/reports/:id/claim',
      {
        schema: {
          summary: 'Take a report, so no other moderator works on it (moderators)',
          tags,
          params: IdParams,
          response: { 204: NoContent, ...errorResponses },
        },
      },
      async (request, reply) => {
        await service.claim(request.viewer, request.params.id);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/api/moderation/reports/:id/decision',
      {
        schema: {
          summary: 'Decide a report with a written reason: dismiss, hide, warn, suspend or ban (moderators)',
          tags,
          params: IdParams,
          body: DecisionBody,
          response: { 204: NoContent, ...errorResponses },
        },
      },
      async (request, reply) => {
        await service.decide(request.viewer, request.params.id, request.body);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/api/moderation/appeals',
      {
        schema: {
          summary: 'Appeals waiting for a decision (moderators)',
          tags,
          response: { 200: AppealList, ...errorResponses },
        },
      },
      async (request) => service.appeals(request.viewer),
    );

    app.post(
      '/api/moderation/appeals/:id/decision',
      {
        schema: {
          summary: 'Decide an appeal: the action stands or is undone (a moderator other than the one who acted)',
          tags,
          params: IdParams,
          body: AppealDecisionBody,
          response: { 204: NoContent, ...errorResponses },
        },
      },
      async (request, reply) => {
        await service.decideAppeal(request.viewer, request.params.id, request.body);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/api/account/moderation',
      {
        schema: {
          summary: 'What moderators did about me or my organizations, and where my reports stand',
          tags,
          response: { 200: MyModeration, ...errorResponses },
        },
      },
      async (request) => service.mine(request.viewer),
    );

    app.post(
      '/api/account/moderation/:id/appeal',
      {
        schema: {
          summary: 'Appeal a moderator’s action, once, within the appeal period',
          tags,
          params: IdParams,
          body: AppealBody,
          response: { 204: NoContent, ...errorResponses },
        },
      },
      async (request, reply) => {
        await service.appeal(request.viewer, request.params.id, request.body.text);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/api/transparency',
      {
        schema: {
          summary: 'Reports received and actions taken per month and category (1-4 shown as null: fewer than 5)',
          tags,
          response: { 200: Transparency, ...errorResponses },
        },
      },
      async () => service.transparency(),
    );
  };
}
