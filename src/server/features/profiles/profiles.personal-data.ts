import type { SqlDialect } from '../../platform/db/dialects/dialect';
import type { PersonalDataSource } from '../../platform/personal-data';
import { profilesRepository } from './profiles.repository';

/** The profile and its lists, with every visibility setting, and the owner's weekly visit counts. */
export const profilePersonalData = (dialect: SqlDialect): PersonalDataSource => ({
  name: 'profile',
  // The lock every profile save takes first.
  lock: (db, userId) => profilesRepository(db).lock(dialect, userId),
  async export(db, userId) {
    const profile = await profilesRepository(db).load(userId);
    if (!profile) return null;
    const { userId: _userId, updatedAt, ...rest } = profile;
    const views = await profilesRepository(db).viewsPerDay(userId, 0);
    return {
      ...rest,
      updatedAt: new Date(updatedAt).toISOString(),
      viewsPerDay: views.map((row) => ({
        date: new Date(row.day * 86_400_000).toISOString().slice(0, 10),
        views: Number(row.views),
      })),
    };
  },
  async erase() {
    // Profile rows, lists, contacts and view marks reference users.id ON DELETE CASCADE,
    // so they go with the account row that the account source deletes.
  },
});
