import fastifyCookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config';
import { AppError } from '../errors';
import type { Viewer } from './viewer';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in member, or null. */
    viewer: Viewer | null;
    /** The raw session cookie value, when one was sent and is valid. */
    sessionToken: string | null;
  }
}

export interface AuthPluginOptions {
  readonly config: Config;
  /** Finds the member behind a session cookie value (and keeps the session alive). */
  readonly resolveViewer: (token: string) => Promise<Viewer | null>;
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function sessionCookieName(config: Config): string {
  // __Host- pins the cookie to this exact host and path, but browsers accept it only over https.
  return config.publicUrl.startsWith('https://') ? '__Host-cxc_session' : 'cxc_session';
}

export function setSessionCookie(reply: FastifyReply, config: Config, token: string, expiresAt: number): void {
  reply.setCookie(sessionCookieName(config), token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: config.publicUrl.startsWith('https://'),
    expires: new Date(expiresAt),
  });
}

export function clearSessionCookie(reply: FastifyReply, config: Config): void {
  reply.clearCookie(sessionCookieName(config), {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: config.publicUrl.startsWith('https://'),
  });
}

/**
 * A state-changing request must come from our own pages. Browsers send `Origin` (and
 * `Sec-Fetch-Site`) with every POST; a request carrying neither is not from a browser, and so
 * cannot ride on a visitor's cookie.
 */
export function isSameOrigin(request: FastifyRequest, allowedOrigins: ReadonlySet<string>): boolean {
  const origin = request.headers.origin;
  if (origin !== undefined) return allowedOrigins.has(origin.replace(/\/+$/, ''));
  const site = request.headers['sec-fetch-site'];
  return site === undefined || site === 'same-origin' || site === 'none';
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * A route that takes state-changing requests from anywhere, because it does not act on the
     * session (e.g. one-click unsubscribe, authorized by a signed token in the link).
     */
    anyOrigin?: boolean;
  }
}

/** Sessions from the cookie, and the same-origin rule for every state-changing request. */
export const authPlugin = fp(
  async (app: FastifyInstance, options: AuthPluginOptions) => {
    const { config } = options;
    const allowedOrigins = new Set([new URL(config.publicUrl).origin, ...config.extraOrigins]);
    const cookieName = sessionCookieName(config);
    await app.register(fastifyCookie);
    app.decorateRequest('viewer', null);
    app.decorateRequest('sessionToken', null);

    app.addHook('onRequest', async (request) => {
      const anyOrigin = request.routeOptions.config.anyOrigin === true;
      if (UNSAFE_METHODS.has(request.method) && !anyOrigin && !isSameOrigin(request, allowedOrigins)) {
        request.log.warn({ origin: request.headers.origin }, 'cross-site request refused');
        throw new AppError('forbidden');
      }
      const token = request.cookies[cookieName];
      if (!token || token.length > 100) return;
      request.viewer = await options.resolveViewer(token);
      request.sessionToken = request.viewer ? token : null;
    });
  },
  { name: 'auth', dependencies: ['request-language'] },
);
