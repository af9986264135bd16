import fc from 'fast-check';
import { sql } from 'kysely';
import { beforeAll, describe, expect, test } from 'vitest';
import { DATABASE_TARGETS } from '../../test-support/databases';
import { buildProfile, createMember, createOrganization, type TestMember } from '../../test-support/factories';
import { fieldErrors, TestClient, type RequestBody } from '../../test-support/http-client';
import { useTestApp } from '../../test-support/test-app';

const ABOUT: RequestBody<'put', '/api/profile/about'> = {
  displayName: 'Amani Okafor',
  handle: 'amani',
  pronouns: 'she/her',
  bio: 'I run **edit-a-thons** in Lagos.',
  bioLanguage: 'en',
  avatarCommonsFile: null,
  visibility: { name: 'public', username: 'members', pronouns: 'members', bio: 'public' },
};

describe.each(DATABASE_TARGETS)('profiles on $name', (target) => {
  const testApp = useTestApp(target);
  const member = (options?: Parameters<typeof createMember>[1]) => createMember(testApp.current, options);

  // Every section filled in; the factory refuses to go on if any save is not answered with 200.
  const fillProfile = (owner: TestMember, handle: string) =>
    buildProfile(owner, {
      about: { ...ABOUT, handle },
      languages: {
        languages: [
          { code: 'yo', level: 'N' },
          { code: 'en', level: '4' },
        ],
        visibility: 'members',
      },
      location: {
        country: 'NG',
        timeZone: 'Africa/Lagos',
        availability: 'Weekday evenings',
        visibility: { country: 'public', availability: 'members' },
      },
      wikis: {
        wikis: [
          { project: 'wikipedia', language: 'yo' },
          { project: 'commons', language: '' },
        ],
        visibility: 'members',
      },
      capacities: {
        knows: [{ id: 84, level: 'expert', note: null }],
        shares: [{ id: 12, level: 'advanced', note: 'Small grants' }],
        learns: [{ id: 139, level: null, note: null }],
        visibility: 'members',
      },
      exchange: { formats: ['mentoring', 'clinic'], modes: ['online'], visibility: 'members' },
      contacts: {
        contacts: [
          { kind: 'telegram', value: '@amani_ok', visibility: 'members' },
          { kind: 'email', value: 'amani@example.org', visibility: 'private' },
        ],
      },
    });

  test("saves every section and shows it, labelled in the reader's language", async () => {
    const owner = await member();
    await fillProfile(owner, 'amani-full');
    const own = (await owner.client.get('/api/profile')).body;
    expect(own).toMatchObject({
      handle: 'amani-full',
      displayName: 'Amani Okafor',
      country: 'NG',
      timeZone: 'Africa/Lagos',
      capacities: {
        knows: [{ id: 84 }, { id: 12 }],
        shares: [{ id: 12, note: 'Small grants' }],
        learns: [{ id: 139 }],
      },
      exchange: { formats: ['mentoring', 'clinic'], modes: ['online'] },
    });
    const reader = await member();
    const view = (await reader.client.get('/api/people/amani-full', { 'accept-language': 'fr' })).body;
    expect(view).toMatchObject({
      relation: 'member',
      displayName: 'Amani Okafor',
      initials: 'AO',
      bio: { html: '<p>I run <strong>edit-a-thons</strong> in Lagos.</p>\n', language: 'en' },
      country: { code: 'NG', name: 'Nigeria', region: { id: 'SSA', name: 'Afrique subsaharienne' } },
      languages: [
        { code: 'yo', level: 'N', autonym: 'Yorùbá', name: 'yoruba' },
        { code: 'en', level: '4' },
      ],
      wikis: [
        { project: 'wikipedia', projectName: 'Wikipédia', languageName: 'yoruba' },
        { project: 'commons', language: '', languageName: null },
      ],
      capacities: { shares: [{ id: 12, label: 'Budgétisation', level: 'advanced' }] },
      contacts: [{ kind: 'telegram', value: '@amani_ok' }],
    });
  });

  test('shows nothing to signed-out visitors until the owner opens the profile to them', async () => {
    const owner = await member();
    await fillProfile(owner, 'amani-visitors');
    const visitor = new TestClient(testApp.current.app);
    const hidden = await visitor.get('/api/people/amani-visitors');
    const missing = await visitor.get('/api/people/nobody-has-this');
    expect(hidden.status).toBe(404);
    expect(hidden.error.code).toBe(missing.error.code);
    await owner.client.put('/api/profile/settings', { showToVisitors: true, inSearch: true });
    const shown = (await visitor.get('/api/people/amani-visitors')).body;
    expect(Object.keys(shown).sort()).toEqual(
      [
        'affiliations',
        'bio',
        'contacts',
        'country',
        'displayName',
        'avatarUrl',
        'handle',
        'initials',
        'relation',
      ].sort(),
    );
    expect(shown.contacts).toEqual([]);
  });

  test('lets the owner preview the profile as a visitor and as a member', async () => {
    const owner = await member();
    await fillProfile(owner, 'amani-preview');
    const asMember = (await owner.client.get('/api/people/amani-preview?as=member')).body;
    expect(asMember.relation).toBe('member');
    expect(asMember.contacts).toEqual([{ kind: 'telegram', value: '@amani_ok' }]);
    expect((await owner.client.get('/api/people/amani-preview?as=visitor')).status).toBe(404);
    const asOwner = (await owner.client.get('/api/people/amani-preview')).body;
    expect(asOwner.contacts).toHaveLength(2);
    // Only the owner can choose how to look: others get their own view whatever they ask.
    const other = await member();
    expect((await other.client.get('/api/people/amani-preview?as=member')).body.relation).toBe('member');
  });

  test.each([
    {
      name: 'an over-long bio',
      path: '/api/profile/about',
      body: { ...ABOUT, bio: 'x'.repeat(2001) },
      expected: 'body.bio:maxLength',
    },
    {
      name: 'HTML in the bio',
      path: '/api/profile/about',
      body: { ...ABOUT, bio: 'Hi <script>alert(1)</script>' },
      expected: 'body.bio:no-markup',
    },
    {
      name: 'HTML in the pronouns',
      path: '/api/profile/about',
      body: { ...ABOUT, pronouns: '<b>they</b>' },
      expected: 'body.pronouns:no-markup',
    },
    {
      name: 'a bad profile address',
      path: '/api/profile/about',
      body: { ...ABOUT, handle: 'a b!' },
      expected: 'body.handle:invalid-handle',
    },
    {
      name: 'a Commons file that is not an image',
      path: '/api/profile/about',
      body: { ...ABOUT, avatarCommonsFile: 'File:Notes.txt' },
      expected: 'body.avatarCommonsFile:invalid-commons-file',
    },
    {
      name: 'an unknown language',
      path: '/api/profile/languages',
      body: { languages: [{ code: 'xx-klingon', level: '3' }], visibility: 'members' },
      expected: 'body.languages.0.code:unknown-language',
    },
    {
      name: 'an unknown level',
      path: '/api/profile/languages',
      body: { languages: [{ code: 'fr', level: '7' }], visibility: 'members' },
      expected: 'body.languages.0.level:enum',
    },
    {
      name: '31 languages',
      path: '/api/profile/languages',
      body: { languages: Array.from({ length: 31 }, () => ({ code: 'fr', level: '1' })), visibility: 'members' },
      expected: 'body.languages:maxItems',
    },
    {
      name: 'an unknown capacity',
      path: '/api/profile/capacities',
      body: { knows: [{ id: 999999, level: null, note: null }], shares: [], learns: [], visibility: 'members' },
      expected: 'body.knows.0.id:unknown-capacity',
    },
    {
      name: '51 capacities',
      path: '/api/profile/capacities',
      body: {
        knows: Array.from({ length: 51 }, (_, i) => ({ id: 10 + i, level: null, note: null })),
        shares: [],
        learns: [],
        visibility: 'members',
      },
      expected: 'body.knows:maxItems',
    },
    {
      name: 'an invalid time zone',
      path: '/api/profile/location',
      body: {
        country: 'FR',
        timeZone: 'Mars/Olympus',
        availability: null,
        visibility: { country: 'members', availability: 'members' },
      },
      expected: 'body.timeZone:unknown-time-zone',
    },
    {
      name: 'an unknown country',
      path: '/api/profile/location',
      body: {
        country: 'ZZ',
        timeZone: null,
        availability: null,
        visibility: { country: 'members', availability: 'members' },
      },
      expected: 'body.country:unknown-country',
    },
    {
      name: 'a javascript: link',
      path: '/api/profile/contacts',
      body: { contacts: [{ kind: 'link', value: 'javascript:alert(1)', visibility: 'public' }] },
      expected: 'body.contacts.0.value:invalid-link',
    },
    {
      name: 'a talk page off Wikimedia',
      path: '/api/profile/contacts',
      body: { contacts: [{ kind: 'talk-page', value: 'https://evil.example/User_talk:X', visibility: 'public' }] },
      expected: 'body.contacts.0.value:invalid-talk-page',
    },
    {
      name: 'a wiki without editions given a language',
      path: '/api/profile/wikis',
      body: { wikis: [{ project: 'commons', language: 'fr' }], visibility: 'members' },
      expected: 'body.wikis.0.language:no-language-editions',
    },
    {
      name: 'an unknown visibility',
      path: '/api/profile/exchange',
      body: { formats: [], modes: [], visibility: 'friends' },
      expected: 'body.visibility:enum',
    },
  ])('refuses $name with a field error and saves nothing', async ({ path, body, expected }) => {
    const owner = await member();
    await fillProfile(owner, `bad-${Math.random().toString(36).slice(2, 10)}`);
    const before = (await owner.client.get('/api/profile')).body;
    const response = await owner.client.request('PUT', path, body);
    expect(response.status).toBe(400);
    expect(fieldErrors(response)).toContain(expected);
    expect((await owner.client.get('/api/profile')).body).toEqual(before);
  });

  test('refuses a profile address someone else has, whatever its case', async () => {
    const first = await member();
    await first.client.put('/api/profile/about', { ...ABOUT, handle: 'Taken-Name' });
    const second = await member();
    const response = await second.client.put('/api/profile/about', { ...ABOUT, handle: 'taken-name' });
    expect(fieldErrors(response)).toEqual(['body.handle:handle-taken']);
  });

  test('keeps profiles to members who finished the first step', async () => {
    const newcomer = await member({ onboarded: false });
    expect((await newcomer.client.get('/api/profile')).status).toBe(403);
    expect((await new TestClient(testApp.current.app).get('/api/profile')).status).toBe(401);
  });

  test("counts visits once per viewer per day, never the owner's, for the owner only", async () => {
    const owner = await member();
    await fillProfile(owner, 'amani-visits');
    await owner.client.put('/api/profile/settings', { showToVisitors: true, inSearch: true });
    const reader = await member();
    await reader.client.get('/api/people/amani-visits');
    await reader.client.get('/api/people/amani-visits');
    await new TestClient(testApp.current.app).get('/api/people/amani-visits');
    await owner.client.get('/api/people/amani-visits');
    const { weeks } = (await owner.client.get('/api/profile/visits')).body;
    expect(weeks).toHaveLength(12);
    expect(weeks.at(-1)?.views).toBe(2);
    expect(new Date(`${weeks.at(-1)!.weekStart}T00:00:00Z`).getUTCDay()).toBe(1);
    const { rows } = await sql<Record<string, unknown>>`select * from profile_view_marks`.execute(
      testApp.current.app.database.db,
    );
    expect(JSON.stringify(rows)).not.toContain(reader.userId);
  });

  test('puts the profile in the export and removes all of it with the account', async () => {
    const owner = await member({ displayName: 'Erase Me Profile' });
    await fillProfile(owner, 'erase-me-profile');
    const exported = (await owner.client.get('/api/account/export')).body;
    expect(exported.profile).toMatchObject({
      handle: 'erase-me-profile',
      bio: ABOUT.bio,
      contacts: expect.arrayContaining([expect.objectContaining({ value: 'amani@example.org' })]),
    });
    expect((await owner.client.post('/api/account/delete', { confirmation: 'Amani Okafor' })).status).toBe(204);
    const db = testApp.current.app.database.db;
    for (const table of [
      'profiles',
      'profile_languages',
      'profile_wikis',
      'profile_capacities',
      'profile_contacts',
      'profile_view_marks',
    ]) {
      const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db);
      expect(JSON.stringify(rows), table).not.toContain(owner.userId);
      expect(JSON.stringify(rows), table).not.toContain('erase-me-profile');
    }
  });
});

