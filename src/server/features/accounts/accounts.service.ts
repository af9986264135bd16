import { randomUUID } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { Config } from '../../platform/config';
import { randomToken, sha256 } from '../../platform/crypto';
import type { Db } from '../../platform/db/schema';
import { checkedName } from '../../platform/editing/field-rules';
import { AppError, validationFailed } from '../../platform/errors';
import type { JobQueue } from '../../platform/jobs';
import type { PersonalDataRegistry } from '../../platform/personal-data';
import { rateLimits, type RateRule } from '../../platform/rate-limits';
import type { Viewer } from '../../platform/auth/viewer';
import { accountsRepository, type UserRow } from './accounts.repository';
import { ACCOUNT_MAIL_JOB, type AccountMail } from './accounts.mail';
import { CONSENT_VERSIONS, CURRENT_CONSENTS, hasCurrentConsents, type ConsentDocument } from './consent';
import { passwordProblems } from './password-policy';
import { describeUserAgent } from './user-agent';
import { isRestricted } from '../../platform/auth/standing';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const VERIFY_TOKEN_MS = 2 * DAY;
const RESET_TOKEN_MS = HOUR;
/** Refreshing `last_seen_at` on every request would make every page view a write. */
const SESSION_TOUCH_MS = HOUR;

export const RATE_RULES = {
  signInPerIp: { name: 'signin-ip', limit: 30, windowMs: 15 * MINUTE },
  signInPerAccount: { name: 'signin-account', limit: 10, windowMs: 15 * MINUTE },
  signUpPerIp: { name: 'signup-ip', limit: 10, windowMs: HOUR },
  signUpPerAccount: { name: 'signup-account', limit: 3, windowMs: HOUR },
  resetPerIp: { name: 'reset-ip', limit: 10, windowMs: HOUR },
  resetPerAccount: { name: 'reset-account', limit: 3, windowMs: HOUR },
} satisfies Record<string, RateRule>;

/** argon2id with the library's defaults (19 MiB, 2 passes): OWASP's recommended minimum. */
const hashPassword = (password: string) => hash(password);
/** Checked when no account matches, so that a wrong address costs as long as a wrong password. */
let decoyHash: Promise<string> | undefined;

export interface NewSession {
  readonly token: string;
  readonly expiresAt: number;
}

export interface AccountServiceDependencies {
  readonly db: Db;
  readonly config: Config;
  readonly jobs: JobQueue;
  readonly personalData: PersonalDataRegistry;
  /** Called when something others can find changed (the display name), e.g. to update the search index. */
  /** Rebuilds what derives from the member's profile (search documents), in the caller's transaction. */
  readonly onProfileChange?: (userId: string, trx: Db) => Promise<void>;
}

