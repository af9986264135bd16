import type { PersonalDataSource } from '../../platform/personal-data';
import { blocksRepository } from './blocks.repository';
import { blocksWithCards } from './blocks.service';

/** Whom the member blocked. Blocks of the member by others go with the erasure too (they point at nobody then). */
export const blocksPersonalData: PersonalDataSource = {
  name: 'blocks',
  async export(db, userId) {
    const blocks = await blocksWithCards(db, userId);
    return blocks.map((block) => ({ member: block.handle, name: block.name, blockedAt: block.blockedAt }));
  },
  async erase(db, userId) {
    await blocksRepository(db).eraseFor(userId);
  },
};
