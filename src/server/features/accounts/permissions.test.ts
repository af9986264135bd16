import { beforeAll, describe, expect, test } from 'vitest';
import { DATABASE_TARGETS } from '../../test-support/databases';
import { buildProfile, createMember, createOrganization, type ProfiledMember } from '../../test-support/factories';
import { TestClient } from '../../test-support/http-client';
import { useTestApp } from '../../test-support/test-app';

type Who = 'signed out' | 'newcomer' | 'member' | 'moderator' | 'admin';
const EVERYONE: Who[] = ['signed out', 'newcomer', 'member', 'moderator', 'admin'];

interface Row {
  readonly endpoint: string;
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly path: (target: ProfiledMember) => string;
  /** A function when each call needs its own values (an address is rate-limited after three tries). */
  readonly body?: unknown;
  /** Expected status for each kind of viewer ("newcomer": signed in, first-sign-in step not done). */
  readonly expected: Record<Who, number>;
  /** An event stream: opened, its status read, and closed. */
  readonly stream?: true;
}

const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000';
/** A public service the subject offers (in `beforeAll`): others may read it, not edit it. */
let serviceId = NO_SUCH_ID;
const SERVICE_BODY = {
  texts: [{ language: 'en', title: 'Permission help desk', description: '', availability: '', costNote: '' }],
  kind: 'help-desk',
  format: 'online',
  cost: 'free',
  languages: [],
  capacities: [],
  countries: [],
  regions: [],
  organization: null,
  visibility: 'public',
};
/** A public learning resource the subject added (in `beforeAll`): others may read it, not edit it. */
let resourceId = NO_SUCH_ID;
const RESOURCE_BODY = {
  texts: [{ language: 'en', title: 'Permission guide', description: '' }],
  kind: 'how-to',
  level: null,
  licence: 'CC0-1.0',
  url: 'https://meta.wikimedia.org/wiki/Permission_guide',
  commonsFile: null,
  publishedOn: null,
  languages: [],
  capacities: [],
  authors: [],
  organization: null,
  visibility: 'public',
};
let emails = 0;
const uniqueEmail = () => `permission${++emails}@example.org`;
const same = (status: number): Record<Who, number> =>
  Object.fromEntries(EVERYONE.map((who) => [who, status])) as Record<Who, number>;
const signedInOnly = (status: number): Record<Who, number> => ({ ...same(status), 'signed out': 401 });
const memberOnly = (status: number): Record<Who, number> => ({ ...same(status), 'signed out': 401, newcomer: 403 });
const moderatorOnly = (status: number): Record<Who, number> => ({
  'signed out': 401,
  newcomer: 403,
  member: 403,
  moderator: status,
  admin: status,
});
const adminOnly = (status: number): Record<Who, number> => ({
  'signed out': 401,
  newcomer: 403,
  member: 403,
  moderator: 403,
  admin: status,
});

/**
 * Every endpoint against every kind of viewer. A new endpoint gets a row here; the test fails on
 * any route that has none, so none can be added without deciding who may call it.
 */
