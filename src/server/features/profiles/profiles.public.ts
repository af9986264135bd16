import type { Db } from '../../platform/db/schema';
import { profilesRepository } from './profiles.repository';
import { DEFAULT_VISIBILITY } from './profile-fields';
import type { Viewer } from '../../platform/auth/viewer';
import { allows, relationOf, visibleProfile, type ProfileData } from './visibility';
import { isRestricted } from '../../platform/auth/standing';

/*
 * What other features read of profiles. They go through these (and `visibleProfile`), never the
 * repository, so what a viewer may see is decided here.
 */

/** Several whole profiles, for callers that then apply `visibleProfile`. */
export function loadProfiles(db: Db, userIds: readonly string[]): Promise<ProfileData[]> {
  return profilesRepository(db).loadMany(userIds);
}

/**
 * What a member's own suggestions are made from: the capacities on each side of their profile and
 * their languages (two small queries, where a whole profile takes six).
 */
export async function matchingProfile(
  db: Db,
  userId: string,
): Promise<{ capacityIds: (side: string) => number[]; languages: string[] }> {
  const { capacities, languages } = await profilesRepository(db).capacitiesAndLanguages(userId);
  return {
    capacityIds: (side) => capacities.filter((row) => row.side === side).map((row) => row.capacity_id),
    languages,
  };
}

/** Members who say they belong to an organization (up to `limit`; visibility is for the caller to apply). */
export function affiliatedUserIds(db: Db, organizationId: string, limit: number): Promise<string[]> {
  return profilesRepository(db).affiliatedUserIds(organizationId, limit);
}

/** The demo people (ids, addresses and names), for generators of demo data built on them. */
export function demoPeople(db: Db): Promise<{ user_id: string; handle: string; display_name: string | null }[]> {
  return profilesRepository(db).demoPeople();
}

export function userIdByHandle(db: Db, handle: string): Promise<string | undefined> {
  return profilesRepository(db).userIdByHandle(handle);
}

/** Removes a member's claim to belong to an organization; how many claims went (0 or 1). */
export function removeAffiliation(db: Db, userId: string, organizationId: string): Promise<number> {
  return profilesRepository(db).removeAffiliation(userId, organizationId);
}

/** How one member is named to another: the profile's address, and the name when members may see it. */
export interface MemberCard {
  readonly handle: string | null;
  readonly name: string | null;
  /** Suspended or banned by moderators: others see "account suspended", and cannot write to them. */
  readonly suspended: boolean;
  /** When their account was made (ms): a new account's links are shown as text. */
  readonly joinedAt: number;
}

/**
 * Cards of several members as another member sees them (a name hidden from members is left out;
 * without a profile, the default visibility applies). Members missing (erased) are absent.
 */
export async function memberCards(db: Db, userIds: readonly string[]): Promise<Map<string, MemberCard>> {
  const rows = await profilesRepository(db).cards([...new Set(userIds)]);
  return new Map(
    rows.map((row) => [
      row.id,
      {
        handle: row.handle,
        name: allows(row.name_visibility ?? DEFAULT_VISIBILITY.name, 'member') ? row.display_name : null,
        suspended: isRestricted(row),
        joinedAt: row.created_at,
      },
    ]),
  );
}

/** Profile visits per day (days since 1970, UTC) since `sinceDay`, over every profile: one per viewer per day and profile. */
export async function profileVisitsPerDay(db: Db, sinceDay: number): Promise<{ day: number; visits: number }[]> {
  const rows = await profilesRepository(db).visitsPerDay(sinceDay);
  return rows.map((row) => ({ day: Number(row.day), visits: Number(row.visits) }));
}

/** Whether a member is counted in the map and reports: they have a profile and did not opt out. */
export async function countedInStatistics(db: Db, userId: string): Promise<boolean> {
  return (await profilesRepository(db).statisticsChoice(userId)) === 1;
}

/** The member at this profile address, when this viewer may see their profile (their lists of items are shown then). */
export async function visibleMemberId(db: Db, viewer: Viewer | null, handle: string): Promise<string | undefined> {
  const userId = await userIdByHandle(db, handle);
  const [profile] = userId ? await loadProfiles(db, [userId]) : [];
  return profile && visibleProfile(profile, relationOf(viewer, profile.userId)) ? profile.userId : undefined;
}
