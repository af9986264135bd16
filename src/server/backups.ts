import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { DatabaseConfig } from './platform/config';
import { sql } from 'kysely';
import type { DatabaseHandle } from './platform/db/database';
import { prepareRestoredDatabase } from './startup';

export interface BackupWritten {
  readonly file: string;
  readonly bytes: number;
  readonly seconds: number;
}

export interface RestoreDone {
  readonly tables: number;
  readonly rows: number;
  /** Migrations of this version that the backup (made by an older one) lacked, applied after loading it. */
  readonly migrationsApplied: readonly string[];
  /** Search documents rebuilt because they disagreed with their records or were missing (0 for a good backup). */
  readonly documentsRebuilt: number;
  readonly seconds: number;
}

/**
 * `cxc backup <file>`: the whole database as of one moment, taken while the app runs. Written under a
 * temporary name and renamed, so `file` is always either the previous backup or a complete new one.
 */
export async function backUpDatabase(
  database: DatabaseHandle,
  config: DatabaseConfig,
  file: string,
): Promise<BackupWritten> {
  const started = Date.now();
  const target = resolve(file);
  if (!existsSync(dirname(target))) throw new Error(`The folder ${dirname(target)} does not exist.`);
  if (
    config.kind === 'sqlite' &&
    [config.file, `${config.file}-wal`, `${config.file}-shm`].some((own) => resolve(own) === target)
  )
    throw new Error('A backup cannot be written over the database itself; choose another file.');
  const partial = `${target}.partial-${process.pid}`;
  try {
    await database.dialect.backUpTo(partial);
    renameSync(partial, target);
  } finally {
    rmSync(partial, { force: true });
  }
  return { file: target, bytes: statSync(target).size, seconds: (Date.now() - started) / 1000 };
}

/**
 * `cxc restore <file>`: loads a backup into the empty database DATABASE_URL names, brings its schema
 * to this version, and checks its search documents against the records they describe, rebuilding
 * any that disagree; every running instance is told to reload its search index.
 */
export async function restoreDatabase(
  database: DatabaseHandle,
  file: string,
  say: (message: string) => void,
): Promise<RestoreDone> {
  const started = Date.now();
  if (!existsSync(file)) throw new Error(`${file} does not exist.`);
  await database.dialect.restoreFrom(resolve(file));
  const { applied, documentsRebuilt } = await prepareRestoredDatabase(database, say);
  const { tables, rows } = await countRows(database);
  return { tables, rows, migrationsApplied: applied, documentsRebuilt, seconds: (Date.now() - started) / 1000 };
}

/** How many tables the database has, and rows in all of them: what a restore reports. */
async function countRows(database: DatabaseHandle): Promise<{ tables: number; rows: number }> {
  const tables = await database.db.introspection.getTables();
  let rows = 0;
  for (const table of tables) {
    const result = await sql<{ count: number }>`select count(*) as count from ${sql.table(table.name)}`.execute(
      database.db,
    );
    rows += Number(result.rows[0]?.count ?? 0);
  }
  return { tables: tables.length, rows };
}
