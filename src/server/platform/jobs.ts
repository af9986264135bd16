import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { Type, type Static, type TProperties, type TSchema } from 'typebox';
import { Compile, type Validator } from 'typebox/compile';
import { sha256 } from './crypto';
import type { DatabaseHandle } from './db/database';
import type { Db, JobTable } from './db/schema';

/** A kind of job and the shape of its payload; the queue checks the payload when it is enqueued and when it runs. */
export interface JobDefinition<Schema extends TSchema = TSchema> {
  readonly kind: string;
  readonly schema: Schema;
  readonly validator: Validator<TProperties, Schema>;
}

export function defineJob<const Schema extends TSchema>(kind: string, schema: Schema): JobDefinition<Schema> {
  return Object.freeze({ kind, schema, validator: Compile(schema) });
}

const DAY_MS = 86_400_000;
/** The UTC day of a time, `YYYY-MM-DD`. */
export const dayOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

const DailyPayload = Type.Object({ day: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }) });
/** Work done once a day at a fixed hour (UTC), e.g. the digest sweep; its payload is the day it is for. */
export interface DailyJobDefinition extends JobDefinition<typeof DailyPayload> {
  readonly hourUtc: number;
}

export function defineDailyJob(kind: string, hourUtc: number): DailyJobDefinition {
  return Object.freeze({ ...defineJob(kind, DailyPayload), hourUtc });
}

/** When a daily job runs for `day`. */
export function dailyRunTime(definition: DailyJobDefinition, day: string): number {
  return Date.parse(`${day}T00:00:00Z`) + definition.hourUtc * 3_600_000;
}

/** The next day a daily job is to run for, from `now`: today if its hour is still to come, else tomorrow. */
export function nextDailyRun(definition: DailyJobDefinition, now: number): string {
  const today = dayOf(now);
  return dailyRunTime(definition, today) > now ? today : dayOf(now + DAY_MS);
}

/** A payload that does not fit its job's schema; `problems` name the paths and never repeat the values. */
export class JobPayloadError extends Error {
  constructor(
    readonly kind: string,
    readonly problems: readonly string[],
  ) {
    super(`payload of job kind ${kind} does not fit its schema: ${problems.join('; ')}`);
    this.name = 'JobPayloadError';
  }
}

function checkedPayload<Schema extends TSchema>(definition: JobDefinition<Schema>, payload: unknown): Static<Schema> {
  if (definition.validator.Check(payload)) return payload;
  const problems = definition.validator.Errors(payload).map((error) => `${error.instancePath || '/'} ${error.message}`);
  throw new JobPayloadError(definition.kind, problems);
}

const LOCK_MS = 60_000;
const MAX_ATTEMPTS = 5;

/**
 * Background work (e-mails now; digests and rollups later) in a `jobs` table both databases share,
 * so it survives restarts and several instances can work the queue together: each job is claimed
 * by one worker, retried with back-off, and kept as failed after five attempts.
 */
export class JobQueue {
  private readonly handlers = new Map<string, (payload: unknown) => Promise<void>>();
  private readonly daily: DailyJobDefinition[] = [];
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;

  constructor(
    private readonly database: DatabaseHandle,
    private readonly log: FastifyBaseLogger,
    private readonly pollMs: number,
  ) {}

  /**
   * Runs `handler` for every job of this kind. A stored payload is checked again first: one written by
   * another version of the code may no longer fit, and then the job fails like any other (and is retried,
   * since an instance running that version may still take it).
   */
  handle<Schema extends TSchema>(
    definition: JobDefinition<Schema>,
    handler: (payload: Static<Schema>) => Promise<void>,
  ): void {
    this.handlers.set(definition.kind, (payload) => handler(checkedPayload(definition, payload)));
  }

  /**
   * Runs `handler` once a day for each day, then queues the next day. Every instance may ask for the
   * same day (`scheduleDaily`); the job is keyed by its day, so one of them runs it.
   */
  handleDaily(definition: DailyJobDefinition, handler: (day: string) => Promise<void>): void {
    this.daily.push(definition);
    this.handle(definition, async ({ day }) => {
      await handler(day);
      // The day after, or the next one to come if that is past already (a run that waited long).
      const following = dayOf(Date.parse(`${day}T00:00:00Z`) + DAY_MS);
      const upcoming = nextDailyRun(definition, Date.now());
      await this.enqueueDaily(this.database.db, definition, following > upcoming ? following : upcoming);
    });
  }

  /** Queues the next run of every daily job (at start; a day already queued is left as it is). */
  async scheduleDaily(now = Date.now()): Promise<void> {
    for (const definition of this.daily)
      await this.enqueueDaily(this.database.db, definition, nextDailyRun(definition, now));
  }

  /** Queues a daily job for `day` at its hour; running it sooner (tests, an operator) is `runAt: now`. */
  enqueueDaily(
    db: Db,
    definition: DailyJobDefinition,
    day: string,
    runAt = dailyRunTime(definition, day),
  ): Promise<void> {
    return this.enqueue(db, definition, { day }, { runAt, key: day });
  }

