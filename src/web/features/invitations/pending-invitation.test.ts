import { afterEach, describe, expect, test } from 'vitest';
import { forgetPendingInvitation, keepPendingInvitation, pendingInvitation } from './pending-invitation';

const DAY = 24 * 60 * 60 * 1000;

describe('pending invitation', () => {
  afterEach(() => {
    forgetPendingInvitation();
  });

  test('keeps the token for a day at most, then forgets it', () => {
    expect(pendingInvitation()).toBe('');
    keepPendingInvitation('tok', 1_000);
    expect(pendingInvitation(1_000 + DAY - 1)).toBe('tok');
    expect(pendingInvitation(1_000 + DAY)).toBe('');
    // Forgotten for good, not only hidden.
    expect(pendingInvitation(1_000)).toBe('');
  });

  test('forgets it once used, and ignores anything else stored under its name', () => {
    keepPendingInvitation('tok');
    forgetPendingInvitation();
    expect(pendingInvitation()).toBe('');
    window.localStorage.setItem('cxc-pending-invitation', 'not json');
    expect(pendingInvitation()).toBe('');
    expect(window.localStorage.getItem('cxc-pending-invitation')).toBeNull();
  });
});
