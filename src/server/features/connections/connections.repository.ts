import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { ConnectDailyCountsTable, Db } from '../../platform/db/schema';
import { dayOf } from '../../platform/jobs';

export type ConnectCounter = Exclude<keyof ConnectDailyCountsTable, 'day'>;

/** All SQL for connections, their follow-ups, learnings and the daily connect counters. */
export function connectionsRepository(db: Db) {
  return {
    /** Adds one to a counter of the day (a row per UTC day, no person in it). */
    async count(counter: ConnectCounter, now: number): Promise<void> {
      await db
        .insertInto('connect_daily_counts')
        .values({
          day: dayOf(now),
          requests: 0,
          requests_accepted: 0,
          connections: 0,
          invitations_sent: 0,
          invitations_accepted: 0,
          follow_ups_answered: 0,
          [counter]: 1,
        })
        .onConflict((conflict) =>
          conflict
            .column('day')
            .doUpdateSet((eb) => ({ [counter]: eb(sql.ref(`connect_daily_counts.${counter}`), '+', 1) })),
        )
        .execute();
    },

    async dailyCounts(fromDay: string) {
      return db.selectFrom('connect_daily_counts').selectAll().where('day', '>=', fromDay).orderBy('day').execute();
    },

    /**
     * Records the conversation's connection once both members have written in it; answers its id
     * when this call made it (so the follow-up is scheduled once).
     */
    async connectIfBothWrote(conversationId: string, now: number): Promise<string | undefined> {
      const existing = await db
        .selectFrom('connections')
        .select('id')
        .where('conversation_id', '=', conversationId)
        .executeTakeFirst();
      if (existing) return undefined;
      const authors = await db
        .selectFrom('messages')
        .select((eb) => eb.fn.count<number>('author_id').distinct().as('authors'))
        .where('conversation_id', '=', conversationId)
        .executeTakeFirst();
      if (Number(authors?.authors ?? 0) < 2) return undefined;
      const id = randomUUID();
      await db.insertInto('connections').values({ id, conversation_id: conversationId, connected_at: now }).execute();
      return id;
    },

    /** The connection and who is still in its conversation. */
    async connection(connectionId: string) {
      const connection = await db
        .selectFrom('connections')
        .select(['id', 'conversation_id', 'connected_at'])
        .where('id', '=', connectionId)
        .executeTakeFirst();
      if (!connection) return undefined;
      const members = await db
        .selectFrom('conversation_members')
        .select('user_id')
        .where('conversation_id', '=', connection.conversation_id)
        .execute();
      return { ...connection, memberIds: members.map((row) => row.user_id) };
    },

    /** Opens the follow-up of a connection for one member (once: asking again does nothing). */
    async ask(connectionId: string, userId: string, otherId: string | null, now: number): Promise<void> {
      await db
        .insertInto('follow_ups')
        .values({
          id: randomUUID(),
          connection_id: connectionId,
          user_id: userId,
          other_id: otherId,
          asked_at: now,
          answered_at: null,
          dismissed_at: null,
          satisfaction: null,
          note: null,
        })
        .onConflict((conflict) => conflict.columns(['connection_id', 'user_id']).doNothing())
        .execute();
    },

    /** Follow-ups waiting for the member: asked, neither answered nor dismissed. */
    async pendingFor(userId: string) {
      return db
        .selectFrom('follow_ups as f')
        .innerJoin('connections as c', 'c.id', 'f.connection_id')
        .select(['f.id', 'f.other_id', 'f.asked_at', 'c.conversation_id', 'c.connected_at'])
        .where('f.user_id', '=', userId)
        .where('f.answered_at', 'is', null)
        .where('f.dismissed_at', 'is', null)
        .orderBy('f.asked_at')
        .execute();
    },

    /** One of the member's follow-ups still open, locked for the answer. */
    async openFollowUp(followUpId: string, userId: string) {
      return db
        .selectFrom('follow_ups')
        .select(['id', 'other_id'])
        .where('id', '=', followUpId)
        .where('user_id', '=', userId)
        .where('answered_at', 'is', null)
        .where('dismissed_at', 'is', null)
        .executeTakeFirst();
    },

    async answer(
      followUpId: string,
      answer: { satisfaction: number; note: string | null },
      learnings: readonly {
        learnerId: string | null;
        sharerId: string | null;
        capacityId: number;
        statedBy: 'learner' | 'sharer';
      }[],
      now: number,
    ): Promise<void> {
      await db
        .updateTable('follow_ups')
        .set({ answered_at: now, satisfaction: answer.satisfaction, note: answer.note })
        .where('id', '=', followUpId)
        .execute();
      if (learnings.length > 0)
        await db
          .insertInto('learnings')
          .values(
            learnings.map((learning) => ({
              id: randomUUID(),
              follow_up_id: followUpId,
              learner_id: learning.learnerId,
              sharer_id: learning.sharerId,
              capacity_id: learning.capacityId,
              stated_by: learning.statedBy,
              created_at: now,
            })),
          )
          .execute();
    },

    async dismiss(followUpId: string, now: number): Promise<void> {
      await db.updateTable('follow_ups').set({ dismissed_at: now }).where('id', '=', followUpId).execute();
    },

    /**
     * When capacities were learned (one row per learning) and follow-ups rated, since `from`: only
     * times and ratings, which the reports count by month.
     */
    async outcomesSince(from: number) {
      const [learned, rated] = await Promise.all([
        db.selectFrom('learnings').select('created_at').where('created_at', '>=', from).execute(),
        db
          .selectFrom('follow_ups')
          .select(['answered_at', 'satisfaction'])
          .where('answered_at', '>=', from)
          .where('satisfaction', 'is not', null)
          .execute(),
      ]);
      return {
        learnedAt: learned.map((row) => Number(row.created_at)),
        ratings: rated.map((row) => ({ at: Number(row.answered_at), satisfaction: Number(row.satisfaction) })),
      };
    },

    /** How satisfied answers were, by score (for the reports, which suppress small numbers). */
    async satisfactionCounts() {
      return db
        .selectFrom('follow_ups')
        .select(['satisfaction', (eb) => eb.fn.countAll<number>().as('answers')])
        .where('satisfaction', 'is not', null)
        .groupBy('satisfaction')
        .orderBy('satisfaction')
        .execute();
    },

    async exportFor(userId: string) {
      const [followUps, learned, sharedWithOthers] = await Promise.all([
        db
          .selectFrom('follow_ups')
          .select(['id', 'asked_at', 'answered_at', 'dismissed_at', 'satisfaction', 'note'])
          .where('user_id', '=', userId)
          .orderBy('asked_at')
          .execute(),
        db
          .selectFrom('learnings')
          .select(['capacity_id', 'stated_by', 'created_at'])
          .where('learner_id', '=', userId)
          .orderBy('created_at')
          .execute(),
        db
          .selectFrom('learnings')
          .select(['capacity_id', 'stated_by', 'created_at'])
          .where('sharer_id', '=', userId)
          .orderBy('created_at')
          .execute(),
      ]);
      return { followUps, learned, sharedWithOthers };
    },

    /** The member's answers go; what others stated no longer names them. */
    async eraseFor(userId: string): Promise<void> {
      await db.deleteFrom('follow_ups').where('user_id', '=', userId).execute();
      await db.updateTable('learnings').set({ learner_id: null }).where('learner_id', '=', userId).execute();
      await db.updateTable('learnings').set({ sharer_id: null }).where('sharer_id', '=', userId).execute();
      await db.updateTable('follow_ups').set({ other_id: null }).where('other_id', '=', userId).execute();
    },
  };
}