const TABLE: Row[] = [
  { endpoint: 'GET /api/health', method: 'GET', path: () => '/api/health', expected: same(200) },
  { endpoint: 'GET /api/ready', method: 'GET', path: () => '/api/ready', expected: same(200) },
  // Test clients come from TEST-NET-2 addresses, which METRICS_ALLOW (loopback) does not hold.
  { endpoint: 'GET /metrics', method: 'GET', path: () => '/metrics', expected: same(403) },
  { endpoint: 'GET /api/community', method: 'GET', path: () => '/api/community', expected: same(200) },
  { endpoint: 'GET /api/reports/map', method: 'GET', path: () => '/api/reports/map', expected: same(200) },
  {
    endpoint: 'GET /api/reports/unmet-needs',
    method: 'GET',
    path: () => '/api/reports/unmet-needs',
    expected: same(200),
  },
  { endpoint: 'GET /api/reports/cohorts', method: 'GET', path: () => '/api/reports/cohorts', expected: same(200) },
  {
    endpoint: 'GET /api/reports/participation',
    method: 'GET',
    path: () => '/api/reports/participation',
    expected: same(200),
  },
  { endpoint: 'GET /api/reports/activity', method: 'GET', path: () => '/api/reports/activity', expected: same(200) },
  { endpoint: 'GET /api/openapi.json', method: 'GET', path: () => '/api/openapi.json', expected: same(200) },
  { endpoint: 'GET /api/capacities', method: 'GET', path: () => '/api/capacities', expected: same(200) },
  { endpoint: 'GET /api/regions', method: 'GET', path: () => '/api/regions', expected: same(200) },
  { endpoint: 'GET /api/languages', method: 'GET', path: () => '/api/languages', expected: same(200) },
  { endpoint: 'GET /api/projects', method: 'GET', path: () => '/api/projects', expected: same(200) },
  { endpoint: 'GET /api/session', method: 'GET', path: () => '/api/session', expected: same(200) },
  {
    endpoint: 'POST /api/auth/sign-up',
    method: 'POST',
    path: () => '/api/auth/sign-up',
    body: () => ({ email: uniqueEmail(), password: 'a long unusual phrase' }),
    expected: same(202),
  },
  {
    endpoint: 'POST /api/auth/verify',
    method: 'POST',
    path: () => '/api/auth/verify',
    body: { token: 'not-a-real-token-at-all' },
    expected: same(400),
  },
  {
    endpoint: 'POST /api/auth/sign-in',
    method: 'POST',
    path: () => '/api/auth/sign-in',
    body: { email: 'nobody@example.org', password: 'whatever it is' },
    expected: same(401),
  },
  { endpoint: 'POST /api/auth/sign-out', method: 'POST', path: () => '/api/auth/sign-out', expected: same(204) },
  {
    endpoint: 'POST /api/auth/password-reset',
    method: 'POST',
    path: () => '/api/auth/password-reset',
    body: () => ({ email: uniqueEmail() }),
    expected: same(202),
  },
  {
    endpoint: 'POST /api/auth/password-reset/complete',
    method: 'POST',
    path: () => '/api/auth/password-reset/complete',
    body: { token: 'not-a-real-token-at-all', password: 'a long unusual phrase' },
    expected: same(400),
  },
  {
    endpoint: 'GET /api/auth/wikimedia/start',
    method: 'GET',
    path: () => '/api/auth/wikimedia/start',
    expected: same(404),
  },
  {
    endpoint: 'GET /api/auth/wikimedia/callback',
    method: 'GET',
    path: () => '/api/auth/wikimedia/callback?state=x&code=y',
    expected: same(404),
  },
  { endpoint: 'GET /api/account', method: 'GET', path: () => '/api/account', expected: signedInOnly(200) },
  {
    endpoint: 'POST /api/account/consent',
    method: 'POST',
    path: () => '/api/account/consent',
    body: { displayName: 'Name', acceptCodeOfConduct: true, acceptPrivacy: true },
    expected: signedInOnly(200),
  },
  {
    endpoint: 'PUT /api/account/language',
    method: 'PUT',
    path: () => '/api/account/language',
    body: { language: 'fr' },
    expected: signedInOnly(204),
  },
  {
    endpoint: 'GET /api/account/sessions',
    method: 'GET',
    path: () => '/api/account/sessions',
    expected: signedInOnly(200),
  },
  {
    endpoint: 'DELETE /api/account/sessions/:id',
    method: 'DELETE',
    path: () => '/api/account/sessions/00000000-0000-0000-0000-000000000000',
    expected: signedInOnly(404),
  },
  {
    endpoint: 'DELETE /api/account/sessions',
    method: 'DELETE',
    path: () => '/api/account/sessions',
    expected: signedInOnly(204),
  },
  {
    endpoint: 'GET /api/account/export',
    method: 'GET',
    path: () => '/api/account/export',
    expected: signedInOnly(200),
  },
  {
    endpoint: 'POST /api/account/delete',
    method: 'POST',
    path: () => '/api/account/delete',
    body: { confirmation: 'not my name' },
    expected: signedInOnly(400),
  },
  {
    endpoint: 'GET /api/people/:handle',
    method: 'GET',
    path: (target) => `/api/people/${target.handle}`,
    expected: { ...same(200), 'signed out': 404, newcomer: 404 },
  },
  { endpoint: 'GET /api/profile', method: 'GET', path: () => '/api/profile', expected: memberOnly(200) },
  { endpoint: 'GET /api/profile/visits', method: 'GET', path: () => '/api/profile/visits', expected: memberOnly(200) },
  {
    endpoint: 'PUT /api/profile/about',
    method: 'PUT',
    path: () => '/api/profile/about',
    body: () => ({
      displayName: 'Someone',
      handle: `who-${++emails}`,
      pronouns: null,
      bio: null,
      bioLanguage: null,
      avatarCommonsFile: null,
      visibility: { name: 'members', username: 'members', pronouns: 'members', bio: 'members' },
    }),
    expected: memberOnly(200),
  },
  {
    endpoint: 'PUT /api/profile/languages',
    method: 'PUT',
    path: () => '/api/profile/languages',
    body: { languages: [{ code: 'de', level: '2' }], visibility: 'members' },
    expected: memberOnly(200),
  },
  {
    endpoint: 'PUT /api/profile/wikis',
    method: 'PUT',
    path: () => '/api/profile/wikis',
    body: { wikis: [{ project: 'wikidata', language: '' }], visibility: 'members' },
    expected: memberOnly(200),
  },
  {
    endpoint: 'PUT /api/profile/capacities',
    method: 'PUT',
    path: () => '/api/profile/capacities',
    body: { knows: [], shares: [{ id: 12, level: null, note: null }], learns: [], visibility: 'members' },
    expected: memberOnly(200),
  },
  {
    endpoint: 'PUT /api/profile/location',
    method: 'PUT',
    path: () => '/api/profile/location',
    body: {
      country: 'BR',
      timeZone: 'America/Sao_Paulo',
      availability: null,
      visibility: { country: 'members', availability: 'members' },
    },
    expected: memberOnly(200),
  },
  {
    endpoint: 'PUT /api/profile/exchange',
    method: 'PUT',
    path: () => '/api/profile/exchange',
    body: { formats: ['clinic'], modes: ['online'], visibility: 'members' },
    expected: memberOnly(200),
  },
  {
    endpoint: 'PUT /api/profile/contacts',
    method: 'PUT',
    path: () => '/api/profile/contacts',
    body: { contacts: [] },
    expected: memberOnly(200),
  },
  {
    endpoint: 'PUT /api/profile/affiliations',
    method: 'PUT',
    path: () => '/api/profile/affiliations',
    body: { affiliations: [{ organization: 'permission-org', visibility: 'members' }] },
    expected: memberOnly(200),
  },
  {
    endpoint: 'PUT /api/profile/settings',
    method: 'PUT',
    path: () => '/api/profile/settings',
    body: { showToVisitors: false, inSearch: true },
    expected: memberOnly(200),
  },
  {
    endpoint: 'POST /api/capacity-suggestions',
    method: 'POST',
    path: () => '/api/capacity-suggestions',
    body: { name: 'Suggested', wikidataQid: null, parentId: null },
    expected: memberOnly(201),
  },
  {
    endpoint: 'GET /api/capacity-suggestions/mine',
    method: 'GET',
    path: () => '/api/capacity-suggestions/mine',
    expected: memberOnly(200),
  },
  {
    endpoint: 'GET /api/admin/capacity-suggestions',
    method: 'GET',
    path: () => '/api/admin/capacity-suggestions',
    expected: adminOnly(200),
  },
  {
    endpoint: 'POST /api/admin/capacity-suggestions/:id/approve',
    method: 'POST',
    path: () => '/api/admin/capacity-suggestions/00000000-0000-0000-0000-000000000000/approve',
    body: { labels: { en: 'a', ar: 'a', es: 'a', fr: 'a', 'pt-br': 'a' }, parentId: null, wikidataQid: null },
    expected: adminOnly(404),
  },
  {
    endpoint: 'POST /api/admin/capacity-suggestions/:id/merge',
    method: 'POST',
    path: () => '/api/admin/capacity-suggestions/00000000-0000-0000-0000-000000000000/merge',
    body: { capacityId: 12 },
    expected: adminOnly(404),
  },
  {
    endpoint: 'POST /api/admin/capacity-suggestions/:id/reject',
    method: 'POST',
    path: () => '/api/admin/capacity-suggestions/00000000-0000-0000-0000-000000000000/reject',
    body: { reason: 'no' },
    expected: adminOnly(404),
  },
  { endpoint: 'GET /api/search', method: 'GET', path: () => '/api/search?q=budget', expected: same(200) },
  { endpoint: 'POST /api/search/followed', method: 'POST', path: () => '/api/search/followed', expected: same(204) },
  {
    endpoint: 'GET /api/matches',
    method: 'GET',
    path: () => '/api/matches?direction=share',
    expected: memberOnly(200),
  },
  {
    endpoint: 'POST /api/matches/hidden',
    method: 'POST',
    path: () => '/api/matches/hidden',
    body: { type: 'organization', address: 'no-such-organization' },
    expected: memberOnly(204),
  },
  {
    endpoint: 'DELETE /api/matches/hidden',
    method: 'DELETE',
    path: () => '/api/matches/hidden',
    expected: memberOnly(204),
  },
  {
    endpoint: 'GET /api/admin/search-counts',
    method: 'GET',
    path: () => '/api/admin/search-counts',
    expected: adminOnly(200),
  },
  { endpoint: 'GET /api/organizations', method: 'GET', path: () => '/api/organizations', expected: same(200) },
  {
    endpoint: 'GET /api/organizations/similar',
    method: 'GET',
    path: () => '/api/organizations/similar?name=Permission',
    expected: same(200),
  },
  {
    endpoint: 'POST /api/organizations',
    method: 'POST',
    path: () => '/api/organizations',
    body: () => ({ names: [{ language: 'en', name: `Created Org ${++emails}` }], acronym: null, type: 'other' }),
    expected: memberOnly(201),
  },
  {
    endpoint: 'GET /api/organizations/:slug',
    method: 'GET',
    path: () => '/api/organizations/permission-org',
    expected: same(200),
  },
  {
    endpoint: 'PUT /api/organizations/:slug',
    method: 'PUT',
    path: () => '/api/organizations/permission-org',
    body: {
      names: [{ language: 'en', name: 'Permission Org' }],
      acronym: null,
      type: 'other',
      active: true,
      website: null,
      metaPage: null,
      wikidataQid: null,
      logoCommonsFile: null,
      descriptions: [],
      countries: [],
      languages: [],
    },
    expected: adminOnly(200),
  },
  {
    endpoint: 'PUT /api/organizations/:slug/capacities',
    method: 'PUT',
    path: () => '/api/organizations/permission-org/capacities',
    body: { offers: [], needs: [] },
    expected: adminOnly(200),
  },
  {
    endpoint: 'PUT /api/organizations/:slug/contacts',
    method: 'PUT',
    path: () => '/api/organizations/permission-org/contacts',
    body: { contacts: [] },
    expected: adminOnly(200),
  },
  {
    endpoint: 'POST /api/organizations/:slug/manager-requests',
    method: 'POST',
    path: () => '/api/organizations/permission-org/manager-requests',
    body: { message: 'Let me help' },
    expected: memberOnly(204),
  },
  {
    endpoint: 'POST /api/organizations/:slug/managers',
    method: 'POST',
    path: () => '/api/organizations/permission-org/managers',
    body: { handle: 'permission-subject' },
    expected: adminOnly(204),
  },
  {
    endpoint: 'POST /api/organizations/:slug/invitation',
    method: 'POST',
    path: () => '/api/organizations/permission-org/invitation',
    body: { accept: true },
    expected: memberOnly(404),
  },
  {
    endpoint: 'DELETE /api/organizations/:slug/managers/:userId',
    method: 'DELETE',
    path: (target) => `/api/organizations/permission-org/managers/${target.userId}`,
    expected: adminOnly(404),
  },
  {
    endpoint: 'DELETE /api/organizations/:slug/members/:handle',
    method: 'DELETE',
    path: () => '/api/organizations/permission-org/members/nobody-like-this',
    expected: adminOnly(404),
  },
  {
    endpoint: 'GET /api/admin/manager-requests',
    method: 'GET',
    path: () => '/api/admin/manager-requests',
    expected: adminOnly(200),
  },
  {
    endpoint: 'POST /api/admin/manager-requests/:id/approve',
    method: 'POST',
    path: () => '/api/admin/manager-requests/00000000-0000-0000-0000-000000000000/approve',
    expected: adminOnly(404),
  },
  {
    endpoint: 'POST /api/admin/manager-requests/:id/refuse',
    method: 'POST',
    path: () => '/api/admin/manager-requests/00000000-0000-0000-0000-000000000000/refuse',
    body: { reason: 'no' },
    expected: adminOnly(404),
  },
  { endpoint: 'GET /api/conversations', method: 'GET', path: () => '/api/conversations', expected: memberOnly(200) },
  {
    endpoint: 'POST /api/conversations',
    method: 'POST',
    path: () => '/api/conversations',
    body: { handle: 'permission-subject', body: 'Hello from the permission table' },
    expected: memberOnly(201),
  },
  ...(['GET', 'POST messages', 'POST accept', 'POST decline', 'POST read'] as const).map((call): Row => {
    const [method, action] = call.split(' ') as ['GET' | 'POST', string | undefined];
    return {
      endpoint: `${method} /api/conversations/:id${action ? `/${action}` : ''}`,
      method,
      path: () => `/api/conversations/${NO_SUCH_ID}${action ? `/${action}` : ''}`,
      ...(action === 'messages' ? { body: { body: 'hi' } } : {}),
      expected: memberOnly(404),
    };
  }),
  { endpoint: 'GET /api/blocks', method: 'GET', path: () => '/api/blocks', expected: memberOnly(200) },
  {
    endpoint: 'POST /api/blocks',
    method: 'POST',
    path: () => '/api/blocks',
    body: { handle: 'nobody-like-this' },
    expected: memberOnly(404),
  },
  {
    endpoint: 'DELETE /api/blocks/:id',
    method: 'DELETE',
    path: () => `/api/blocks/${NO_SUCH_ID}`,
    expected: memberOnly(404),
  },
  { endpoint: 'GET /api/notifications', method: 'GET', path: () => '/api/notifications', expected: memberOnly(200) },
  {
    endpoint: 'POST /api/notifications/read',
    method: 'POST',
    path: () => '/api/notifications/read',
    body: {},
    expected: memberOnly(204),
  },
  {
    endpoint: 'GET /api/account/notification-settings',
    method: 'GET',
    path: () => '/api/account/notification-settings',
    expected: memberOnly(200),
  },
  {
    endpoint: 'PUT /api/account/notification-settings',
    method: 'PUT',
    path: () => '/api/account/notification-settings',
    body: {
      email: { request: 'instant', accepted: 'daily', declined: 'never', message: 'daily', 'report-decided': 'daily' },
      includeMessageText: false,
    },
    expected: memberOnly(200),
  },
  {
    // Anyone with a valid link may unsubscribe; a made-up token is refused alike for everyone.
    endpoint: 'POST /api/unsubscribe',
    method: 'POST',
    path: () => '/api/unsubscribe',
    body: { token: 'made.up' },
    expected: same(400),
  },
  {
    endpoint: 'GET /api/notifications/stream',
    method: 'GET',
    path: () => '/api/notifications/stream',
    stream: true,
    expected: memberOnly(200),
  },
  { endpoint: 'GET /api/invitations', method: 'GET', path: () => '/api/invitations', expected: memberOnly(200) },
  {
    endpoint: 'POST /api/invitations',
    method: 'POST',
    path: () => '/api/invitations',
    body: () => ({ email: uniqueEmail(), note: 'Join us', language: 'en' }),
    expected: memberOnly(202),
  },
  {
    endpoint: 'POST /api/invitations/accept',
    method: 'POST',
    path: () => '/api/invitations/accept',
    body: { token: 'not-a-real-invitation' },
    expected: memberOnly(400),
  },
  { endpoint: 'GET /api/follow-ups', method: 'GET', path: () => '/api/follow-ups', expected: memberOnly(200) },
  {
    endpoint: 'POST /api/follow-ups/:id',
    method: 'POST',
    path: () => `/api/follow-ups/${NO_SUCH_ID}`,
    body: { satisfaction: 4, shared: [], learned: [] },
    expected: memberOnly(404),
  },
  {
    endpoint: 'POST /api/follow-ups/:id/dismiss',
    method: 'POST',
    path: () => `/api/follow-ups/${NO_SUCH_ID}/dismiss`,
    expected: memberOnly(404),
  },
  {
    endpoint: 'GET /api/admin/connect-counts',
    method: 'GET',
    path: () => '/api/admin/connect-counts',
    expected: adminOnly(200),
  },
  { endpoint: 'GET /api/admin/users', method: 'GET', path: () => '/api/admin/users', expected: adminOnly(200) },
  {
    endpoint: 'PUT /api/admin/users/:id/role',
    method: 'PUT',
    path: (target) => `/api/admin/users/${target.userId}/role`,
    body: { role: 'moderator' },
    expected: adminOnly(200),
  },
  {
    endpoint: 'POST /api/reports',
    method: 'POST',
    path: () => '/api/reports',
    body: { type: 'profile', reference: 'nobody-like-this', category: 'spam', explanation: 'Spam' },
    expected: memberOnly(404),
  },
  {
    endpoint: 'GET /api/moderation/reports',
    method: 'GET',
    path: () => '/api/moderation/reports',
    expected: moderatorOnly(200),
  },
  {
    endpoint: 'GET /api/moderation/reports/:id',
    method: 'GET',
    path: () => `/api/moderation/reports/${NO_SUCH_ID}`,
    expected: moderatorOnly(404),
  },
  {
    endpoint: 'POST /api/moderation/reports/:id/claim',
    method: 'POST',
    path: () => `/api/moderation/reports/${NO_SUCH_ID}/claim`,
    expected: moderatorOnly(404),
  },
  {
    endpoint: 'POST /api/moderation/reports/:id/decision',
    method: 'POST',
    path: () => `/api/moderation/reports/${NO_SUCH_ID}/decision`,
    body: { action: 'dismiss', reason: 'Nothing wrong' },
    expected: moderatorOnly(404),
  },
  {
    endpoint: 'GET /api/moderation/appeals',
    method: 'GET',
    path: () => '/api/moderation/appeals',
    expected: moderatorOnly(200),
  },
  {
    endpoint: 'POST /api/moderation/appeals/:id/decision',
    method: 'POST',
    path: () => `/api/moderation/appeals/${NO_SUCH_ID}/decision`,
    body: { outcome: 'upheld', reason: 'It stands' },
    expected: moderatorOnly(404),
  },
  {
    endpoint: 'GET /api/moderation/audit',
    method: 'GET',
    path: () => '/api/moderation/audit',
    expected: moderatorOnly(200),
  },
  { endpoint: 'GET /api/admin/audit.csv', method: 'GET', path: () => '/api/admin/audit.csv', expected: adminOnly(200) },
  {
    endpoint: 'GET /api/account/moderation',
    method: 'GET',
    path: () => '/api/account/moderation',
    expected: memberOnly(200),
  },
  {
    endpoint: 'POST /api/account/moderation/:id/appeal',
    method: 'POST',
    path: () => `/api/account/moderation/${NO_SUCH_ID}/appeal`,
    body: { text: 'Please look again' },
    expected: memberOnly(404),
  },
  { endpoint: 'GET /api/transparency', method: 'GET', path: () => '/api/transparency', expected: same(200) },
  {
    endpoint: 'GET /api/resources',
    method: 'GET',
    path: () => '/api/resources?author=permission-subject',
    expected: same(200),
  },
  {
    endpoint: 'POST /api/resources',
    method: 'POST',
    path: () => '/api/resources',
    body: RESOURCE_BODY,
    expected: memberOnly(201),
  },
  {
    endpoint: 'GET /api/resources/:id',
    method: 'GET',
    path: () => `/api/resources/${resourceId}`,
    expected: same(200),
  },
  {
    endpoint: 'PUT /api/resources/:id',
    method: 'PUT',
    path: () => `/api/resources/${resourceId}`,
    body: RESOURCE_BODY,
    expected: memberOnly(403),
  },
  {
    endpoint: 'DELETE /api/resources/:id',
    method: 'DELETE',
    path: () => `/api/resources/${resourceId}`,
    expected: memberOnly(403),
  },
  {
    endpoint: 'GET /api/services',
    method: 'GET',
    path: () => '/api/services?provider=permission-subject',
    expected: same(200),
  },
  {
    endpoint: 'POST /api/services',
    method: 'POST',
    path: () => '/api/services',
    body: SERVICE_BODY,
    expected: memberOnly(201),
  },
  { endpoint: 'GET /api/services/:id', method: 'GET', path: () => `/api/services/${serviceId}`, expected: same(200) },
  {
    endpoint: 'PUT /api/services/:id',
    method: 'PUT',
    path: () => `/api/services/${serviceId}`,
    body: SERVICE_BODY,
    expected: memberOnly(403),
  },
  {
    endpoint: 'DELETE /api/services/:id',
    method: 'DELETE',
    path: () => `/api/services/${serviceId}`,
    expected: memberOnly(403),
  },
];

