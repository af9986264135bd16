import type { PersonalDataSource } from '../../platform/personal-data';
import { isoTime } from '../../platform/time';
import { blocksRepository } from './blocks.repository';

/** Whom the member blocked. Blocks of the member by others go with the erasure too (they point at nobody then). */
export const blocksPersonalData: PersonalDataSource = {
  name: 'blocks',
  async export(db, userId) {
    const rows = await blocksRepository(db).exportFor(userId);
    return rows.map((row) => ({
      member: row.handle ?? null,
      blockedAt: isoTime(row.created_at),
    }));
  },
  async erase(db, userId) {
    await blocksRepository(db).eraseFor(userId);
  },
};
