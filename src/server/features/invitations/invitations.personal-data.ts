import type { PersonalDataSource } from '../../platform/personal-data';
import { invitationsRepository } from './invitations.repository';

/** The invitations the member sent (addresses while they are kept). */
export const invitationsPersonalData: PersonalDataSource = {
  name: 'invitations',
  async export(db, userId) {
    const rows = await invitationsRepository(db).exportFor(userId);
    const iso = (ms: number | null) => (ms === null ? null : new Date(Number(ms)).toISOString());
    return rows.map((row) => ({
      email: row.email,
      note: row.note,
      language: row.language,
      sentAt: iso(row.created_at),
      acceptedAt: iso(row.accepted_at),
    }));
  },
  async erase(db, userId) {
    await invitationsRepository(db).eraseFor(userId);
  },
};