describe.each(DATABASE_TARGETS)('who may call what, on $name', (target) => {
  const testApp = useTestApp(target);
  let subject: ProfiledMember;
  beforeAll(async () => {
    subject = await buildProfile(await createMember(testApp.current), { about: { handle: 'permission-subject' } });
    // An organization nobody manages: only admins may edit it.
    await createOrganization(testApp.current, { name: 'Permission Org', acronym: 'PERM', type: 'Chapter' });
    resourceId = ((await subject.client.request('POST', '/api/resources', RESOURCE_BODY)).body as { id: string }).id;
    serviceId = ((await subject.client.request('POST', '/api/services', SERVICE_BODY)).body as { id: string }).id;
    // Loaded, so that readiness answers 200 (it is 503 while the index loads).
    await testApp.current.app.searchSync.use(async () => undefined);
  });

  async function clientFor(who: Who): Promise<TestClient> {
    if (who === 'signed out') return new TestClient(testApp.current.app);
    if (who === 'newcomer') return (await createMember(testApp.current, { onboarded: false })).client;
    return (await createMember(testApp.current, { role: who })).client;
  }

  test('has a row for every route the server has', () => {
    const routes = new Set<string>();
    for (const [path, item] of Object.entries(testApp.current.app.swagger().paths ?? {})) {
      for (const method of Object.keys(item ?? {}))
        routes.add(`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`);
    }
    expect([...routes].sort()).toEqual(TABLE.map((row) => row.endpoint).sort());
  });

  test.each(TABLE.flatMap((row) => EVERYONE.map((who) => ({ ...row, who, status: row.expected[who] }))))(
    '$endpoint as $who answers $status',
    async ({ method, path, body, who, status, stream }) => {
      const client = await clientFor(who);
      if (stream) {
        const opened = await client.openStream(path(subject));
        opened.events.close();
        expect(opened.status).toBe(status);
        return;
      }
      const response = await client.request(
        method,
        path(subject),
        typeof body === 'function' ? (body as () => unknown)() : body,
      );
      expect(response.status).toBe(status);
    },
  );
});
