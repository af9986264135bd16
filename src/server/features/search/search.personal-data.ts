import type { SqlDialect } from '../../platform/db/dialects/dialect';
import type { PersonalDataSource } from '../../platform/personal-data';
import { searchRepository } from './search.repository';

/**
 * The search index holds copies of what a member showed on their profile. It is derived data, so the
 * export only says who can find the member; the erasure removes every copy.
 */
export function searchPersonalData(dialect: SqlDialect): PersonalDataSource {
  return {
    name: 'searchIndex',
    // Taken after the member's rows are locked (see eraseAll): erasures then also wait for each other
    // here, before any of them deletes rows that another's erasure deletes too (hidden suggestions).
    lock: (db) => dialect.serializeSearchChanges(db),
    async export(db, userId) {
      const audiences = await searchRepository(db, dialect).audiencesOf('person', userId);
      return { findableBy: audiences.map((audience) => (audience === 'member' ? 'members' : 'visitors')) };
    },
    async erase(db, userId) {
      // Every process drops the person's documents at its next search, through the change log.
      await searchRepository(db, dialect).removeEntity('person', userId);
    },
  };
}
