import type { Db } from '../../platform/db/schema';

export type PresenceMeasure = 'active-days' | 'visit-length';

/** A change to one published count: +1 into a bucket, -1 out of the one a member or visit left. */
export interface CountChange {
  readonly month: string;
  readonly measure: PresenceMeasure;
  readonly bucket: string;
  readonly change: 1 | -1;
}

/**
 * All SQL of presence: the counts, and the two small rows that say where a member and a visit
 * stand now. Updates are conditional on the row read (compare and set), so when two instances see
 * the same session at once only one of them counts.
 */
export function presenceRepository(db: Db) {
  return {
    visitOf(sessionId: string) {
      return db
        .selectFrom('session_presence')
        .select(['visit_started_at as startedAt', 'visit_seen_at as seenAt'])
        .where('session_id', '=', sessionId)
        .executeTakeFirst();
    },

    /** Starts the session's first visit; false when another request did first. */
    async startFirstVisit(sessionId: string, now: number): Promise<boolean> {
      const result = await db
        .insertInto('session_presence')
        .values({ session_id: sessionId, visit_started_at: now, visit_seen_at: now })
        .onConflict((conflict) => conflict.column('session_id').doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
    },

    /** Moves a visit on (or starts the next one) if it is still as it was read; false if not. */
    async moveVisit(
      sessionId: string,
      was: { startedAt: number; seenAt: number },
      to: { startedAt: number; seenAt: number },
    ): Promise<boolean> {
      const result = await db
        .updateTable('session_presence')
        .set({ visit_started_at: to.startedAt, visit_seen_at: to.seenAt })
        .where('session_id', '=', sessionId)
        .where('visit_started_at', '=', was.startedAt)
        .where('visit_seen_at', '=', was.seenAt)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    memberOf(userId: string) {
      return db
        .selectFrom('member_presence')
        .select(['active_day as activeDay', 'active_days as activeDays'])
        .where('user_id', '=', userId)
        .executeTakeFirst();
    },

    async startMember(userId: string, day: number): Promise<boolean> {
      const result = await db
        .insertInto('member_presence')
        .values({ user_id: userId, active_day: day, active_days: 1 })
        .onConflict((conflict) => conflict.column('user_id').doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
    },

    async moveMember(
      userId: string,
      was: { activeDay: number },
      to: { activeDay: number; activeDays: number },
    ): Promise<boolean> {
      const result = await db
        .updateTable('member_presence')
        .set({ active_day: to.activeDay, active_days: to.activeDays })
        .where('user_id', '=', userId)
        .where('active_day', '=', was.activeDay)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async changeCounts(changes: readonly CountChange[]): Promise<void> {
      for (const { month, measure, bucket, change } of changes)
        await db
          .insertInto('presence_counts')
          .values({ month, measure, bucket, count: change })
          .onConflict((conflict) =>
            conflict
              .columns(['month', 'measure', 'bucket'])
              .doUpdateSet((eb) => ({ count: eb('presence_counts.count', '+', change) })),
          )
          .execute();
    },

    /** The counts of these months, every measure and bucket. */
    countsFrom(firstMonth: string) {
      return db
        .selectFrom('presence_counts')
        .select(['month', 'measure', 'bucket', 'count'])
        .where('month', '>=', firstMonth)
        .execute();
    },

    exportOf(userId: string) {
      return Promise.all([
        db
          .selectFrom('member_presence')
          .select(['active_day', 'active_days'])
          .where('user_id', '=', userId)
          .executeTakeFirst(),
        db
          .selectFrom('session_presence')
          .innerJoin('sessions', 'sessions.id', 'session_presence.session_id')
          .select(['session_presence.visit_started_at', 'session_presence.visit_seen_at'])
          .where('sessions.user_id', '=', userId)
          .orderBy('session_presence.visit_started_at')
          .execute(),
      ]);
    },

    async erase(userId: string): Promise<void> {
      await db.deleteFrom('member_presence').where('user_id', '=', userId).execute();
      await db
        .deleteFrom('session_presence')
        .where('session_id', 'in', (eb) => eb.selectFrom('sessions').select('id').where('user_id', '=', userId))
        .execute();
    },
  };
}
