import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { WEB_PAGES } from '../shared/web-routes';
import { useSessionStore } from './features/accounts/session.store';
import { loadPageMessages } from './i18n/i18n';
import { pendingInvitation } from './features/invitations/pending-invitation';

declare module 'vue-router' {
  interface RouteMeta {
    /** Who may open the page; others are sent to sign in (or shown "not found"). */
    requires?: 'signed-in' | 'moderator' | 'admin';
    /** Open to a member who has not finished the first-sign-in step. */
    beforeOnboarding?: boolean;
    /** Only for people who are not signed in (sign-in, sign-up). */
    signedOutOnly?: boolean;
  }
}

/** Adding a learning resource and editing one are the same page; offering a service and editing one too. */
const resourceEditor = () => import('./features/resources/ResourceEditPage.vue');
const serviceEditor = () => import('./features/services/ServiceEditPage.vue');

/** Every page is its own chunk: the first load carries the shell and the page asked for. */
const routes: RouteRecordRaw[] = [
  { path: WEB_PAGES.home, name: 'home', component: () => import('./features/home/HomePage.vue') },
  {
    path: WEB_PAGES.capacities,
    name: 'capacities',
    component: () => import('./features/capacities/CapacityBrowserPage.vue'),
  },
  {
    path: WEB_PAGES.about,
    name: 'about',
    component: () => import('./features/pages/AboutPage.vue'),
    meta: { beforeOnboarding: true },
  },
  {
    path: WEB_PAGES.privacy,
    name: 'privacy',
    component: () => import('./features/pages/PrivacyPage.vue'),
    meta: { beforeOnboarding: true },
  },
  {
    path: WEB_PAGES.codeOfConduct,
    name: 'code-of-conduct',
    component: () => import('./features/pages/CodeOfConductPage.vue'),
    meta: { beforeOnboarding: true },
  },
  {
    path: WEB_PAGES.apiReference,
    name: 'api-reference',
    component: () => import('./features/api-reference/ApiReferencePage.vue'),
    meta: { beforeOnboarding: true },
  },
  {
    path: WEB_PAGES.signIn,
    name: 'sign-in',
    component: () => import('./features/accounts/SignInPage.vue'),
    meta: { signedOutOnly: true },
  },
  {
    path: WEB_PAGES.signUp,
    name: 'sign-up',
    component: () => import('./features/accounts/SignUpPage.vue'),
    meta: { signedOutOnly: true },
  },
  {
    path: WEB_PAGES.verify,
    name: 'verify',
    component: () => import('./features/accounts/VerifyPage.vue'),
    meta: { beforeOnboarding: true },
  },
  {
    path: WEB_PAGES.resetPassword,
    name: 'reset-password',
    component: () => import('./features/accounts/ResetPasswordPage.vue'),
    meta: { beforeOnboarding: true },
  },
  {
    path: WEB_PAGES.welcome,
    name: 'welcome',
    component: () => import('./features/accounts/WelcomePage.vue'),
    meta: { requires: 'signed-in', beforeOnboarding: true },
  },
  {
    path: WEB_PAGES.firstProfile,
    name: 'first-profile',
    component: () => import('./features/profiles/FirstProfilePage.vue'),
    meta: { requires: 'signed-in' },
  },
  {
    path: WEB_PAGES.settings,
    name: 'settings',
    component: () => import('./features/accounts/SettingsPage.vue'),
    meta: { requires: 'signed-in', beforeOnboarding: true },
  },
  { path: WEB_PAGES.search, name: 'search', component: () => import('./features/search/SearchPage.vue') },
  {
    path: WEB_PAGES.peers,
    name: 'peers',
    component: () => import('./features/matches/PeersPage.vue'),
    meta: { requires: 'signed-in' },
  },
  {
    path: WEB_PAGES.organizations,
    name: 'organizations',
    component: () => import('./features/organizations/OrganizationDirectoryPage.vue'),
  },
  {
    path: '/organizations/new',
    name: 'organization-new',
    component: () => import('./features/organizations/OrganizationNewPage.vue'),
    meta: { requires: 'signed-in' },
  },
  {
    path: '/organizations/:slug',
    name: 'organization',
    component: () => import('./features/organizations/OrganizationPage.vue'),
  },
  {
    path: '/organizations/:slug/edit',
    name: 'organization-edit',
    component: () => import('./features/organizations/OrganizationEditPage.vue'),
    meta: { requires: 'signed-in' },
  },
  {
    path: WEB_PAGES.newResource,
    name: 'resource-new',
    component: resourceEditor,
    meta: { requires: 'signed-in' },
  },
  {
    path: '/resources/:id',
    name: 'resource',
    component: () => import('./features/resources/ResourcePage.vue'),
  },
  {
    path: '/resources/:id/edit',
    name: 'resource-edit',
    component: resourceEditor,
    meta: { requires: 'signed-in' },
  },
  {
    path: WEB_PAGES.newService,
    name: 'service-new',
    component: serviceEditor,
    meta: { requires: 'signed-in' },
  },
  {
    path: '/services/:id',
    name: 'service',
    component: () => import('./features/services/ServicePage.vue'),
  },
  {
    path: '/services/:id/edit',
    name: 'service-edit',
    component: serviceEditor,
    meta: { requires: 'signed-in' },
  },
  {
    path: WEB_PAGES.adminManagerRequests,
    name: 'admin-manager-requests',
    component: () => import('./features/admin/AdminManagerRequestsPage.vue'),
    meta: { requires: 'admin' },
  },
  { path: '/people/:handle', name: 'person', component: () => import('./features/profiles/ProfilePage.vue') },
  {
    path: WEB_PAGES.myProfile,
    name: 'my-profile',
    component: () => import('./features/profiles/MyProfileRedirect.vue'),
    meta: { requires: 'signed-in' },
  },
  {
    path: WEB_PAGES.profileEdit,
    name: 'profile-edit',
    component: () => import('./features/profiles/ProfileEditPage.vue'),
    meta: { requires: 'signed-in' },
  },
  {
    path: WEB_PAGES.messages,
    name: 'messages',
    component: () => import('./features/messages/MessagesPage.vue'),
    meta: { requires: 'signed-in' },
  },
  {
    path: WEB_PAGES.newMessage,
    name: 'new-message',
    component: () => import('./features/messages/NewMessagePage.vue'),
    meta: { requires: 'signed-in' },
  },
  {
    path: '/messages/:id',
    name: 'conversation',
    component: () => import('./features/messages/ConversationPage.vue'),
    meta: { requires: 'signed-in' },
  },
  {
    path: WEB_PAGES.invite,
    name: 'invite',
    component: () => import('./features/invitations/InvitePage.vue'),
    meta: { requires: 'signed-in' },
  },
  {
    // Opened signed out too: it leads to signing up or in, and reads its token before the first-sign-in step.
    path: WEB_PAGES.invitation,
    name: 'invitation',
    component: () => import('./features/invitations/InvitationPage.vue'),
    meta: { beforeOnboarding: true },
  },
  {
    // Works signed out: the link's token is the authority.
    path: WEB_PAGES.unsubscribe,
    name: 'unsubscribe',
    component: () => import('./features/notifications/UnsubscribePage.vue'),
    meta: { beforeOnboarding: true },
  },
  {
    path: WEB_PAGES.adminSuggestions,
    name: 'admin-suggestions',
    component: () => import('./features/admin/AdminSuggestionsPage.vue'),
    meta: { requires: 'admin' },
  },
  {
    path: WEB_PAGES.adminUsers,
    name: 'admin-users',
    component: () => import('./features/admin/AdminUsersPage.vue'),
    meta: { requires: 'admin' },
  },
  {
    path: WEB_PAGES.moderation,
    name: 'moderation',
    component: () => import('./features/moderation/ModerationPage.vue'),
    meta: { requires: 'moderator' },
  },
  {
    path: '/moderation/reports/:id',
    name: 'report',
    component: () => import('./features/moderation/ReportPage.vue'),
    meta: { requires: 'moderator' },
  },
  {
    path: WEB_PAGES.myModeration,
    name: 'my-moderation',
    component: () => import('./features/moderation/MyModerationPage.vue'),
    meta: { requires: 'signed-in' },
  },
  {
    path: WEB_PAGES.transparency,
    name: 'transparency',
    component: () => import('./features/moderation/TransparencyPage.vue'),
  },
  { path: WEB_PAGES.map, name: 'map', component: () => import('./features/statistics/MapPage.vue') },
  { path: WEB_PAGES.reports, name: 'reports', component: () => import('./features/statistics/ReportsPage.vue') },
  {
    path: '/:unknown(.*)*',
    name: 'not-found',
    component: () => import('./features/pages/NotFoundPage.vue'),
    meta: { beforeOnboarding: true },
  },
];

