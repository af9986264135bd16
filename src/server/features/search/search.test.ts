import { Writable } from 'node:stream';
import fc from 'fast-check';
import { beforeAll, describe, expect, test } from 'vitest';
import { DATABASE_TARGETS } from '../../test-support/databases';
import {
  buildProfile,
  createMember,
  createOrganization,
  searchablePerson,
  type SearchablePerson,
  type TestMember,
} from '../../test-support/factories';
import { TestClient, type ResponseBody } from '../../test-support/http-client';
import { useTestApp } from '../../test-support/test-app';
import { buildApp } from '../../app';
import { openDatabase } from '../../platform/db/database';
import { searchRepository } from './search.repository';

type SearchBody = ResponseBody<'get', '/api/search'>;

describe.each(DATABASE_TARGETS)('search on $name', (target) => {
  const testApp = useTestApp(target);
  let ana: TestMember;
  let reader: TestMember;

  const person = (options: SearchablePerson) => searchablePerson(testApp.current, options);

  beforeAll(async () => {
    ana = await person({
      handle: 'ana',
      displayName: 'Ana Conceição',
      bio: 'Vivo em São Paulo e organizo editatonas.',
      capacities: {
        shares: [{ id: 12, level: 'expert', note: null }],
        learns: [{ id: 139, level: null, note: null }],
        visibility: 'public',
      },
      languages: {
        languages: [
          { code: 'pt', level: 'N' },
          { code: 'es', level: '3' },
        ],
        visibility: 'public',
      },
      location: { country: 'BR', visibility: { country: 'members', availability: 'members' } },
    });
    await person({
      handle: 'kenji',
      displayName: '山田 健二',
      bio: 'ウィキペディアの編集者です。',
      capacities: { shares: [{ id: 13, level: null, note: null }], visibility: 'members' },
      languages: {
        languages: [
          { code: 'ja', level: 'N' },
          { code: 'es', level: '1' },
        ],
        visibility: 'members',
      },
    });
    await person({
      handle: 'layla',
      displayName: 'ليلى حداد',
      bio: 'أنظّم ماراثونات التحرير في القاهرة.',
      capacities: {
        shares: [{ id: 141, level: null, note: null }],
        learns: [{ id: 139, level: null, note: null }],
        visibility: 'members',
      },
      visitors: false,
    });
    const hidden = await person({
      handle: 'hidden',
      displayName: 'Hidden Person',
      bio: 'Budget specialist',
      capacities: { shares: [{ id: 12, level: null, note: null }], visibility: 'public' },
    });
    await hidden.client.put('/api/profile/settings', { showToVisitors: true, inSearch: false });
    await createOrganization(testApp.current, { name: 'Wikimedia Brasil', acronym: 'WMBR', type: 'Chapter' });
    reader = await createMember(testApp.current);
  });

  const search = async (client: TestClient, query: string) => (await client.get(`/api/search?${query}`)).body;
  const addresses = (body: SearchBody) => body.results.map((result) => result.address).sort();

  test('finds people by capacity labels in any language, and says why', async () => {
    const body = await search(reader.client, 'q=presupuesto');
    expect(addresses(body)).toEqual(['ana']);
    expect(body.results[0]?.matchedCapacities).toEqual([{ id: 12, side: 'shares', label: 'Budgeting' }]);
    expect(addresses(await search(reader.client, 'q=budg'))).toEqual(['ana']);
  });

  test('matches without accents, in other scripts, and by prefix', async () => {
    expect(addresses(await search(reader.client, 'q=sao%20paulo'))).toEqual(['ana']);
    expect(addresses(await search(reader.client, 'q=conceicao'))).toEqual(['ana']);
    expect(addresses(await search(reader.client, `q=${encodeURIComponent('ماراثونات')}`))).toEqual(['layla']);
    expect(addresses(await search(reader.client, `q=${encodeURIComponent('山田')}`))).toEqual(['kenji']);
    expect(addresses(await search(reader.client, 'q=brasil'))).toEqual(['wikimedia-brasil']);
  });

  test('finds part of a name written without spaces, and a Latin name with one letter wrong', async () => {
    expect(addresses(await search(reader.client, `q=${encodeURIComponent('健二')}`))).toEqual(['kenji']);
    expect(addresses(await search(reader.client, `q=${encodeURIComponent('編集')}`))).toEqual(['kenji']);
    const typo = await search(reader.client, 'q=concieçao');
    expect(addresses(typo)).toEqual(['ana']);
    expect(typo.approximateWords).toEqual(['concieçao'.normalize('NFKD').replace(/\p{M}/gu, '')]);
    expect((await search(reader.client, 'q=budget')).approximateWords).toEqual([]);
  });

  test('orders by relevance with words: names holding the words first, and says which order it used', async () => {
    const paulo = await person({ handle: 'paulo', displayName: 'Paulo Editor', bio: 'Helps with editatonas.' });
    const body = await search(reader.client, 'q=editatonas');
    expect(body.sort).toBe('relevance');
    expect(body.results.map((result) => result.address)).toEqual(['ana', 'paulo']);
    const byName = await search(reader.client, 'q=paulo');
    // Paulo has the word in his name; Ana only in her bio ("São Paulo").
    expect(byName.results.map((result) => result.address)).toEqual(['paulo', 'ana']);
    await paulo.client.put('/api/profile/settings', { showToVisitors: true, inSearch: false });
  });

  test('another app process on the same database finds a change at its very next search', async () => {
    const second = openDatabase(testApp.current.app.config.database);
    const other = await buildApp({
      config: testApp.current.app.config,
      database: second,
      logStream: new Writable({ write: (_chunk, _encoding, done) => done() }),
    });
    try {
      await other.ready();
      const otherReader = new TestClient(other);
      expect(addresses(await search(otherReader, 'q=conceicao'))).toEqual(['ana']);
      await ana.client.put('/api/profile/settings', { showToVisitors: false, inSearch: true });
      expect(addresses(await search(otherReader, 'q=conceicao'))).toEqual([]);
      await ana.client.put('/api/profile/settings', { showToVisitors: true, inSearch: true });
      expect(addresses(await search(otherReader, 'q=conceicao'))).toEqual(['ana']);
      // A process that missed pruned changes reloads everything rather than serving a stale index.
      await searchRepository(testApp.current.app.database.db, testApp.current.app.database.dialect).logFullReload();
      expect(addresses(await search(otherReader, 'q=conceicao'))).toEqual(['ana']);
    } finally {
      await other.close();
      await second.close();
    }
  });

  test('counts searches, searches that found something and followed results per day, and nothing else', async () => {
    const admin = await createMember(testApp.current, { role: 'admin' });
    const todays = async () => {
      const response = await admin.client.get('/api/admin/search-counts?days=2');
      expect(response.status).toBe(200);
      const days = response.body.days;
      return (
        days.find((entry) => entry.day === new Date().toISOString().slice(0, 10)) ?? {
          searches: 0,
          withResults: 0,
          followed: 0,
        }
      );
    };
    const before = await todays();
    await search(reader.client, 'q=presupuesto');
    await search(reader.client, 'q=nothingmatchesthisword');
    await search(reader.client, 'q=presupuesto&page=2');
    await search(reader.client, '');
    expect((await reader.client.post('/api/search/followed')).status).toBe(204);
    const after = await todays();
    expect(after).toEqual({
      day: expect.any(String),
      searches: before.searches + 2,
      withResults: before.withResults + 1,
      followed: before.followed + 1,
    });
    expect(JSON.stringify(await admin.client.get('/api/admin/search-counts'))).not.toContain('presupuesto');
  });

  test('orders by name, or by how many chosen capacities match', async () => {
    const results = (body: SearchBody) => body.results.map((result) => result.address);
    expect(results(await search(reader.client, 'capacity=139&capacity=141&sort=name'))).toEqual(['ana', 'layla']);
    const byCapacities = await search(reader.client, 'capacity=139&capacity=141');
    expect(results(byCapacities)).toEqual(['layla', 'ana']);
    expect(byCapacities.results[0]?.matchedCapacities.map((entry) => entry.id).sort()).toEqual([139, 141]);
  });

  test('filters by facets (OR within, AND across) and counts each value over the other filters', async () => {
    const spanish = await search(reader.client, 'language=es');
    expect(addresses(spanish)).toEqual(['ana', 'kenji']);
    expect(addresses(await search(reader.client, 'language=es&minLevel=3'))).toEqual(['ana']);
    expect(addresses(await search(reader.client, 'language=es&capacity=11'))).toEqual(['ana', 'kenji']);
    expect(addresses(await search(reader.client, 'capacity=11&side=learns'))).toEqual([]);
    expect(addresses(await search(reader.client, 'type=organization'))).toEqual(['wikimedia-brasil']);
    const byType = await search(reader.client, 'language=es');
    expect(byType.facets.language?.find((entry) => entry.value === 'es')?.count).toBe(2);
    expect(byType.facets.language?.find((entry) => entry.value === 'ja')?.count).toBe(1);
    expect(byType.facets.type).toEqual([{ value: 'person', count: 2, label: expect.any(String) }]);
  });

  test('never shows what the viewer may not see, not even as a count', async () => {
    const visitor = new TestClient(testApp.current.app);
    expect(addresses(await search(visitor, 'q=budget'))).toEqual(['ana']);
    expect(addresses(await search(reader.client, 'q=budget'))).toEqual(['ana']);
    // Kenji's capacities and languages are for members; Layla hides from visitors; the country is for members.
    expect(addresses(await search(visitor, 'language=ja'))).toEqual([]);
    expect((await search(visitor, '')).facets.language?.some((entry) => entry.value === 'ja')).toBe(false);
    expect(addresses(await search(visitor, `q=${encodeURIComponent('ليلى')}`))).toEqual([]);
    expect(addresses(await search(visitor, 'country=BR'))).toEqual([]);
    expect(addresses(await search(reader.client, 'country=BR'))).toEqual(['ana']);
    expect(JSON.stringify(await search(visitor, ''))).not.toContain('Hidden Person');
  });

  test('sees a change at the very next search', async () => {
    await ana.client.put('/api/profile/settings', { showToVisitors: true, inSearch: false });
    expect(addresses(await search(reader.client, 'q=ana'))).toEqual([]);
    await ana.client.put('/api/profile/settings', { showToVisitors: true, inSearch: true });
    expect(addresses(await search(reader.client, 'q=ana'))).toEqual(['ana']);
  });

  test('says in the export who can find the member, and the erasure leaves nothing to find', async () => {
    const leaving = await person({
      handle: 'leaving',
      displayName: 'Leaving Person',
      bio: 'Quarryman',
      visitors: true,
    });
    expect(
      (
        (await leaving.client.get('/api/account/export')).body as { searchIndex: { findableBy: string[] } }
      ).searchIndex.findableBy.sort(),
    ).toEqual(['members', 'visitors']);
    expect(addresses(await search(reader.client, 'q=quarryman'))).toEqual(['leaving']);
    expect((await leaving.client.post('/api/account/delete', { confirmation: 'Leaving Person' })).status).toBe(204);
    expect(addresses(await search(reader.client, 'q=quarryman'))).toEqual([]);
    expect(addresses(await search(new TestClient(testApp.current.app), 'q=quarryman'))).toEqual([]);
  });

  test.each([
    ['an empty query', ''],
    ['a 1,000-character query', `q=${'a'.repeat(1000)}`],
    ['FTS syntax', `q=${encodeURIComponent('"budget* NEAR(x) : \' \\\\ OR -')}`],
    ['SQL fragments', `q=${encodeURIComponent("'; drop table users; --")}`],
    ['a page beyond the end', 'page=400'],
  ])('answers %s without an error', async (_name, query) => {
    const response = await reader.client.get(`/api/search?${query}`);
    expect(response.status).toBe(200);
  });

  test.each([
    ['an unknown type', 'type=robot'],
    ['an unknown format', 'format=party'],
    ['a bad country', 'country=brazil'],
    ['an over-long query', `q=${'a'.repeat(1001)}`],
  ])('refuses %s with a 400', async (_name, query) => {
    expect((await reader.client.get(`/api/search?${query}`)).status).toBe(400);
  });
});

