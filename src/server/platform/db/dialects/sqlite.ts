import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { SqliteDialect } from 'kysely';
import type { SqlDialect } from './dialect';

/** SQLite through better-sqlite3: WAL so readers never wait for the writer, foreign keys on. */
export function sqliteDialect(file: string): SqlDialect {
  return {
    name: 'sqlite',
    createKyselyDialect() {
      return new SqliteDialect({
        database: () => {
          if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
          const connection = new BetterSqlite3(file);
          connection.pragma('journal_mode = WAL');
          connection.pragma('synchronous = NORMAL');
          connection.pragma('foreign_keys = ON');
          // The app and the `cxc` command may write at once; wait rather than fail.
          connection.pragma('busy_timeout = 5000');
          return Promise.resolve(connection);
        },
      });
    },
  };
}
