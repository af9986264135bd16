import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll } from 'vitest';
import { buildApp, type AppInstance } from '../app';
import { loadConfig } from '../platform/config';
import { openDatabase, type DatabaseHandle } from '../platform/db/database';
import { prepareDatabase } from '../startup';
import type { DatabaseTarget, TestDatabase } from './databases';

export interface TestApp {
  readonly app: AppInstance;
  readonly database: DatabaseHandle;
  /** Every log line the app wrote, parsed. */
  readonly logs: Record<string, unknown>[];
  close(): Promise<void>;
}

/** The whole app on a fresh, migrated and seeded database of the given kind. */
export async function startTestApp(
  target: DatabaseTarget,
  env: Record<string, string> = {},
  /** Sees the SQL of every statement the app runs, e.g. to count the queries of one request. */
  onQuery?: (sql: string) => void,
): Promise<TestApp> {
  return startTestAppOn(await target.create(), env, onQuery);
}

/** The whole app on a database that exists already (e.g. one a test restored a backup into); disposes it on close. */
export async function startTestAppOn(
  testDatabase: TestDatabase,
  env: Record<string, string> = {},
  onQuery?: (sql: string) => void,
): Promise<TestApp> {
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    WEB_DIST_DIR: '/nonexistent',
    JOB_POLL_MS: '20',
    MAIL_DIR: join(tmpdir(), 'cxc-test-mail'),
    ...env,
  });
  const database = openDatabase(testDatabase.config, { onQuery });
  await prepareDatabase(database);
  const logs: Record<string, unknown>[] = [];
  const logStream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n'))
        if (line.trim()) logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const app = await buildApp({ config: { ...config, database: testDatabase.config }, database, logStream });
  await app.ready();
  return {
    app,
    database,
    logs,
    async close() {
      await app.close();
      await database.close();
      await testDatabase.dispose();
    },
  };
}

/**
 * For a `describe` block: the app on a fresh database of `target`, started before its tests and
 * closed after them. Read `.current` inside tests.
 */
export function useTestApp(
  target: DatabaseTarget,
  /** Extra environment; a function when it depends on something started in an outer beforeAll. */
  env: Record<string, string> | (() => Record<string, string>) = {},
): { readonly current: TestApp } {
  let testApp: TestApp | undefined;
  beforeAll(async () => {
    testApp = await startTestApp(target, typeof env === 'function' ? env() : env);
  });
  afterAll(async () => {
    await testApp?.close();
  });
  return {
    get current() {
      if (!testApp) throw new Error('The test app is not started yet');
      return testApp;
    },
  };
}
