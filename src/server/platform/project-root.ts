import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The folder holding package.json, i18n/ and data/: found from this file's place, which is
 * src/server/platform when run from the sources and dist/server when run from the built bundle.
 */
function findProjectRoot(from: string): string {
  for (let folder = from; ; folder = dirname(folder)) {
    if (existsSync(join(folder, 'package.json')) && existsSync(join(folder, 'i18n'))) return folder;
    if (dirname(folder) === folder) throw new Error(`No project folder above ${from}`);
  }
}

export const PROJECT_ROOT = findProjectRoot(import.meta.dirname);