describe.each(DATABASE_TARGETS)('what a viewer may see of a profile, on $name (property)', (target) => {
  const testApp = useTestApp(target);
  const visibility = fc.constantFrom('public', 'members', 'private');
  beforeAll(async () => {
    await createOrganization(testApp.current, {
      name: 'Property Test Group',
      acronym: 'PTG',
      type: 'Wikimedia user group',
    });
  });

  test('no value hidden from a viewer appears anywhere in what that viewer receives', async () => {
    const reader = await createMember(testApp.current);
    const visitor = new TestClient(testApp.current.app);
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          name: visibility,
          username: visibility,
          pronouns: visibility,
          bio: visibility,
          country: visibility,
          availability: visibility,
          languages: visibility,
          wikis: visibility,
          capacities: visibility,
          exchange: visibility,
        }),
        fc.array(visibility, { minLength: 1, maxLength: 3 }),
        fc.boolean(),
        visibility,
        async (fields, contactVisibilities, showToVisitors, affiliationVisibility) => {
          run += 1;
          const marker = (field: string) => `zq${field}${run}x`;
          const owner = await createMember(testApp.current, { displayName: marker('name') });
          const handle = `prop-${run}-${Date.now()}`;
          await buildProfile(owner, {
            about: {
              displayName: marker('name'),
              handle,
              pronouns: marker('pronouns'),
              bio: marker('bio'),
              bioLanguage: null,
              avatarCommonsFile: null,
              visibility: { name: fields.name, username: fields.username, pronouns: fields.pronouns, bio: fields.bio },
            },
            location: {
              country: 'KE',
              timeZone: 'Africa/Nairobi',
              availability: marker('availability'),
              visibility: { country: fields.country, availability: fields.availability },
            },
            languages: { languages: [{ code: 'sw', level: '3' }], visibility: fields.languages },
            wikis: { wikis: [{ project: 'wikivoyage', language: 'yo' }], visibility: fields.wikis },
            capacities: {
              knows: [],
              shares: [{ id: 137, level: null, note: marker('note') }],
              learns: [],
              visibility: fields.capacities,
            },
            exchange: { formats: ['community-of-practice'], modes: [], visibility: fields.exchange },
            contacts: {
              contacts: contactVisibilities.map((contactVisibility, index) => ({
                kind: 'telegram',
                value: `@${marker('contact')}${index}`,
                visibility: contactVisibility,
              })),
            },
            affiliations: {
              affiliations: [{ organization: 'property-test-group', visibility: affiliationVisibility }],
            },
            settings: { showToVisitors, inSearch: true },
          });

          // What each field's marker (or tell-tale value) looks like in an answer.
          const tells: Record<string, string> = {
            name: marker('name'),
            pronouns: marker('pronouns'),
            bio: marker('bio'),
            availability: marker('availability'),
            country: '"KE"',
            languages: '"code":"sw"',
            wikis: 'wikivoyage',
            capacities: marker('note'),
            exchange: 'community-of-practice',
          };
          for (const [viewer, relation] of [
            [reader.client, 'member'],
            [visitor, 'visitor'],
          ] as const) {
            const response = await viewer.get(`/api/people/${handle}`);
            const body = response.body === null ? '' : JSON.stringify(response.body);
            const profileShown = relation === 'member' || showToVisitors;
            expect(response.status).toBe(profileShown ? 200 : 404);
            const allowed = (setting: string) =>
              profileShown && (setting === 'public' || (setting === 'members' && relation === 'member'));
            for (const [field, tell] of Object.entries(tells)) {
              if (allowed(fields[field as keyof typeof fields]))
                expect(body, `${relation} sees ${field}`).toContain(tell);
              else expect(body, `${relation} must not see ${field}`).not.toContain(tell);
            }
            const affiliationShown = allowed(affiliationVisibility);
            if (affiliationShown) expect(body).toContain('property-test-group');
            else expect(body, `${relation} must not see the affiliation`).not.toContain('property-test-group');
            // The organization's page lists its members only as far as each lets this viewer see.
            const organizationPage = JSON.stringify((await viewer.get('/api/organizations/property-test-group')).body);
            if (affiliationShown) expect(organizationPage).toContain(handle);
            else
              expect(organizationPage, `${relation} must not find the member on the organization page`).not.toContain(
                handle,
              );
            if (!allowed(fields.name)) expect(organizationPage).not.toContain(marker('name'));
            contactVisibilities.forEach((contactVisibility, index) => {
              const contact = `@${marker('contact')}${index}`;
              if (allowed(contactVisibility)) expect(body).toContain(contact);
              else expect(body, `${relation} must not see contact ${index}`).not.toContain(contact);
            });
          }
        },
      ),
      { numRuns: 25 },
    );
  }, 120_000);
});
