import { randomUUID } from 'node:crypto';
import type { Db } from '../../platform/db/schema';

/** All SQL for blocks between members. */
export function blocksRepository(db: Db) {
  return {
    /** Records that `blockerId` blocked `blockedId` (again is nothing new). */
    async block(blockerId: string, blockedId: string, now = Date.now()): Promise<void> {
      await db
        .insertInto('blocks')
        .values({ id: randomUUID(), blocker_id: blockerId, blocked_id: blockedId, created_at: now })
        .onConflict((conflict) => conflict.columns(['blocker_id', 'blocked_id']).doNothing())
        .execute();
    },

    /** Removes one of the member's own blocks; answers whether there was one. */
    async unblock(blockerId: string, blockId: string): Promise<boolean> {
      const result = await db
        .deleteFrom('blocks')
        .where('id', '=', blockId)
        .where('blocker_id', '=', blockerId)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    /** Whom the member blocked, the latest first. */
    async blockedBy(blockerId: string) {
      return db
        .selectFrom('blocks')
        .select(['id', 'blocked_id', 'created_at'])
        .where('blocker_id', '=', blockerId)
        .orderBy('created_at', 'desc')
        .execute();
    },

    /** Everyone the member blocked or was blocked by. */
    async blockedEitherWay(userId: string): Promise<string[]> {
      const rows = await db
        .selectFrom('blocks')
        .select('blocked_id as other')
        .where('blocker_id', '=', userId)
        .union(db.selectFrom('blocks').select('blocker_id as other').where('blocked_id', '=', userId))
        .execute();
      return rows.map((row) => row.other);
    },

    /** Which of the two blocked the other, if either did. */
    async between(a: string, b: string): Promise<{ aBlockedB: boolean; bBlockedA: boolean }> {
      const rows = await db
        .selectFrom('blocks')
        .select('blocker_id')
        .where((eb) =>
          eb.or([
            eb.and([eb('blocker_id', '=', a), eb('blocked_id', '=', b)]),
            eb.and([eb('blocker_id', '=', b), eb('blocked_id', '=', a)]),
          ]),
        )
        .execute();
      return {
        aBlockedB: rows.some((row) => row.blocker_id === a),
        bBlockedA: rows.some((row) => row.blocker_id === b),
      };
    },

    async eraseFor(userId: string): Promise<void> {
      await db
        .deleteFrom('blocks')
        .where((eb) => eb.or([eb('blocker_id', '=', userId), eb('blocked_id', '=', userId)]))
        .execute();
    },
  };
}
