import { Type } from 'typebox';
import type { Db } from '../../platform/db/schema';
import { defineJob, type JobQueue } from '../../platform/jobs';
import { connectionsRepository, type ConnectCounter } from './connections.repository';

/*
 * What other features tell connections: counters for the reports, and each message, so that a
 * conversation where both have written becomes a connection with a follow-up fourteen days later.
 */

/** The follow-up is asked this long after the connection. */
export const FOLLOW_UP_AFTER_MS = 14 * 86_400_000;

/** Opens the follow-up of a connection for both its members, when it is due. */
export const FOLLOW_UP_JOB = defineJob('follow-up', Type.Object({ connectionId: Type.String() }));

/** Adds one to a daily counter (in the transaction of what it counts). */
export function countConnect(db: Db, counter: ConnectCounter, now = Date.now()): Promise<void> {
  return connectionsRepository(db).count(counter, now);
}

/**
 * Called in the transaction of every new message: the first time both members have written, the
 * connection is recorded, counted, and its follow-up queued for fourteen days later.
 */
export async function noteMessage(db: Db, jobs: JobQueue, conversationId: string, now: number): Promise<void> {
  const repository = connectionsRepository(db);
  const connectionId = await repository.connectIfBothWrote(conversationId, now);
  if (!connectionId) return;
  await repository.count('connections', now);
  await jobs.enqueue(db, FOLLOW_UP_JOB, { connectionId }, { runAt: now + FOLLOW_UP_AFTER_MS, key: connectionId });
}

/** The daily connect counters since `fromDay` (YYYY-MM-DD), for the reports: no person in them. */
export function connectCountsSince(db: Db, fromDay: string) {
  return connectionsRepository(db).dailyCounts(fromDay);
}

/** Capacities learned (one per learning stated in a follow-up) and ratings given, per UTC day since `from` (ms). */
export function outcomesSince(db: Db, from: number) {
  return connectionsRepository(db).outcomesSince(from);
}
