import type { ReportSubject } from '../../../shared/vocabulary';
import type { Viewer } from '../../platform/auth/viewer';
import type { Db } from '../../platform/db/schema';

/** An item as moderation sees it: who answers for it, what it showed, whether it is hidden. */
export interface ReportedItem {
  /** The item's own id (a member's id for a profile, an organization's id, a message's id). */
  readonly id: string;
  /** The member answerable for it: a profile's owner, a message's author; null for an organization. */
  readonly ownerId: string | null;
  /** Who runs it besides (an organization's managers): told of actions, and never its moderators. */
  readonly managerIds: readonly string[];
  /** A short name for lists: a member's name or address, an organization's name, a message's start. */
  readonly label: string;
  /** Where a moderator opens it in the app, when it has a page. */
  readonly path: string | null;
  /** What it shows (as the reporter saw it, for a snapshot; whole, for the live item). */
  readonly content: Readonly<Record<string, unknown>>;
  readonly hidden: boolean;
}

/**
 * What a reportable content type tells moderation about itself. Moderation never reads another
 * feature's tables: each type (profiles, organizations, messages, and the ones to come) provides a
 * source, and src/server/reportables.ts lists them. A new type is one more source.
 */
export interface ReportableSource {
  readonly type: ReportSubject;
  /**
   * The item a member means to report (by the reference the app shows them: a profile's address,
   * an organization's slug, a message's id) as that member may see it; undefined when they may not.
   */
  forReporter(db: Db, reference: string, viewer: Viewer): Promise<ReportedItem | undefined>;
  /** The item as it is now, whoever may see it (for moderators); undefined once it is gone. */
  current(db: Db, id: string): Promise<ReportedItem | undefined>;
  /** Hides the item (or shows it again with null), with everything derived from it (its search documents). */
  setHidden(trx: Db, id: string, hiddenAt: number | null): Promise<void>;
}
