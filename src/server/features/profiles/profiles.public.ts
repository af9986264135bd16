import type { Db } from '../../platform/db/schema';
import { profilesRepository } from './profiles.repository';
import type { ProfileData } from './visibility';

/*
 * What other features read of profiles. They go through these (and `visibleProfile`), never the
 * repository, so what a viewer may see is decided here.
 */

/** Several whole profiles, for callers that then apply `visibleProfile`. */
export function loadProfiles(db: Db, userIds: readonly string[]): Promise<ProfileData[]> {
  return profilesRepository(db).loadMany(userIds);
}

/** Members who say they belong to an organization (up to `limit`; visibility is for the caller to apply). */
export function affiliatedUserIds(db: Db, organizationId: string, limit: number): Promise<string[]> {
  return profilesRepository(db).affiliatedUserIds(organizationId, limit);
}

export function userIdByHandle(db: Db, handle: string): Promise<string | undefined> {
  return profilesRepository(db).userIdByHandle(handle);
}

/** Removes a member's claim to belong to an organization; how many claims went (0 or 1). */
export function removeAffiliation(db: Db, userId: string, organizationId: string): Promise<number> {
  return profilesRepository(db).removeAffiliation(userId, organizationId);
}
