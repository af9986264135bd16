import type { SqlDialect } from '../../platform/db/dialects/dialect';
import type { PersonalDataSource } from '../../platform/personal-data';
import { moderationRepository } from './moderation.repository';

/**
 * A member's reports (what they reported and why) and what moderators did about them. At erasure
 * their reports stay for the counts without their words, copies of their content in others'
 * reports go, and actions about them stop naming them (see `eraseFor`).
 */
export function moderationPersonalData(dialect: SqlDialect): PersonalDataSource {
  return {
    name: 'moderation',
    async export(db, userId) {
      const repository = moderationRepository(db, dialect);
      const [reports, actions] = await Promise.all([repository.reportsBy(userId), repository.actionsAbout(userId)]);
      return {
        reportsMade: reports.map((row) => ({
          type: row.subject_type,
          category: row.category,
          explanation: row.explanation,
          status: row.status,
          reportedAt: new Date(row.created_at).toISOString(),
        })),
        actionsAboutMe: actions.map((row) => ({
          action: row.action,
          category: row.category,
          reason: row.reason,
          at: new Date(row.created_at).toISOString(),
          endsAt: row.ends_at === null ? null : new Date(row.ends_at).toISOString(),
          appeal: row.appeal_text,
          appealOutcome: row.appeal_outcome,
        })),
      };
    },
    async erase(db, userId) {
      await moderationRepository(db, dialect).eraseFor(userId);
    },
  };
}
