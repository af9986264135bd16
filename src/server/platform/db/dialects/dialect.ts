import type { Dialect, RawBuilder, SelectQueryBuilder } from 'kysely';
import type { Db } from '../schema';

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
   * several instances, or the app and the `cxc` command, can start at once.
   */
  withStartupLock<T>(db: Db, work: () => Promise<T>): Promise<T>;
  /**
   * Makes a row-picking subquery safe for several workers at once: `FOR UPDATE SKIP LOCKED` on
   * PostgreSQL; SQLite has a single writer, so the query is already exclusive there.
   */
  lockRowsSkippingLocked<DB, TB extends keyof DB, O>(query: SelectQueryBuilder<DB, TB, O>): SelectQueryBuilder<DB, TB, O>;
  /** Puts a new search document's folded text into the native text index (FTS5 or tsvector); the caller removed any older text first. */
  writeSearchText(db: Db, documentId: string, body: string): Promise<void>;
  /** Removes search documents' text from the index (their rows are deleted by the caller). */
  deleteSearchText(db: Db, documentIds: readonly string[]): Promise<void>;
  /** Makes deleted text unrecoverable from the index's storage (for the account erasure). */
  purgeDeletedSearchText(db: Db): Promise<void>;
  /**
   * A parenthesized subquery of the ids of documents containing every word of `words` (already folded and split
   * into letters and digits), each word matching as a prefix.
   */
  documentsMatchingWords(words: readonly string[]): RawBuilder<{ id: string }>;
}
