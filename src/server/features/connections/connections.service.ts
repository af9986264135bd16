import type { UiLanguage } from '../../../shared/ui-languages';
import { isoTime } from '../../platform/time';
import { requireMember, requireRole, type Viewer } from '../../platform/auth/viewer';
import type { SqlDialect } from '../../platform/db/dialects/dialect';
import type { Db } from '../../platform/db/schema';
import { notFound, validationFailed, type FieldProblem } from '../../platform/errors';
import { dayOf } from '../../platform/jobs';
import { lockAccount } from '../accounts/accounts.public';
import { capacitiesWithLabels } from '../capacities/capacities.service';
import { loadProfiles, memberCards } from '../profiles/profiles.public';
import { visibleProfile, type VisibleProfile } from '../profiles/visibility';
import { AppError } from '../../platform/errors';
import { connectionsRepository } from './connections.repository';
import { SMALLEST_PUBLISHED } from '../../platform/published-counts';

const COUNT_DAYS = 90;

/** Every capacity on a profile, whatever the side, in the profile's order. */
function capacityIdsOf(profile: VisibleProfile | undefined): number[] {
  const lists = profile?.capacities;
  if (!lists) return [];
  return [...new Set([...lists.shares, ...lists.knows, ...lists.learns].map((entry) => entry.id))];
}

/**
 * The follow-up of a connection: asked once, fourteen days after both members wrote; an answer
 * says how much it helped and what was shared or learned (a confirmed "I learned X from you" is
 * stored as a learning); it counts only in aggregates. Dismissed, it is never asked again.
 */
export function connectionsService(db: Db, dialect: SqlDialect) {
  const repository = connectionsRepository(db);

  /** My capacities and theirs (as a member sees them), for picking what was shared and learned. */
  async function lists(me: string, other: string | null) {
    const profiles = await loadProfiles(db, other ? [me, other] : [me]);
    const mine = profiles.find((profile) => profile.userId === me);
    const theirs = other ? profiles.find((profile) => profile.userId === other) : undefined;
    return {
      mine: capacityIdsOf(mine && visibleProfile(mine, 'owner')),
      theirs: capacityIdsOf(theirs && visibleProfile(theirs, 'member')),
    };
  }

  return {
    /** Opens a due follow-up for both members of a connection (the follow-up job). */
    async ask(connectionId: string): Promise<void> {
      const connection = await repository.connection(connectionId);
      if (!connection) return;
      const now = Date.now();
      const [a, b] = connection.memberIds;
      for (const userId of connection.memberIds) {
        const other = userId === a ? (b ?? null) : (a ?? null);
        await repository.ask(connectionId, userId, other, now);
      }
    },

    async pending(viewer: Viewer | null, language: UiLanguage) {
      const me = requireMember(viewer).userId;
      const rows = await repository.pendingFor(me);
      if (rows.length === 0) return [];
      const others = rows.map((row) => row.other_id).filter((id): id is string => id !== null);
      const [cards, capacities] = await Promise.all([memberCards(db, others), capacitiesWithLabels(db, language)]);
      const labelOf = new Map(capacities.map((row) => [row.id, row.label]));
      const labelled = (ids: number[]) => ids.map((id) => ({ id, label: labelOf.get(id) ?? String(id) }));
      return Promise.all(
        rows.map(async (row) => {
          const card = row.other_id ? cards.get(row.other_id) : undefined;
          const { mine, theirs } = await lists(me, row.other_id);
          return {
            id: row.id,
            conversationId: row.conversation_id,
            other: { handle: card?.handle ?? null, name: card?.name ?? null, deleted: !card },
            connectedAt: isoTime(row.connected_at),
            mine: labelled(mine),
            theirs: labelled(theirs),
          };
        }),
      );
    },

    async answer(
      viewer: Viewer | null,
      followUpId: string,
      answer: { satisfaction: number; shared: number[]; learned: number[]; note?: string | null | undefined },
    ): Promise<void> {
      const me = requireMember(viewer).userId;
      const now = Date.now();
      // Read before the transaction: on SQLite a read through `db` inside it would wait forever.
      const open = await repository.openFollowUp(followUpId, me);
      if (!open) throw notFound();
      const { mine, theirs } = await lists(me, open.other_id);
      const problems: FieldProblem[] = [
        ...answer.shared.flatMap((id, index) =>
          mine.includes(id) ? [] : [{ field: `shared.${index}`, code: 'unknown-capacity' }],
        ),
        ...answer.learned.flatMap((id, index) =>
          theirs.includes(id) ? [] : [{ field: `learned.${index}`, code: 'unknown-capacity' }],
        ),
      ];
      if (problems.length > 0) throw validationFailed(problems);
      await db.transaction().execute(async (trx) => {
        if (!(await lockAccount(trx, dialect, me))) throw new AppError('unauthorized');
        const store = connectionsRepository(trx);
        // Answered at once from two tabs: the second finds it answered.
        const followUp = await store.openFollowUp(followUpId, me);
        if (!followUp) throw notFound();
        const note = answer.note?.trim() || null;
        await store.answer(
          followUpId,
          { satisfaction: answer.satisfaction, note },
          [
            ...answer.learned.map((capacityId) => ({
              learnerId: me,
              sharerId: followUp.other_id,
              capacityId,
              statedBy: 'learner' as const,
            })),
            ...answer.shared.map((capacityId) => ({
              learnerId: followUp.other_id,
              sharerId: me,
              capacityId,
              statedBy: 'sharer' as const,
            })),
          ],
          now,
        );
        await store.count('follow_ups_answered', now);
      });
    },

    async dismiss(viewer: Viewer | null, followUpId: string): Promise<void> {
      const me = requireMember(viewer).userId;
      const followUp = await repository.openFollowUp(followUpId, me);
      if (!followUp) throw notFound();
      await repository.dismiss(followUpId, Date.now());
    },

    /** The daily counters and the satisfaction reported, for admins (scores with fewer than 5 answers withheld). */
    async counts(viewer: Viewer | null) {
      requireRole(viewer, 'admin');
      const [days, satisfaction] = await Promise.all([
        repository.dailyCounts(dayOf(Date.now() - COUNT_DAYS * 86_400_000)),
        repository.satisfactionCounts(),
      ]);
      return {
        days: days.map((row) => ({
          day: row.day,
          requests: row.requests,
          requestsAccepted: row.requests_accepted,
          connections: row.connections,
          invitationsSent: row.invitations_sent,
          invitationsAccepted: row.invitations_accepted,
          followUpsAnswered: row.follow_ups_answered,
        })),
        satisfaction: [1, 2, 3, 4, 5].map((score) => {
          const answers = Number(satisfaction.find((row) => row.satisfaction === score)?.answers ?? 0);
          return { score, answers: answers >= SMALLEST_PUBLISHED ? answers : null };
        }),
      };
    },
  };
}