export function createAppRouter() {
  const router = createRouter({
    history: createWebHistory(),
    routes,
    scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
  });

  /** Where someone lands once signed in (or after the first-sign-in step), when they just came from there. */
  const ARRIVALS = new Set(['sign-in', 'sign-up', 'verify', 'reset-password', 'welcome']);

  router.beforeEach(async (to, from) => {
    const session = useSessionStore();
    if (!session.loaded) await session.refresh();
    const viewer = session.viewer;
    if (!viewer) {
      return to.meta.requires ? { path: WEB_PAGES.signIn, query: { next: to.fullPath } } : true;
    }
    if (to.meta.signedOutOnly) return { path: WEB_PAGES.home, replace: true };
    if (!viewer.onboarded && !to.meta.beforeOnboarding) return { path: WEB_PAGES.welcome, replace: true };
    // Signed up or in from an invitation: back to it (once, on arrival; it asks before accepting).
    if (
      to.name === 'home' &&
      viewer.onboarded &&
      (from.matched.length === 0 || ARRIVALS.has(String(from.name))) &&
      pendingInvitation()
    ) {
      return { path: WEB_PAGES.invitation, replace: true };
    }
    const allowed =
      to.meta.requires === 'admin'
        ? viewer.role === 'admin'
        : to.meta.requires === 'moderator'
          ? viewer.role === 'moderator' || viewer.role === 'admin'
          : true;
    if (!allowed) {
      // Pages someone may not open look like pages that do not exist.
      return { name: 'not-found', params: { unknown: to.path.split('/').filter(Boolean) }, replace: true };
    }
    return true;
  });
  // A page's chunk has loaded by now (and registered its messages): show it only once it can speak.
  router.beforeResolve(() => loadPageMessages());
  return router;
}
