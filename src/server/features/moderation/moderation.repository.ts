import { randomUUID } from 'node:crypto';
import type { ReportCategory, ReportStatus, ReportSubject } from '../../../shared/vocabulary';
import type { SqlDialect } from '../../platform/db/dialects/dialect';
import { pastCursor, type PageCursor } from '../../platform/db/page-cursor';
import type { Db, ModerationActionTable, ReportTable } from '../../platform/db/schema';

/** `YYYY-MM` of a time, in UTC: the transparency page counts by month. */
export function monthOf(at: number): string {
  return new Date(at).toISOString().slice(0, 7);
}

/** What a new report says; it starts open, unclaimed and undecided. */
export type NewReport = Omit<
  ReportTable,
  'status' | 'claimed_by' | 'claimed_at' | 'decided_by' | 'decided_at' | 'action' | 'decision_reason' | 'month'
>;

export interface QueueFilter {
  readonly status?: ReportStatus | undefined;
  readonly category?: ReportCategory | undefined;
  readonly type?: ReportSubject | undefined;
}

/** All SQL for reports and moderators' actions. */
export function moderationRepository(db: Db, dialect: SqlDialect) {
  return {
    /** Adds an open report; false when this member reported this item before (nothing is written then). */
    async addReport(report: NewReport): Promise<boolean> {
      const added = await db
        .insertInto('reports')
        .values({
          ...report,
          status: 'open',
          claimed_by: null,
          claimed_at: null,
          decided_by: null,
          decided_at: null,
          action: null,
          decision_reason: null,
          month: monthOf(report.created_at),
        })
        .onConflict((conflict) => conflict.columns(['reporter_id', 'subject_type', 'subject_id']).doNothing())
        .returning('id')
        .executeTakeFirst();
      return added !== undefined;
    },

    /** How many members old enough to be trusted have reported this item in reports still undecided. */
    async trustedOpenReporters(type: ReportSubject, subjectId: string): Promise<number> {
      const row = await db
        .selectFrom('reports')
        .select((eb) => eb.fn.count<number>('reporter_id').distinct().as('count'))
        .where('subject_type', '=', type)
        .where('subject_id', '=', subjectId)
        .where('status', '!=', 'decided')
        .where('reporter_trusted', '=', 1)
        .executeTakeFirst();
      return Number(row?.count ?? 0);
    },

    async findReport(id: string): Promise<ReportTable | undefined> {
      return db.selectFrom('reports').selectAll().where('id', '=', id).executeTakeFirst();
    },

    /** A report, locked until the transaction ends, so two moderators acting at once take turns. */
    async lockedReport(id: string): Promise<ReportTable | undefined> {
      return dialect.lockRowsForUpdate(db.selectFrom('reports').selectAll().where('id', '=', id)).executeTakeFirst();
    },

    /** The reports still waiting on the same item: one decision answers them all. */
    async undecidedAbout(type: ReportSubject, subjectId: string): Promise<ReportTable[]> {
      return db
        .selectFrom('reports')
        .selectAll()
        .where('subject_type', '=', type)
        .where('subject_id', '=', subjectId)
        .where('status', '!=', 'decided')
        .execute();
    },

    async claim(id: string, moderatorId: string, now: number): Promise<void> {
      await db
        .updateTable('reports')
        .set({ status: 'claimed', claimed_by: moderatorId, claimed_at: now })
        .where('id', '=', id)
        .execute();
    },

    async decide(
      ids: readonly string[],
      decision: { moderatorId: string; action: ReportTable['action']; reason: string; now: number },
    ): Promise<void> {
      if (ids.length === 0) return;
      await db
        .updateTable('reports')
        .set({
          status: 'decided',
          decided_by: decision.moderatorId,
          decided_at: decision.now,
          action: decision.action,
          decision_reason: decision.reason,
        })
        .where('id', 'in', [...ids])
        .execute();
    },

    /** A page of the queue, the oldest first (the longest waiting), after the cursor. */
    async queue(filter: QueueFilter, limit: number, after?: PageCursor) {
      let query = db
        .selectFrom('reports')
        .select([
          'id',
          'subject_type',
          'subject_id',
          'subject_owner_id',
          'category',
          'status',
          'claimed_by',
          'action',
          'snapshot',
          'created_at',
          'decided_at',
        ])
        .orderBy('created_at')
        .orderBy('id')
        .limit(limit);
      if (filter.status) query = query.where('status', '=', filter.status);
      if (filter.category) query = query.where('category', '=', filter.category);
      if (filter.type) query = query.where('subject_type', '=', filter.type);
      if (after) query = query.where(pastCursor('created_at', 'id', after, 'after'));
      return query.execute();
    },

    /** Earlier reports about the same member (or, for an organization, the same organization). */
    async earlierReports(report: Pick<ReportTable, 'id' | 'subject_type' | 'subject_id' | 'subject_owner_id'>) {
      return db
        .selectFrom('reports')
        .select(['id', 'subject_type', 'category', 'status', 'action', 'created_at'])
        .where('id', '!=', report.id)
        .where((eb) =>
          report.subject_owner_id
            ? eb('subject_owner_id', '=', report.subject_owner_id)
            : eb.and([eb('subject_type', '=', report.subject_type), eb('subject_id', '=', report.subject_id)]),
        )
        .orderBy('created_at', 'desc')
        .limit(50)
        .execute();
    },

    async addAction(action: Omit<ModerationActionTable, 'id' | 'month'>): Promise<string> {
      const id = randomUUID();
      await db
        .insertInto('moderation_actions')
        .values({ ...action, id, month: monthOf(action.created_at) })
        .execute();
      return id;
    },

    async findAction(id: string): Promise<ModerationActionTable | undefined> {
      return db.selectFrom('moderation_actions').selectAll().where('id', '=', id).executeTakeFirst();
    },

    async lockedAction(id: string): Promise<ModerationActionTable | undefined> {
      return dialect
        .lockRowsForUpdate(db.selectFrom('moderation_actions').selectAll().where('id', '=', id))
        .executeTakeFirst();
    },

    /** Actions about a member, or about items they run (organizations), the latest first. */
    async actionsAbout(userId: string, organizationIds: readonly string[] = []) {
      return db
        .selectFrom('moderation_actions')
        .selectAll()
        .where((eb) =>
          eb.or([
            eb('user_id', '=', userId),
            ...(organizationIds.length > 0
              ? [eb.and([eb('subject_type', '=', 'organization'), eb('subject_id', 'in', [...organizationIds])])]
              : []),
          ]),
        )
        .orderBy('created_at', 'desc')
        .execute();
    },

    /** The member's suspension or ban still in force, if any (the latest first). */
    async standingActionsOf(userId: string) {
      return db
        .selectFrom('moderation_actions')
        .selectAll()
        .where('user_id', '=', userId)
        .where('action', 'in', ['suspend', 'ban'])
        .where('lifted_at', 'is', null)
        .orderBy('created_at', 'desc')
        .execute();
    },

    async appeal(id: string, text: string, now: number): Promise<void> {
      await db
        .updateTable('moderation_actions')
        .set({ appeal_text: text, appealed_at: now })
        .where('id', '=', id)
        .execute();
    },

    /** Appeals waiting for a decision, the oldest first. */
    async openAppeals(limit: number) {
      return db
        .selectFrom('moderation_actions')
        .selectAll()
        .where('appealed_at', 'is not', null)
        .where('appeal_decided_at', 'is', null)
        .orderBy('appealed_at')
        .limit(limit)
        .execute();
    },

    async decideAppeal(
      id: string,
      decision: { moderatorId: string; outcome: 'upheld' | 'overturned'; reason: string; now: number },
    ): Promise<void> {
      await db
        .updateTable('moderation_actions')
        .set({
          appeal_moderator_id: decision.moderatorId,
          appeal_outcome: decision.outcome,
          appeal_reason: decision.reason,
          appeal_decided_at: decision.now,
          ...(decision.outcome === 'overturned' ? { lifted_at: decision.now } : {}),
        })
        .where('id', '=', id)
        .execute();
    },

    /** Reports received per month and category (for the transparency page). */
    async reportCounts() {
      return db
        .selectFrom('reports')
        .select(['month', 'category', (eb) => eb.fn.countAll<number>().as('count')])
        .groupBy(['month', 'category'])
        .execute();
    },

    /** Actions taken per month, category and kind (an action overturned on appeal still counts as taken). */
    async actionCounts() {
      return db
        .selectFrom('moderation_actions')
        .select(['month', 'category', 'action', (eb) => eb.fn.countAll<number>().as('count')])
        .groupBy(['month', 'category', 'action'])
        .execute();
    },

    /** Dismissals per month and category: decided reports with no action. */
    async dismissalCounts() {
      return db
        .selectFrom('reports')
        .select(['month', 'category', (eb) => eb.fn.countAll<number>().as('count')])
        .where('action', '=', 'dismiss')
        .groupBy(['month', 'category'])
        .execute();
    },

    /** The member's own reports (their export), the oldest first. */
    async reportsBy(userId: string) {
      return db
        .selectFrom('reports')
        .select(['subject_type', 'category', 'explanation', 'status', 'created_at', 'decided_at'])
        .where('reporter_id', '=', userId)
        .orderBy('created_at')
        .execute();
    },

    /**
     * At erasure: what others reported about the member loses its copy of their content (the
     * report and its counts stay, the evidence about a person who is gone does not), and their
     * own reports lose their text (a report names people too).
     */
    async eraseFor(userId: string): Promise<void> {
      await db
        .updateTable('reports')
        .set({ snapshot: '{}', subject_owner_id: null })
        .where('subject_owner_id', '=', userId)
        .execute();
      // A profile is reported by its owner's id: that goes too, for one that names nobody (the same
      // for all their reports, so they still count as reports about one item).
      const nobody = randomUUID();
      await db
        .updateTable('reports')
        .set({ snapshot: '{}', subject_id: nobody })
        .where('subject_type', '=', 'profile')
        .where('subject_id', '=', userId)
        .execute();
      await db
        .updateTable('moderation_actions')
        .set({ subject_id: nobody })
        .where('subject_type', '=', 'profile')
        .where('subject_id', '=', userId)
        .execute();
      await db
        .updateTable('reports')
        .set({ explanation: '', reporter_id: null })
        .where('reporter_id', '=', userId)
        .execute();
      await db
        .updateTable('moderation_actions')
        .set({ user_id: null, appeal_text: null })
        .where('user_id', '=', userId)
        .execute();
    },
  };
}
