import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from './project-root';

/** The reference data shipped with the app (see data/README.md). */
export const DATA_DIR = join(PROJECT_ROOT, 'data');

export function readJsonData<T>(fileName: string): T {
  return JSON.parse(readFileSync(join(DATA_DIR, fileName), 'utf8')) as T;
}
