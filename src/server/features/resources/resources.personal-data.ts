import type { SqlDialect } from '../../platform/db/dialects/dialect';
import type { PersonalDataSource } from '../../platform/personal-data';
import type { SearchIndexer } from '../search/search.indexer';
import { resourcesRepository } from './resources.repository';

/**
 * The resources a member authored, whole, and the changes they made. At erasure, a resource they
 * alone authored for themselves goes (with its documents); one of an organization, or with other
 * member authors, stays, and their line among its authors shows "deleted member".
 */
export const resourcesPersonalData = (
  dialect: SqlDialect,
  search: Pick<SearchIndexer, 'write' | 'refresh'>,
): PersonalDataSource => ({
  name: 'resources',
  // The resources' rows, which a save locks after the accounts of their authors (so after this erasure's account lock).
  async lock(db, userId) {
    const ids = (await resourcesRepository(db).authoredBy(userId)).map((row) => row.id);
    if (ids.length > 0) await resourcesRepository(db).loadMany(ids, dialect);
  },
  async export(db, userId) {
    const repository = resourcesRepository(db);
    const authored = await repository.loadMany((await repository.authoredBy(userId)).map((row) => row.id));
    const changes = await repository.historyBy(userId);
    return {
      authored: authored.map(({ link: _link, hiddenAt: _hidden, ...resource }) => ({
        ...resource,
        createdAt: new Date(resource.createdAt).toISOString(),
        updatedAt: new Date(resource.updatedAt).toISOString(),
      })),
      changes: changes.map((row) => ({
        resourceId: row.resource_id,
        action: row.action,
        fields: JSON.parse(row.fields) as string[],
        at: new Date(Number(row.created_at)).toISOString(),
      })),
    };
  },
  async erase(db, userId) {
    const repository = resourcesRepository(db);
    const authored = await repository.authoredBy(userId);
    await repository.forgetAuthor(userId);
    await repository.forgetActor(userId);
    for (const row of authored) {
      if (row.organization_id === null && Number(row.other_members) === 0) {
        await repository.delete(row.id);
        await search.write(db, 'resource', row.id, []);
      } else {
        await search.refresh(db, 'resource', row.id);
      }
    }
  },
});
