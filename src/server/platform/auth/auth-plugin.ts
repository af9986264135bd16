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
export function isSameOrigin(request: FastifyRequest, isOurs: (origin: string) => boolean): boolean {
  const origin = request.headers.origin;
  if (origin !== undefined) return isOurs(origin.replace(/\/+$/, ''));
  const site = request.headers['sec-fetch-site'];
  return site === undefined || site === 'same-origin' || site === 'none';
}

// localhost, 127.x.y.z and [::1]: every name by which a machine reaches itself.
const LOOPBACK_HOST = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

/** The origin as a URL, when it is exactly an origin (no path, default port left out) on a loopback name. */
function loopbackUrl(origin: string): URL | undefined {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return undefined;
  }
  return url.origin === origin && LOOPBACK_HOST.test(url.hostname) ? url : undefined;
}

/**
 * Which origins count as ours: PUBLIC_URL's and EXTRA_ORIGINS. Outside production, a loopback one
 * also stands for the other loopback names with its scheme and port, so that a newcomer who opens
 * http://127.0.0.1:8080 where the defaults say http://localhost:8080 can still sign up. Never in
 * production: there, the one address people use is the one whose cookies and links are right.
 */
export function originRule(config: Config): (origin: string) => boolean {
  const allowed = new Set([new URL(config.publicUrl).origin, ...config.extraOrigins]);
  const loopbacks =
    config.environment === 'production'
      ? []
      : [...allowed].map(loopbackUrl).filter((url): url is URL => url !== undefined);
  return (origin) => {
    if (allowed.has(origin)) return true;
    const url = loopbacks.length > 0 ? loopbackUrl(origin) : undefined;
    return url !== undefined && loopbacks.some((ours) => ours.protocol === url.protocol && ours.port === url.port);
  };
}

/** How many refused origins a process names in its log; the last of them says that no more will be. */
const REFUSED_ORIGINS_LOGGED = 100;

/**
 * Logs a refused origin the first time it comes. A page opened at the wrong address, or a foreign
 * site, sends the same origin again and again; the bounded set keeps made-up origins from filling
 * memory or the log.
 */
function refusalLogger(): (request: FastifyRequest) => void {
  const logged = new Set<string>();
  return (request) => {
    const origin = (request.headers.origin ?? `(none; Sec-Fetch-Site: ${request.headers['sec-fetch-site']})`).slice(
      0,
      200,
    );
    if (logged.has(origin) || logged.size >= REFUSED_ORIGINS_LOGGED) return;
    logged.add(origin);
    request.log.warn({ origin }, 'cross-site request refused');
    if (logged.size === REFUSED_ORIGINS_LOGGED)
      request.log.warn(`${REFUSED_ORIGINS_LOGGED} refused origins logged; further ones will not be`);
  };
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
    const isOurs = originRule(config);
    const logRefusal = refusalLogger();
    const cookieName = sessionCookieName(config);
    await app.register(fastifyCookie);
    app.decorateRequest('viewer', null);
    app.decorateRequest('sessionToken', null);

    app.addHook('onRequest', async (request) => {
      const anyOrigin = request.routeOptions.config.anyOrigin === true;
      if (UNSAFE_METHODS.has(request.method) && !anyOrigin && !isSameOrigin(request, isOurs)) {
        logRefusal(request);
        throw new AppError('wrong_origin', [], [config.publicUrl]);
      }
      const token = request.cookies[cookieName];
      if (!token || token.length > 100) return;
      request.viewer = await options.resolveViewer(token);
      request.sessionToken = request.viewer ? token : null;
    });
  },
  { name: 'auth', dependencies: ['request-language'] },
);
