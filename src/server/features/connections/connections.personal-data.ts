import type { PersonalDataSource } from '../../platform/personal-data';
import { isoTimeOrNull } from '../../platform/time';
import { connectionsRepository } from './connections.repository';

/** The member's follow-up answers, what they said they learned, and what others said they learned from them. */
export const connectionsPersonalData: PersonalDataSource = {
  name: 'followUps',
  async export(db, userId) {
    const { followUps, learned, sharedWithOthers } = await connectionsRepository(db).exportFor(userId);
    return {
      answers: followUps.map((row) => ({
        askedAt: isoTimeOrNull(row.asked_at),
        answeredAt: isoTimeOrNull(row.answered_at),
        dismissedAt: isoTimeOrNull(row.dismissed_at),
        satisfaction: row.satisfaction,
        note: row.note,
      })),
      learned: learned.map((row) => ({
        capacity: row.capacity_id,
        statedBy: row.stated_by,
        at: isoTimeOrNull(row.created_at),
      })),
      learnedFromMe: sharedWithOthers.map((row) => ({
        capacity: row.capacity_id,
        statedBy: row.stated_by,
        at: isoTimeOrNull(row.created_at),
      })),
    };
  },
  async erase(db, userId) {
    await connectionsRepository(db).eraseFor(userId);
  },
};
