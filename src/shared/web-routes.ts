/**
 * Paths of the web app's pages. The router builds its routes from these, and the server answers
 * 200 for them and 404 (with the same app, which then shows its "not found" page) for anything else.
 */
export const WEB_PAGES = {
  home: '/',
  capacities: '/capacities',
  about: '/about',
  privacy: '/privacy',
  codeOfConduct: '/code-of-conduct',
  apiReference: '/api-reference',
  signIn: '/sign-in',
  signUp: '/sign-up',
  verify: '/verify',
  resetPassword: '/reset-password',
  welcome: '/welcome',
  firstProfile: '/welcome/profile',
  settings: '/settings',
  adminUsers: '/admin/users',
  adminSuggestions: '/admin/capacity-suggestions',
  search: '/search',
  peers: '/peers',
  organizations: '/organizations',
  adminManagerRequests: '/admin/manager-requests',
  myProfile: '/profile',
  profileEdit: '/profile/edit',
  messages: '/messages',
  newMessage: '/messages/new',
  invite: '/invite',
  invitation: '/invitation',
  unsubscribe: '/unsubscribe',
  moderation: '/moderation',
  myModeration: '/settings/moderation',
  transparency: '/transparency',
  map: '/map',
  reports: '/reports',
  newResource: '/resources/new',
  newService: '/services/new',
} as const;

/** An organization's page: /organizations/<slug>. */
export function organizationPath(slug: string): string {
  return `/organizations/${encodeURIComponent(slug)}`;
}

/** A learning resource's page: /resources/<id>. */
export function resourcePath(id: string): string {
  return `/resources/${encodeURIComponent(id)}`;
}

/** A learning resource's editor: /resources/<id>/edit. */
export function resourceEditPath(id: string): string {
  return `${resourcePath(id)}/edit`;
}

/** A service's page: /services/<id>. */
export function servicePath(id: string): string {
  return `/services/${encodeURIComponent(id)}`;
}

/** A service's editor: /services/<id>/edit. */
export function serviceEditPath(id: string): string {
  return `${servicePath(id)}/edit`;
}

/** A person's page: /people/<handle>. */
export function personPath(handle: string): string {
  return `/people/${encodeURIComponent(handle)}`;
}

/** A report in the moderation queue: /moderation/reports/<id>. */
export function reportPath(id: string): string {
  return `/moderation/reports/${encodeURIComponent(id)}`;
}

/** A conversation: /messages/<id>. */
export function conversationPath(id: string): string {
  return `/messages/${encodeURIComponent(id)}`;
}

/** A first message written for the writer (`&text=`), which they may change before sending. */
const prefilled = (text: string | undefined) => (text ? `&text=${encodeURIComponent(text)}` : '');

/** Writing to someone for the first time: /messages/new?to=<handle>, with a first message written, or not. */
export function newMessagePath(handle: string, text?: string): string {
  return `${WEB_PAGES.newMessage}?to=${encodeURIComponent(handle)}${prefilled(text)}`;
}

/** Writing to an organization (its managers answer): /messages/new?organization=<slug>, with a first message, or not. */
export function newOrganizationMessagePath(slug: string, text?: string): string {
  return `${WEB_PAGES.newMessage}?organization=${encodeURIComponent(slug)}${prefilled(text)}`;
}

export type WebPageName = keyof typeof WEB_PAGES;

const KNOWN_PATHS = new Set<string>(Object.values(WEB_PAGES));

export function isKnownWebPath(path: string): boolean {
  const trimmed = path.length > 1 ? path.replace(/\/+$/, '') : path;
  return (
    KNOWN_PATHS.has(trimmed) ||
    /^\/people\/[^/]+$/.test(trimmed) ||
    /^\/organizations\/[^/]+(\/edit)?$/.test(trimmed) ||
    /^\/messages\/[0-9a-f-]{36}$/.test(trimmed) ||
    /^\/(resources|services)\/[0-9a-f-]{36}(\/edit)?$/.test(trimmed) ||
    /^\/moderation\/reports\/[0-9a-f-]{36}$/.test(trimmed)
  );
}

/** The id of the JSON block in which the server writes a page's initial state (who is signed in). */
export const INITIAL_STATE_ELEMENT_ID = 'cxc-initial-state';
