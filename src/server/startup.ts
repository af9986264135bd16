import type { DatabaseHandle } from './platform/db/database';
import { migrateToLatest } from './platform/db/migrate';
import { seedCapacities } from './features/capacities/capacities.seed';
import { seedReferenceData } from './features/reference/reference.seed';
import { searchIndexFor } from './search-index';

/**
 * Makes a database ready for the app: schema up to date, reference data present. Run at every
 * start; safe when several instances start together.
 */
export async function prepareDatabase(
  database: DatabaseHandle,
  say: (message: string) => void = sayOnStandardError,
): Promise<string[]> {
  return (await prepare(database, say, 'first start of this version')).applied;
}

/**
 * After `cxc restore`: as at a start, and every search document is compared with its record (the
 * backup may come from a version that crashed between the two); every instance reloads its index.
 */
export async function prepareRestoredDatabase(
  database: DatabaseHandle,
  say: (message: string) => void,
): Promise<{ applied: string[]; documentsRebuilt: number }> {
  return prepare(database, say, 'always');
}

async function prepare(
  database: DatabaseHandle,
  say: (message: string) => void,
  compareDocuments: 'first start of this version' | 'always',
): Promise<{ applied: string[]; documentsRebuilt: number }> {
  return database.dialect.withStartupLock(
    database.db,
    async () => {
      const applied = await migrateToLatest(database.db);
      await seedReferenceData(database.db);
      await seedCapacities(database.db);
      // Profiles saved before the search index existed (or loaded in bulk) get their documents now, and
      // documents an earlier version left behind a crash are rebuilt (the first time this version starts).
      const index = searchIndexFor(database);
      const missing = await index.indexMissing();
      const stale = compareDocuments === 'always' ? await index.repairStale() : await index.repairStaleOnce();
      if (compareDocuments === 'always') await index.logFullReload();
      return { applied, documentsRebuilt: missing + stale };
    },
    say,
  );
}

/** Before the app and its log exist, waiting for another process is said on standard error. */
export function sayOnStandardError(message: string): void {
  process.stderr.write(`${message}\n`);
}
