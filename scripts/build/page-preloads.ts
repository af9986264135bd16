import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'vite';
import { WEB_PAGES } from '../../src/shared/web-routes.ts';
import { afterBuild, filesLoadedWith, type Manifest } from './first-load-weights.ts';

/**
 * What the server names in a page's HTML so the browser fetches it at once (`page-preloads.json`):
 * for each route, the page's own chunks, styles and interface messages in each language. Without
 * it they wait for the shell's script to run and ask for them, one round trip after another.
 */

export interface RoutePage {
  /** The router's path: `/people/:handle`. */
  readonly pattern: string;
  /** The page module, as in the manifest: `features/profiles/ProfilePage.vue`. */
  readonly page: string;
}

const ROUTE = /path:\s*(?:WEB_PAGES\.(\w+)|'([^']+)')[^{}]*?component:\s*\(\)\s*=>\s*import\('\.\/([^']+\.vue)'\)/g;

/** Each route of the router with its page; the catch-all ("not found") is left out. */
export function routesOfRouter(routerSource: string): RoutePage[] {
  const routes: RoutePage[] = [];
  for (const [, named, literal, page] of routerSource.matchAll(ROUTE)) {
    const pattern = named ? (WEB_PAGES as Record<string, string>)[named] : literal;
    if (!pattern) throw new Error(`The router names WEB_PAGES.${named ?? ''}, which web-routes.ts lacks`);
    if (!pattern.includes('(')) routes.push({ pattern, page: page! });
  }
  return routes;
}

export interface PagePreloads {
  readonly routes: readonly { readonly pattern: string; readonly files: Readonly<Record<string, readonly string[]>> }[];
}

/** For each route and language, the files its page loads beyond the shell's. */
export function pagePreloads(
  manifest: Manifest,
  routes: readonly RoutePage[],
  languages: readonly string[],
): PagePreloads {
  const entries = Object.keys(manifest).filter((key) => manifest[key]!.isEntry);
  return {
    routes: routes.map(({ pattern, page }) => {
      const files: Record<string, string[]> = {};
      for (const language of languages) {
        const shell = filesLoadedWith(manifest, entries, language);
        files[language] = [...filesLoadedWith(manifest, [page], language)].filter((file) => !shell.has(file));
      }
      return { pattern, files };
    }),
  };
}

/** Writes `.vite/page-preloads.json` next to the manifest at the end of a build. */
export function pagePreloadsFile(options: { readonly routerFile: string }): Plugin {
  return afterBuild('page-preloads', ({ manifest, languages, outDir, root }) => {
    const routes = routesOfRouter(readFileSync(join(root, options.routerFile), 'utf8'));
    writeFileSync(
      join(outDir, '.vite', 'page-preloads.json'),
      JSON.stringify(pagePreloads(manifest, routes, languages)),
    );
  });
}
