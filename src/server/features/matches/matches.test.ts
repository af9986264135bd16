import { beforeAll, describe, expect, test } from 'vitest';
import { DATABASE_TARGETS } from '../../test-support/databases';
import { searchablePerson, type TestMember } from '../../test-support/factories';
import type { ResponseBody, TestClient } from '../../test-support/http-client';
import { useTestApp } from '../../test-support/test-app';

type MatchesBody = ResponseBody<'get', '/api/matches'>;

const FINANCE = 11;
const BUDGETING = 12;
const FUNDRAISING_PARENT = 10;

describe.each(DATABASE_TARGETS)('peers for my needs on $name', (target) => {
  const testApp = useTestApp(target);
  let learner: TestMember;
  let same: TestMember;

  // Members only, and never to visitors: peers are for members.
  function person(
    handle: string,
    capacities: { shares?: number[]; learns?: number[] },
    languages: string[],
    capacityVisibility: 'members' | 'private' = 'members',
  ) {
    const entries = (ids: number[] = []) => ids.map((id) => ({ id, level: null, note: null }));
    return searchablePerson(testApp.current, {
      handle,
      displayName: `Person ${handle}`,
      visitors: false,
      about: { visibility: { name: 'members', username: 'private', pronouns: 'private', bio: 'private' } },
      capacities: {
        shares: entries(capacities.shares),
        learns: entries(capacities.learns),
        visibility: capacityVisibility,
      },
      languages: { languages: languages.map((code) => ({ code, level: '3' })), visibility: 'members' },
    });
  }

  beforeAll(async () => {
    learner = await person('learner', { learns: [FINANCE] }, ['pt', 'es']);
    same = await person('same', { shares: [FINANCE] }, ['pt']);
    await person('narrower', { shares: [BUDGETING] }, ['es', 'en']);
    await person('broader', { shares: [FUNDRAISING_PARENT] }, ['pt']);
    await person('elsewhere', { shares: [FINANCE] }, ['ja']);
    await person('private', { shares: [FINANCE] }, ['pt'], 'private');
  });

  const matches = async (client: TestClient, query: '' | `?${string}` = '') => {
    const response = await client.get(`/api/matches${query}`);
    expect(response.status).toBe(200);
    return response.body;
  };
  const addresses = (body: MatchesBody) => body.groups[0]?.suggestions.map((entry) => entry.address);

  test('suggests who shares a capacity I want to learn, then narrower and broader ones, each saying why', async () => {
    const body = await matches(learner.client);
    expect(body.languagesLimited).toBe(true);
    expect(body.groups.map((group) => group.capacity.id)).toEqual([FINANCE]);
    expect(addresses(body)).toEqual(['same', 'narrower', 'broader']);
    const [exact, narrower, broader] = body.groups[0]!.suggestions;
    expect(exact).toMatchObject({
      relation: 'same',
      side: 'shares',
      via: { id: FINANCE },
      sharedLanguages: [{ code: 'pt' }],
    });
    expect(narrower).toMatchObject({
      relation: 'narrower',
      via: { id: BUDGETING, label: 'Budgeting' },
      sharedLanguages: [{ code: 'es' }],
    });
    expect(broader).toMatchObject({ relation: 'broader', via: { id: FUNDRAISING_PARENT } });
  });

  test('keeps to shared languages unless I lift that, and never uses capacities hidden from members', async () => {
    expect(addresses(await matches(learner.client))).not.toContain('elsewhere');
    const lifted = await matches(learner.client, '?anyLanguage=true');
    expect(lifted.languagesLimited).toBe(false);
    expect(addresses(lifted)).toContain('elsewhere');
    expect(JSON.stringify(lifted)).not.toContain('"private"');
  });

  test('finds who could learn from me: the reverse direction', async () => {
    const body = await matches(same.client, '?direction=share');
    expect(addresses(body)).toEqual(['learner']);
    expect(body.groups[0]!.suggestions[0]).toMatchObject({ relation: 'same', side: 'learns' });
  });

  test('hides a suggestion until I ask to see everyone again; the export lists it and the erasure removes it', async () => {
    expect((await learner.client.post('/api/matches/hidden', { type: 'person', address: 'same' })).status).toBe(204);
    const hidden = await matches(learner.client);
    expect(hidden.hiddenCount).toBe(1);
    expect(addresses(hidden)).toEqual(['narrower', 'broader']);
    const exported = (await learner.client.get('/api/account/export')).body;
    expect(exported.hiddenSuggestions).toEqual([{ type: 'person', address: 'same', hiddenAt: expect.any(String) }]);
    expect((await learner.client.delete('/api/matches/hidden')).status).toBe(204);
    expect(addresses(await matches(learner.client))).toEqual(['same', 'narrower', 'broader']);

    await learner.client.post('/api/matches/hidden', { type: 'person', address: 'same' });
    const rows = () => testApp.current.database.db.selectFrom('hidden_matches').selectAll().execute();
    expect(await rows()).toHaveLength(1);
    expect((await same.client.post('/api/account/delete', { confirmation: 'Person same' })).status).toBe(204);
    expect(await rows()).toHaveLength(0);
  });

  test('sees a profile change at once', async () => {
    const late = await person('late', { shares: [FINANCE] }, ['pt']);
    expect(addresses(await matches(learner.client))).toContain('late');
    await late.client.put('/api/profile/settings', { showToVisitors: false, inSearch: false });
    expect(addresses(await matches(learner.client))).not.toContain('late');
  });

  test.each([
    ['an unknown direction', 'GET', '/api/matches?direction=teach', undefined],
    ['a hide without an address', 'POST', '/api/matches/hidden', { type: 'person' }],
    ['an over-long address', 'POST', '/api/matches/hidden', { type: 'person', address: 'x'.repeat(81) }],
    ['an unknown type', 'POST', '/api/matches/hidden', { type: 'robot', address: 'same' }],
  ] as const)('refuses %s with a 400', async (_name, method, path, body) => {
    const response = await learner.client.request(method, path, body);
    expect(response.status).toBe(400);
    expect(response.error.code).toBe('validation_failed');
  });
});
