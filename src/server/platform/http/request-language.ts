import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import {
  UI_LANGUAGE_COOKIE,
  isUiLanguage,
  negotiateUiLanguage,
  parseAcceptLanguage,
  type UiLanguage,
} from '../../../shared/ui-languages';

declare module 'fastify' {
  interface FastifyRequest {
    /** The language answers and error messages are written in. */
    uiLanguage: UiLanguage;
  }
}

/** Reads one cookie from the raw header; the app sets no other cookie yet. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) {
      try {
        return decodeURIComponent(rest.join('='));
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

function queryValue(request: FastifyRequest, name: string): string | undefined {
  const value = (request.query as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' && isUiLanguage(value.toLowerCase()) ? value : undefined;
}

/**
 * Negotiates the request's language, in this order: `?uselang=`, a valid `?lang=`, the remembered
 * choice (cookie), `Accept-Language` with fallbacks (pt -> pt-br), then English.
 */
export function negotiateRequestLanguage(request: FastifyRequest): UiLanguage {
  return negotiateUiLanguage([
    queryValue(request, 'uselang'),
    queryValue(request, 'lang'),
    readCookie(request.headers.cookie, UI_LANGUAGE_COOKIE),
    ...parseAcceptLanguage(request.headers['accept-language']),
  ]);
}

export const requestLanguagePlugin = fp(
  async (app: FastifyInstance) => {
    app.decorateRequest('uiLanguage', 'en');
    app.addHook('onRequest', async (request, reply) => {
      request.uiLanguage = negotiateRequestLanguage(request);
      reply.header('content-language', request.uiLanguage);
    });
  },
  { name: 'request-language' },
);
