import type { PersonalDataSource } from '../../platform/personal-data';
import { isoTimeOrNull } from '../../platform/time';
import { invitationsRepository } from './invitations.repository';

/** The invitations the member sent (addresses while they are kept). */
export const invitationsPersonalData: PersonalDataSource = {
  name: 'invitations',
  async export(db, userId) {
    const rows = await invitationsRepository(db).exportFor(userId);
    return rows.map((row) => ({
      email: row.email,
      note: row.note,
      language: row.language,
      sentAt: isoTimeOrNull(row.created_at),
      acceptedAt: isoTimeOrNull(row.accepted_at),
    }));
  },
  async erase(db, userId) {
    await invitationsRepository(db).eraseFor(userId);
  },
};
