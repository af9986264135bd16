/**
 * An invitation opened by someone who must first sign up or sign in: its token waits in this
 * browser (never in the URL) until they come back, signed in, to accept it. Local storage rather
 * than the tab's session storage, because the sign-up's confirmation link opens in a new tab; it is
 * kept one day at most, and forgotten once used or refused, so the next person on a shared
 * computer does not find it.
 */
const KEY = 'cxc-pending-invitation';
const KEPT_MS = 24 * 60 * 60 * 1000;

interface Stored {
  readonly token: string;
  readonly savedAt: number;
}

function storage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    // Storage refused (private mode, settings): the invitation link still works when opened again.
    return undefined;
  }
}

export function keepPendingInvitation(token: string, now: number = Date.now()): void {
  try {
    storage()?.setItem(KEY, JSON.stringify({ token, savedAt: now } satisfies Stored));
  } catch {
    // Full or refused: nothing kept.
  }
}

/** The waiting invitation's token, or '' when there is none (or it was kept too long). */
export function pendingInvitation(now: number = Date.now()): string {
  const raw = storage()?.getItem(KEY);
  if (!raw) return '';
  try {
    const stored = JSON.parse(raw) as Partial<Stored>;
    if (typeof stored.token === 'string' && typeof stored.savedAt === 'number' && now - stored.savedAt < KEPT_MS) {
      return stored.token;
    }
  } catch {
    // Not ours: dropped below.
  }
  forgetPendingInvitation();
  return '';
}

export function forgetPendingInvitation(): void {
  storage()?.removeItem(KEY);
}
