import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The reference data shipped with the app (see data/README.md). */
export const DATA_DIR = resolve(import.meta.dirname, '../../../data');

export function readJsonData<T>(fileName: string): T {
  return JSON.parse(readFileSync(join(DATA_DIR, fileName), 'utf8')) as T;
}
