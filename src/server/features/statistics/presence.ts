import type { ActiveDaysBucket, VisitLengthBucket } from '../../../shared/vocabulary';
import type { Db } from '../../platform/db/schema';
import type { PersonalDataSource } from '../../platform/personal-data';
import { countedInStatistics } from '../profiles/profiles.public';
import { presenceRepository, type CountChange } from './presence.repository';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** Half an hour without a request ends a visit; the next request begins another. */
export const VISIT_GAP_MS = 30 * MINUTE;
/**
 * A session's presence is written at most once a minute by each process: visit lengths are known
 * to the minute, which is all their buckets need, and a member reading pages writes nothing more.
 */
export const PRESENCE_STEP_MS = MINUTE;
/** Sessions this process remembers writing for; past it, the oldest are forgotten (and write once more). */
const REMEMBERED_SESSIONS = 10_000;

export function activeDaysBucket(days: number): ActiveDaysBucket {
  return days <= 1 ? '1-day' : days < 5 ? '2-4-days' : days < 10 ? '5-9-days' : '10-days-or-more';
}

export function visitLengthBucket(lengthMs: number): VisitLengthBucket {
  const minutes = lengthMs / MINUTE;
  if (minutes < 1) return 'under-1-minute';
  if (minutes < 5) return '1-4-minutes';
  if (minutes < 15) return '5-14-minutes';
  if (minutes < 30) return '15-29-minutes';
  if (minutes < 60) return '30-59-minutes';
  return '1-hour-or-more';
}

const monthOf = (time: number) => new Date(time).toISOString().slice(0, 7);

interface PresenceLog {
  warn(details: { err: unknown }, message: string): void;
}

/**
 * How often members come and how long they stay, counted without following anyone: each signed-in
 * request of a member in the statistics moves counts of the month at once (a visit from one length
 * bucket to the next; a member from "2 to 4 days" to "5 to 9 days"), and all that is kept of the
 * person is where they stand now: their last active day and its month's count, and their session's
 * current visit. No list of days, visits or pages exists to be read back, exported or leaked; the
 * counts hold no one. Members who opted out of the statistics, or have not finished their first
 * sign-in, are not counted.
 */
export function presenceRecorder(db: Db, log: PresenceLog) {
  const writtenAt = new Map<string, number>();

  async function record(trx: Db, userId: string, sessionId: string, now: number): Promise<void> {
    if (!(await countedInStatistics(trx, userId))) return;
    const repository = presenceRepository(trx);
    const changes: CountChange[] = [];
    const count = (month: string, measure: CountChange['measure'], bucket: string, change: 1 | -1) =>
      changes.push({ month, measure, bucket, change });

    const visit = await repository.visitOf(sessionId);
    if (!visit || now - visit.seenAt > VISIT_GAP_MS) {
      const started = visit
        ? await repository.moveVisit(sessionId, visit, { startedAt: now, seenAt: now })
        : await repository.startFirstVisit(sessionId, now);
      if (!started) return; // another request of this session counted it
      count(monthOf(now), 'visit-length', visitLengthBucket(0), 1);
    } else if (now > visit.seenAt) {
      if (!(await repository.moveVisit(sessionId, visit, { startedAt: visit.startedAt, seenAt: now }))) return;
      const before = visitLengthBucket(visit.seenAt - visit.startedAt);
      const after = visitLengthBucket(now - visit.startedAt);
      // A visit counts in the month it began, however long it runs into the next.
      if (before !== after) {
        count(monthOf(visit.startedAt), 'visit-length', before, -1);
        count(monthOf(visit.startedAt), 'visit-length', after, 1);
      }
    }

    const today = Math.floor(now / DAY);
    const member = await repository.memberOf(userId);
    if (!member) {
      if (await repository.startMember(userId, today)) count(monthOf(now), 'active-days', activeDaysBucket(1), 1);
    } else if (member.activeDay < today) {
      const sameMonth = monthOf(member.activeDay * DAY) === monthOf(now);
      const days = sameMonth ? member.activeDays + 1 : 1;
      if (await repository.moveMember(userId, member, { activeDay: today, activeDays: days })) {
        const before = activeDaysBucket(days - 1);
        const after = activeDaysBucket(days);
        if (!sameMonth) count(monthOf(now), 'active-days', after, 1);
        else if (before !== after) {
          count(monthOf(now), 'active-days', before, -1);
          count(monthOf(now), 'active-days', after, 1);
        }
      }
    }
    await repository.changeCounts(changes);
  }

  return {
    /**
     * A signed-in request of this member's session. At most once a minute per session it counts,
     * in one short transaction; a failure is logged and never fails the request it came with.
     */
    async seen(userId: string, sessionId: string, now = Date.now()): Promise<void> {
      const last = writtenAt.get(sessionId);
      if (last !== undefined && now - last < PRESENCE_STEP_MS) return;
      writtenAt.delete(sessionId);
      writtenAt.set(sessionId, now);
      if (writtenAt.size > REMEMBERED_SESSIONS) writtenAt.delete(writtenAt.keys().next().value!);
      try {
        await db.transaction().execute((trx) => record(trx, userId, sessionId, now));
      } catch (error) {
        log.warn({ err: error }, 'a visit could not be counted');
      }
    },
  };
}

export type PresenceRecorder = ReturnType<typeof presenceRecorder>;

const iso = (time: number) => new Date(time).toISOString();

/** What presence keeps of a member: their last active day and its month's count, their sessions' current visits. */
export const presencePersonalData: PersonalDataSource = {
  name: 'presence',
  async export(db, userId) {
    const [member, visits] = await presenceRepository(db).exportOf(userId);
    return {
      lastActiveDay: member ? iso(member.active_day * DAY).slice(0, 10) : null,
      activeDaysThatMonth: member?.active_days ?? null,
      currentVisits: visits.map((visit) => ({
        startedAt: iso(visit.visit_started_at),
        lastSeenAt: iso(visit.visit_seen_at),
      })),
    };
  },
  erase: (db, userId) => presenceRepository(db).erase(userId),
};