/** Rules of local accounts, sessions, consent, export and erasure. */
export function accountsService({
  db,
  config,
  jobs,
  personalData,
  onProfileChange = async () => undefined,
}: AccountServiceDependencies) {
  const repository = accountsRepository(db);
  const limits = rateLimits(db);

  function requireLocalAccounts(): void {
    if (!config.localAccounts) throw new AppError('local_accounts_disabled');
  }

  async function sendMail(mail: AccountMail, userId: string): Promise<void> {
    await jobs.enqueue(db, ACCOUNT_MAIL_JOB, mail, { userId });
  }

  async function issueEmailToken(userId: string, purpose: 'verify' | 'reset'): Promise<string> {
    const token = randomToken();
    const lifetime = purpose === 'verify' ? VERIFY_TOKEN_MS : RESET_TOKEN_MS;
    await repository.insertEmailToken({ tokenHash: sha256(token), userId, purpose, expiresAt: Date.now() + lifetime });
    return token;
  }

  function refuseRestricted(user: { suspended_until: number | null; banned_at: number | null }, now: number) {
    if (!isRestricted(user, now)) return;
    if (user.banned_at !== null) throw new AppError('account_banned');
    throw new AppError('account_suspended', [], [new Date(user.suspended_until!).toISOString().slice(0, 10)]);
  }

  function assertAcceptablePassword(password: string, field: string): void {
    const problems = passwordProblems(password, field);
    if (problems.length > 0) throw validationFailed(problems);
  }

  const service = {
    /** Opens a session: a new random id every time someone signs in. */
    async startSession(userId: string, userAgent: string | undefined): Promise<NewSession> {
      // Every way of signing in ends here: a suspended or banned member gets no session.
      const standing = await repository.findUserById(userId);
      if (standing) refuseRestricted(standing, Date.now());
      const token = randomToken();
      const expiresAt = Date.now() + config.sessionMaxDays * DAY;
      await repository.insertSession({
        id: randomUUID(),
        tokenHash: sha256(token),
        userId,
        userAgent: describeUserAgent(userAgent),
        expiresAt,
      });
      return { token, expiresAt };
    },

    /** The member behind a session cookie, if the session is alive (idle and absolute limits). */
    async resolveViewer(token: string): Promise<Viewer | null> {
      const now = Date.now();
      const session = await repository.findLiveSession(
        sha256(token),
        now,
        now - config.sessionIdleDays * DAY,
        CURRENT_CONSENTS,
      );
      if (!session) return null;
      if (now - session.lastSeenAt > SESSION_TOUCH_MS) await repository.touchSession(session.sessionId, now);
      return {
        userId: session.userId,
        sessionId: session.sessionId,
        role: session.role,
        onboarded: session.displayName !== null && Number(session.currentConsents ?? 0) === CURRENT_CONSENTS.length,
      };
    },

    /**
     * Creates an unverified account and mails a verification link. The answer is the same whether
     * or not the address is taken: the owner of a taken address gets a mail saying so instead.
     */
    async signUp(input: { email: string; password: string; language: string; ip: string }): Promise<void> {
      requireLocalAccounts();
      const email = input.email.trim().toLowerCase();
      await limits.hit(RATE_RULES.signUpPerIp, input.ip);
      await limits.hit(RATE_RULES.signUpPerAccount, email);
      assertAcceptablePassword(input.password, 'body.password');
      const passwordHash = await hashPassword(input.password);
      const existing = await repository.findUserByEmail(email);
      if (existing) {
        await sendMail({ kind: 'already-registered', to: email, language: existing.language }, existing.id);
        return;
      }
      const userId = await repository.insertUser({ email, passwordHash, language: input.language });
      await sendMail(
        { kind: 'verify', to: email, language: input.language, token: await issueEmailToken(userId, 'verify') },
        userId,
      );
    },

    /** Confirms an address from the mailed link (once, before it expires) and signs the member in. */
    async verifyEmail(token: string): Promise<string> {
      const userId = await repository.consumeEmailToken(sha256(token), 'verify', Date.now());
      if (!userId) throw new AppError('token_invalid');
      await repository.updateUser(userId, { email_verified_at: Date.now() });
      return userId;
    },

    async signIn(input: { email: string; password: string; ip: string }): Promise<string> {
      requireLocalAccounts();
      const email = input.email.trim().toLowerCase();
      await limits.hit(RATE_RULES.signInPerIp, input.ip);
      await limits.hit(RATE_RULES.signInPerAccount, email);
      const user = await repository.findUserByEmail(email);
      if (!user?.password_hash) {
        decoyHash ??= hashPassword(randomToken());
        await verify(await decoyHash, input.password);
        throw new AppError('invalid_credentials');
      }
      if (!(await verify(user.password_hash, input.password))) throw new AppError('invalid_credentials');
      if (user.email_verified_at === null) {
        await sendMail(
          { kind: 'verify', to: email, language: user.language, token: await issueEmailToken(user.id, 'verify') },
          user.id,
        );
        throw new AppError('email_not_verified');
      }
      return user.id;
    },

    async signOut(viewer: Viewer): Promise<void> {
      await repository.deleteSession(viewer.userId, viewer.sessionId);
    },

    /** Mails a reset link when the address has an account; answers the same either way. */
    async requestPasswordReset(input: { email: string; ip: string }): Promise<void> {
      requireLocalAccounts();
      const email = input.email.trim().toLowerCase();
      await limits.hit(RATE_RULES.resetPerIp, input.ip);
      await limits.hit(RATE_RULES.resetPerAccount, email);
      const user = await repository.findUserByEmail(email);
      if (!user) return;
      await sendMail(
        { kind: 'reset', to: email, language: user.language, token: await issueEmailToken(user.id, 'reset') },
        user.id,
      );
    },

    /** Sets a new password from a mailed link; every other session ends, and the address counts as verified. */
    async completePasswordReset(input: { token: string; password: string }): Promise<string> {
      requireLocalAccounts();
      assertAcceptablePassword(input.password, 'body.password');
      const userId = await repository.consumeEmailToken(sha256(input.token), 'reset', Date.now());
      if (!userId) throw new AppError('token_invalid');
      const user = await repository.findUserById(userId);
      await repository.updateUser(userId, {
        password_hash: await hashPassword(input.password),
        email_verified_at: user?.email_verified_at ?? Date.now(),
      });
      await repository.deleteSessionsOf(userId);
      return userId;
    },

    async account(viewer: Viewer) {
      const user = await repository.findUserById(viewer.userId);
      if (!user) throw new AppError('unauthorized');
      const consents = await repository.listConsents(user.id);
      return { user, onboarded: user.display_name !== null && hasCurrentConsents(consents) };
    },

    /** The first-sign-in step: accept the current texts and choose a display name. */
    async acceptConsent(
      viewer: Viewer,
      input: { displayName: string; acceptCodeOfConduct: boolean; acceptPrivacy: boolean },
    ): Promise<void> {
      const name = checkedName(input.displayName, 'body.displayName', 'person');
      const problems = [
        ...name.problems,
        ...(input.acceptCodeOfConduct ? [] : [{ field: 'body.acceptCodeOfConduct', code: 'must-accept' }]),
        ...(input.acceptPrivacy ? [] : [{ field: 'body.acceptPrivacy', code: 'must-accept' }]),
      ];
      if (problems.length > 0) throw validationFailed(problems);
      await db.transaction().execute(async (trx) => {
        const inTransaction = accountsRepository(trx);
        await inTransaction.updateUser(viewer.userId, { display_name: name.name });
        for (const [document, version] of Object.entries(CONSENT_VERSIONS) as [ConsentDocument, string][]) {
          await inTransaction.insertConsent({ id: randomUUID(), userId: viewer.userId, document, version });
        }
        // A new name and consent change what search may show: the documents follow in the same transaction.
        await onProfileChange(viewer.userId, trx);
      });
    },

    async updateLanguage(viewer: Viewer, language: string): Promise<void> {
      await repository.updateUser(viewer.userId, { language });
    },

    async sessions(viewer: Viewer) {
      const sessions = await repository.listSessions(viewer.userId);
      return sessions.map((session) => ({ ...session, current: session.id === viewer.sessionId }));
    },

    async endSession(viewer: Viewer, sessionId: string): Promise<void> {
      if ((await repository.deleteSession(viewer.userId, sessionId)) === 0) throw new AppError('not_found');
    },

    async endAllSessions(viewer: Viewer): Promise<void> {
      await repository.deleteSessionsOf(viewer.userId);
    },

    async exportData(viewer: Viewer): Promise<Record<string, unknown>> {
      return { exportedAt: new Date().toISOString(), ...(await personalData.exportAll(db, viewer.userId)) };
    },

    /** Erases the account and everything stored about the member, after they typed their name. */
    async deleteAccount(viewer: Viewer, confirmation: string): Promise<void> {
      const user = await repository.findUserById(viewer.userId);
      if (!user) throw new AppError('unauthorized');
      if (confirmation.trim() !== confirmationName(user))
        throw validationFailed([{ field: 'body.confirmation', code: 'confirmation-mismatch' }]);
      if (user.role === 'admin' && (await repository.countAdmins()) <= 1) throw new AppError('last_admin');
      await personalData.eraseAll(db, viewer.userId);
    },
  };
  return service;
}

/** What a member types to confirm deleting their account: their display name, or else their sign-in name. */
export function confirmationName(user: Pick<UserRow, 'display_name' | 'email' | 'wikimedia_username'>): string {
  return user.display_name ?? user.wikimedia_username ?? user.email ?? '';
}

export type AccountsService = ReturnType<typeof accountsService>;
