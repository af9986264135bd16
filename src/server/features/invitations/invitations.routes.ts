import type { AppInstance } from '../../app';
import { errorResponses } from '../../platform/http/schemas';
import {
  AcceptedInvitation,
  AcceptInvitationBody,
  InvitationBody,
  InvitationList,
  InvitationSent,
} from './invitations.schema';
import { invitationsService } from './invitations.service';

export async function invitationsRoutes(app: AppInstance): Promise<void> {
  const service = invitationsService({
    db: app.database.db,
    dialect: app.database.dialect,
    jobs: app.jobs,
    limits: app.config.connect,
  });
  const tags = ['messages'];

  app.get(
    '/api/invitations',
    {
      schema: { summary: 'Invitations I sent', tags, response: { 200: InvitationList, ...errorResponses } },
    },
    async (request) => service.sent(request.viewer),
  );

  app.post(
    '/api/invitations',
    {
      schema: {
        summary: 'Invite a colleague by e-mail, with a personal note, in a chosen language',
        tags,
        body: InvitationBody,
        response: { 202: InvitationSent, ...errorResponses },
      },
    },
    async (request, reply) => reply.code(202).send(await service.invite(request.viewer, request.body)),
  );

  app.post(
    '/api/invitations/accept',
    {
      schema: {
        summary: 'Accept an invitation (signed in): a conversation request from the one who invited me opens',
        tags,
        body: AcceptInvitationBody,
        response: { 200: AcceptedInvitation, ...errorResponses },
      },
    },
    async (request) => service.accept(request.viewer, request.body.token),
  );
}
