import { VISIBILITY } from '../../../shared/vocabulary';
import type { Db } from '../../platform/db/schema';
import { allows } from '../profiles/visibility';
import { communityRepository, type TrueCounts } from './community.repository';
import { publishedCount } from '../../platform/published-counts';
import type { CommunityCounts } from './community.schema';

/**
 * How long one process keeps the counts. The home page is the page everyone opens, and counting
 * people reads every profile and its account: no index makes a count of 100,000 rows cheap
 * (0.15-0.5 s at 100,000 demo people on SQLite and on PostgreSQL alike, measured on a busy
 * two-core machine; the organizations and capacities take a few milliseconds of it). Once a minute
 * per process that is nothing; once per visit it would cost more than a search. Kept, the answer
 * takes about 0.2 ms. A minute-old number says what the home page says with it as well as a fresh one.
 */
export const COUNTS_FRESH_MS = 60_000;

/** What a signed-out visitor may see of a profile field: the same rule `visibleProfile` applies. */
const VISITOR_VISIBILITIES = VISIBILITY.values.filter((visibility) => allows(visibility, 'visitor'));

/** A count as published: withheld below 5, 0 included (on a fresh instance 0 and 3 would differ). */
const published = (count: number) => publishedCount(count, 'withheld');

/**
 * The home page's few numbers about the community, the same for every viewer. What is counted is
 * chosen so that the numbers show nothing a visitor may not see, and rank nobody:
 *
 * - **people**: members who finished their first sign-in (they chose a display name, in the same
 *   step as accepting the texts) and have a profile, who did not take themselves out of search
 *   ("Include me in search results": the one setting that lists a member anywhere; whoever unticked
 *   it is not even counted), whose profile is not hidden by moderators, and who are neither banned
 *   nor suspended now. Erased members have no rows left. Members whose profile is closed to
 *   visitors are counted: a total of everyone, withheld below 5, tells nothing about anyone. A
 *   member asked to accept new versions of the texts still counts: their profile stays listed,
 *   as in search.
 * - **organizations**: those the directory lists, which every visitor sees: not hidden by
 *   moderators, and managed by nobody yet (imported affiliates) or by at least one member in good
 *   standing.
 * - **capacitiesShared**: distinct capacities that a counted person shares where a signed-out
 *   visitor can see it (the profile is open to visitors and its capacities field is public, per
 *   `visibleProfile`), or that a listed organization offers (organizations are public). So the
 *   number is one anyone could reach by browsing as a visitor: a capacity shared only on members-
 *   only profiles is not counted, however many share it.
 *
 * Demo people and organizations are ordinary rows and count like the others.
 */
export function communityService(db: Db) {
  const repository = communityRepository(db);
  let kept: { readonly takenAt: number; readonly counts: Promise<CommunityCounts> } | undefined;

  const publish = (counts: TrueCounts): CommunityCounts => ({
    people: published(counts.people),
    organizations: published(counts.organizations),
    capacitiesShared: published(counts.capacitiesShared),
  });

  return {
    /**
     * The counts, at most COUNTS_FRESH_MS old. Requests arriving while they are being counted wait
     * for that one count; a failed count is not kept, so the next request counts again.
     */
    counts(): Promise<CommunityCounts> {
      const now = Date.now();
      if (kept && now - kept.takenAt < COUNTS_FRESH_MS) return kept.counts;
      const counts = repository.counts({ now, visitorVisibilities: VISITOR_VISIBILITIES }).then(publish);
      const entry = { takenAt: now, counts };
      kept = entry;
      counts.catch(() => {
        if (kept === entry) kept = undefined;
      });
      return counts;
    },

    /**
     * Seconds the counts last answered stay fresh here: what a browser or a shared cache may keep
     * them, so that, kept here and there, they are never more than COUNTS_FRESH_MS old.
     */
    secondsFresh(): number {
      const left = kept ? kept.takenAt + COUNTS_FRESH_MS - Date.now() : 0;
      return Math.max(0, Math.ceil(left / 1000));
    },
  };
}
