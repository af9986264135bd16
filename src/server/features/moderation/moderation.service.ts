import { randomUUID } from 'node:crypto';
import type {
  AppealOutcome,
  ModerationAction,
  NotificationKind,
  ReportCategory,
  ReportSubject,
} from '../../../shared/vocabulary';
import { requireMember, requireRole, type Viewer } from '../../platform/auth/viewer';
import type { ModerationRules } from '../../platform/config';
import type { SqlDialect } from '../../platform/db/dialects/dialect';
import type { Db, ModerationActionTable, ReportTable } from '../../platform/db/schema';
import { AppError, notFound, validationFailed } from '../../platform/errors';
import type { JobQueue } from '../../platform/jobs';
import type { LiveChannel } from '../../platform/live';
import { isoTime, isoTimeOrNull } from '../../platform/time';
import { countModerators, findAccount, lockAccount, setAccountStanding } from '../accounts/accounts.public';
import { recordAudit } from '../audit/audit.public';
import { notify } from '../notifications/notifications.public';
import { organizationsManagedBy } from '../organizations/organizations.public';
import { memberCards, type MemberCard } from '../profiles/profiles.public';
import { MODERATION_MAIL_JOB, STANDING_REVIEW_JOB } from './moderation.mail';
import { cursorText, parsedCursor } from '../../platform/db/page-cursor';
import { moderationRepository, type QueueFilter } from './moderation.repository';
import type { ReportableSource, ReportedItem } from './reportable';
import { publishedCount } from '../../platform/published-counts';

const DAY_MS = 86_400_000;
const QUEUE_PAGE = 50;
const APPEALS_PAGE = 100;

export interface ModerationDependencies {
  readonly db: Db;
  readonly dialect: SqlDialect;
  readonly rules: ModerationRules;
  readonly jobs: JobQueue;
  readonly live: LiveChannel;
  readonly sources: readonly ReportableSource[];
  /**
   * A member's standing changed (suspended, banned, restored): what shows them (their profile, the
   * organizations only they manage) is rebuilt in the same transaction.
   */
  readonly onStandingChange: (trx: Db, userId: string) => Promise<void>;
}

function trimmedReason(reason: string, field = 'reason'): string {
  const text = reason.trim();
  if (text === '') throw validationFailed([{ field, code: 'required' }]);
  return text;
}

function memberRef(cards: Map<string, MemberCard>, userId: string | null) {
  if (userId === null) return null;
  const card = cards.get(userId);
  return card ? { handle: card.handle, name: card.name, deleted: false } : { handle: null, name: null, deleted: true };
}

/** A stored snapshot as the API shows it; `{}` once its member was erased. */
function snapshotItem(report: Pick<ReportTable, 'snapshot'>) {
  const stored = JSON.parse(report.snapshot) as Partial<Pick<ReportedItem, 'label' | 'path' | 'content' | 'hidden'>>;
  return { label: stored.label ?? '', path: stored.path ?? null, content: stored.content ?? {}, hidden: false };
}

/**
 * The safe space: members report what harms them, moderators decide with a written reason, the
 * member affected is told and may appeal once, every moderator's act goes to the audit log, and
 * counts are published each month. Each change is one transaction with its notifications and
 * audit entry; live events go out after it commits.
 */
