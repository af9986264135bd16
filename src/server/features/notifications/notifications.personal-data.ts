import type { PersonalDataSource } from '../../platform/personal-data';
import { isoTimeOrNull } from '../../platform/time';
import { cadencesFrom } from './notifications.mail';
import { notificationsRepository } from './notifications.repository';

/**
 * The member's notifications (what happened, when, whether read or mailed), their e-mail choices
 * and the days they got a digest; others' notifications no longer name them after an erasure.
 */
export const notificationsPersonalData: PersonalDataSource = {
  name: 'notifications',
  async export(db, userId) {
    const repository = notificationsRepository(db);
    const [rows, settings, digests] = await Promise.all([
      repository.exportFor(userId),
      repository.settingsOf(userId),
      repository.digestsOf(userId),
    ]);
    return {
      items: rows.map((row) => ({
        kind: row.kind,
        at: isoTimeOrNull(row.created_at),
        readAt: isoTimeOrNull(row.read_at),
        mailedAt: isoTimeOrNull(row.mailed_at),
      })),
      emailSettings: { email: cadencesFrom(settings?.cadences), includeMessageText: settings?.include_text === 1 },
      digests: digests.map((row) => ({ day: row.day, notifications: row.notifications })),
    };
  },
  async erase(db, userId) {
    await notificationsRepository(db).eraseFor(userId);
  },
};
