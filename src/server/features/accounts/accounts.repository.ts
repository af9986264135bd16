import type { SqlDialect } from '../../platform/db/dialects/dialect';
import { randomUUID } from 'node:crypto';
import type { ConsentTable, Db, Role, UserTable } from '../../platform/db/schema';

export type UserRow = UserTable;

export interface NewUser {
  readonly email?: string | null;
  readonly passwordHash?: string | null;
  readonly emailVerifiedAt?: number | null;
  readonly wikimedia?: WikimediaIdentity | null;
  readonly language: string;
}

export interface WikimediaIdentity {
  readonly sub: string;
  readonly username: string;
  readonly editBucket: string | null;
  readonly registeredYear: number | null;
}

/** All SQL for accounts: users, sessions, one-time e-mail tokens, consents and OAuth attempts. */
export function accountsRepository(db: Db) {
  return {
    /**
     * Locks the account row against deletion until the transaction ends (rows that point at it can
     * then be added safely); false when the account is gone.
     */
    async lockAgainstDeletion(dialect: SqlDialect, id: string): Promise<boolean> {
      const row = await dialect
        .lockRowsAgainstDeletion(db.selectFrom('users').select('id').where('id', '=', id))
        .executeTakeFirst();
      return row !== undefined;
    },

    /** Locks the account row until the transaction ends, before it is deleted. */
    async lockForDeletion(dialect: SqlDialect, id: string): Promise<void> {
      await dialect.lockRowsForDelete(db.selectFrom('users').select('id').where('id', '=', id)).execute();
    },

    findUserById(id: string) {
      return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    },

    findUserByEmail(email: string) {
      return db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
    },

    findUserByWikimediaSub(sub: string) {
      return db.selectFrom('users').selectAll().where('wikimedia_sub', '=', sub).executeTakeFirst();
    },

    /** A user by e-mail address or Wikimedia username (for the `cxc user` command). */
    findUserByHandle(handle: string) {
      return db
        .selectFrom('users')
        .selectAll()
        .where((eb) => eb.or([eb('email', '=', handle.toLowerCase()), eb('wikimedia_username', '=', handle)]))
        .executeTakeFirst();
    },

    async insertUser(user: NewUser): Promise<string> {
      const id = randomUUID();
      const now = Date.now();
      await db
        .insertInto('users')
        .values({
          id,
          display_name: null,
          email: user.email ?? null,
          email_verified_at: user.emailVerifiedAt ?? null,
          password_hash: user.passwordHash ?? null,
          wikimedia_sub: user.wikimedia?.sub ?? null,
          wikimedia_username: user.wikimedia?.username ?? null,
          wikimedia_edit_bucket: user.wikimedia?.editBucket ?? null,
          wikimedia_registered_year: user.wikimedia?.registeredYear ?? null,
          role: 'member',
          language: user.language,
          created_at: now,
          updated_at: now,
        })
        .execute();
      return id;
    },

    async updateUser(id: string, changes: Partial<Omit<UserRow, 'id' | 'created_at'>>): Promise<void> {
      await db
        .updateTable('users')
        .set({ ...changes, updated_at: Date.now() })
        .where('id', '=', id)
        .execute();
    },

    async setWikimediaIdentity(id: string, identity: WikimediaIdentity): Promise<void> {
      await db
        .updateTable('users')
        .set({
          wikimedia_sub: identity.sub,
          wikimedia_username: identity.username,
          wikimedia_edit_bucket: identity.editBucket,
          wikimedia_registered_year: identity.registeredYear,
          updated_at: Date.now(),
        })
        .where('id', '=', id)
        .execute();
    },

    async deleteUser(id: string): Promise<void> {
      await db.deleteFrom('users').where('id', '=', id).execute();
    },

    async countAdmins(): Promise<number> {
      const row = await db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .where('role', '=', 'admin')
        .executeTakeFirstOrThrow();
      return Number(row.count);
    },

    async setRole(id: string, role: Role): Promise<void> {
      await db.updateTable('users').set({ role, updated_at: Date.now() }).where('id', '=', id).execute();
    },

    /** Users whose display name, e-mail or Wikimedia username contains `query`, newest first. */
    async searchUsers(query: string, limit: number, offset: number) {
      const pattern = `%${query.toLowerCase().replace(/[\\%_]/g, (match) => `\\${match}`)}%`;
      let select = db
        .selectFrom('users')
        .select(['id', 'display_name', 'email', 'wikimedia_username', 'role', 'created_at']);
      if (query !== '') {
        select = select.where((eb) =>
          eb.or([
            eb(eb.fn('lower', ['display_name']), 'like', pattern),
            eb('email', 'like', pattern),
            eb(eb.fn('lower', ['wikimedia_username']), 'like', pattern),
          ]),
        );
      }
      return select.orderBy('created_at', 'desc').orderBy('id').limit(limit).offset(offset).execute();
    },

    // Sessions

    async insertSession(session: {
      id: string;
      tokenHash: string;
      userId: string;
      userAgent: string | null;
      expiresAt: number;
    }): Promise<void> {
      const now = Date.now();
      await db
        .insertInto('sessions')
        .values({
          id: session.id,
          token_hash: session.tokenHash,
          user_id: session.userId,
          user_agent: session.userAgent,
          created_at: now,
          last_seen_at: now,
          expires_at: session.expiresAt,
        })
        .execute();
    },

    /** The live session with this token hash and its member, or undefined when none is. */
    /**
     * The live session with this token and its member, with how many of the `current` texts (document
     * and version) the member accepted: one query, as it runs before every signed-in request.
     */
    findLiveSession(
      tokenHash: string,
      now: number,
      idleSince: number,
      current: readonly { document: ConsentTable['document']; version: string }[],
    ) {
      return (
        db
          .selectFrom('sessions')
          .innerJoin('users', 'users.id', 'sessions.user_id')
          .select((eb) => [
            'sessions.id as sessionId',
            'sessions.last_seen_at as lastSeenAt',
            'users.id as userId',
            'users.role',
            'users.display_name as displayName',
            eb
              .selectFrom('consents')
              .select((inner) => inner.fn.count<number>('consents.document').distinct().as('accepted'))
              .whereRef('consents.user_id', '=', 'users.id')
              .where((inner) =>
                inner.or(
                  current.map((text) =>
                    inner.and([
                      inner('consents.document', '=', text.document),
                      inner('consents.version', '=', text.version),
                    ]),
                  ),
                ),
              )
              .as('currentConsents'),
          ])
          .where('sessions.token_hash', '=', tokenHash)
          .where('sessions.expires_at', '>', now)
          .where('sessions.last_seen_at', '>', idleSince)
          // A suspension ends its member's sessions; this also covers another instance's moment in between.
          .where('users.banned_at', 'is', null)
          .where((eb) => eb.or([eb('users.suspended_until', 'is', null), eb('users.suspended_until', '<=', now)]))
          .executeTakeFirst()
      );
    },

    async touchSession(id: string, now: number): Promise<void> {
      await db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', id).execute();
    },

    listSessions(userId: string) {
      return db
        .selectFrom('sessions')
        .select(['id', 'user_agent', 'created_at', 'last_seen_at', 'expires_at'])
        .where('user_id', '=', userId)
        .orderBy('last_seen_at', 'desc')
        .execute();
    },

    async deleteSession(userId: string, sessionId: string): Promise<number> {
      const result = await db
        .deleteFrom('sessions')
        .where('user_id', '=', userId)
        .where('id', '=', sessionId)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    /** Suspends or bans a member (or lifts it, with nulls); their sessions end at once. */
    async setStanding(userId: string, standing: { suspendedUntil: number | null; bannedAt: number | null }) {
      await db
        .updateTable('users')
        .set({ suspended_until: standing.suspendedUntil, banned_at: standing.bannedAt })
        .where('id', '=', userId)
        .execute();
      if (standing.suspendedUntil !== null || standing.bannedAt !== null) await this.deleteSessionsOf(userId);
    },

    async countModerators(): Promise<number> {
      const row = await db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .where('role', 'in', ['moderator', 'admin'])
        .executeTakeFirst();
      return Number(row?.count ?? 0);
    },

    async deleteSessionsOf(userId: string): Promise<void> {
      await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
    },

    // One-time e-mail tokens

    async insertEmailToken(token: {
      tokenHash: string;
      userId: string;
      purpose: 'verify' | 'reset';
      expiresAt: number;
    }): Promise<void> {
      await db
        .insertInto('email_tokens')
        .values({
          token_hash: token.tokenHash,
          user_id: token.userId,
          purpose: token.purpose,
          created_at: Date.now(),
          expires_at: token.expiresAt,
          used_at: null,
        })
        .execute();
    },

    /**
     * Marks an unused, unexpired token as used and answers whose it was. The update is the check,
     * so a token cannot be used twice even by two requests at once.
     */
    async consumeEmailToken(tokenHash: string, purpose: 'verify' | 'reset', now: number): Promise<string | undefined> {
      const row = await db
        .updateTable('email_tokens')
        .set({ used_at: now })
        .where('token_hash', '=', tokenHash)
        .where('purpose', '=', purpose)
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .returning('user_id')
        .executeTakeFirst();
      return row?.user_id;
    },

    // Consents

    async insertConsent(consent: {
      id: string;
      userId: string;
      document: 'code-of-conduct' | 'privacy';
      version: string;
    }): Promise<void> {
      await db
        .insertInto('consents')
        .values({
          id: consent.id,
          user_id: consent.userId,
          document: consent.document,
          version: consent.version,
          accepted_at: Date.now(),
        })
        .execute();
    },

    listConsents(userId: string) {
      return db
        .selectFrom('consents')
        .select(['document', 'version', 'accepted_at'])
        .where('user_id', '=', userId)
        .orderBy('accepted_at')
        .execute();
    },

    // OAuth sign-in attempts

    async insertOAuthAttempt(attempt: {
      state: string;
      codeVerifier: string;
      linkingUserId: string | null;
      expiresAt: number;
    }): Promise<void> {
      await db
        .insertInto('oauth_attempts')
        .values({
          state: attempt.state,
          code_verifier: attempt.codeVerifier,
          linking_user_id: attempt.linkingUserId,
          expires_at: attempt.expiresAt,
        })
        .execute();
    },

    /** Takes (reads and deletes) the attempt with this state: each may be completed once. */
    async takeOAuthAttempt(state: string, now: number) {
      const row = await db.deleteFrom('oauth_attempts').where('state', '=', state).returningAll().executeTakeFirst();
      await db.deleteFrom('oauth_attempts').where('expires_at', '<', now).execute();
      return row && row.expires_at > now ? row : undefined;
    },

    // Export

    exportTables(userId: string) {
      return Promise.all([
        db
          .selectFrom('sessions')
          .select(['id', 'user_agent', 'created_at', 'last_seen_at', 'expires_at'])
          .where('user_id', '=', userId)
          .execute(),
        db
          .selectFrom('consents')
          .select(['document', 'version', 'accepted_at'])
          .where('user_id', '=', userId)
          .execute(),
        db
          .selectFrom('email_tokens')
          .select(['purpose', 'created_at', 'expires_at', 'used_at'])
          .where('user_id', '=', userId)
          .execute(),
        db
          .selectFrom('jobs')
          .select(['kind', 'created_at', 'run_at', 'attempts'])
          .where('user_id', '=', userId)
          .execute(),
      ]);
    },
  };
}

export type AccountsRepository = ReturnType<typeof accountsRepository>;
