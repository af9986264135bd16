import type { PersonalDataSource } from '../../platform/personal-data';
import { matchesRepository } from './matches.repository';

/** The suggestions a member hid. Others' choices to hide the member are theirs, and go with the erasure. */
export const matchesPersonalData: PersonalDataSource = {
  name: 'hiddenSuggestions',
  async export(db, userId) {
    const rows = await matchesRepository(db).hiddenWithAddresses(userId);
    return rows.map((row) => ({
      type: row.entity_type,
      address: row.handle ?? row.slug ?? null,
      hiddenAt: new Date(Number(row.hidden_at)).toISOString(),
    }));
  },
  async erase(db, userId) {
    await matchesRepository(db).eraseFor(userId);
  },
};
