/**
 * The people and organizations tests start from. Members are made directly in the database (tests
 * about signing up do that themselves); their profiles are saved through the API, as the editor
 * saves them, so a profile made here is one the service accepted and indexed.
 */
import type { Role } from '../platform/db/schema';
import { accountsRepository } from '../features/accounts/accounts.repository';
import { organizationsService } from '../features/organizations/organizations.service';
import { TestClient, type RequestBody } from './http-client';
import type { TestApp } from './test-app';

let counter = 0;

export interface TestMember {
  readonly userId: string;
  readonly email: string;
  readonly displayName: string;
  readonly client: TestClient;
}

/** A member whose profile has been saved, so others can find it at `/api/people/<handle>`. */
export interface ProfiledMember extends TestMember {
  readonly handle: string;
}

/** A verified member, onboarded unless told otherwise, with a signed-in client. */
export async function createMember(
  testApp: TestApp,
  options: { role?: Role; onboarded?: boolean; displayName?: string } = {},
): Promise<TestMember> {
  counter += 1;
  const { app } = testApp;
  const repository = accountsRepository(app.database.db);
  const email = `member${counter}-${Date.now()}@example.org`;
  const displayName = options.displayName ?? `Member ${counter}`;
  const userId = await repository.insertUser({
    email,
    emailVerifiedAt: Date.now(),
    passwordHash: null,
    language: 'en',
  });
  if (options.role && options.role !== 'member') await repository.setRole(userId, options.role);
  const session = await app.accounts.startSession(userId, 'Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0');
  const viewer = await app.accounts.resolveViewer(session.token);
  if (options.onboarded !== false && viewer) {
    await app.accounts.acceptConsent(viewer, { displayName, acceptCodeOfConduct: true, acceptPrivacy: true });
  }
  const client = new TestClient(app);
  client.cookie = session.token;
  return { userId, email, displayName, client };
}

type SectionName =
  'about' | 'languages' | 'location' | 'wikis' | 'capacities' | 'exchange' | 'contacts' | 'affiliations' | 'settings';
type SectionBody<S extends SectionName> = RequestBody<'put', `/api/profile/${S}`>;

/** Each section of the profile editor; what a test leaves out of one takes the defaults below. */
export type ProfileSections = { readonly [S in SectionName]?: Partial<SectionBody<S>> };

// A new profile's own values, members-only wherever a visibility is asked.
const EMPTY: { readonly [S in Exclude<SectionName, 'about'>]: SectionBody<S> } = {
  languages: { languages: [], visibility: 'members' },
  location: {
    country: null,
    timeZone: null,
    availability: null,
    visibility: { country: 'members', availability: 'members' },
  },
  wikis: { wikis: [], visibility: 'members' },
  capacities: { knows: [], shares: [], learns: [], visibility: 'members' },
  exchange: { formats: [], modes: [], visibility: 'members' },
  contacts: { contacts: [] },
  affiliations: { affiliations: [] },
  settings: { showToVisitors: false, inSearch: true },
};

let handles = 0;

/**
 * Saves `member`'s profile through the API: the about section always (with the member's name, a
 * fresh handle and members-only fields unless `sections.about` says otherwise), then each other
 * section the test gives, each completed with that section's defaults (settings last).
 * Throws when a save is refused, so a test never goes on with a profile it did not ask for.
 */
export async function buildProfile(member: TestMember, sections: ProfileSections = {}): Promise<ProfiledMember> {
  handles += 1;
  const about: SectionBody<'about'> = {
    displayName: member.displayName,
    handle: `person-${handles}-${Date.now().toString(36)}`,
    pronouns: null,
    bio: null,
    bioLanguage: null,
    avatarCommonsFile: null,
    visibility: { name: 'members', username: 'members', pronouns: 'members', bio: 'members' },
    ...sections.about,
  };
  const saved = (response: { status: number; body: unknown }, section: string) => {
    if (response.status !== 200)
      throw new Error(`Saving the ${section} section answered ${response.status}: ${JSON.stringify(response.body)}`);
  };
  saved(await member.client.put('/api/profile/about', about), 'about');
  const { languages, location, wikis, capacities, exchange, contacts, affiliations, settings } = sections;
  if (languages)
    saved(await member.client.put('/api/profile/languages', { ...EMPTY.languages, ...languages }), 'languages');
  if (location) saved(await member.client.put('/api/profile/location', { ...EMPTY.location, ...location }), 'location');
  if (wikis) saved(await member.client.put('/api/profile/wikis', { ...EMPTY.wikis, ...wikis }), 'wikis');
  if (capacities)
    saved(await member.client.put('/api/profile/capacities', { ...EMPTY.capacities, ...capacities }), 'capacities');
  if (exchange) saved(await member.client.put('/api/profile/exchange', { ...EMPTY.exchange, ...exchange }), 'exchange');
  if (contacts) saved(await member.client.put('/api/profile/contacts', { ...EMPTY.contacts, ...contacts }), 'contacts');
  if (affiliations)
    saved(
      await member.client.put('/api/profile/affiliations', { ...EMPTY.affiliations, ...affiliations }),
      'affiliations',
    );
  if (settings) saved(await member.client.put('/api/profile/settings', { ...EMPTY.settings, ...settings }), 'settings');
  return { ...member, handle: about.handle };
}

export type SearchablePerson = Omit<ProfileSections, 'settings'> & {
  handle: string;
  displayName: string;
  bio?: string | null;
  visitors?: boolean;
};

/**
 * A new member whose profile is in search: name and about fields public, shown to visitors
 * unless `visitors` is false. Other sections as for `buildProfile`.
 */
export async function searchablePerson(
  testApp: TestApp,
  { handle, displayName, bio = null, visitors = true, ...sections }: SearchablePerson,
): Promise<ProfiledMember> {
  const member = await createMember(testApp, { displayName });
  return buildProfile(member, {
    ...sections,
    about: {
      displayName,
      handle,
      bio,
      visibility: { name: 'public', username: 'public', pronouns: 'public', bio: 'public' },
      ...sections.about,
    },
    settings: { showToVisitors: visitors, inSearch: true },
  });
}

/**
 * An organization nobody manages yet, as `cxc import affiliates` loads them (so only admins may
 * edit it), and in search. `type` is as written in data/affiliates.json, e.g. 'Chapter'.
 */
export async function createOrganization(
  testApp: TestApp,
  { name, acronym, type = 'Chapter' }: { name: string; acronym: string; type?: string },
): Promise<{ id: string; slug: string }> {
  await importAffiliates(testApp, [{ name, acronym, type }]);
  return testApp.app.database.db
    .selectFrom('organizations')
    .select(['id', 'slug'])
    .where('import_key', '=', acronym.toUpperCase())
    .executeTakeFirstOrThrow();
}

/** Loads affiliates (entries as in data/affiliates.json) as `cxc import affiliates` does, indexed for search. */
export function importAffiliates(
  testApp: TestApp,
  entries: readonly { name: string; acronym: string; type: string }[],
): Promise<{ created: number; updated: number }> {
  const { app } = testApp;
  return organizationsService({
    db: app.database.db,
    dialect: app.database.dialect,
    config: app.config,
    translator: app.translator,
    search: app.searchIndex,
  }).importAffiliates(entries);
}
