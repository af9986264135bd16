import { requireRole, type Viewer } from '../../platform/auth/viewer';
import { cursorText, parsedCursor } from '../../platform/db/page-cursor';
import type { AuditLogTable, Db } from '../../platform/db/schema';
import { csvLine } from '../../platform/http/csv';
import { isoTime } from '../../platform/time';
import { memberCards, type MemberCard } from '../profiles/profiles.public';
import { auditRepository } from './audit.repository';

const PAGE = 100;
const CSV_COLUMNS = ['at', 'actor', 'action', 'subject_type', 'subject_id', 'target', 'reason', 'detail'] as const;

function named(cards: Map<string, MemberCard>, id: string | null) {
  if (id === null) return null;
  const card = cards.get(id);
  // A pseudonym (erased member) or an account gone: nobody to name.
  return card ? { handle: card.handle, name: card.name, deleted: false } : { handle: null, name: id, deleted: true };
}

/** Reading the audit log: moderators and admins page through it, admins export it whole. */
export function auditService(db: Db) {
  const repository = auditRepository(db);
  return {
    async page(viewer: Viewer | null, before?: string) {
      requireRole(viewer, 'moderator');
      const rows = await repository.page(PAGE + 1, parsedCursor(before));
      const page = rows.slice(0, PAGE);
      const cards = await memberCards(
        db,
        page.flatMap((row) => [row.actor, row.target]).filter((id): id is string => id !== null),
      );
      return {
        entries: page.map((row) => ({
          id: row.id,
          actor: named(cards, row.actor),
          action: row.action,
          subjectType: row.subject_type,
          subjectId: row.subject_id,
          target: named(cards, row.target),
          reason: row.reason,
          detail: row.detail,
          at: isoTime(row.created_at),
        })),
        next: rows.length > PAGE ? cursorText(page.at(-1)!.created_at, page.at(-1)!.id) : null,
      };
    },

    /** The whole log as CSV lines, the oldest first, read in batches. */
    async *csv(viewer: Viewer | null): AsyncGenerator<string> {
      requireRole(viewer, 'admin');
      yield csvLine(CSV_COLUMNS);
      for await (const rows of repository.all()) yield rows.map((row: AuditLogTable) => auditLine(row)).join('');
    },
  };
}

function auditLine(row: AuditLogTable): string {
  return csvLine([
    isoTime(row.created_at),
    row.actor,
    row.action,
    row.subject_type,
    row.subject_id,
    row.target,
    row.reason,
    row.detail,
  ]);
}