  /**
   * Adds a job; pass the transaction of the write it belongs to, so both happen or neither. A payload
   * that does not fit the definition is a mistake in the calling code: it throws and nothing is written.
   */
  async enqueue<Schema extends TSchema>(
    db: Db,
    definition: JobDefinition<Schema>,
    payload: Static<Schema>,
    options: {
      userId?: string;
      /** Not before this time (ms); now by default. */
      runAt?: number;
      /** A job with this key that is still queued is not queued again (e.g. one digest sweep per day). */
      key?: string;
    } = {},
  ): Promise<void> {
    const checked = checkedPayload(definition, payload);
    const now = Date.now();
    await db
      .insertInto('jobs')
      .values({
        // A keyed job's id is made from its key (hashed to fit the column), so the same key clashes.
        id: options.key ? sha256(`${definition.kind}:${options.key}`).slice(0, 36) : randomUUID(),
        kind: definition.kind,
        payload: JSON.stringify(checked),
        user_id: options.userId ?? null,
        run_at: options.runAt ?? now,
        locked_until: null,
        attempts: 0,
        last_error: null,
        failed_at: null,
        created_at: now,
      })
      .onConflict((conflict) => conflict.column('id').doNothing())
      .execute();
    if ((options.runAt ?? now) <= now) this.nudge();
  }

  start(): void {
    this.stopped = false;
    this.schedule(this.pollMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Runs due jobs until none is left (used by tests and at shutdown). */
  async drain(): Promise<void> {
    // The poller may claim a job while this looks (on PostgreSQL this then skips it, locked): done
    // only once this found nothing and no poll is running, so every due job has finished.
    for (;;) {
      await this.running;
      if (!(await this.runOne()) && this.running === undefined) return;
    }
  }

  /** Looks at the queue soon, instead of at the next poll. */
  private nudge(): void {
    if (!this.stopped) this.schedule(0);
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running = (async () => {
        try {
          while (!this.stopped && (await this.runOne())) {
            /* keep going */
          }
        } catch (error) {
          this.log.error({ err: error }, 'job queue failed');
        }
      })().finally(() => {
        this.running = undefined;
        if (!this.stopped) this.schedule(this.pollMs);
      });
    }, delayMs);
    this.timer.unref();
  }

  private async claim(now: number): Promise<JobTable | undefined> {
    const { db, dialect } = this.database;
    const next = dialect.lockRowsSkippingLocked(
      db
        .selectFrom('jobs')
        .select('id')
        .where('failed_at', 'is', null)
        .where('run_at', '<=', now)
        .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
        .orderBy('run_at')
        .limit(1),
    );
    return db
      .updateTable('jobs')
      .set((eb) => ({ locked_until: now + LOCK_MS, attempts: eb('attempts', '+', 1) }))
      .where('id', '=', (eb) => eb.selectFrom(next.as('next')).select('next.id'))
      .returningAll()
      .executeTakeFirst();
  }

  /** Jobs that failed in this process since it started, by kind (for /metrics; the table keeps the rest). */
  readonly failuresByKind = new Map<string, number>();

  /** The queue as of `now`: jobs due, jobs waiting for their time (retries, later sends), jobs given up. */
  async depth(now = Date.now()): Promise<{ due: number; waiting: number; failed: number }> {
    const rows = await this.database.db
      .selectFrom('jobs')
      .select((eb) => [
        eb.fn.countAll<number>().filterWhere('failed_at', 'is not', null).as('failed'),
        eb.fn.countAll<number>().filterWhere('failed_at', 'is', null).filterWhere('run_at', '<=', now).as('due'),
        eb.fn.countAll<number>().filterWhere('failed_at', 'is', null).filterWhere('run_at', '>', now).as('waiting'),
      ])
      .executeTakeFirst();
    return { due: Number(rows?.due ?? 0), waiting: Number(rows?.waiting ?? 0), failed: Number(rows?.failed ?? 0) };
  }

  /** Claims and runs one due job; answers whether there was one. */
  private async runOne(): Promise<boolean> {
    const now = Date.now();
    const job = await this.claim(now);
    if (!job) return false;
    const { db } = this.database;
    const handler = this.handlers.get(job.kind);
    try {
      if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
      await handler(JSON.parse(job.payload) as unknown);
      await db.deleteFrom('jobs').where('id', '=', job.id).execute();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const failed = job.attempts >= MAX_ATTEMPTS;
      this.failuresByKind.set(job.kind, (this.failuresByKind.get(job.kind) ?? 0) + 1);
      const problems = error instanceof JobPayloadError ? { problems: error.problems } : {};
      this.log.warn({ jobId: job.id, kind: job.kind, attempts: job.attempts, failed, ...problems }, 'job failed');
      await db
        .updateTable('jobs')
        .set({
          last_error: message.slice(0, 1000),
          locked_until: null,
          run_at: now + 2 ** job.attempts * 10_000,
          failed_at: failed ? now : null,
        })
        .where('id', '=', job.id)
        .execute();
    }
    return true;
  }
}
