import type { PersonalDataSource } from '../../platform/personal-data';
import { notificationsRepository } from './notifications.repository';

/** The member's notifications (what happened, when, whether read); others' no longer name them after an erasure. */
export const notificationsPersonalData: PersonalDataSource = {
  name: 'notifications',
  async export(db, userId) {
    const rows = await notificationsRepository(db).exportFor(userId);
    const iso = (ms: number | null) => (ms === null ? null : new Date(Number(ms)).toISOString());
    return rows.map((row) => ({ kind: row.kind, at: iso(row.created_at), readAt: iso(row.read_at) }));
  },
  async erase(db, userId) {
    await notificationsRepository(db).eraseFor(userId);
  },
};
