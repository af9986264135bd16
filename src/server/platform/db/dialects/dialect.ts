import type { Dialect, SelectQueryBuilder } from 'kysely';
import type { LiveChannel } from '../../live';
import type { Db, DatabaseSchema } from '../schema';

/**
 * Everything that differs between SQLite and PostgreSQL lives behind this interface, in
 * `sqlite.ts` and `postgres.ts`. Nothing else in the code asks which database it is on.
 */
export interface SqlDialect {
  readonly name: 'sqlite' | 'postgres';
  /** The Kysely dialect, with the connection settings the app relies on. */
  createKyselyDialect(): Dialect;
  /**
   * Runs `work` while no other process prepares the same database (migrations and seeding), so
   * several instances, or the app and the `cxc` command, can start at once. `say` is told while it
   * waits for another process, and when it takes over the lock of one that is gone.
   */
  withStartupLock<T>(db: Db, work: () => Promise<T>, say?: (message: string) => void): Promise<T>;
  /**
   * Makes a row-picking subquery safe for several workers at once: `FOR UPDATE SKIP LOCKED` on
   * PostgreSQL; SQLite has a single writer, so the query is already exclusive there.
   */
  lockRowsSkippingLocked<DB, TB extends keyof DB, O>(
    query: SelectQueryBuilder<DB, TB, O>,
  ): SelectQueryBuilder<DB, TB, O>;
  /**
   * Makes a read inside a transaction lock the rows it reads until commit, so two saves of one record
   * take turns instead of racing their delete-then-insert. On PostgreSQL `FOR NO KEY UPDATE` (of the
   * table `of` only, in a join): unlike `FOR UPDATE`, it lets other transactions insert rows that
   * reference the locked one, so a save does not deadlock with another save whose rows point at it.
   * SQLite's transactions take the write lock as they begin, so the query is already exclusive there.
   */
  lockRowsForUpdate<DB, TB extends keyof DB, O>(
    query: SelectQueryBuilder<DB, TB, O>,
    of?: TB & string,
  ): SelectQueryBuilder<DB, TB, O>;
  /**
   * Keeps rows from being deleted until the transaction ends, without keeping anyone else from
   * reading, locking or updating them (`FOR KEY SHARE` on PostgreSQL): every write to a member's rows
   * takes it on the member's account first, so it waits for an erasure in progress, or sees the account gone.
   */
  lockRowsAgainstDeletion<DB, TB extends keyof DB, O>(
    query: SelectQueryBuilder<DB, TB, O>,
  ): SelectQueryBuilder<DB, TB, O>;
  /**
   * Locks rows that the transaction is about to delete (`FOR UPDATE` on PostgreSQL): the account
   * erasure takes it on the account first, so writes to the member's rows wait for it (see above).
   */
  lockRowsForDelete<DB, TB extends keyof DB, O>(query: SelectQueryBuilder<DB, TB, O>): SelectQueryBuilder<DB, TB, O>;
  /**
   * Called in a transaction before it logs a search change: makes changes commit in the order of
   * their numbers, so a process that has seen change N never misses an earlier one (PostgreSQL takes
   * a transaction lock; SQLite's single writer already does this).
   */
  serializeSearchChanges(db: Db): Promise<void>;
  /**
   * Inserts many rows (all with the same columns) into one table in as few statements as the database
   * allows, for bulk loads; rows clashing on `skipConflictsOn` are left out.
   */
  insertRows(
    db: Db,
    table: keyof DatabaseSchema,
    rows: readonly object[],
    skipConflictsOn?: readonly string[],
  ): Promise<void>;
  /**
   * The channel that carries live events to every instance on this database: within the process on
   * SQLite (a database file has one server process), LISTEN/NOTIFY on a dedicated connection on
   * PostgreSQL. `onProblem` hears of a lost connection (it reconnects by itself).
   */
  openLiveChannel(db: Db, onProblem: (error: unknown) => void): LiveChannel;
  /**
   * The tables whose rows the current transaction deleted or changed so far, rows removed by
   * `ON DELETE CASCADE` included: the account erasure asks before it commits, to hand them to
   * `reclaimErasedSpace` (empty on SQLite, which does not need them).
   */
  tablesChangedInTransaction(db: Db): Promise<readonly string[]>;
  /**
   * The connection pool's use now, for /metrics: connections open, idle, and queries waiting for one.
   * Undefined on SQLite, whose single connection has no pool.
   */
  poolUse(): { readonly open: number; readonly idle: number; readonly waiting: number } | undefined;
  /**
   * Writes a copy of the whole database into `file`, as it was at one moment, while the app goes on
   * reading and writing: a SQLite database file (its online backup API) or a `pg_dump` archive in
   * custom format. Overwrites `file`; the caller writes to a temporary name and renames it.
   */
  backUpTo(file: string): Promise<void>;
  /**
   * Loads a copy made by `backUpTo` into this database, which must hold no tables yet (a new file, or
   * a new PostgreSQL database): a restore never mixes with, or replaces, data in use. Throws, saying
   * why, for a file of the other database kind, an unreadable one, or a database already in use.
   */
  restoreFrom(file: string): Promise<void>;
  /**
   * Run after an erasure commits (outside any transaction), so that what it removed leaves the
   * database's files as far as the database allows. SQLite overwrites deleted content in its pages
   * (`secure_delete`), but the WAL still holds earlier versions of those pages: they are copied into
   * the database and the WAL emptied. PostgreSQL keeps deleted and replaced row versions until a
   * vacuum: `tables` are vacuumed, with their indexes. Throws when that could not be done fully.
   */
  reclaimErasedSpace(db: Db, tables: readonly string[]): Promise<void>;
}
