import pg from 'pg';
import { PostgresDialect, sql } from 'kysely';
import type { SqlDialect } from './dialect';
import { postgresLiveChannel } from './postgres-live';
import { isCustomArchive, runPostgresTool } from './postgres-tools';

const INT8_OID = 20;

const ROWS_PER_STATEMENT = 5_000;

/** PostgreSQL through a `pg` pool. Counts (int8) come back as numbers, as they do on SQLite. */
export function postgresDialect(url: string): SqlDialect {
  const columnTypes = new Map<string, Map<string, string>>();
  let openedPool: pg.Pool | undefined;
  return {
    name: 'postgres',
    createKyselyDialect() {
      const pool = new pg.Pool({
        connectionString: url,
        max: 10,
        connectionTimeoutMillis: 5000,
        types: {
          getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
            oid === INT8_OID
              ? (value: string) => Number(value)
              : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
        },
      });
      // An idle client that loses its connection must not crash the process; the next query reconnects.
      pool.on('error', () => undefined);
      openedPool = pool;
      return new PostgresDialect({ pool });
    },

    lockRowsSkippingLocked: (query) => query.forUpdate().skipLocked(),
    lockRowsForUpdate: (query, of) => (of ? query.forNoKeyUpdate(of) : query.forNoKeyUpdate()),
    lockRowsAgainstDeletion: (query) => query.forKeyShare(),
    lockRowsForDelete: (query) => query.forUpdate(),

    async insertRows(db, table, rows, skipConflictsOn) {
      if (rows.length === 0) return;
      // One array per column, unnested: a statement is a round trip, and thousands of rows fit in one.
      let types = columnTypes.get(table);
      if (!types) {
        const found = await sql<{
          column_name: string;
          udt_name: string;
        }>`select column_name, udt_name from information_schema.columns where table_schema = current_schema() and table_name = ${table}`.execute(
          db,
        );
        types = new Map(found.rows.map((row) => [row.column_name, row.udt_name]));
        columnTypes.set(table, types);
      }
      const columns = Object.keys(rows[0]!);
      for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
        const chunk = rows.slice(start, start + ROWS_PER_STATEMENT);
        const arrays = columns.map(
          (column) =>
            sql`${chunk.map((row) => (row as Record<string, unknown>)[column] ?? null)}::${sql.raw(types.get(column) ?? 'text')}[]`,
        );
        const conflict = skipConflictsOn
          ? sql` on conflict (${sql.join(skipConflictsOn.map((column) => sql.ref(column)))}) do nothing`
          : sql``;
        await sql`insert into ${sql.table(table)} (${sql.join(columns.map((column) => sql.ref(column)))}) select * from unnest(${sql.join(arrays)})${conflict}`.execute(
          db,
        );
      }
    },

    openLiveChannel: (db, onProblem) => postgresLiveChannel(url, db, onProblem),

    poolUse: () =>
      openedPool && { open: openedPool.totalCount, idle: openedPool.idleCount, waiting: openedPool.waitingCount },

    async serializeSearchChanges(db) {
      // Held until commit: the next writer's sequence number is taken only after this one is visible.
      await sql`select pg_advisory_xact_lock(${SEARCH_CHANGES_LOCK_KEY})`.execute(db);
    },

    async tablesChangedInTransaction(db) {
      // This transaction's own counts, cascaded deletes included (they run in it as triggers).
      const { rows } = await sql<{ relname: string }>`
        select relname from pg_stat_xact_user_tables
        where schemaname = current_schema() and n_tup_upd + n_tup_del > 0
        order by relname`.execute(db);
      return rows.map((row) => row.relname);
    },

    async reclaimErasedSpace(db, tables) {
      if (tables.length === 0) return;
      // Dead row versions are removed and their space marked free for reuse (not zeroed; new rows
      // overwrite it); INDEX_CLEANUP ON also removes their index entries when only a few pages have
      // any, which VACUUM would otherwise leave for a later run. Rows still visible to a transaction
      // that was open when the erasure committed stay until the next vacuum (autovacuum).
      await sql`vacuum (index_cleanup on) ${sql.join(tables.map((table) => sql.table(table)))}`.execute(db);
    },

    async backUpTo(file) {
      // pg_dump reads in one repeatable-read transaction: the database of one moment, writes going on.
      // Owners and grants are left out: the restoring role owns what it restores.
      await runPostgresTool('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${file}`], url);
    },

    async restoreFrom(file) {
      if (!isCustomArchive(file))
        throw new Error(`${file} is not a PostgreSQL backup (a SQLite backup is restored into SQLite).`);
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        const { rows } = await client.query<{ tables: number }>(
          `select count(*)::int as tables from information_schema.tables where table_schema = current_schema()`,
        );
        if ((rows[0]?.tables ?? 0) > 0)
          throw new Error(
            'The database DATABASE_URL names already holds tables. Restore into a new, empty database (CREATE DATABASE), then point DATABASE_URL at it.',
          );
      } finally {
        await client.end();
      }
      // One transaction, stopped at the first error: a restore that fails leaves the database empty.
      await runPostgresTool(
        'pg_restore',
        ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', file],
        url,
      );
    },

    async withStartupLock(db, work, say) {
      // A session-level advisory lock, held on one connection while `work` uses the others. Asked
      // without blocking, so that the waiting can be said (another instance is preparing the database).
      return db.connection().execute(async (connection) => {
        let saidAt = -Infinity;
        for (;;) {
          const { rows } = await sql<{
            taken: boolean;
          }>`select pg_try_advisory_lock(${STARTUP_LOCK_KEY}) as taken`.execute(connection);
          if (rows[0]?.taken) break;
          if (Date.now() - saidAt >= 10_000) {
            saidAt = Date.now();
            say?.('Waiting for the startup lock: another process is preparing this database.');
          }
          await new Promise((done) => setTimeout(done, 100));
        }
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
/** Another fixed key: "cxcs". */
const SEARCH_CHANGES_LOCK_KEY = 0x63786373;
