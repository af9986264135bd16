import type { Db } from '../../platform/db/schema';
import { auditRepository } from './audit.repository';

/*
 * How features record what moderators and admins do: `recordAudit` in the transaction of the
 * action itself, so the log holds an entry exactly when the action happened.
 */

export interface AuditEntry {
  /** The member who acted; null for the platform itself (automatic hiding). */
  readonly actorId: string | null;
  /** What was done, e.g. `report.decide`, `appeal.decide`, `role.grant`. */
  readonly action: string;
  readonly subjectType?: string | null;
  readonly subjectId?: string | null;
  /** The member the action was about. */
  readonly targetId?: string | null;
  readonly reason?: string | null;
  /** Anything else worth keeping (e.g. the action chosen, a suspension's length), as short text. */
  readonly detail?: string | null;
  readonly now: number;
}

export function recordAudit(db: Db, entry: AuditEntry): Promise<void> {
  return auditRepository(db).append({
    actor: entry.actorId,
    action: entry.action,
    subject_type: entry.subjectType ?? null,
    subject_id: entry.subjectId ?? null,
    target: entry.targetId ?? null,
    reason: entry.reason ?? null,
    detail: entry.detail ?? null,
    created_at: entry.now,
  });
}
