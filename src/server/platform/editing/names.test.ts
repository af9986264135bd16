import { beforeAll, describe, expect, test } from 'vitest';
import { DATABASE_TARGETS } from '../../test-support/databases';
import { createMember, createOrganization, type TestMember } from '../../test-support/factories';
import { TestClient, type RequestBody, type TestResponse } from '../../test-support/http-client';
import { useTestApp, type TestApp } from '../../test-support/test-app';

const MARKUP = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  'Ana <b>María</b>',
  '  <svg onload=alert(1)>',
  'Ana<!-- hidden -->',
];
const NON_LATIN = [
  'علي',
  '李小龍',
  "O'Brien-Łukasz",
  'Αλέξανδρος Παπαδόπουλος',
  'नमस्ते देव',
  '山田 健二',
  // A zero-width non-joiner belongs in Persian words: it stays.
  'نیک\u200Cنام',
];

const LABELS = { en: 'Livestreaming', ar: 'البث المباشر', es: 'Transmisión', fr: 'Diffusion', 'pt-br': 'Transmissão' };

const ORGANIZATION_EDIT: RequestBody<'put', '/api/organizations/{slug}'> = {
  names: [{ language: 'en', name: 'Wikimedia Names' }],
  acronym: 'WMNM',
  type: 'chapter',
  active: true,
  website: null,
  metaPage: null,
  wikidataQid: null,
  logoCommonsFile: null,
  descriptions: [],
  countries: [],
  languages: [],
};

/**
 * A place that takes a name: `send` gives it one (as a fresh member, where that matters) and
 * answers the response and a way to read back what it stored (undefined when it stored nothing).
 */
interface NamePlace {
  readonly place: string;
  readonly field: string;
  readonly maxLength: number;
  send(testApp: TestApp, name: string): Promise<{ response: TestResponse; stored: () => Promise<string | undefined> }>;
}

let admin: TestMember | undefined;
const adminOf = async (testApp: TestApp) => (admin ??= await createMember(testApp, { role: 'admin' }));

