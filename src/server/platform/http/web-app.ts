import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { directionOf } from '../../../shared/ui-languages';
import { INITIAL_STATE_ELEMENT_ID, isKnownWebPath } from '../../../shared/web-routes';
import { AppError } from '../errors';
import type { Translator } from '../i18n';
import { sendError } from './error-handler';

interface WebAppOptions {
  readonly distDir: string;
  readonly translator: Translator;
  /**
   * What the web app would ask first (who is signed in), written into the page so that it need not
   * ask: under a phone's slow network that round trip held up every page's first view.
   */
  readonly initialState?: (request: FastifyRequest) => Promise<unknown>;
}

/**
 * Keeps the built `index.html` in memory and re-reads it when the file changes, so a rebuild while
 * the server runs is picked up.
 */
class IndexPage {
  private cached: { mtimeMs: number; html: string } | undefined;

  constructor(private readonly file: string) {}

  read(): string | undefined {
    if (!existsSync(this.file)) return undefined;
    const { mtimeMs } = statSync(this.file);
    if (this.cached?.mtimeMs !== mtimeMs) this.cached = { mtimeMs, html: readFileSync(this.file, 'utf8') };
    return this.cached.html;
  }
}

/**
 * JSON inside a `<script>` element ends at the first `</script` (and `<!--` changes how it is read):
 * escaping every `<` keeps a display name such as `</script><script>…` inert, and JSON.parse reads it back.
 */
function jsonForScriptElement(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

function renderIndex(html: string, request: FastifyRequest, state: unknown): string {
  const language = request.uiLanguage;
  const withLanguage = html.replace(/<html[^>]*>/, `<html lang="${language}" dir="${directionOf(language)}">`);
  if (state === undefined) return withLanguage;
  const dataBlock = `<script id="${INITIAL_STATE_ELEMENT_ID}" type="application/json">${jsonForScriptElement(state)}</script>`;
  return withLanguage.replace('</head>', `${dataBlock}</head>`);
}

/** The page's state, or none when it cannot be had (the app then asks the API, which answers with the error). */
async function readInitialState(options: WebAppOptions, request: FastifyRequest): Promise<unknown> {
  if (!options.initialState) return undefined;
  try {
    return await options.initialState(request);
  } catch (error) {
    request.log.warn({ err: error }, 'page served without its initial state');
    return undefined;
  }
}

/**
 * Serves the built web app: hashed assets cached for a year, other files for an hour, and
 * `index.html` for every page path (history fallback) with `<html lang dir>` already set for the
 * reader's language, so the first paint is in the right direction. API paths that match no route
 * answer with the JSON error format.
 */
export async function registerWebApp(app: FastifyInstance, options: WebAppOptions): Promise<void> {
  const indexPage = new IndexPage(join(options.distDir, 'index.html'));
  const assetsDir = join(options.distDir, 'assets');

  if (existsSync(options.distDir)) {
    await app.register(fastifyStatic, {
      root: options.distDir,
      prefix: '/',
      wildcard: false,
      index: false,
      // index.html is rendered per request (see below), never served as a file.
      allowedPath: (path) => path !== '/index.html',
      cacheControl: false,
      setHeaders: (response, filePath) => {
        // File names under assets/ carry a content hash: they never change, so cache them for a year.
        response.setHeader(
          'cache-control',
          filePath.startsWith(assetsDir) ? 'public, max-age=31536000, immutable' : 'public, max-age=3600',
        );
      },
    });
  }

  app.setNotFoundHandler(async (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0] ?? '/';
    const wantsPage =
      (request.method === 'GET' || request.method === 'HEAD') && !path.startsWith('/api/') && path !== '/api';
    const html = wantsPage ? indexPage.read() : undefined;
    if (!html) return sendError(reply, request, options.translator, new AppError('route_not_found'));
    return (
      reply
        .status(isKnownWebPath(path) ? 200 : 404)
        // private: a signed-in member's page holds their own account, which no shared cache may keep.
        .header('cache-control', 'private, no-cache')
        .header('vary', 'Accept-Language, Cookie')
        .type('text/html; charset=utf-8')
        .send(renderIndex(html, request, await readInitialState(options, request)))
    );
  });
}