describe.each(DATABASE_TARGETS)('search and visibility on $name (property)', (target) => {
  const testApp = useTestApp(target);
  const visibility = fc.constantFrom('public', 'members', 'private');

  test('every hit and every count agrees with what the visibility function and blocks allow', async () => {
    const reader = await createMember(testApp.current);
    // The reader has a profile, so an owner can block them by its address.
    const readerHandle = (await buildProfile(reader)).handle;
    const visitor = new TestClient(testApp.current.app);
    const moderator = await createMember(testApp.current, { role: 'moderator' });
    const moderatorReporter = await createMember(testApp.current);
    const findableCornish = { member: 0, visitor: 0 };
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          name: visibility,
          bio: visibility,
          capacities: visibility,
          languages: visibility,
          country: visibility,
        }),
        fc.boolean(),
        fc.boolean(),
        fc.constantFrom('none', 'reader blocked owner', 'owner blocked reader'),
        fc.constantFrom('none', 'hidden', 'suspended'),
        async (fields, showToVisitors, inSearch, block, moderated) => {
          run += 1;
          const word = `zq${run}word`;
          const owner = await createMember(testApp.current, { displayName: `Person ${word}` });
          await buildProfile(owner, {
            about: {
              displayName: `Person ${word}`,
              handle: `prop-search-${run}`,
              pronouns: null,
              bio: `bio${word}`,
              bioLanguage: null,
              avatarCommonsFile: null,
              visibility: { name: fields.name, username: 'private', pronouns: 'private', bio: fields.bio },
            },
            capacities: {
              knows: [],
              shares: [{ id: 140, level: null, note: null }],
              learns: [],
              visibility: fields.capacities,
            },
            languages: { languages: [{ code: 'kw', level: '2' }], visibility: fields.languages },
            location: {
              country: 'TV',
              timeZone: null,
              availability: null,
              visibility: { country: fields.country, availability: 'private' },
            },
            settings: { showToVisitors, inSearch },
          });
          // A block either way hides the two from each other (visitors are not concerned).
          if (block === 'reader blocked owner')
            expect((await reader.client.post('/api/blocks', { handle: `prop-search-${run}` })).status).toBe(204);
          if (block === 'owner blocked reader')
            expect((await owner.client.post('/api/blocks', { handle: readerHandle })).status).toBe(204);
          // Moderators hid the profile, or suspended its owner: out of search, and out of every count.
          if (moderated !== 'none') {
            const reported = await moderatorReporter.client.post('/api/reports', {
              type: 'profile',
              reference: `prop-search-${run}`,
              category: 'spam',
              explanation: 'Property run',
            });
            expect(reported.status).toBe(201);
            const decided = await moderator.client.post(
              `/api/moderation/reports/${(reported.body as { id: string }).id}/decision`,
              moderated === 'hidden'
                ? { action: 'hide', reason: 'Property run' }
                : { action: 'suspend', reason: 'Property run', days: 3 },
            );
            expect(decided.status).toBe(204);
          }

          for (const [client, relation] of [
            [reader.client, 'member'],
            [visitor, 'visitor'],
          ] as const) {
            const may = (setting: string) =>
              inSearch &&
              moderated === 'none' &&
              (relation === 'member' || showToVisitors) &&
              (relation === 'visitor' || block === 'none') &&
              (setting === 'public' || (setting === 'members' && relation === 'member'));
            const found = async (query: string) =>
              (await client.get(`/api/search?${query}`)).body.results.some(
                (result) => result.address === `prop-search-${run}`,
              );
            expect(await found(`q=${word}`), `${relation} by name`).toBe(may(fields.name));
            expect(await found(`q=bio${word}`), `${relation} by bio`).toBe(may(fields.bio));
            expect(await found(`capacity=140&q=${word}`), `${relation} by capacity`).toBe(
              may(fields.capacities) && may(fields.name),
            );
            const byLanguage = (await client.get('/api/search?language=kw')).body;
            expect(
              byLanguage.results.some((result) => result.address === `prop-search-${run}`),
              `${relation} by language`,
            ).toBe(may(fields.languages));
            // Counts: each run adds one person; the Cornish count is exactly the people this viewer may find by it.
            const everyone = (await client.get('/api/search')).body;
            const cornish = everyone.facets.language?.find((entry) => entry.value === 'kw')?.count ?? 0;
            if (may(fields.languages)) findableCornish[relation] += 1;
            expect(cornish).toBe(byLanguage.total);
            expect(cornish, `${relation} Cornish count`).toBe(findableCornish[relation]);
            const tuvalu = everyone.facets.country?.find((entry) => entry.value === 'TV')?.count ?? 0;
            expect(tuvalu).toBe((await client.get('/api/search?country=TV')).body.total);
          }
        },
      ),
      { numRuns: 20 },
    );
  }, 120_000);

  // Items members add: each kind with its own facet (a licence, a service kind) to count.
  const ITEMS = {
    resource: {
      path: '/api/resources',
      body: (title: string) => ({
        texts: [{ language: 'en', title, description: `About ${title}.` }],
        kind: 'toolkit',
        level: null,
        licence: 'GFDL-1.3',
        url: 'https://meta.wikimedia.org/wiki/Guide',
        commonsFile: null,
        publishedOn: null,
        languages: ['kw'],
        capacities: [140],
        authors: [],
        organization: null,
      }),
      filter: 'licence=GFDL-1.3',
      facet: (answer: SearchBody) => answer.facets.licence.find((entry) => entry.value === 'GFDL-1.3')?.count ?? 0,
    },
    service: {
      path: '/api/services',
      body: (title: string) => ({
        texts: [{ language: 'en', title, description: `About ${title}.`, availability: 'Mondays', costNote: '' }],
        kind: 'translation',
        format: 'online',
        cost: 'free',
        languages: ['kw'],
        capacities: [140],
        countries: [],
        regions: [],
        organization: null,
      }),
      filter: 'serviceKind=translation',
      facet: (answer: SearchBody) =>
        answer.facets.serviceKind.find((entry) => entry.value === 'translation')?.count ?? 0,
    },
  } as const;

  test.each(['resource', 'service'] as const)(
    '%s: every hit and count agrees with its visibility and moderation',
    async (kind) => {
      const item = ITEMS[kind];
      const author = await buildProfile(await createMember(testApp.current));
      const reader = await createMember(testApp.current);
      const visitor = new TestClient(testApp.current.app);
      const moderator = await createMember(testApp.current, { role: 'moderator' });
      const findable = { author: 0, member: 0, visitor: 0 };
      let run = 0;
      await fc.assert(
        fc.asyncProperty(fc.constantFrom('public', 'members', 'draft'), fc.boolean(), async (shownTo, hidden) => {
          run += 1;
          const word = `zr${run}${kind}`;
          const created = await author.client.request('POST', item.path, {
            ...item.body(`Guide ${word}`),
            visibility: shownTo,
          });
          expect(created.status).toBe(201);
          const id = (created.body as { id: string }).id;
          if (hidden) {
            // Hidden by a moderator (a draft cannot be reported: nobody else sees it).
            const reported = await reader.client.post('/api/reports', {
              type: kind,
              reference: id,
              category: 'spam',
              explanation: 'Property run',
            });
            if (reported.status === 201) {
              const decided = await moderator.client.post(
                `/api/moderation/reports/${(reported.body as { id: string }).id}/decision`,
                { action: 'hide', reason: 'Property run' },
              );
              expect(decided.status).toBe(204);
            } else expect(shownTo).toBe('draft');
          }
          const hiddenNow = hidden && shownTo !== 'draft';
          for (const [client, relation] of [
            [author.client, 'author'],
            [reader.client, 'member'],
            [visitor, 'visitor'],
          ] as const) {
            // Search shows what its audience may see; drafts and hidden resources are found by nobody, their editors included.
            const may = !hiddenNow && (shownTo === 'public' || (shownTo === 'members' && relation !== 'visitor'));
            const found = async (query: string) =>
              (await client.get(`/api/search?${query}`)).body.results.some((result) => result.address === id);
            expect(await found(`q=${word}`), `${relation} by words`).toBe(may);
            expect(await found(`q=${word}&capacity=140`), `${relation} by capacity`).toBe(may);
            if (may) findable[relation] += 1;
            const filtered = (await client.request('GET', `/api/search?${item.filter}`)).body as SearchBody;
            expect(filtered.total, `${relation} by ${item.filter}`).toBe(findable[relation]);
            const everyone = (await client.request('GET', `/api/search?type=${kind}`)).body as SearchBody;
            expect(item.facet(everyone), `${relation} ${item.filter} count`).toBe(findable[relation]);
            expect(everyone.facets.type.find((entry) => entry.value === kind)?.count ?? 0).toBe(findable[relation]);
            // The page answers as search does, except that its editors always see it.
            const page = await client.request('GET', `${item.path}/${id}`);
            expect(page.status, `${relation} page`).toBe(may || relation === 'author' ? 200 : 404);
          }
        }),
        { numRuns: 15 },
      );
    },
    120_000,
  );
});
