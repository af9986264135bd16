import type { PersonalDataSource } from '../../platform/personal-data';
import { capacitySuggestionsRepository } from './capacity-suggestions.repository';

/** The capacities a member suggested, and what became of them. */
export const capacitySuggestionsPersonalData: PersonalDataSource = {
  name: 'capacitySuggestions',
  async export(db, userId) {
    const rows = await capacitySuggestionsRepository(db).listBy(userId);
    return rows.map((row) => ({
      name: row.name,
      wikidataQid: row.wikidata_qid,
      status: row.status,
      reason: row.reason,
      createdAt: new Date(row.created_at).toISOString(),
      decidedAt: row.decided_at === null ? null : new Date(row.decided_at).toISOString(),
    }));
  },
  async erase() {
    // capacity_suggestions.proposer_id references users.id ON DELETE CASCADE: they go with the account.
  },
};
