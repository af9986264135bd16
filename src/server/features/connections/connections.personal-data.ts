import type { PersonalDataSource } from '../../platform/personal-data';
import { connectionsRepository } from './connections.repository';

/** The member's follow-up answers, what they said they learned, and what others said they learned from them. */
export const connectionsPersonalData: PersonalDataSource = {
  name: 'followUps',
  async export(db, userId) {
    const { followUps, learned, sharedWithOthers } = await connectionsRepository(db).exportFor(userId);
    const iso = (ms: number | null) => (ms === null ? null : new Date(Number(ms)).toISOString());
    return {
      answers: followUps.map((row) => ({
        askedAt: iso(row.asked_at),
        answeredAt: iso(row.answered_at),
        dismissedAt: iso(row.dismissed_at),
        satisfaction: row.satisfaction,
        note: row.note,
      })),
      learned: learned.map((row) => ({ capacity: row.capacity_id, statedBy: row.stated_by, at: iso(row.created_at) })),
      learnedFromMe: sharedWithOthers.map((row) => ({
        capacity: row.capacity_id,
        statedBy: row.stated_by,
        at: iso(row.created_at),
      })),
    };
  },
  async erase(db, userId) {
    await connectionsRepository(db).eraseFor(userId);
  },
};
