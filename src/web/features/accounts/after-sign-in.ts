import type { RouteLocationNormalizedLoaded, Router } from 'vue-router';
import { WEB_PAGES } from '../../../shared/web-routes';
import type { Account } from '../../api/client';
import type { useSessionStore } from './session.store';

/** Where a member goes once signed in: the first-sign-in step if due, else where they were headed. */
export async function afterSignIn(
  account: Account,
  session: ReturnType<typeof useSessionStore>,
  router: Router,
  route: RouteLocationNormalizedLoaded,
): Promise<void> {
  session.setViewer(account);
  const next =
    typeof route.query.next === 'string' && route.query.next.startsWith('/') && !route.query.next.startsWith('//')
      ? route.query.next
      : WEB_PAGES.home;
  await router.replace(account.onboarded ? next : WEB_PAGES.welcome);
}
