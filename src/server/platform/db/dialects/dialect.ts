import type { Dialect } from 'kysely';

/**
 * Everything that differs between SQLite and PostgreSQL lives behind this interface, in
 * `sqlite.ts` and `postgres.ts`. Nothing else in the code asks which database it is on.
 */
export interface SqlDialect {
  readonly name: 'sqlite' | 'postgres';
  /** The Kysely dialect, with the connection settings the app relies on. */
  createKyselyDialect(): Dialect;
}
