import { rateLimited, type AppError } from './errors';
import { sha256 } from './crypto';
import type { Db } from './db/schema';

export interface RateRule {
  /** What is limited, e.g. `signin:ip`. */
  readonly name: string;
  readonly limit: number;
  readonly windowMs: number;
}

/**
 * Fixed-window counters in the database, so that several instances share them. Keys are hashed:
 * an e-mail address used as a key must not sit in this table in clear.
 */
export function rateLimits(db: Db) {
  return {
    /**
     * Counts one attempt; throws once the window is full: `rate_limited` (with Retry-After), or the
     * error `refuse` makes from the seconds left, for limits whose message says more.
     */
    async hit(
      rule: RateRule,
      subject: string,
      now = Date.now(),
      refuse: (retryAfterSeconds: number) => AppError = rateLimited,
    ): Promise<void> {
      const windowStart = now - (now % rule.windowMs);
      const key = `${rule.name}:${sha256(subject.toLowerCase())}`;
      const row = await db
        .insertInto('rate_limits')
        .values({ key, window_start: windowStart, hits: 1 })
        .onConflict((oc) =>
          oc.columns(['key', 'window_start']).doUpdateSet((eb) => ({ hits: eb('rate_limits.hits', '+', 1) })),
        )
        .returning('hits')
        .executeTakeFirstOrThrow();
      // Old windows are useless; sweep now and then rather than on every request.
      if (Math.random() < 0.01)
        await db
          .deleteFrom('rate_limits')
          .where('window_start', '<', now - 86_400_000)
          .execute();
      if (row.hits > rule.limit) throw refuse(Math.max(1, Math.ceil((windowStart + rule.windowMs - now) / 1000)));
    },

    /**
     * Drops the counters of these subjects under every rule: an erased member's address and id, whose
     * hashes anyone knowing them could look up to learn that this person was here lately.
     */
    async forget(subjects: readonly string[]): Promise<void> {
      for (const subject of subjects)
        await db
          .deleteFrom('rate_limits')
          .where('key', 'like', `%:${sha256(subject.toLowerCase())}`)
          .execute();
    },
  };
}
