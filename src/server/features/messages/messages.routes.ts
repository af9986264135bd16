import type { AppInstance } from '../../app';
import { errorResponses, NoContent } from '../../platform/http/schemas';
import {
  BeforeQuery,
  ConversationParams,
  ConversationView,
  Inbox,
  Message,
  MessageBody,
  NewConversationBody,
  StartedConversation,
} from './messages.schema';
import { messagesService } from './messages.service';

export async function messagesRoutes(app: AppInstance): Promise<void> {
  const service = messagesService({
    db: app.database.db,
    dialect: app.database.dialect,
    limits: app.config.connect,
    requireVerified: app.config.moderation.messagingRequiresVerified,
    newAccountLinkDays: app.config.moderation.newAccountLinkDays,
    spamSameTextRecipients: app.config.moderation.spamSameTextRecipients,
    live: app.live.channel,
    jobs: app.jobs,
  });
  const tags = ['messages'];

  app.get(
    '/api/conversations',
    {
      schema: {
        summary: 'My inbox: requests waiting for my answer, and conversations, the latest first',
        tags,
        querystring: BeforeQuery,
        response: { 200: Inbox, ...errorResponses },
      },
    },
    async (request) => service.inbox(request.viewer, request.query.before),
  );

  app.post(
    '/api/conversations',
    {
      schema: {
        summary: 'Write to a member: a request when we have not talked yet, else a message in our conversation',
        tags,
        body: NewConversationBody,
        response: { 201: StartedConversation, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { handle, organization, ...message } = request.body;
      return reply.code(201).send(await service.send(request.viewer, { handle, organization }, message));
    },
  );

  app.get(
    '/api/conversations/:id',
    {
      schema: {
        summary: 'A conversation I am in, with its latest messages',
        tags,
        params: ConversationParams,
        querystring: BeforeQuery,
        response: { 200: ConversationView, ...errorResponses },
      },
    },
    async (request) =>
      service.conversation(request.viewer, request.params.id, request.uiLanguage, request.query.before),
  );

  app.post(
    '/api/conversations/:id/messages',
    {
      schema: {
        summary: 'Write in a conversation I am in',
        tags,
        params: ConversationParams,
        body: MessageBody,
        response: { 201: Message, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await service.reply(request.viewer, request.params.id, request.body)),
  );

  for (const decision of ['accept', 'decline'] as const) {
    app.post(
      `/api/conversations/:id/${decision}`,
      {
        schema: {
          summary:
            decision === 'accept'
              ? 'Accept a request: the conversation opens'
              : 'Decline a request: the requester is told, and may not ask again for 30 days',
          tags,
          params: ConversationParams,
          response: { 204: NoContent, ...errorResponses },
        },
      },
      async (request, reply) => {
        await service.answer(request.viewer, request.params.id, decision);
        return reply.code(204).send(null);
      },
    );
  }

  app.post(
    '/api/conversations/:id/read',
    {
      schema: {
        summary: 'Mark a conversation read',
        tags,
        params: ConversationParams,
        response: { 204: NoContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      await service.markRead(request.viewer, request.params.id);
      return reply.code(204).send(null);
    },
  );
}
