import { randomUUID } from 'node:crypto';
import type { Db } from '../../platform/db/schema';

/** All SQL for invitations of colleagues by e-mail. */
export function invitationsRepository(db: Db) {
  return {
    async insert(invitation: {
      inviterId: string;
      email: string;
      note: string;
      language: string;
      tokenHash: string;
      now: number;
    }): Promise<string> {
      const id = randomUUID();
      await db
        .insertInto('invitations')
        .values({
          id,
          inviter_id: invitation.inviterId,
          email: invitation.email,
          note: invitation.note,
          language: invitation.language,
          token_hash: invitation.tokenHash,
          created_at: invitation.now,
          accepted_at: null,
          accepted_by: null,
        })
        .execute();
      return id;
    },

    /** An invitation with its inviter's name, for its mail. */
    async forMail(invitationId: string) {
      return db
        .selectFrom('invitations as i')
        .innerJoin('users as u', 'u.id', 'i.inviter_id')
        .select(['i.email', 'i.note', 'i.language', 'i.accepted_at', 'u.display_name'])
        .where('i.id', '=', invitationId)
        .executeTakeFirst();
    },

    /** The open invitation whose token hashes to this, locked for its acceptance. */
    async openByTokenHash(tokenHash: string, notBefore: number) {
      return db
        .selectFrom('invitations')
        .select(['id', 'inviter_id', 'note', 'language'])
        .where('token_hash', '=', tokenHash)
        .where('accepted_at', 'is', null)
        .where('created_at', '>=', notBefore)
        .executeTakeFirst();
    },

    /** Accepted: the token cannot be used again and the address is no longer needed. */
    async accept(invitationId: string, userId: string, now: number): Promise<boolean> {
      const result = await db
        .updateTable('invitations')
        .set({ accepted_at: now, accepted_by: userId, email: null, token_hash: null })
        .where('id', '=', invitationId)
        .where('accepted_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    /** Forgets the address and token of invitations not accepted since `before`; answers how many. */
    async forgetOlderThan(before: number): Promise<number> {
      const result = await db
        .updateTable('invitations')
        .set({ email: null, token_hash: null })
        .where('accepted_at', 'is', null)
        .where('created_at', '<', before)
        .where('email', 'is not', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    async sentBy(userId: string, limit: number) {
      return db
        .selectFrom('invitations')
        .select(['id', 'email', 'language', 'created_at', 'accepted_at'])
        .where('inviter_id', '=', userId)
        .orderBy('created_at', 'desc')
        .limit(limit)
        .execute();
    },

    async exportFor(userId: string) {
      return db
        .selectFrom('invitations')
        .select(['email', 'note', 'language', 'created_at', 'accepted_at'])
        .where('inviter_id', '=', userId)
        .orderBy('created_at')
        .execute();
    },

    /** The member's invitations go; one they accepted no longer names them. */
    async eraseFor(userId: string): Promise<void> {
      await db.deleteFrom('invitations').where('inviter_id', '=', userId).execute();
      await db.updateTable('invitations').set({ accepted_by: null }).where('accepted_by', '=', userId).execute();
    },
  };
}
