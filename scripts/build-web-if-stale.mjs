// Builds the web app when dist/web is missing or older than any of its sources, so `npm start`
// always serves what the sources say.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const builtIndex = join(root, 'dist/web/index.html');
const sources = ['src/web', 'src/shared', 'i18n', 'vite.config.ts', 'package-lock.json'];

function newestModification(path) {
  if (!existsSync(path)) return 0;
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return readdirSync(path).reduce(
    (newest, entry) => Math.max(newest, newestModification(join(path, entry))),
    stats.mtimeMs,
  );
}

const builtAt = existsSync(builtIndex) ? statSync(builtIndex).mtimeMs : 0;
const sourcesAt = Math.max(...sources.map((source) => newestModification(join(root, source))));

if (builtAt >= sourcesAt) {
  console.log('Web app is up to date (dist/web).');
} else {
  console.log(builtAt === 0 ? 'Building the web app (first start)...' : 'Web app sources changed; rebuilding...');
  const { build } = await import('vite');
  await build({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn' });
  console.log('Web app built into dist/web.');
}