export function moderationService({
  db,
  dialect,
  rules,
  jobs,
  live,
  sources,
  onStandingChange,
}: ModerationDependencies) {
  const repository = moderationRepository(db, dialect);
  const sourceOf = (type: ReportSubject) => {
    const source = sources.find((candidate) => candidate.type === type);
    if (!source) throw new Error(`no reportable source for ${type}`);
    return source;
  };

  /** Whoever answers for an item: its owner, or an organization's managers. */
  const answerable = (item: Pick<ReportedItem, 'ownerId' | 'managerIds'>) =>
    item.ownerId ? [item.ownerId] : [...item.managerIds];

  async function tell(trx: Db, userIds: readonly string[], kind: NotificationKind, now: number) {
    for (const userId of userIds) await notify(trx, jobs, { userId, kind, conversationId: null, actorId: null, now });
  }

  async function announce(userIds: readonly string[], kind: NotificationKind) {
    if (userIds.length === 0) return;
    await live.publish({ userIds, kind, conversationId: null }).catch(() => undefined);
  }

  async function inTransaction<T>(userId: string, work: (trx: Db) => Promise<T>): Promise<T> {
    return db.transaction().execute(async (trx) => {
      if (!(await lockAccount(trx, dialect, userId))) throw new AppError('unauthorized');
      return work(trx);
    });
  }

  /** Puts a report's item back in view, unless another action of the same decision keeps it hidden. */
  async function applyAction(
    trx: Db,
    item: ReportedItem,
    source: ReportableSource,
    action: ModerationAction,
    endsAt: number | null,
    now: number,
  ) {
    if (action === 'dismiss') {
      // Hidden only by reports (or held as spam): a dismissal shows it again.
      if (item.hidden) await source.setHidden(trx, item.id, null);
      return;
    }
    if (action === 'hide' && !item.hidden) await source.setHidden(trx, item.id, now);
    if ((action === 'suspend' || action === 'ban') && item.ownerId) {
      await setAccountStanding(trx, item.ownerId, {
        suspendedUntil: action === 'suspend' ? endsAt : null,
        bannedAt: action === 'ban' ? now : null,
      });
      await onStandingChange(trx, item.ownerId);
      if (action === 'suspend' && endsAt !== null)
        await jobs.enqueue(trx, STANDING_REVIEW_JOB, { userId: item.ownerId }, { runAt: endsAt + 1000 });
    }
    // A hidden item stays hidden under a warning, suspension or ban: the decision was that it harmed.
  }

  async function undoAction(trx: Db, action: ModerationActionTable, now: number) {
    const source = sourceOf(action.subject_type);
    if (action.action === 'hide') await source.setHidden(trx, action.subject_id, null);
    if ((action.action === 'suspend' || action.action === 'ban') && action.user_id) {
      const others = (await moderationRepository(trx, dialect).standingActionsOf(action.user_id)).filter(
        (other) => other.id !== action.id && (other.action === 'ban' || (other.ends_at ?? 0) > now),
      );
      const ban = others.find((other) => other.action === 'ban');
      const suspension = others.find((other) => other.action === 'suspend');
      await setAccountStanding(trx, action.user_id, {
        suspendedUntil: ban ? null : (suspension?.ends_at ?? null),
        bannedAt: ban ? ban.created_at : null,
      });
      await onStandingChange(trx, action.user_id);
    }
  }

  function presentAction(row: ModerationActionTable, now: number) {
    const appealUntil = row.created_at + rules.appealDays * DAY_MS;
    return {
      id: row.id,
      action: row.action,
      type: row.subject_type,
      category: row.category,
      reason: row.reason,
      createdAt: isoTime(row.created_at),
      endsAt: isoTimeOrNull(row.ends_at),
      lifted: row.lifted_at !== null,
      appeal:
        row.appealed_at === null
          ? null
          : {
              text: row.appeal_text,
              appealedAt: isoTime(row.appealed_at),
              outcome: row.appeal_outcome,
              reason: row.appeal_reason,
              decidedAt: isoTimeOrNull(row.appeal_decided_at),
            },
      appealUntil: row.appealed_at === null && appealUntil > now ? isoTime(appealUntil) : null,
    };
  }

  /** A moderator may not act on a report about themselves, or about what they run. */
  function refuseOwn(me: string, report: Pick<ReportTable, 'subject_owner_id'>, item: ReportedItem | undefined) {
    if (report.subject_owner_id === me || item?.ownerId === me || item?.managerIds.includes(me))
      throw new AppError('own_report');
  }

  return {
    /** A member reports an item they can see; the item may be hidden at once when enough trusted members did. */
    async report(
      viewer: Viewer | null,
      input: { type: ReportSubject; reference: string; category: ReportCategory; explanation: string },
    ): Promise<{ id: string }> {
      const me = requireMember(viewer);
      const source = sourceOf(input.type);
      const explanation = trimmedReason(input.explanation, 'explanation');
      const item = await source.forReporter(db, input.reference, me);
      if (!item) throw notFound();
      if (item.ownerId === me.userId || item.managerIds.includes(me.userId))
        throw validationFailed([{ field: 'reference', code: 'self' }]);
      const account = await findAccount(db, me.userId);
      const now = Date.now();
      const trusted = account !== undefined && now - account.created_at >= rules.autoHideAccountDays * DAY_MS;
      const id = randomUUID();
      await inTransaction(me.userId, async (trx) => {
        const store = moderationRepository(trx, dialect);
        const added = await store.addReport({
          id,
          reporter_id: me.userId,
          reporter_trusted: trusted ? 1 : 0,
          subject_type: input.type,
          subject_id: item.id,
          subject_owner_id: item.ownerId,
          category: input.category,
          explanation,
          snapshot: JSON.stringify({ label: item.label, path: item.path, content: item.content }),
          created_at: now,
        });
        if (!added) throw new AppError('already_reported');
        if (!item.hidden && (await store.trustedOpenReporters(input.type, item.id)) >= rules.autoHideReports) {
          await source.setHidden(trx, item.id, now);
          await recordAudit(trx, {
            actorId: null,
            action: 'item.hide-automatically',
            subjectType: input.type,
            subjectId: item.id,
            targetId: item.ownerId,
            detail: `${rules.autoHideReports} reports`,
            now,
          });
        }
      });
      return { id };
    },

    async queue(viewer: Viewer | null, filter: QueueFilter, after?: string) {
      const me = requireRole(viewer, 'moderator').userId;
      const rows = await repository.queue(filter, QUEUE_PAGE + 1, parsedCursor(after));
      const page = rows.slice(0, QUEUE_PAGE);
      return {
        reports: page.map((row) => ({
          id: row.id,
          type: row.subject_type,
          category: row.category,
          status: row.status,
          label: snapshotItem(row).label,
          claimedByMe: row.claimed_by === me,
          action: row.action,
          createdAt: isoTime(row.created_at),
        })),
        next: rows.length > QUEUE_PAGE ? cursorText(page.at(-1)!.created_at, page.at(-1)!.id) : null,
      };
    },

    /** A report with its snapshot, the item as it is now, and the history of whom it is about. */
    async detail(viewer: Viewer | null, reportId: string) {
      const me = requireRole(viewer, 'moderator').userId;
      const report = await repository.findReport(reportId);
      if (!report) throw notFound();
      const now = Date.now();
      const [current, earlier, actions, undecided] = await Promise.all([
        sourceOf(report.subject_type).current(db, report.subject_id),
        repository.earlierReports(report),
        report.subject_owner_id ? repository.actionsAbout(report.subject_owner_id) : Promise.resolve([]),
        repository.undecidedAbout(report.subject_type, report.subject_id),
      ]);
      const cards = await memberCards(
        db,
        [report.reporter_id, report.subject_owner_id, report.claimed_by].filter((id): id is string => id !== null),
      );
      const aboutMe =
        report.subject_owner_id === me || current?.ownerId === me || (current?.managerIds.includes(me) ?? false);
      return {
        id: report.id,
        type: report.subject_type,
        category: report.category,
        explanation: report.explanation,
        status: report.status,
        createdAt: isoTime(report.created_at),
        reporter: memberRef(cards, report.reporter_id),
        owner: memberRef(cards, report.subject_owner_id),
        claimedBy: memberRef(cards, report.claimed_by),
        claimedByMe: report.claimed_by === me,
        aboutMe,
        decision:
          report.action && report.decided_at !== null
            ? { action: report.action, reason: report.decision_reason, decidedAt: isoTime(report.decided_at) }
            : null,
        snapshot: snapshotItem(report),
        current: current
          ? { label: current.label, path: current.path, content: current.content, hidden: current.hidden }
          : null,
        history: {
          reports: earlier.map((row) => ({
            id: row.id,
            type: row.subject_type,
            category: row.category,
            status: row.status,
            action: row.action,
            createdAt: isoTime(row.created_at),
          })),
          actions: actions.map((row) => presentAction(row, now)),
        },
        reportsOnItem: undecided.length,
      };
    },

    /** Takes a report, so two moderators do not work on the same one. */
    async claim(viewer: Viewer | null, reportId: string): Promise<void> {
      const me = requireRole(viewer, 'moderator').userId;
      const now = Date.now();
      await inTransaction(me, async (trx) => {
        const store = moderationRepository(trx, dialect);
        const report = await store.lockedReport(reportId);
        if (!report) throw notFound();
        if (report.status === 'decided') throw new AppError('report_decided');
        refuseOwn(me, report, await sourceOf(report.subject_type).current(trx, report.subject_id));
        if (report.claimed_by !== null && report.claimed_by !== me) throw new AppError('report_claimed');
        await store.claim(reportId, me, now);
        await recordAudit(trx, {
          actorId: me,
          action: 'report.claim',
          subjectType: report.subject_type,
          subjectId: report.subject_id,
          targetId: report.subject_owner_id,
          detail: reportId,
          now,
        });
      });
    },

    /**
     * Decides a report (and every other one still waiting on the same item): the action is applied,
     * the member affected told what and why, each reporter told that it was decided (not how).
     */
    async decide(
      viewer: Viewer | null,
      reportId: string,
      input: { action: ModerationAction; reason: string; days?: number | undefined },
    ): Promise<void> {
      const me = requireRole(viewer, 'moderator').userId;
      const reason = trimmedReason(input.reason);
      if (input.action === 'suspend' && input.days === undefined)
        throw validationFailed([{ field: 'days', code: 'required' }]);
      const now = Date.now();
      const told = await inTransaction(me, async (trx) => {
        const store = moderationRepository(trx, dialect);
        const report = await store.lockedReport(reportId);
        if (!report) throw notFound();
        if (report.status === 'decided') throw new AppError('report_decided');
        const source = sourceOf(report.subject_type);
        const item = await source.current(trx, report.subject_id);
        refuseOwn(me, report, item);
        if (report.claimed_by !== null && report.claimed_by !== me) throw new AppError('report_claimed');
        if ((input.action === 'suspend' || input.action === 'ban') && !item?.ownerId)
          throw validationFailed([{ field: 'action', code: 'no_member' }]);
        if (!item && input.action !== 'dismiss') throw validationFailed([{ field: 'action', code: 'gone' }]);
        const endsAt = input.action === 'suspend' ? now + input.days! * DAY_MS : null;
        const reports = await store.undecidedAbout(report.subject_type, report.subject_id);
        await store.decide(
          reports.map((row) => row.id),
          { moderatorId: me, action: input.action, reason, now },
        );
        if (item) await applyAction(trx, item, source, input.action, endsAt, now);
        const affected = item && input.action !== 'dismiss' ? answerable(item) : [];
        if (item && input.action !== 'dismiss') {
          const actionId = await store.addAction({
            report_id: report.id,
            user_id: item.ownerId,
            subject_type: report.subject_type,
            subject_id: item.id,
            action: input.action,
            category: report.category,
            reason,
            moderator_id: me,
            created_at: now,
            ends_at: endsAt,
            lifted_at: null,
            appeal_text: null,
            appealed_at: null,
            appeal_moderator_id: null,
            appeal_outcome: null,
            appeal_reason: null,
            appeal_decided_at: null,
          });
          await tell(trx, affected, 'moderation', now);
          for (const userId of affected)
            await jobs.enqueue(trx, MODERATION_MAIL_JOB, { userId, actionId, about: 'action' }, { userId });
        }
        const reporters = [
          ...new Set(reports.map((row) => row.reporter_id).filter((id): id is string => id !== null)),
        ].filter((id) => !affected.includes(id));
        await tell(trx, reporters, 'report-decided', now);
        await recordAudit(trx, {
          actorId: me,
          action: `report.${input.action}`,
          subjectType: report.subject_type,
          subjectId: report.subject_id,
          targetId: report.subject_owner_id,
          reason,
          detail: endsAt === null ? null : `until ${isoTime(endsAt)}`,
          now,
        });
        return { affected, reporters };
      });
      await announce(told.affected, 'moderation');
      await announce(told.reporters, 'report-decided');
    },

    /** What moderators did about me (or organizations I manage), and where my own reports stand. */
    async mine(viewer: Viewer | null) {
      const me = requireMember(viewer).userId;
      const now = Date.now();
      const [actions, reports] = await Promise.all([
        repository.actionsAbout(me, await organizationsManagedBy(db, me)),
        repository.reportsBy(me),
      ]);
      return {
        actions: actions.map((row) => presentAction(row, now)),
        reports: reports.map((row) => ({
          type: row.subject_type,
          category: row.category,
          status: row.status,
          createdAt: isoTime(row.created_at),
          decidedAt: isoTimeOrNull(row.decided_at),
        })),
      };
    },

    /** The member affected appeals an action, once, within the appeal period. */
    async appeal(viewer: Viewer | null, actionId: string, text: string): Promise<void> {
      const me = requireMember(viewer).userId;
      const appeal = trimmedReason(text, 'text');
      const now = Date.now();
      await inTransaction(me, async (trx) => {
        const store = moderationRepository(trx, dialect);
        const action = await store.lockedAction(actionId);
        const mine =
          action &&
          (action.user_id === me ||
            (action.subject_type === 'organization' &&
              (await organizationsManagedBy(trx, me)).includes(action.subject_id)));
        if (!action || !mine) throw notFound();
        if (action.appealed_at !== null || now > action.created_at + rules.appealDays * DAY_MS)
          throw new AppError('appeal_closed');
        await store.appeal(actionId, appeal, now);
        await recordAudit(trx, {
          actorId: me,
          action: 'appeal.file',
          subjectType: action.subject_type,
          subjectId: action.subject_id,
          detail: actionId,
          now,
        });
      });
    },

    /** Appeals waiting; each goes to a moderator other than the one who acted, when there is one. */
    async appeals(viewer: Viewer | null) {
      const me = requireRole(viewer, 'moderator').userId;
      const [rows, moderators] = await Promise.all([repository.openAppeals(APPEALS_PAGE), countModerators(db)]);
      const cards = await memberCards(
        db,
        rows.map((row) => row.user_id).filter((id): id is string => id !== null),
      );
      return {
        appeals: rows.map((row) => ({
          id: row.id,
          action: row.action,
          type: row.subject_type,
          category: row.category,
          reason: row.reason,
          text: row.appeal_text ?? '',
          member: memberRef(cards, row.user_id),
          actedByMe: row.moderator_id === me,
          mayDecide: row.user_id !== me && (row.moderator_id !== me || moderators < 2),
          appealedAt: isoTime(row.appealed_at!),
        })),
      };
    },

    async decideAppeal(viewer: Viewer | null, actionId: string, input: { outcome: AppealOutcome; reason: string }) {
      const me = requireRole(viewer, 'moderator').userId;
      const reason = trimmedReason(input.reason);
      const now = Date.now();
      const member = await inTransaction(me, async (trx) => {
        const store = moderationRepository(trx, dialect);
        const action = await store.lockedAction(actionId);
        if (!action || action.appealed_at === null) throw notFound();
        if (action.appeal_decided_at !== null) throw new AppError('report_decided');
        if (action.user_id === me) throw new AppError('own_report');
        if (action.moderator_id === me && (await countModerators(trx)) >= 2) throw new AppError('forbidden');
        await store.decideAppeal(actionId, { moderatorId: me, outcome: input.outcome, reason, now });
        if (input.outcome === 'overturned') await undoAction(trx, action, now);
        const item = await sourceOf(action.subject_type).current(trx, action.subject_id);
        const affected = action.user_id ? [action.user_id] : item ? answerable(item) : [];
        await tell(trx, affected, 'appeal-decided', now);
        for (const userId of affected)
          await jobs.enqueue(trx, MODERATION_MAIL_JOB, { userId, actionId, about: 'appeal' }, { userId });
        await recordAudit(trx, {
          actorId: me,
          action: `appeal.${input.outcome}`,
          subjectType: action.subject_type,
          subjectId: action.subject_id,
          targetId: action.user_id,
          reason,
          detail: actionId,
          now,
        });
        return affected;
      });
      await announce(member, 'appeal-decided');
    },

    /** A suspension's end: the member's profile and organizations are shown again. */
    async reviewStanding(userId: string): Promise<void> {
      await db.transaction().execute(async (trx) => onStandingChange(trx, userId));
    },

    /** Reports received and actions taken per month and category, counts of 1-4 withheld. */
    async transparency() {
      const [reports, actions, dismissals] = await Promise.all([
        repository.reportCounts(),
        repository.actionCounts(),
        repository.dismissalCounts(),
      ]);
      const published = (count: number) => publishedCount(count, 'shown');
      const months = new Map<
        string,
        Map<ReportCategory, { reports: number; actions: Map<ModerationAction, number> }>
      >();
      const cell = (month: string, category: ReportCategory) => {
        const byCategory = months.get(month) ?? new Map();
        months.set(month, byCategory);
        const entry = byCategory.get(category) ?? { reports: 0, actions: new Map<ModerationAction, number>() };
        byCategory.set(category, entry);
        return entry;
      };
      for (const row of reports) cell(row.month, row.category).reports += Number(row.count);
      for (const row of actions) cell(row.month, row.category).actions.set(row.action, Number(row.count));
      for (const row of dismissals) cell(row.month, row.category).actions.set('dismiss', Number(row.count));
      return {
        months: [...months]
          .sort(([a], [b]) => b.localeCompare(a))
          .map(([month, byCategory]) => ({
            month,
            categories: [...byCategory]
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([category, entry]) => ({
                category,
                reports: published(entry.reports),
                actions: {
                  dismiss: published(entry.actions.get('dismiss') ?? 0),
                  hide: published(entry.actions.get('hide') ?? 0),
                  warn: published(entry.actions.get('warn') ?? 0),
                  suspend: published(entry.actions.get('suspend') ?? 0),
                  ban: published(entry.actions.get('ban') ?? 0),
                },
              })),
          })),
      };
    },
  };
}

export type ModerationService = ReturnType<typeof moderationService>;
