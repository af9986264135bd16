// Builds what `npm start` runs when it is missing or older than its sources: the web app (dist/web,
// with Vite) and the server (dist/server, bundled with esbuild, so production runs plain JavaScript
// without compiling TypeScript as it loads; that compiler took about 55 MB of the server's memory).
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const root = resolve(import.meta.dirname, '..');
// What `npm start` runs is the production build, whoever asks for it: a test runner sets
// NODE_ENV=test, which would make Vite build Vue's development code into the app.
process.env.NODE_ENV = 'production';
const lock = join(root, 'dist', '.build-lock');

/** Whether the process that holds the lock still runs. */
function holderRuns() {
  try {
    process.kill(Number(readFileSync(join(lock, 'pid'), 'utf8')), 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * One build at a time: test processes start apps in parallel, and two builds into the same dist/
 * delete each other's files. The others wait, then find the build fresh. A lock whose process is
 * gone is taken over at once.
 */
async function withBuildLock(work) {
  mkdirSync(join(root, 'dist'), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      if (existsSync(join(lock, 'pid')) && !holderRuns()) rmSync(lock, { recursive: true, force: true });
      else await sleep(200);
    }
  }
  writeFileSync(join(lock, 'pid'), String(process.pid));
  try {
    await work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function newestModification(path) {
  if (!existsSync(path)) return 0;
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return readdirSync(path).reduce(
    (newest, entry) => Math.max(newest, newestModification(join(path, entry))),
    stats.mtimeMs,
  );
}

async function buildIfStale({ name, output, sources, build }) {
  const builtAt = existsSync(join(root, output)) ? statSync(join(root, output)).mtimeMs : 0;
  const sourcesAt = Math.max(...sources.map((source) => newestModification(join(root, source))));
  if (builtAt >= sourcesAt) {
    console.log(`The ${name} is up to date (${output}).`);
    return;
  }
  console.log(builtAt === 0 ? `Building the ${name} (first start)...` : `The ${name}'s sources changed; rebuilding...`);
  await build();
  console.log(`The ${name} is built (${output}).`);
}

await withBuildLock(async () => {
  await buildIfStale({
    name: 'web app',
    output: 'dist/web/index.html',
    sources: ['src/web', 'src/shared', 'i18n', 'vite.config.ts', 'scripts/build', 'package-lock.json'],
    build: async () => {
      const { build } = await import('vite');
      await build({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn' });
    },
  });

  await buildIfStale({
    name: 'server',
    output: 'dist/server/main.mjs',
    sources: ['src/server', 'src/shared', 'package-lock.json', 'scripts/build-if-stale.mjs'],
    build: async () => {
      const { build } = await import('esbuild');
      await build({
        absWorkingDir: root,
        // The search engine's worker is its own file beside main.mjs: worker-engine.ts starts
        // `./engine.worker.mjs` next to the code that asks for it.
        entryPoints: {
          main: 'src/server/main.ts',
          'engine.worker': 'src/server/features/search/engine/engine-worker.ts',
        },
        outdir: 'dist/server',
        outExtension: { '.js': '.mjs' },
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        // Packages stay in node_modules (native ones cannot be bundled); only our sources are joined.
        packages: 'external',
        sourcemap: 'linked',
        logLevel: 'warning',
      });
    },
  });
});
