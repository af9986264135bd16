import { sql } from 'kysely';
import type { Db, Visibility } from '../../platform/db/schema';

/** The rules the counts are taken under, decided by the service. */
export interface CountRules {
  /** The time a suspension is compared with: suspended until later means kept out. */
  readonly now: number;
  /** The visibilities a signed-out visitor may see (from the profiles' `allows`): `public`. */
  readonly visitorVisibilities: readonly Visibility[];
}

/** The true counts, before small ones are withheld. */
export interface TrueCounts {
  readonly people: number;
  readonly organizations: number;
  readonly capacitiesShared: number;
}

/**
 * All SQL of the community counts: one statement of three aggregates (no per-row queries).
 *
 * The standing rule is `isRestricted` (platform/auth/standing.ts) written as SQL, as the
 * organization directory writes it: banned, or suspended until later. The organization rule is the
 * directory's (organizationsRepository.directory): not hidden, with a main name, and managed by
 * nobody yet or by at least one member in good standing.
 */
export function communityRepository(db: Db) {
  /** Counted people: first sign-in done (a display name), a profile in search, not hidden, in good standing. */
  const countedPeople = (now: number) =>
    db
      .selectFrom('profiles as p')
      .innerJoin('users as u', 'u.id', 'p.user_id')
      .where('u.display_name', 'is not', null)
      .where('p.in_search', '=', 1)
      .where('p.hidden_at', 'is', null)
      .where('u.banned_at', 'is', null)
      .where((eb) => eb.or([eb('u.suspended_until', 'is', null), eb('u.suspended_until', '<=', now)]));

  /** Organizations as the directory lists them. */
  const listedOrganizations = (now: number) =>
    db
      .selectFrom('organizations as o')
      .where('o.hidden_at', 'is', null)
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('organization_names as n')
            .select(sql.lit(1).as('one'))
            .whereRef('n.organization_id', '=', 'o.id')
            .where('n.position', '=', 0),
        ),
      )
      .where((eb) =>
        eb.or([
          eb.not(
            eb.exists(
              eb
                .selectFrom('organization_managers as m')
                .select(sql.lit(1).as('one'))
                .whereRef('m.organization_id', '=', 'o.id'),
            ),
          ),
          eb.exists(
            eb
              .selectFrom('organization_managers as m')
              .innerJoin('users as mu', 'mu.id', 'm.user_id')
              .select(sql.lit(1).as('one'))
              .whereRef('m.organization_id', '=', 'o.id')
              .where('mu.banned_at', 'is', null)
              .where((inner) =>
                inner.or([inner('mu.suspended_until', 'is', null), inner('mu.suspended_until', '<=', now)]),
              ),
          ),
        ]),
      );

  return {
    /**
     * The three counts in one round trip. People: one pass over `profiles` with each account found
     * by primary key (SQLite), or a hash join of the two tables (PostgreSQL); a count of everyone
     * reads everyone, which is why the service keeps the answer a minute. Organizations: the
     * directory's rule over every organization, its names and managers found by their keys.
     * Capacities shared: for each capacity of the taxonomy (a few hundred), whether one visible
     * entry shares it: SQLite looks through the `(capacity_id, side)` indexes of
     * `profile_capacities` and `organization_capacities` and stops at the first; PostgreSQL hashes
     * the capacities shared on profiles open to visitors once. Either way a few milliseconds to
     * about a hundred at 100,000 people.
     */
    async counts({ now, visitorVisibilities }: CountRules): Promise<TrueCounts> {
      const row = await db
        .selectNoFrom((eb) => [
          countedPeople(now)
            .select((inner) => inner.fn.countAll<number | string>().as('count'))
            .as('people'),
          listedOrganizations(now)
            .select((inner) => inner.fn.countAll<number | string>().as('count'))
            .as('organizations'),
          eb
            .selectFrom('capacities as c')
            .select((inner) => inner.fn.countAll<number | string>().as('count'))
            .where((inner) =>
              inner.or([
                inner.exists(
                  countedPeople(now)
                    .innerJoin('profile_capacities as pc', 'pc.user_id', 'p.user_id')
                    .select(sql.lit(1).as('one'))
                    .where('pc.capacity_id', '=', inner.ref('c.id'))
                    .where('pc.side', '=', 'shares')
                    .where('p.show_to_visitors', '=', 1)
                    .where('p.capacities_visibility', 'in', [...visitorVisibilities]),
                ),
                inner.exists(
                  listedOrganizations(now)
                    .innerJoin('organization_capacities as oc', 'oc.organization_id', 'o.id')
                    .select(sql.lit(1).as('one'))
                    .where('oc.capacity_id', '=', inner.ref('c.id'))
                    .where('oc.side', '=', 'offers'),
                ),
              ]),
            )
            .as('capacitiesShared'),
        ])
        .executeTakeFirstOrThrow();
      return {
        people: Number(row.people ?? 0),
        organizations: Number(row.organizations ?? 0),
        capacitiesShared: Number(row.capacitiesShared ?? 0),
      };
    },
  };
}
