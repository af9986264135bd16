import { type Static, Type } from 'typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppInstance } from '../../app';
import { clearSessionCookie, setSessionCookie } from '../../platform/auth/auth-plugin';
import { requireSignedIn } from '../../platform/auth/viewer';
import { errorResponses, NoContent } from '../../platform/http/schemas';
import type { UserRow } from './accounts.repository';
import {
  type Account,
  CheckEmail,
  ConsentBody,
  DeleteBody,
  LanguageBody,
  ResetCompleteBody,
  ResetRequestBody,
  SessionIdParams,
  SessionsResponse,
  SessionState,
  SignInBody,
  SignUpBody,
  TokenBody,
} from './accounts.schema';

const iso = (time: number) => new Date(time).toISOString();

export function toAccountResponse(user: UserRow, onboarded: boolean): Account {
  return {
    id: user.id,
    displayName: user.display_name,
    email: user.email,
    emailVerified: user.email_verified_at !== null,
    wikimediaUsername: user.wikimedia_username,
    role: user.role,
    language: user.language,
    onboarded,
    hasPassword: user.password_hash !== null,
    createdAt: iso(user.created_at),
  };
}

/**
 * Who is signed in and how one can sign in: the answer of `GET /api/session`, and what every page's
 * HTML carries already (see `registerWebApp`), so the first paint does not wait for a round trip.
 */
export function sessionState(app: AppInstance) {
  const { accounts, config } = app;
  const signInMethods = { local: config.localAccounts, wikimedia: config.wikimedia !== undefined };
  return async (request: FastifyRequest): Promise<Static<typeof SessionState>> => {
    if (!request.viewer) return { viewer: null, signInMethods };
    const { user, onboarded } = await accounts.account(request.viewer);
    return { viewer: toAccountResponse(user, onboarded), signInMethods };
  };
}

const accountResponses = {
  200: Type.Ref('Account'),
  ...errorResponses,
  401: Type.Ref('ErrorResponse'),
  403: Type.Ref('ErrorResponse'),
  429: Type.Ref('ErrorResponse'),
};

