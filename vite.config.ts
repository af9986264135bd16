import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';
import { codexPerComponent } from './scripts/build/codex-per-component.ts';
import { firstLoadBudget, pagesOfRouter } from './scripts/build/first-load-weights.ts';
import { pageMessages } from './scripts/build/page-messages.ts';
import { copyableModule } from './scripts/build/copied-chunks.ts';

const webRoot = fileURLToPath(new URL('./src/web/', import.meta.url));

/**
 * What pages fetch when first needed (`useLazyComponent(() => import('./X.vue'))`) or right after
 * they appear (`laterComponents(() => import('./later-sections'))`).
 */
function lazyComponents(): string[] {
  const found: string[] = [];
  for (const file of readdirSync(webRoot, { recursive: true, encoding: 'utf8' })) {
    if (!file.endsWith('.vue')) continue;
    const code = readFileSync(join(webRoot, file), 'utf8');
    for (const [, target] of code.matchAll(
      /(?:useLazyComponent|laterComponents)\(\s*\(\)\s*=>\s*import\('([^']+)'\)/g,
    )) {
      const path = resolve(webRoot, dirname(file), target!);
      found.push(/\.(vue|ts)$/.test(path) ? path : `${path}.ts`);
    }
  }
  return found;
}

const lazyModules = new Set([
  ...[...pagesOfRouter(readFileSync(`${webRoot}router.ts`, 'utf8')), 'features/messages/NotificationBell.vue'].map(
    (page) => `${webRoot}${page}`,
  ),
  ...lazyComponents(),
]);

/** Each page's interface messages come with it (also used by the component tests' config). */
export function interfaceMessages() {
  return pageMessages({
    messagesDirectory: fileURLToPath(new URL('./i18n', import.meta.url)),
    entry: fileURLToPath(new URL('./src/web/main.ts', import.meta.url)),
    // What loads on its own after the shell: the router's pages, the header's bell, and what pages
    // fetch when first needed (their dialogs, the bell's list), each with its own messages.
    isPage: (id) => lazyModules.has(id),
    registry: fileURLToPath(new URL('./src/web/i18n/i18n.ts', import.meta.url)),
    vocabularies: ['./src/shared/vocabulary.ts', './src/shared/item-vocabulary.ts'].map((module) =>
      fileURLToPath(new URL(module, import.meta.url)),
    ),
  });
}

const copyable = copyableModule(fileURLToPath(new URL('./src/', import.meta.url)));

const apiTarget = `http://localhost:${process.env.API_PORT ?? '8080'}`;

/** The web app: built into dist/web, served by the Fastify server in production. */
export default defineConfig({
  root: fileURLToPath(new URL('./src/web', import.meta.url)),
  plugins: [
    vue(),
    codexPerComponent(),
    interfaceMessages(),
    // Every page's first load, signed out and signed in, stays within 100 kB gzipped (JS + CSS).
    firstLoadBudget({
      budgetKb: 100,
      ceilingsFile: fileURLToPath(new URL('./scripts/build/first-load-exceptions.json', import.meta.url)),
      routerFile: 'router.ts',
      enforce: process.env.CI === 'true' || process.env.FIRST_LOAD_BUDGET === 'enforce',
      signedInExtras: ['features/messages/NotificationBell.vue'],
    }),
  ],
  build: {
    outDir: fileURLToPath(new URL('./dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2020',
    // No inline <script> or data: module: the CSP allows only scripts from our own origin.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
    // Read by the first-load budget.
    manifest: true,
    rollupOptions: {
      // Needed to copy chunks: no entry's exports are read from outside the bundle.
      preserveEntrySignatures: false,
      // Files named by their content's hash alone: the shell lists every lazy chunk a page may need
      // (for preloading), so each name's readable part cost every page's first load (~0.7 kB). The
      // manifest says which source each file comes from.
      // Each page's messages keep their language in their name (en-<hash>.js): what a reader's
      // browser fetches for a language can be told from the address alone.
      output: {
        entryFileNames: 'assets/[hash].js',
        chunkFileNames: (chunk) => {
          const language = /messages__([a-z-]+)__/.exec(chunk.name)?.[1];
          return language ? `assets/${language}-[hash].js` : 'assets/[hash].js';
        },
        assetFileNames: 'assets/[hash][extname]',
        // A page's small shared chunks are copied into it, so its first load is a handful of files
        // rather than dozens; modules that keep state stay shared (see copied-chunks.ts).
        codeSplitting: {
          experimentalInlineCommonChunks: {
            maxSize: Infinity,
            exclude: (id: string) => !copyable(id),
          },
        },
      },
    },
  },
  server: {
    proxy: { '/api': apiTarget },
  },
});
