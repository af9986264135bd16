import { Kysely, sql } from 'kysely';
import type { DatabaseConfig } from '../config';
import type { SqlDialect } from './dialects/dialect';
import { postgresDialect } from './dialects/postgres';
import { sqliteDialect } from './dialects/sqlite';
import type { Db, DatabaseSchema } from './schema';

const BULK_CACHE_MB = 256;

export interface DatabaseHandle {
  readonly db: Db;
  readonly dialect: SqlDialect;
  close(): Promise<void>;
}

/**
 * Opens the configured database. Nothing is created or migrated here; see `migrations.ts`.
 * `bulk`: for the `cxc` command's loads, a larger SQLite page cache (random keys touch pages all over
 * the indexes); the server keeps the small default, as its memory is budgeted.
 */
export function openDatabase(
  config: DatabaseConfig,
  {
    bulk = false,
    onQuery,
  }: {
    bulk?: boolean;
    /** Sees the SQL of every statement run (tests count them). */ onQuery?: (sql: string) => void;
  } = {},
): DatabaseHandle {
  const dialect =
    config.kind === 'postgres'
      ? postgresDialect(config.url)
      : sqliteDialect(config.file, bulk ? BULK_CACHE_MB : undefined);
  const db = new Kysely<DatabaseSchema>({
    dialect: dialect.createKyselyDialect(),
    ...(onQuery ? { log: (event) => onQuery(event.query.sql) } : {}),
  });
  return { db, dialect, close: () => db.destroy() };
}

/** Answers whether the database takes a query right now. */
export async function pingDatabase(db: Db): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}
