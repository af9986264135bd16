import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { DatabaseConfig } from '../platform/config';

/** A database a test may use and then throw away. */
export interface TestDatabase {
  readonly config: DatabaseConfig;
  dispose(): Promise<void>;
}

export interface DatabaseTarget {
  readonly name: 'sqlite' | 'postgres';
  create(): Promise<TestDatabase>;
}

const sqliteTarget: DatabaseTarget = {
  name: 'sqlite',
  async create() {
    const directory = mkdtempSync(join(tmpdir(), 'cxc-test-'));
    return {
      config: { kind: 'sqlite', file: join(directory, 'cxc.sqlite') },
      async dispose() {
        rmSync(directory, { recursive: true, force: true });
      },
    };
  },
};

/** A fresh `cxc_test_<random>` database on the server TEST_DATABASE_URL names, dropped afterwards. */
function postgresTarget(serverUrl: string): DatabaseTarget {
  return {
    name: 'postgres',
    async create() {
      const name = `cxc_test_${randomBytes(6).toString('hex')}`;
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
      return {
        config: { kind: 'postgres', url: url.toString() },
        async dispose() {
          const cleaner = new pg.Client({ connectionString: serverUrl });
          await cleaner.connect();
          await cleaner.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
          await cleaner.end();
        },
      };
    },
  };
}

/**
 * The databases integration tests run on: SQLite always, PostgreSQL when TEST_DATABASE_URL is set.
 * Use with `describe.each(DATABASE_TARGETS)`.
 */
export const DATABASE_TARGETS: readonly DatabaseTarget[] = [
  sqliteTarget,
  ...(process.env.TEST_DATABASE_URL ? [postgresTarget(process.env.TEST_DATABASE_URL)] : []),
];
