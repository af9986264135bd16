import { Migrator, NO_MIGRATIONS, type MigrationResultSet } from 'kysely';
import { MIGRATIONS } from './migrations/index';
import type { Db } from './schema';

function migratorFor(db: Db): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(MIGRATIONS) },
  });
}

export class MigrationError extends Error {
  constructor(migrationName: string | undefined, cause: unknown) {
    super(
      `Migration ${migrationName ?? '(unknown)'} failed: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
    this.name = 'MigrationError';
  }
}

function unwrap(result: MigrationResultSet): string[] {
  if (result.error) {
    const failed = result.results?.find((entry) => entry.status === 'Error');
    throw new MigrationError(failed?.migrationName, result.error);
  }
  return (result.results ?? []).map(
    (entry) => `${entry.direction === 'Up' ? 'applied' : 'reverted'} ${entry.migrationName}`,
  );
}

/**
 * Brings the schema up to date. On PostgreSQL, Kysely's migrator holds an advisory lock while it
 * works, so several instances starting together run each migration once.
 */
export async function migrateToLatest(db: Db): Promise<string[]> {
  return unwrap(await migratorFor(db).migrateToLatest());
}

/** Reverts the most recent migration, or all of them. */
export async function migrateDown(db: Db, options: { all?: boolean } = {}): Promise<string[]> {
  const migrator = migratorFor(db);
  return unwrap(options.all ? await migrator.migrateTo(NO_MIGRATIONS) : await migrator.migrateDown());
}

export interface MigrationStatus {
  readonly name: string;
  readonly executedAt: Date | undefined;
}

export async function migrationStatus(db: Db): Promise<MigrationStatus[]> {
  const migrations = await migratorFor(db).getMigrations();
  return migrations.map((migration) => ({ name: migration.name, executedAt: migration.executedAt }));
}
