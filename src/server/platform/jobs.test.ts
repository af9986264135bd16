import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { Type } from 'typebox';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { DATABASE_TARGETS } from '../test-support/databases';
import type { TestDatabase } from '../test-support/databases';
import { openDatabase, type DatabaseHandle } from './db/database';
import { migrateToLatest } from './db/migrate';
import { dailyRunTime, dayOf, defineDailyJob, defineJob, JobPayloadError, JobQueue, nextDailyRun } from './jobs';

const NIGHTLY_JOB = defineDailyJob('test-nightly', 3);

const GREETING_JOB = defineJob(
  'test-greeting',
  Type.Object({
    to: Type.String({ minLength: 1 }),
    times: Type.Integer({ minimum: 1 }),
  }),
);

describe.each(DATABASE_TARGETS)('job queue on $name', (target) => {
  let testDatabase: TestDatabase;
  let database: DatabaseHandle;
  let queue: JobQueue;
  const logs: Record<string, unknown>[] = [];
  const greeted: string[] = [];

  beforeAll(async () => {
    testDatabase = await target.create();
    database = openDatabase(testDatabase.config);
    await migrateToLatest(database.db);
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n'))
          if (line.trim()) logs.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    const { log } = Fastify({ logger: { level: 'info', stream } });
    queue = new JobQueue(database, log, 1000);
    // Typed without a cast: `to` is a string and `times` a number here.
    queue.handle(GREETING_JOB, async ({ to, times }) => {
      greeted.push(`${to.toUpperCase()}x${times.toFixed(0)}`);
    });
    queue.handleDaily(NIGHTLY_JOB, async (day) => {
      greeted.push(`nightly ${day}`);
    });
  });

  afterAll(async () => {
    await database?.close();
    await testDatabase?.dispose();
  });

  beforeEach(async () => {
    await database.db.deleteFrom('jobs').execute();
    logs.length = 0;
    greeted.length = 0;
  });

  const storedJobs = () => database.db.selectFrom('jobs').selectAll().execute();

  async function storeRaw(payload: string, attempts = 0): Promise<string> {
    const id = randomUUID();
    const now = Date.now();
    await database.db
      .insertInto('jobs')
      .values({
        id,
        kind: GREETING_JOB.kind,
        payload,
        user_id: null,
        run_at: now - 1000,
        locked_until: null,
        attempts,
        last_error: null,
        failed_at: null,
        created_at: now,
      })
      .execute();
    return id;
  }

  test('queues a keyed job once, however often it is asked for', async () => {
    for (let n = 0; n < 3; n += 1)
      await queue.enqueue(database.db, GREETING_JOB, { to: 'key', times: 1 }, { key: 'once' });
    expect(await storedJobs()).toHaveLength(1);
    await queue.drain();
    expect(greeted).toEqual(['KEYx1']);
  });

  test('runs a daily job for its day, then queues the next day to come (never a string of past days)', async () => {
    const now = Date.parse('2026-12-01T12:00:00Z');
    expect(nextDailyRun(NIGHTLY_JOB, now)).toBe('2026-12-02');
    expect(nextDailyRun(NIGHTLY_JOB, Date.parse('2026-12-01T02:00:00Z'))).toBe('2026-12-01');
    await queue.scheduleDaily();
    await queue.scheduleDaily();
    expect(await storedJobs()).toHaveLength(1);
    // A run for a day long past (a queue that stood still) runs once, and queues the next day to come.
    await queue.enqueueDaily(database.db, NIGHTLY_JOB, '2020-01-01', Date.now());
    await queue.drain();
    expect(greeted).toEqual(['nightly 2020-01-01']);
    const [next] = await storedJobs();
    expect(next?.payload).toBe(JSON.stringify({ day: nextDailyRun(NIGHTLY_JOB, Date.now()) }));
    expect(Number(next?.run_at)).toBe(dailyRunTime(NIGHTLY_JOB, nextDailyRun(NIGHTLY_JOB, Date.now())));
    expect(dayOf(Number(next?.run_at))).toBe(nextDailyRun(NIGHTLY_JOB, Date.now()));
  });

  test('runs a job with its payload and removes it', async () => {
    await queue.enqueue(database.db, GREETING_JOB, { to: 'ada', times: 2 });
    await queue.drain();
    expect(greeted).toEqual(['ADAx2']);
    expect(await storedJobs()).toEqual([]);
  });

  test('refuses a payload that does not fit when it is enqueued, and writes nothing', async () => {
    const bad = { to: '', times: 'twice' } as unknown as { to: string; times: number };
    const attempt = database.db.transaction().execute((trx) => queue.enqueue(trx, GREETING_JOB, bad));
    await expect(attempt).rejects.toThrow(JobPayloadError);
    const error = await queue.enqueue(database.db, GREETING_JOB, bad).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(JobPayloadError);
    expect((error as JobPayloadError).message).toMatch(/^payload of job kind test-greeting does not fit its schema/);
    expect((error as JobPayloadError).problems).toEqual(
      expect.arrayContaining([expect.stringMatching(/^\/to /), expect.stringMatching(/^\/times /)]),
    );
    expect(await storedJobs()).toEqual([]);
  });

  test('fails a stored job whose payload no longer fits, logs why, and goes on with the next', async () => {
    const startedAt = Date.now();
    const badId = await storeRaw(JSON.stringify({ to: 42, secret: 'not-in-the-logs' }));
    await queue.enqueue(database.db, GREETING_JOB, { to: 'grace', times: 1 });
    await queue.drain();

    expect(greeted).toEqual(['GRACEx1']);
    const [bad, ...others] = await storedJobs();
    expect(others).toEqual([]);
    expect(bad).toMatchObject({ id: badId, attempts: 1, failed_at: null, locked_until: null });
    expect(bad!.last_error).toMatch(/^payload of job kind test-greeting does not fit its schema: /);
    expect(bad!.last_error).toContain('/to must be string');
    expect(bad!.last_error).toContain('times');
    // Retried later like any failed job: another version of the code may still take it.
    expect(Number(bad!.run_at)).toBeGreaterThan(startedAt);

    const line = logs.find((entry) => entry.msg === 'job failed');
    expect(line).toMatchObject({
      jobId: badId,
      kind: 'test-greeting',
      attempts: 1,
      failed: false,
      problems: expect.arrayContaining([expect.stringMatching(/^\/to /)]),
    });
    expect(JSON.stringify(logs)).not.toContain('not-in-the-logs');
  });

  test('keeps a job that does not fit as failed after its last attempt', async () => {
    const id = await storeRaw(JSON.stringify({ to: 'x' }), 4);
    await queue.drain();
    const [job] = await storedJobs();
    expect(job).toMatchObject({ id, attempts: 5 });
    expect(job!.failed_at).not.toBeNull();
    expect(logs.find((entry) => entry.msg === 'job failed')).toMatchObject({ failed: true });
    expect(greeted).toEqual([]);
  });

  test('fails a stored payload that is not JSON the same way', async () => {
    const id = await storeRaw('{not json');
    await queue.drain();
    const [job] = await storedJobs();
    expect(job).toMatchObject({ id, attempts: 1, failed_at: null });
    expect(job!.last_error).toBeTruthy();
  });
});
