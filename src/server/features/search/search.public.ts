import type { DatabaseHandle } from '../../platform/db/database';
import { searchRepository } from './search.repository';

/*
 * What other features read of search: its daily counters (the reports count searches month by month).
 */

/** Searches per UTC day since `fromDay` (YYYY-MM-DD), as written every few seconds; days without searches are absent. */
export async function searchCountsSince(database: DatabaseHandle, fromDay: string) {
  const rows = await searchRepository(database.db, database.dialect).dailyCounts(fromDay);
  return rows.map((row) => ({
    day: row.day,
    searches: Number(row.searches),
    withResults: Number(row.with_results),
    followed: Number(row.followed),
  }));
}
