import { localLiveChannel } from '../../live';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery,
  sql,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type SqliteDialectConfig,
} from 'kysely';
import type { SqlDialect } from './dialect';
import { acquireLockFile } from './startup-lock-file';
import { fileStartsWith } from './file-header';

/**
 * Transactions take the write lock as they begin. A deferred transaction that reads and then writes
 * fails at once with SQLITE_BUSY, without waiting for busy_timeout, when another process (the `cxc`
 * command beside the app) committed in between.
 */
class ImmediateTransactionDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateTransactionDialect extends SqliteDialect {
  constructor(private readonly settings: SqliteDialectConfig) {
    super(settings);
  }

  override createDriver(): SqliteDriver {
    return new ImmediateTransactionDriver(this.settings);
  }
}

/** Prepared statements kept per connection: preparing every query anew cost a sixth of a request's time. */
const STATEMENTS_KEPT = 500;

/**
 * The connection with `prepare` answering from a cache of statements by their SQL (the oldest go
 * first). Kysely prepares each query and runs it at once; better-sqlite3 statements can be run again
 * with other parameters, and re-prepare themselves when the schema changes. Nothing iterates a
 * statement (no streaming queries), so one statement is never in use twice at a time.
 */
function withStatementCache(connection: BetterSqlite3.Database): BetterSqlite3.Database {
  const prepare = connection.prepare.bind(connection);
  const statements = new Map<string, BetterSqlite3.Statement>();
  connection.prepare = ((source: string) => {
    let statement = statements.get(source);
    if (statement) {
      // Most recently used last, so the oldest is the first one dropped.
      statements.delete(source);
    } else {
      statement = prepare(source);
      if (statements.size >= STATEMENTS_KEPT) statements.delete(statements.keys().next().value!);
    }
    statements.set(source, statement);
    return statement;
  }) as typeof connection.prepare;
  return connection;
}

/** The first 16 bytes of every SQLite database file. */
const SQLITE_HEADER = 'SQLite format 3\u0000';

/** As many pages as a backup step may copy: all of them, in one step. */
const ALL_PAGES = 0x7fffffff;

/**
 * Copies `from` into the file `to` with SQLite's online backup API, every page in one step: a step
 * reads in one transaction, so the copy is the database of one moment, and in WAL mode the app's
 * writes go on meanwhile. (Copying in small steps lets writers in between, but a write by another
 * connection starts the copy over: under steady writes it might never end.)
 */
async function copyDatabase(from: BetterSqlite3.Database, to: string): Promise<void> {
  await from.backup(to, { progress: () => ALL_PAGES });
}

/** SQLite through better-sqlite3: WAL so readers never wait for the writer, foreign keys on. */
export function sqliteDialect(file: string, cacheMb?: number): SqlDialect {
  return {
    name: 'sqlite',
    createKyselyDialect() {
      return new ImmediateTransactionDialect({
        database: () => {
          if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
          const connection = new BetterSqlite3(file);
          connection.pragma('journal_mode = WAL');
          connection.pragma('synchronous = NORMAL');
          connection.pragma('foreign_keys = ON');
          // Deleted rows are overwritten, not left in free pages: an erased member's data leaves the file.
          connection.pragma('secure_delete = ON');
          // The app and the `cxc` command may write at once; wait rather than fail.
          connection.pragma('busy_timeout = 5000');
          if (cacheMb) connection.pragma(`cache_size = -${cacheMb * 1024}`);
          return Promise.resolve(withStatementCache(connection));
        },
      });
    },

    openLiveChannel: () => localLiveChannel(),

    poolUse: () => undefined,

    lockRowsSkippingLocked: (query) => query,
    lockRowsForUpdate: (query) => query,
    lockRowsAgainstDeletion: (query) => query,
    lockRowsForDelete: (query) => query,

    async insertRows(db, table, rows, skipConflictsOn) {
      if (rows.length === 0) return;
      // Multi-row statements within SQLite's limit of 32,766 bound parameters.
      const perStatement = Math.max(1, Math.floor(30_000 / Object.keys(rows[0]!).length));
      for (let start = 0; start < rows.length; start += perStatement) {
        const statement = db.insertInto(table).values(rows.slice(start, start + perStatement) as never);
        await (
          skipConflictsOn
            ? statement.onConflict((conflict) => conflict.columns(skipConflictsOn as never).doNothing())
            : statement
        ).execute();
      }
    },

    async serializeSearchChanges() {
      // Write transactions begin immediate: one writer at a time, so change numbers commit in order.
    },

    tablesChangedInTransaction: async () => [],

    async reclaimErasedSpace(db) {
      if (file === ':memory:') return;
      // TRUNCATE waits (busy_timeout) for readers of the WAL, copies every page into the database and
      // empties the file: a checkpoint alone would leave the old frames in the WAL until overwritten.
      const { rows } = await sql<{ busy: number }>`pragma wal_checkpoint(TRUNCATE)`.execute(db);
      if (Number(rows[0]?.busy ?? 0) !== 0)
        throw new Error('The WAL could not be emptied after an erasure: another connection was reading it');
    },

    async backUpTo(target) {
      if (file === ':memory:') throw new Error('An in-memory database cannot be backed up.');
      const source = new BetterSqlite3(file, { fileMustExist: true });
      try {
        source.pragma('busy_timeout = 5000');
        await copyDatabase(source, target);
      } finally {
        source.close();
      }
      // The copy keeps the source's WAL mode; in rollback mode it is one file, with nothing beside it.
      const copy = new BetterSqlite3(target, { fileMustExist: true });
      try {
        copy.pragma('journal_mode = DELETE');
      } finally {
        copy.close();
      }
    },

    async restoreFrom(backupFile) {
      if (file === ':memory:') throw new Error('Restore into a database file, not an in-memory database.');
      if (!fileStartsWith(backupFile, SQLITE_HEADER))
        throw new Error(`${backupFile} is not a SQLite backup (a PostgreSQL backup is restored into PostgreSQL).`);
      mkdirSync(dirname(file), { recursive: true });
      const destination = new BetterSqlite3(file);
      try {
        const { count } = destination.prepare('select count(*) as count from sqlite_schema').get() as { count: number };
        if (count > 0)
          throw new Error(`${file} already holds a database. Restore into a new file, then point DATABASE_URL at it.`);
      } finally {
        destination.close();
      }
      const source = new BetterSqlite3(backupFile, { fileMustExist: true });
      try {
        if (source.pragma('quick_check', { simple: true }) !== 'ok')
          throw new Error(`${backupFile} is damaged (SQLite's quick_check found problems); it cannot be restored.`);
        await copyDatabase(source, file);
      } finally {
        source.close();
      }
    },

    async withStartupLock(_db, work, say) {
      if (file === ':memory:') return work();
      mkdirSync(dirname(file), { recursive: true });
      const release = await acquireLockFile(`${file}.startup-lock`, { say });
      try {
        return await work();
      } finally {
        release();
      }
    },
  };
}
