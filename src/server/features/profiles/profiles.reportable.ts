import { personPath } from '../../../shared/web-routes';
import type { Db } from '../../platform/db/schema';
import { blockBetween } from '../blocks/blocks.public';
import type { ReportableSource, ReportedItem } from '../moderation/reportable';
import type { SearchIndexer } from '../search/search.indexer';
import { profilesRepository } from './profiles.repository';
import { relationOf, visibleProfile, type ProfileData, type VisibleProfile } from './visibility';

function item(profile: ProfileData, visible: VisibleProfile): ReportedItem {
  const { userId: _userId, relation: _relation, ...content } = visible;
  return {
    id: profile.userId,
    ownerId: profile.userId,
    managerIds: [],
    label: visible.displayName ?? profile.handle,
    path: personPath(profile.handle),
    content,
    hidden: profile.withheld === true,
  };
}

/** Profiles as moderation sees them: reported by their address, hidden with their search documents. */
export function profileReportable(search: Pick<SearchIndexer, 'refresh'>): ReportableSource {
  return {
    type: 'profile',
    async forReporter(db: Db, handle: string, viewer) {
      const repository = profilesRepository(db);
      const userId = await repository.userIdByHandle(handle);
      const profile = userId ? await repository.load(userId) : undefined;
      if (!profile) return undefined;
      const relation = relationOf(viewer, profile.userId);
      if (relation !== 'owner') {
        const blocks = await blockBetween(db, viewer.userId, profile.userId);
        if (blocks.bBlockedA) return undefined;
      }
      const visible = visibleProfile(profile, relation);
      return visible ? item(profile, visible) : undefined;
    },
    async current(db, userId) {
      const profile = await profilesRepository(db).load(userId);
      return profile ? item(profile, visibleProfile(profile, 'owner')!) : undefined;
    },
    async setHidden(trx, userId, hiddenAt) {
      await profilesRepository(trx).setHidden(userId, hiddenAt);
      await search.refresh(trx, 'person', userId);
    },
  };
}
