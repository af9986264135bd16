import type { ConnectLimits } from '../../platform/config';
import { isoTime } from '../../platform/time';
import { randomToken, sha256 } from '../../platform/crypto';
import type { SqlDialect } from '../../platform/db/dialects/dialect';
import type { Db } from '../../platform/db/schema';
import { AppError, validationFailed } from '../../platform/errors';
import type { JobQueue } from '../../platform/jobs';
import { rateLimits } from '../../platform/rate-limits';
import { requireMember, type Viewer } from '../../platform/auth/viewer';
import { lockAccount } from '../accounts/accounts.public';
import { blockBetween } from '../blocks/blocks.public';
import { countConnect } from '../connections/connections.public';
import { startRequest } from '../messages/messages.public';
import { INVITATION_MAIL_JOB } from './invitations.mail';
import { invitationsRepository } from './invitations.repository';

const DAY_MS = 86_400_000;
/** An invitation may be accepted this long; then its address is forgotten. */
export const INVITATION_VALID_MS = 30 * DAY_MS;
const LISTED = 50;

export interface InvitationsDependencies {
  readonly db: Db;
  readonly dialect: SqlDialect;
  readonly jobs: JobQueue;
  readonly limits: ConnectLimits;
}

/**
 * Members invite colleagues by e-mail with a personal note. The address is kept only until the
 * invitation is accepted or 30 days have passed; accepting it opens a conversation request from the
 * one who invited. Counted (sent, accepted) per day for the reports.
 */
export function invitationsService({ db, dialect, jobs, limits }: InvitationsDependencies) {
  const repository = invitationsRepository(db);
  return {
    async invite(viewer: Viewer | null, invitation: { email: string; note: string; language: string }) {
      const me = requireMember(viewer).userId;
      const note = invitation.note.trim();
      if (note === '') throw validationFailed([{ field: 'note', code: 'required' }]);
      const now = Date.now();
      const token = randomToken();
      await db.transaction().execute(async (trx) => {
        if (!(await lockAccount(trx, dialect, me))) throw new AppError('unauthorized');
        await rateLimits(trx).hit(
          { name: 'connect:invitations', limit: limits.invitationsPerDay, windowMs: DAY_MS },
          me,
          now,
          (seconds) =>
            new AppError(
              'invitation_limit',
              [],
              [String(limits.invitationsPerDay), String(Math.max(1, Math.ceil(seconds / 3600)))],
              seconds,
            ),
        );
        const id = await invitationsRepository(trx).insert({
          inviterId: me,
          email: invitation.email.trim(),
          note,
          language: invitation.language,
          tokenHash: sha256(token),
          now,
        });
        await countConnect(trx, 'invitations_sent', now);
        await jobs.enqueue(trx, INVITATION_MAIL_JOB, { invitationId: id, token }, { userId: me });
      });
      return { status: 'sent' as const };
    },

    async sent(viewer: Viewer | null) {
      const rows = await repository.sentBy(requireMember(viewer).userId, LISTED);
      return rows.map((row) => ({
        id: row.id,
        email: row.email,
        language: row.language,
        sentAt: isoTime(row.created_at),
        accepted: row.accepted_at !== null,
      }));
    },

    /** The invited member, signed in, accepts: the invitation is used up and a request from the inviter opens. */
    async accept(viewer: Viewer | null, token: string) {
      const me = requireMember(viewer).userId;
      const now = Date.now();
      return db.transaction().execute(async (trx) => {
        if (!(await lockAccount(trx, dialect, me))) throw new AppError('unauthorized');
        const store = invitationsRepository(trx);
        const invitation = await store.openByTokenHash(sha256(token), now - INVITATION_VALID_MS);
        if (!invitation) throw new AppError('token_invalid');
        if (invitation.inviter_id === me) throw validationFailed([{ field: 'token', code: 'self' }]);
        if (!(await store.accept(invitation.id, me, now))) throw new AppError('token_invalid');
        await countConnect(trx, 'invitations_accepted', now);
        const blocks = await blockBetween(trx, invitation.inviter_id, me);
        if (blocks.aBlockedB || blocks.bBlockedA || !invitation.note) return { conversationId: null };
        const conversationId = await startRequest(trx, dialect, jobs, {
          from: invitation.inviter_id,
          to: me,
          body: invitation.note,
          language: invitation.language,
          now,
        });
        return { conversationId };
      });
    },

    /** The daily job: forgets addresses of invitations nobody accepted in time. */
    forgetExpired: (now = Date.now()) => repository.forgetOlderThan(now - INVITATION_VALID_MS),
  };
}
