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
  return database.dialect.withStartupLock(
    database.db,
    async () => {
      const applied = await migrateToLatest(database.db);
      await seedReferenceData(database.db);
      await seedCapacities(database.db);
      // Profiles saved before the search index existed (or loaded in bulk) get their documents now, and
      // documents an earlier version left behind a crash are rebuilt (the first time this version starts).
      const index = searchIndexFor(database);
      await index.indexMissing();
      await index.repairStaleOnce();
      return applied;
    },
    say,
  );
}

/** Before the app and its log exist, waiting for another process is said on standard error. */
export function sayOnStandardError(message: string): void {
  process.stderr.write(`${message}\n`);
}
