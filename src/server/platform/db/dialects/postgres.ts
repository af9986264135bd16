import pg from 'pg';
import { PostgresDialect, sql } from 'kysely';
import type { SqlDialect } from './dialect';

const INT8_OID = 20;

/** PostgreSQL through a `pg` pool. Counts (int8) come back as numbers, as they do on SQLite. */
export function postgresDialect(url: string): SqlDialect {
  return {
    name: 'postgres',
    createKyselyDialect() {
      const pool = new pg.Pool({
        connectionString: url,
        max: 10,
        connectionTimeoutMillis: 5000,
        types: {
          getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
            oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
        },
      });
      // An idle client that loses its connection must not crash the process; the next query reconnects.
      pool.on('error', () => undefined);
      return new PostgresDialect({ pool });
    },

    lockRowsSkippingLocked: (query) => query.forUpdate().skipLocked(),

    async writeSearchText(db, documentId, body) {
      await sql`update search_documents set tsv = to_tsvector('simple', ${body}) where id = ${documentId}`.execute(db);
    },

    async deleteSearchText() {
      // The tsvector lives in the document's own row, which the caller deletes.
    },

    async purgeDeletedSearchText() {
      // Deleted rows are PostgreSQL's to vacuum; the text lived only in them.
    },

    documentsMatchingWords(words) {
      // Words hold only letters and digits, so they cannot carry tsquery syntax; each is a prefix.
      const expression = words.map((word) => `${word}:*`).join(' & ');
      return sql<{ id: string }>`(select id from search_documents where tsv @@ to_tsquery('simple', ${expression}))`;
    },

    async withStartupLock(db, work) {
      // A session-level advisory lock, held on one connection while `work` uses the others.
      return db.connection().execute(async (connection) => {
        await sql`select pg_advisory_lock(${STARTUP_LOCK_KEY})`.execute(connection);
        try {
          return await work();
        } finally {
          await sql`select pg_advisory_unlock(${STARTUP_LOCK_KEY})`.execute(connection);
        }
      });
    },
  };
}

/** An arbitrary, fixed key: "cxc" as a number. */
const STARTUP_LOCK_KEY = 0x637863;
