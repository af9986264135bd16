import { Type } from 'typebox';
import type { AppInstance } from '../../app';
import { setSessionCookie } from '../../platform/auth/auth-plugin';
import { errorResponses } from '../../platform/http/schemas';
import { WikimediaSignInError } from './wikimedia.client';
import { wikimediaService } from './wikimedia.service';

const Redirect = Type.Null({ description: 'Redirects the browser (Location header)' });

export async function wikimediaRoutes(app: AppInstance): Promise<void> {
  const service = wikimediaService(app.database.db, app.config);

  app.get(
    '/api/auth/wikimedia/start',
    {
      schema: {
        summary: 'Start signing in with a Wikimedia account (or, with link=true, linking one to your account)',
        tags: ['accounts'],
        querystring: Type.Object({ link: Type.Optional(Type.Boolean()) }),
        response: { 302: Redirect, ...errorResponses, 401: Type.Ref('ErrorResponse'), 404: Type.Ref('ErrorResponse') },
      },
    },
    async (request, reply) => reply.redirect(await service.start(request.viewer, request.query.link === true), 302),
  );

  app.get(
    '/api/auth/wikimedia/callback',
    {
      schema: {
        summary: 'Where Meta-Wiki sends the browser back; ends on a page of this site',
        tags: ['accounts'],
        querystring: Type.Object({}, { additionalProperties: Type.String({ maxLength: 2000 }) }),
        response: { 302: Redirect, ...errorResponses, 404: Type.Ref('ErrorResponse') },
      },
    },
    async (request, reply) => {
      const parameters = new URLSearchParams(request.query as Record<string, string>);
      try {
        const outcome = await service.complete(parameters, request.viewer);
        if (outcome.kind === 'linked') return reply.redirect('/settings?linked=wikimedia', 302);
        const session = await app.accounts.startSession(outcome.userId, request.headers['user-agent']);
        setSessionCookie(reply, app.config, session.token, session.expiresAt);
        const viewer = await app.accounts.resolveViewer(session.token);
        return reply.redirect(viewer?.onboarded ? '/' : '/welcome', 302);
      } catch (error) {
        if (!(error instanceof WikimediaSignInError)) throw error;
        request.log.info({ failure: error.failure }, 'Wikimedia sign-in did not complete');
        const page = error.failure === 'already-linked' ? '/settings' : '/sign-in';
        return reply.redirect(`${page}?error=wikimedia-${error.failure}`, 302);
      }
    },
  );
}
