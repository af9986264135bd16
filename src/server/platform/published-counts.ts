/**
 * Small-count suppression, one rule for every number the platform publishes (reports, the home
 * page's community numbers, follow-up satisfaction, the map to come): a count below this could
 * single someone out, so it is withheld (null; the page says "fewer than 5").
 */
export const SMALLEST_PUBLISHED = 5;

/**
 * A count as published. `zero: 'shown'` publishes 0 (a month with no reports says nothing about
 * anyone); `'withheld'` hides it too, where telling 0 from 3 would tell something (how many
 * people are on a fresh instance).
 */
export function publishedCount(count: number, zero: 'shown' | 'withheld'): number | null {
  if (count === 0) return zero === 'shown' ? 0 : null;
  return count < SMALLEST_PUBLISHED ? null : count;
}
