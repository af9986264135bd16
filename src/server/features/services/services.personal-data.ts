import type { SqlDialect } from '../../platform/db/dialects/dialect';
import type { PersonalDataSource } from '../../platform/personal-data';
import type { SearchIndexer } from '../search/search.indexer';
import { servicesRepository } from './services.repository';

/**
 * The services a member offers themselves, whole. At erasure they go, with their documents; those
 * they added for an organization stay with it (its managers answer for them) and stop naming them.
 */
export const servicesPersonalData = (
  dialect: SqlDialect,
  search: Pick<SearchIndexer, 'write'>,
): PersonalDataSource => ({
  name: 'services',
  // Their rows, which a save locks after the provider's account (so after this erasure's account lock).
  async lock(db, userId) {
    await servicesRepository(db).loadMany(await servicesRepository(db).idsOfProvider(userId), dialect);
  },
  async export(db, userId) {
    const repository = servicesRepository(db);
    const offered = await repository.loadMany(await repository.idsOfProvider(userId));
    return offered.map(({ hiddenAt: _hidden, providerId: _provider, ...service }) => ({
      ...service,
      createdAt: new Date(service.createdAt).toISOString(),
      updatedAt: new Date(service.updatedAt).toISOString(),
    }));
  },
  async erase(db, userId) {
    const repository = servicesRepository(db);
    for (const id of await repository.idsOfProvider(userId)) {
      await repository.delete(id);
      await search.write(db, 'service', id, []);
    }
    await repository.forgetCreator(userId);
  },
});
