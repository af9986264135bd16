import { beforeAll, describe, expect, test } from 'vitest';
import { DATABASE_TARGETS } from '../../test-support/databases';
import type { TestClient } from '../../test-support/http-client';
import { createMember, type TestMember } from '../../test-support/members';
import { useTestApp } from '../../test-support/test-app';

interface MatchesBody {
  languagesLimited: boolean;
  hiddenCount: number;
  groups: { capacity: { id: number }; total: number; suggestions: { address: string; relation: string; via: { id: number; label: string }; side: string; sharedLanguages: { code: string }[]; alsoMatches: number }[] }[];
}

const FINANCE = 11;
const BUDGETING = 12;
const FUNDRAISING_PARENT = 10;

describe.each(DATABASE_TARGETS)('peers for my needs on $name', (target) => {
  const testApp = useTestApp(target);
  let learner: TestMember;
  let same: TestMember;

  async function person(handle: string, capacities: { shares?: number[]; learns?: number[] }, languages: string[], capacityVisibility = 'members') {
    const member = await createMember(testApp.current, { displayName: `Person ${handle}` });
    await member.client.request('PUT', '/api/profile/about', {
      displayName: `Person ${handle}`, handle, pronouns: null, bio: null, bioLanguage: null, avatarCommonsFile: null,
      visibility: { name: 'members', username: 'private', pronouns: 'private', bio: 'private' },
    });
    const entries = (ids: number[] = []) => ids.map((id) => ({ id, level: null, note: null }));
    await member.client.request('PUT', '/api/profile/capacities', { knows: [], shares: entries(capacities.shares), learns: entries(capacities.learns), visibility: capacityVisibility });
    await member.client.request('PUT', '/api/profile/languages', { languages: languages.map((code) => ({ code, level: '3' })), visibility: 'members' });
    return member;
  }

  beforeAll(async () => {
    learner = await person('learner', { learns: [FINANCE] }, ['pt', 'es']);
    same = await person('same', { shares: [FINANCE] }, ['pt']);
    await person('narrower', { shares: [BUDGETING] }, ['es', 'en']);
    await person('broader', { shares: [FUNDRAISING_PARENT] }, ['pt']);
    await person('elsewhere', { shares: [FINANCE] }, ['ja']);
    await person('private', { shares: [FINANCE] }, ['pt'], 'private');
  });

  const matches = async (client: TestClient, query = '') => {
    const response = await client.get(`/api/matches${query}`);
    expect(response.status).toBe(200);
    return response.body as MatchesBody;
  };
  const addresses = (body: MatchesBody) => body.groups[0]?.suggestions.map((entry) => entry.address);

  test('suggests who shares a capacity I want to learn, then narrower and broader ones, each saying why', async () => {
    const body = await matches(learner.client);
    expect(body.languagesLimited).toBe(true);
    expect(body.groups.map((group) => group.capacity.id)).toEqual([FINANCE]);
    expect(addresses(body)).toEqual(['same', 'narrower', 'broader']);
    const [exact, narrower, broader] = body.groups[0]!.suggestions;
    expect(exact).toMatchObject({ relation: 'same', side: 'shares', via: { id: FINANCE }, sharedLanguages: [{ code: 'pt' }] });
    expect(narrower).toMatchObject({ relation: 'narrower', via: { id: BUDGETING, label: 'Budgeting' }, sharedLanguages: [{ code: 'es' }] });
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
    const exported = (await learner.client.get('/api/account/export')).body as { hiddenSuggestions: { type: string; address: string }[] };
    expect(exported.hiddenSuggestions).toEqual([{ type: 'person', address: 'same', hiddenAt: expect.any(String) }]);
    expect((await learner.client.request('DELETE', '/api/matches/hidden')).status).toBe(204);
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
    await late.client.request('PUT', '/api/profile/settings', { showToVisitors: false, inSearch: false });
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
    expect((response.body as { error: { code: string } }).error.code).toBe('validation_failed');
  });
});
