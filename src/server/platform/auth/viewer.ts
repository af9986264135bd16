import { ROLE, type Role } from '../../../shared/vocabulary';
import { AppError } from '../errors';

/** Who is asking: the signed-in member behind a request, as the services see them. */
export interface Viewer {
  readonly userId: string;
  readonly sessionId: string;
  readonly role: Role;
  /** Accepted the current Code of conduct and privacy notice, and chose a display name. */
  readonly onboarded: boolean;
}

/** Roles are listed from least to most allowed, and each may do what the ones before it may. */
export function hasRole(viewer: Viewer, role: Role): boolean {
  return ROLE.values.indexOf(viewer.role) >= ROLE.values.indexOf(role);
}

/** Signed in, whether or not the first-sign-in step is done (enough for account and consent). */
export function requireSignedIn(viewer: Viewer | null): Viewer {
  if (!viewer) throw new AppError('unauthorized');
  return viewer;
}

/** A member who has accepted the current texts: what every feature of the exchange requires. */
export function requireMember(viewer: Viewer | null): Viewer {
  const signedIn = requireSignedIn(viewer);
  if (!signedIn.onboarded) throw new AppError('consent_required');
  return signedIn;
}

export function requireRole(viewer: Viewer | null, role: Role): Viewer {
  const member = requireMember(viewer);
  if (!hasRole(member, role)) throw new AppError('forbidden');
  return member;
}
