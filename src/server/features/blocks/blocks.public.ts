import type { Db } from '../../platform/db/schema';
import { blocksRepository } from './blocks.repository';

/*
 * What other features read of blocks: a block hides two members from each other everywhere
 * (profile, search, counts, peers, messages), so every feature that shows one member to another asks here.
 */

/** Everyone the member blocked or was blocked by (their user ids). */
export function blockedEitherWay(db: Db, userId: string): Promise<string[]> {
  return blocksRepository(db).blockedEitherWay(userId);
}

/** Which of the two blocked the other, if either did. */
export function blockBetween(db: Db, a: string, b: string): Promise<{ aBlockedB: boolean; bBlockedA: boolean }> {
  return blocksRepository(db).between(a, b);
}
