import type { SqlDialect } from '../../platform/db/dialects/dialect';
import type { Db } from '../../platform/db/schema';
import { accountsRepository, type UserRow, type WikimediaIdentity } from './accounts.repository';

/*
 * What other features read of accounts. They go through these, never the repository: a feature's
 * tables and SQL are its own.
 */

/** A member's account (e.g. to mail them in their language), or undefined when it is gone. */
export function findAccount(db: Db, userId: string): Promise<UserRow | undefined> {
  return accountsRepository(db).findUserById(userId);
}

/** Whether a member may act: suspended until a time, or banned (both null when in good standing). */
export interface AccountStanding {
  readonly suspendedUntil: number | null;
  readonly bannedAt: number | null;
}

/** Suspends, bans or restores a member (moderation's decisions); a suspension or ban ends their sessions. */
export function setAccountStanding(db: Db, userId: string, standing: AccountStanding): Promise<void> {
  return accountsRepository(db).setStanding(userId, standing);
}

/** How many members may moderate (moderators and admins): an appeal goes to another one when there is one. */
export function countModerators(db: Db): Promise<number> {
  return accountsRepository(db).countModerators();
}

/**
 * Keeps a member's account from being erased until the transaction ends, before rows that point at
 * it are added; false when it is already gone (the session was read before the erasure).
 */
export function lockAccount(db: Db, dialect: SqlDialect, userId: string): Promise<boolean> {
  return accountsRepository(db).lockAgainstDeletion(dialect, userId);
}

/**
 * The accounts side of signing in with a Wikimedia account: the pending attempts (state and PKCE
 * verifier between the redirect and the callback) and the Wikimedia identity on an account.
 */
export function wikimediaAccounts(db: Db) {
  const repository = accountsRepository(db);
  return {
    saveAttempt: (attempt: { state: string; codeVerifier: string; linkingUserId: string | null; expiresAt: number }) =>
      repository.insertOAuthAttempt(attempt),
    /** The attempt with this state, removed so it cannot be used twice; undefined when unknown or expired. */
    takeAttempt: (state: string, now: number) => repository.takeOAuthAttempt(state, now),
    ownerOf: (sub: string) => repository.findUserByWikimediaSub(sub),
    link: (userId: string, identity: WikimediaIdentity) => repository.setWikimediaIdentity(userId, identity),
    /** A new account signed in through Wikimedia only; answers its id. */
    create: (identity: WikimediaIdentity) => repository.insertUser({ wikimedia: identity, language: 'en' }),
  };
}
