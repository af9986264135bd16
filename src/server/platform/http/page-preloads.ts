import { existsSync, readFileSync, statSync } from 'node:fs';

interface PreloadsFile {
  readonly routes: readonly { readonly pattern: string; readonly files: Readonly<Record<string, readonly string[]>> }[];
}

interface Route {
  readonly segments: readonly string[];
  readonly files: Readonly<Record<string, readonly string[]>>;
}

const segmentsOf = (path: string) => path.split('/').filter(Boolean);

/** Whether a path has a route's shape: the same segments, `:name` standing for any one of them. */
function matches(route: Route, segments: readonly string[]): boolean {
  return (
    route.segments.length === segments.length &&
    route.segments.every((segment, index) => segment.startsWith(':') || segment === segments[index])
  );
}

/**
 * The `<link>`s that let a page's own files load with the shell (the build writes
 * `.vite/page-preloads.json`: each route's chunks, styles and messages per language). Without them
 * the browser learns of them only when the shell's script has run and asked, one round trip after
 * another. Re-read when the build changes, like index.html.
 */
export class PagePreloads {
  private cached: { mtimeMs: number; routes: Route[] } | undefined;

  constructor(private readonly file: string) {}

  private routes(): Route[] {
    if (!existsSync(this.file)) return [];
    const { mtimeMs } = statSync(this.file);
    if (this.cached?.mtimeMs !== mtimeMs) {
      const parsed = JSON.parse(readFileSync(this.file, 'utf8')) as PreloadsFile;
      this.cached = {
        mtimeMs,
        // Fixed segments before `:name` ones: /organizations/new is not /organizations/:slug.
        routes: parsed.routes
          .map((route) => ({ segments: segmentsOf(route.pattern), files: route.files }))
          .sort(
            (a, b) =>
              b.segments.filter((s) => !s.startsWith(':')).length - a.segments.filter((s) => !s.startsWith(':')).length,
          ),
      };
    }
    return this.cached.routes;
  }

  /** The links for a page path in a language ('' for a path no route has). */
  linksFor(path: string, language: string): string {
    const segments = segmentsOf(path);
    const route = this.routes().find((candidate) => matches(candidate, segments));
    const files = route?.files[language] ?? [];
    return files
      .map((file) =>
        file.endsWith('.css')
          ? // Fetched now, applied when the page's chunk asks for it (a stylesheet link here would hold
            // the first paint until every style of the page had arrived). The chunk's loader asks in
            // CORS mode (crossorigin), as for scripts: a preload in another mode is fetched twice.
            `<link rel="preload" as="style" crossorigin href="/${file}">`
          : `<link rel="modulepreload" crossorigin href="/${file}">`,
      )
      .join('');
  }
}
