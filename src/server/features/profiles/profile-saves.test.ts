import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { regionsByCountry } from '../reference/reference.service';
import { DATABASE_TARGETS } from '../../test-support/databases';
import { buildProfile, createMember } from '../../test-support/factories';
import type { ResponseBody } from '../../test-support/http-client';
import { startTestApp, type TestApp } from '../../test-support/test-app';
import { personSearchSource } from './profiles.search';

/**
 * How a profile section is saved: one transaction holding the rows and the search documents, and
 * saves of the same section at once take turns instead of failing.
 */
describe.each(DATABASE_TARGETS)('profile saves on $name', (target) => {
  let testApp: TestApp;
  let statements: string[] | undefined;
  beforeAll(async () => {
    // No job polling, so the statements counted are the request's own.
    testApp = await startTestApp(target, { JOB_POLL_MS: '600000' }, (sql) => statements?.push(sql));
  });
  afterAll(async () => testApp?.close());

  /** The stored documents of a person, and the ones their stored profile gives now. */
  async function documentsAgree(userId: string) {
    const { db } = testApp.app.database;
    const stored = await db
      .selectFrom('search_documents')
      .select(['id', 'body', 'facets', 'title', 'updated_at'])
      .where('entity_id', '=', userId)
      .orderBy('id')
      .execute();
    const rebuilt = (
      await personSearchSource.documentsOf(db, [userId], { regionOfCountry: await regionsByCountry(db) })
    )
      .map((document) => ({
        id: `person:${userId}:${document.audience}`,
        body: document.body,
        facets: document.facets.map(({ facet, value }) => `${facet}=${value}`).join('\n'),
        title: document.title,
        updated_at: document.updatedAt,
      }))
      .sort((a, b) => (a.id < b.id ? -1 : 1));
    return { stored: stored.map((row) => ({ ...row, updated_at: Number(row.updated_at) })), rebuilt };
  }

  test('saves a section in exactly one transaction, its search documents inside it', async () => {
    const member = await buildProfile(await createMember(testApp));
    const body = {
      knows: [{ id: 12, level: null, note: null }],
      shares: [{ id: 12, level: 'expert' as const, note: 'Happy to help' }],
      learns: [],
      visibility: 'members' as const,
    };
    await member.client.put('/api/profile/capacities', body);
    statements = [];
    const response = await member.client.put('/api/profile/capacities', body);
    const seen = statements;
    statements = undefined;
    expect(response.status).toBe(200);
    const begins = seen.filter((sql) => /^begin\b/i.test(sql));
    const commits = seen.filter((sql) => /^commit\b/i.test(sql));
    expect(begins).toHaveLength(1);
    expect(commits).toHaveLength(1);
    const inside = seen.slice(seen.indexOf(begins[0]!) + 1, seen.indexOf(commits[0]!));
    expect(inside.some((sql) => /search_documents/.test(sql))).toBe(true);
    expect(inside.some((sql) => /search_changes/.test(sql))).toBe(true);
    // The profile is read once: one read of the profile row, which also locks it (FOR UPDATE on PostgreSQL).
    expect(seen.filter((sql) => /from "profiles" inner join "users"/.test(sql))).toHaveLength(1);
    // The whole request: the session with its consents (1), begin, the account held against deletion
    // (1), lock + load (6: the profile row and its five lists), the capacity check (1), the write (3),
    // the documents and their change (3, plus the change-log lock on PostgreSQL), commit; nothing after
    // it for a profile without affiliations.
    expect({ statements: seen.length, inTransaction: inside.length }).toEqual(
      target.name === 'postgres' ? { statements: 18, inTransaction: 15 } : { statements: 17, inTransaction: 14 },
    );
  });

  type OwnProfile = ResponseBody<'get', '/api/profile'>;
  /** Per section: the n-th of several different saves, and what of the profile it decides. */
  const SECTIONS = {
    capacities: {
      body: (n: number) => ({
        knows: [],
        shares: [
          { id: 12 + (n % 5), level: null, note: `note ${n}` },
          { id: 20 + (n % 7), level: null, note: null },
        ],
        learns: [{ id: 30 + (n % 3), level: null, note: null }],
        visibility: 'members',
      }),
      kept: (profile: OwnProfile, body: Record<string, unknown>) =>
        JSON.stringify([profile.capacities.shares, profile.capacities.learns]) ===
        JSON.stringify([body.shares, body.learns]),
    },
    languages: {
      body: (n: number) => ({
        languages: [
          { code: ['es', 'fr', 'ar', 'de', 'hi'][n % 5], level: 'N' },
          { code: 'en', level: String(n % 5) },
        ],
        visibility: 'members',
      }),
      kept: (profile: OwnProfile, body: Record<string, unknown>) =>
        JSON.stringify(profile.languages) === JSON.stringify(body.languages),
    },
    wikis: {
      body: (n: number) => ({
        wikis: [
          { project: 'wikipedia', language: ['es', 'fr', 'ar'][n % 3] },
          { project: 'commons', language: '' },
        ],
        visibility: 'members',
      }),
      kept: (profile: OwnProfile, body: Record<string, unknown>) =>
        JSON.stringify(profile.wikis) === JSON.stringify(body.wikis),
    },
    contacts: {
      body: (n: number) => ({
        contacts: [
          { kind: 'email', value: `person${n}@example.org`, visibility: 'members' },
          { kind: 'link', value: `https://example.org/${n}`, visibility: 'private' },
        ],
      }),
      kept: (profile: OwnProfile, body: Record<string, unknown>) =>
        JSON.stringify(profile.contacts) === JSON.stringify(body.contacts),
    },
  } as const;

  test.each(Object.keys(SECTIONS) as (keyof typeof SECTIONS)[])(
    'saves of the %s section at once all succeed, and the last one wins whole',
    async (section) => {
      const member = await buildProfile(await createMember(testApp));
      const bodies = Array.from({ length: 24 }, (_, n) => SECTIONS[section].body(n) as Record<string, unknown>);
      const responses = await Promise.all(
        bodies.map((body) => member.client.request('PUT', `/api/profile/${section}`, body)),
      );
      expect(responses.map((response) => response.status)).toEqual(bodies.map(() => 200));
      const profile = (await member.client.get('/api/profile')).body;
      // Whichever save came last, the profile holds its list entirely, never a mix of two.
      expect(
        bodies.filter((body) => SECTIONS[section].kept(profile, body)).length,
        JSON.stringify(profile),
      ).toBeGreaterThan(0);
      const { stored, rebuilt } = await documentsAgree(member.userId);
      expect(stored).toEqual(rebuilt);
    },
  );

  test('turning search off and on at once leaves the index agreeing with the last save', async () => {
    const member = await buildProfile(await createMember(testApp), {
      settings: { showToVisitors: true, inSearch: true },
    });
    const bodies = Array.from({ length: 20 }, (_, n) => ({ showToVisitors: n % 3 === 0, inSearch: n % 2 === 0 }));
    const responses = await Promise.all(bodies.map((body) => member.client.put('/api/profile/settings', body)));
    expect(responses.map((response) => response.status)).toEqual(bodies.map(() => 200));
    const { stored, rebuilt } = await documentsAgree(member.userId);
    expect(stored).toEqual(rebuilt);
  });

  test('refused entries are reported in the order of the entries, as before', async () => {
    const member = await buildProfile(await createMember(testApp));
    const response = await member.client.request('PUT', '/api/profile/languages', {
      languages: [
        { code: 'en', level: '3' },
        { code: 'en', level: '2' },
        { code: 'xx-unknown', level: '1' },
      ],
      visibility: 'members',
    });
    expect(response.status).toBe(400);
    expect(response.error.details).toEqual([
      expect.objectContaining({ field: 'body.languages.1.code', code: 'duplicate' }),
      expect.objectContaining({ field: 'body.languages.2.code', code: 'unknown-language' }),
    ]);
  });

  test.each([
    ['being saved', true],
    ['saved for the first time', false],
  ])('erasing an account while its profile is %s answers no 500 and leaves nothing', async (_case, profiled) => {
    const created = await createMember(testApp, { displayName: 'Leaving Soon' });
    const member = profiled ? await buildProfile(created) : created;
    const saves = Array.from({ length: 6 }, (_, n) =>
      member.client.request('PUT', '/api/profile/settings', { showToVisitors: n % 2 === 0, inSearch: n % 3 !== 0 }),
    );
    const erasure = member.client.request('POST', '/api/account/delete', { confirmation: 'Leaving Soon' });
    const answers = await Promise.all([...saves, erasure]);
    expect(answers.filter((answer) => answer.status >= 500).map((answer) => JSON.stringify(answer.body))).toEqual([]);
    expect((await erasure).status).toBe(204);
    const { db } = testApp.app.database;
    expect(
      await db.selectFrom('search_documents').select('id').where('entity_id', '=', member.userId).execute(),
    ).toEqual([]);
    expect(await db.selectFrom('profiles').select('user_id').where('user_id', '=', member.userId).execute()).toEqual(
      [],
    );
  });

  test('at start, documents left stale by a crash of an earlier version are rebuilt, opt-outs removed', async () => {
    const staying = await buildProfile(await createMember(testApp), {
      settings: { showToVisitors: true, inSearch: true },
    });
    const leaving = await buildProfile(await createMember(testApp), {
      settings: { showToVisitors: true, inSearch: true },
    });
    const { db } = testApp.app.database;
    // What a crash between the two commits of the earlier save path left: documents of an older
    // version, and documents of someone who had just left search.
    await db
      .updateTable('search_documents')
      .set({ body: 'stale words', updated_at: 1 })
      .where('entity_id', '=', staying.userId)
      .execute();
    await db.updateTable('profiles').set({ in_search: 0 }).where('user_id', '=', leaving.userId).execute();
    expect(await testApp.app.searchIndex.repairStale()).toBeGreaterThanOrEqual(2);
    expect(
      await db.selectFrom('search_documents').select('id').where('entity_id', '=', leaving.userId).execute(),
    ).toEqual([]);
    const { stored, rebuilt } = await documentsAgree(staying.userId);
    expect(stored).toEqual(rebuilt);
    expect(await testApp.app.searchIndex.repairStale()).toBe(0);
  });

  test('the comparison of every document runs at the first start only', async () => {
    const { db } = testApp.app.database;
    const state = await db.selectFrom('search_index_state').select('stale_checked').executeTakeFirstOrThrow();
    expect(Number(state.stale_checked)).toBe(1);
    const member = await buildProfile(await createMember(testApp), {
      settings: { showToVisitors: true, inSearch: true },
    });
    await db.updateTable('search_documents').set({ updated_at: 1 }).where('entity_id', '=', member.userId).execute();
    expect(await testApp.app.searchIndex.repairStaleOnce()).toBe(0);
    expect(await testApp.app.searchIndex.repairStale()).toBe(1);
  });
});
