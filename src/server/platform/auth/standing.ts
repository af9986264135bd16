/**
 * Whether a member is kept out now (banned, or suspended until later), from their `users` row.
 * Signing in, the session, and every page that shows a member (profiles, the organizations they
 * run, member cards) apply this one rule; moderation sets the two columns.
 */
export function isRestricted(user: { suspended_until: number | null; banned_at: number | null }, now = Date.now()) {
  return user.banned_at !== null || (user.suspended_until !== null && user.suspended_until > now);
}