const PLACES: readonly NamePlace[] = [
  {
    place: 'the welcome step',
    field: 'body.displayName',
    maxLength: 100,
    async send(testApp, name) {
      const member = await createMember(testApp, { onboarded: false });
      const response = await member.client.request('POST', '/api/account/consent', {
        displayName: name,
        acceptCodeOfConduct: true,
        acceptPrivacy: true,
      });
      return {
        response,
        stored: async () => (await member.client.get('/api/account')).body.displayName ?? undefined,
      };
    },
  },
  {
    place: 'the profile About section',
    field: 'body.displayName',
    maxLength: 100,
    async send(testApp, name) {
      const member = await createMember(testApp);
      const response = await member.client.request('PUT', '/api/profile/about', {
        displayName: name,
        handle: `named-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
        pronouns: null,
        bio: null,
        bioLanguage: null,
        avatarCommonsFile: null,
        visibility: { name: 'members', username: 'members', pronouns: 'members', bio: 'members' },
      });
      return {
        response,
        // The name chosen at the welcome step stays until a save changes it.
        stored: async () => {
          const current = (await member.client.get('/api/account')).body.displayName;
          return current === member.displayName ? undefined : (current ?? undefined);
        },
      };
    },
  },
  {
    place: 'a new organization',
    field: 'body.names.0.name',
    maxLength: 200,
    async send(testApp, name) {
      const member = await createMember(testApp);
      const response = await member.client.request('POST', '/api/organizations', {
        names: [{ language: 'en', name }],
        acronym: null,
        type: 'user-group',
      });
      const slug = (response.body as { slug?: string }).slug;
      return {
        response,
        stored: async () =>
          slug === undefined
            ? undefined
            : (await member.client.get(`/api/organizations/${slug}`)).body.names.find(
                (entry) => entry.language === 'en',
              )?.name,
      };
    },
  },
  {
    place: 'an organization edit',
    field: 'body.names.0.name',
    maxLength: 200,
    async send(testApp, name) {
      const editor = await adminOf(testApp);
      const acronym = `N${Math.random().toString(36).slice(2, 8).toUpperCase()}`;
      const { slug } = await createOrganization(testApp, { name: `Wikimedia ${acronym}`, acronym });
      const response = await editor.client.request('PUT', `/api/organizations/${slug}`, {
        ...ORGANIZATION_EDIT,
        acronym,
        names: [{ language: 'en', name }],
      });
      return {
        response,
        stored: async () => {
          const stored = (await editor.client.get(`/api/organizations/${slug}`)).body.names[0]?.name;
          return stored === `Wikimedia ${acronym}` ? undefined : stored;
        },
      };
    },
  },
  {
    place: 'a capacity suggestion',
    field: 'body.name',
    maxLength: 100,
    async send(testApp, name) {
      const member = await createMember(testApp);
      const response = await member.client.request('POST', '/api/capacity-suggestions', {
        name,
        wikidataQid: null,
        parentId: null,
      });
      return {
        response,
        stored: async () => (await member.client.get('/api/capacity-suggestions/mine')).body.suggestions[0]?.name,
      };
    },
  },
  {
    place: "an approved capacity's label",
    field: 'body.labels.en',
    maxLength: 100,
    async send(testApp, name) {
      const member = await createMember(testApp);
      const suggested = await member.client.post('/api/capacity-suggestions', {
        name: 'Live streaming',
        wikidataQid: null,
        parentId: 36,
      });
      const editor = await adminOf(testApp);
      const response = await editor.client.request(
        'POST',
        `/api/admin/capacity-suggestions/${suggested.body.id}/approve`,
        { labels: { ...LABELS, en: name }, parentId: 36, wikidataQid: null },
      );
      const capacityId = (response.body as { capacityId?: number }).capacityId;
      return {
        response,
        stored: async () => {
          if (capacityId === undefined) return undefined;
          const tree = (await new TestClient(testApp.app).get('/api/capacities?lang=en')).body;
          return tree.capacities.find((root) => root.id === 36)?.children.find((child) => child.id === capacityId)
            ?.label;
        },
      };
    },
  },
];

describe.each(DATABASE_TARGETS)('names on $name', (target) => {
  const testApp = useTestApp(target);
  beforeAll(() => {
    admin = undefined;
  });

  test.each(MARKUP)('the welcome step refuses %j and stores nothing', async (sample) => {
    const member = await createMember(testApp.current, { onboarded: false });
    const response = await member.client.request('POST', '/api/account/consent', {
      displayName: sample,
      acceptCodeOfConduct: true,
      acceptPrivacy: true,
    });
    expect(response.status).toBe(400);
    expect(response.error.code).toBe('validation_failed');
    expect(response.error.details).toEqual([
      { field: 'body.displayName', code: 'no-markup', message: 'HTML is not accepted here.' },
    ]);
    expect((await member.client.get('/api/account')).body).toMatchObject({ displayName: null, onboarded: false });
    const db = testApp.current.app.database.db;
    const consents = await db.selectFrom('consents').select('id').where('user_id', '=', member.userId).execute();
    expect(consents).toEqual([]);
    const user = await db
      .selectFrom('users')
      .select('display_name')
      .where('id', '=', member.userId)
      .executeTakeFirstOrThrow();
    expect(user.display_name).toBeNull();
  });

  test.each(NON_LATIN)('the welcome step accepts %j, and the About section saves it unchanged', async (name) => {
    const member = await createMember(testApp.current, { onboarded: false });
    const welcomed = await member.client.post('/api/account/consent', {
      displayName: ` ${name} `,
      acceptCodeOfConduct: true,
      acceptPrivacy: true,
    });
    expect(welcomed.status).toBe(200);
    expect(welcomed.body).toMatchObject({ displayName: name, onboarded: true });
    const about = await member.client.put('/api/profile/about', {
      displayName: welcomed.body.displayName!,
      handle: `welcomed-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
      pronouns: null,
      bio: null,
      bioLanguage: null,
      avatarCommonsFile: null,
      visibility: { name: 'members', username: 'members', pronouns: 'members', bio: 'members' },
    });
    expect(about.status).toBe(200);
    expect(about.body.displayName).toBe(name);
  });

  describe.each(PLACES)('$place', (place) => {
    test.each(MARKUP)('refuses %j with the field named, storing nothing', async (sample) => {
      const { response, stored } = await place.send(testApp.current, sample);
      expect(response.status).toBe(400);
      expect(response.error.code).toBe('validation_failed');
      expect(response.error.details).toEqual([
        { field: place.field, code: 'no-markup', message: 'HTML is not accepted here.' },
      ]);
      expect(await stored()).toBeUndefined();
    });

    // Invisible characters alone (zero-width spaces, direction controls) are no name either.
    test.each(['', '   ', '\t\n', '\u200B\u2060', '\u202E\u2066 \uFEFF', '-.-'])(
      'refuses the empty name %j as required',
      async (sample) => {
        const { response, stored } = await place.send(testApp.current, sample);
        expect(response.status).toBe(400);
        expect(response.error.details).toEqual([
          { field: place.field, code: 'required', message: 'This value is required.' },
        ]);
        expect(await stored()).toBeUndefined();
      },
    );

    test('refuses a name one character too long', async () => {
      const { response, stored } = await place.send(testApp.current, 'ñ'.repeat(place.maxLength + 1));
      expect(response.status).toBe(400);
      expect(response.error.details).toEqual([
        {
          field: place.field,
          code: 'maxLength',
          message: `Must be at most ${place.maxLength} characters long.`,
        },
      ]);
      expect(await stored()).toBeUndefined();
    });

    test.each([...NON_LATIN, '𠀋'.repeat(40)])('accepts %j', async (name) => {
      const { response, stored } = await place.send(testApp.current, name);
      expect([200, 201]).toContain(response.status);
      expect(await stored()).toBe(name);
    });

    test('stores the name trimmed, with each run of white space as one space', async () => {
      const { response, stored } = await place.send(testApp.current, '  Ana \t  María\u00a0 López ');
      expect([200, 201]).toContain(response.status);
      expect(await stored()).toBe('Ana María López');
    });

    test('takes the longest name of its kind, counted in characters', async () => {
      const name = '李'.repeat(place.maxLength);
      const { response, stored } = await place.send(testApp.current, name);
      expect([200, 201]).toContain(response.status);
      expect(await stored()).toBe(name);
    });
  });
});
