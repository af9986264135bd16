import type { SqlDialect } from '../../platform/db/dialects/dialect';
import type { PersonalDataSource } from '../../platform/personal-data';
import { rateLimits } from '../../platform/rate-limits';
import { accountsRepository } from './accounts.repository';

const iso = (time: number | null) => (time === null ? null : new Date(time).toISOString());

/** The account itself and what hangs on it: sessions, consents, e-mail tokens, queued mail, rate-limit counters. */
export const accountPersonalData = (dialect: SqlDialect): PersonalDataSource => ({
  name: 'account',
  lock: (db, userId) => accountsRepository(db).lockForDeletion(dialect, userId),
  async export(db, userId) {
    const repository = accountsRepository(db);
    const user = await repository.findUserById(userId);
    if (!user) return null;
    const [sessions, consents, emailTokens, pendingJobs] = await repository.exportTables(userId);
    return {
      id: user.id,
      displayName: user.display_name,
      email: user.email,
      emailVerifiedAt: iso(user.email_verified_at),
      hasPassword: user.password_hash !== null,
      wikimedia:
        user.wikimedia_sub === null
          ? null
          : {
              centralUserId: user.wikimedia_sub,
              username: user.wikimedia_username,
              editCountRange: user.wikimedia_edit_bucket,
              registeredYear: user.wikimedia_registered_year,
            },
      role: user.role,
      language: user.language,
      createdAt: iso(user.created_at),
      updatedAt: iso(user.updated_at),
      sessions: sessions.map((session) => ({
        device: session.user_agent,
        createdAt: iso(session.created_at),
        lastSeenAt: iso(session.last_seen_at),
        expiresAt: iso(session.expires_at),
      })),
      consents: consents.map((consent) => ({
        document: consent.document,
        version: consent.version,
        acceptedAt: iso(consent.accepted_at),
      })),
      emailLinks: emailTokens.map((token) => ({
        purpose: token.purpose,
        createdAt: iso(token.created_at),
        expiresAt: iso(token.expires_at),
        usedAt: iso(token.used_at),
      })),
      pendingMail: pendingJobs.map((job) => ({ kind: job.kind, createdAt: iso(job.created_at) })),
    };
  },
  async erase(db, userId) {
    const repository = accountsRepository(db);
    const user = await repository.findUserById(userId);
    await rateLimits(db).forget([userId, ...(user?.email ? [user.email] : [])]);
    // Sessions, consents, e-mail tokens, OAuth attempts and queued mail go with the row (ON DELETE CASCADE).
    await repository.deleteUser(userId);
  },
});