export async function accountsRoutes(app: AppInstance): Promise<void> {
  const { accounts, config } = app;

  /** Opens a fresh session for `userId`, sets its cookie and answers with the account. */
  async function signInAs(userId: string, request: FastifyRequest, reply: FastifyReply): Promise<Account> {
    const session = await accounts.startSession(userId, request.headers['user-agent']);
    setSessionCookie(reply, config, session.token, session.expiresAt);
    const viewer = await accounts.resolveViewer(session.token);
    const { user, onboarded } = await accounts.account(requireSignedIn(viewer));
    return toAccountResponse(user, onboarded);
  }

  app.get(
    '/api/session',
    {
      schema: {
        summary: 'Who is signed in, and which ways of signing in this site offers',
        tags: ['accounts'],
        response: { 200: SessionState },
      },
    },
    sessionState(app),
  );

  app.post(
    '/api/auth/sign-up',
    {
      schema: {
        summary: 'Create a local account; a verification link is mailed (the answer is the same for a taken address)',
        tags: ['accounts'],
        body: SignUpBody,
        response: {
          202: CheckEmail,
          ...errorResponses,
          403: Type.Ref('ErrorResponse'),
          429: Type.Ref('ErrorResponse'),
        },
      },
    },
    async (request, reply) => {
      await accounts.signUp({ ...request.body, language: request.body.language ?? request.uiLanguage, ip: request.ip });
      return reply.status(202).send({ status: 'check-email' as const });
    },
  );

  app.post(
    '/api/auth/verify',
    {
      schema: {
        summary: 'Confirm an e-mail address with the mailed token, and sign in',
        tags: ['accounts'],
        body: TokenBody,
        response: accountResponses,
      },
    },
    async (request, reply) => signInAs(await accounts.verifyEmail(request.body.token), request, reply),
  );

  app.post(
    '/api/auth/sign-in',
    {
      schema: {
        summary: 'Sign in with e-mail and password',
        tags: ['accounts'],
        body: SignInBody,
        response: accountResponses,
      },
    },
    async (request, reply) => signInAs(await accounts.signIn({ ...request.body, ip: request.ip }), request, reply),
  );

  app.post(
    '/api/auth/sign-out',
    {
      schema: { summary: 'End this session', tags: ['accounts'], response: { 204: NoContent, ...errorResponses } },
    },
    async (request, reply) => {
      if (request.viewer) await accounts.signOut(request.viewer);
      clearSessionCookie(reply, config);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/auth/password-reset',
    {
      schema: {
        summary: 'Mail a password-reset link (the answer is the same whether or not the address has an account)',
        tags: ['accounts'],
        body: ResetRequestBody,
        response: {
          202: CheckEmail,
          ...errorResponses,
          403: Type.Ref('ErrorResponse'),
          429: Type.Ref('ErrorResponse'),
        },
      },
    },
    async (request, reply) => {
      await accounts.requestPasswordReset({ email: request.body.email, ip: request.ip });
      return reply.status(202).send({ status: 'check-email' as const });
    },
  );

  app.post(
    '/api/auth/password-reset/complete',
    {
      schema: {
        summary: 'Set a new password with the mailed token; ends every other session',
        tags: ['accounts'],
        body: ResetCompleteBody,
        response: accountResponses,
      },
    },
    async (request, reply) => signInAs(await accounts.completePasswordReset(request.body), request, reply),
  );

  app.get(
    '/api/account',
    {
      schema: { summary: 'The signed-in member', tags: ['accounts'], response: accountResponses },
    },
    async (request) => {
      const { user, onboarded } = await accounts.account(requireSignedIn(request.viewer));
      return toAccountResponse(user, onboarded);
    },
  );

  app.post(
    '/api/account/consent',
    {
      schema: {
        summary: 'First sign-in: accept the Code of conduct and the privacy notice, and choose a display name',
        tags: ['accounts'],
        body: ConsentBody,
        response: accountResponses,
      },
    },
    async (request) => {
      const viewer = requireSignedIn(request.viewer);
      await accounts.acceptConsent(viewer, request.body);
      const { user, onboarded } = await accounts.account(viewer);
      return toAccountResponse(user, onboarded);
    },
  );

  app.put(
    '/api/account/language',
    {
      schema: {
        summary: 'The language of the mail the platform sends you',
        tags: ['accounts'],
        body: LanguageBody,
        response: { 204: NoContent, ...errorResponses, 401: Type.Ref('ErrorResponse') },
      },
    },
    async (request, reply) => {
      await accounts.updateLanguage(requireSignedIn(request.viewer), request.body.language);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/account/sessions',
    {
      schema: {
        summary: 'Your sessions',
        tags: ['accounts'],
        response: { 200: SessionsResponse, ...errorResponses, 401: Type.Ref('ErrorResponse') },
      },
    },
    async (request) => {
      const sessions = await accounts.sessions(requireSignedIn(request.viewer));
      return {
        sessions: sessions.map((session) => ({
          id: session.id,
          device: session.user_agent,
          createdAt: iso(session.created_at),
          lastSeenAt: iso(session.last_seen_at),
          current: session.current,
        })),
      };
    },
  );

  app.delete(
    '/api/account/sessions/:id',
    {
      schema: {
        summary: 'Sign out one of your sessions',
        tags: ['accounts'],
        params: SessionIdParams,
        response: { 204: NoContent, ...errorResponses, 401: Type.Ref('ErrorResponse'), 404: Type.Ref('ErrorResponse') },
      },
    },
    async (request, reply) => {
      const viewer = requireSignedIn(request.viewer);
      await accounts.endSession(viewer, request.params.id);
      if (request.params.id === viewer.sessionId) clearSessionCookie(reply, config);
      return reply.status(204).send(null);
    },
  );

  app.delete(
    '/api/account/sessions',
    {
      schema: {
        summary: 'Sign out everywhere, this session included',
        tags: ['accounts'],
        response: { 204: NoContent, ...errorResponses, 401: Type.Ref('ErrorResponse') },
      },
    },
    async (request, reply) => {
      await accounts.endAllSessions(requireSignedIn(request.viewer));
      clearSessionCookie(reply, config);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/account/export',
    {
      schema: {
        summary: 'Download everything stored about you, as JSON',
        tags: ['accounts'],
        response: {
          200: Type.Object({}, { additionalProperties: true, description: 'Your data' }),
          ...errorResponses,
          401: Type.Ref('ErrorResponse'),
        },
      },
    },
    async (request, reply) => {
      const data = await accounts.exportData(requireSignedIn(request.viewer));
      return reply
        .header('content-disposition', 'attachment; filename="capacity-exchange-my-data.json"')
        .header('cache-control', 'no-store')
        .send(data);
    },
  );

  app.post(
    '/api/account/delete',
    {
      schema: {
        summary: 'Delete your account and everything stored about you; confirm by typing your display name',
        tags: ['accounts'],
        body: DeleteBody,
        response: { 204: NoContent, ...errorResponses, 401: Type.Ref('ErrorResponse'), 409: Type.Ref('ErrorResponse') },
      },
    },
    async (request, reply) => {
      await accounts.deleteAccount(requireSignedIn(request.viewer), request.body.confirmation);
      clearSessionCookie(reply, config);
      return reply.status(204).send(null);
    },
  );
}
