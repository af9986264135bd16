import { sql } from 'kysely';
import { beforeAll, describe, expect, test } from 'vitest';
import { DATABASE_TARGETS } from '../../test-support/databases';
import {
  buildProfile,
  createMember,
  searchablePerson,
  type ProfiledMember,
  type TestMember,
} from '../../test-support/factories';
import { fieldErrors, TestClient, type RequestBody } from '../../test-support/http-client';
import { useTestApp } from '../../test-support/test-app';

type ServiceInput = RequestBody<'post', '/api/services'>;

const BUDGETING = 12; // under finance (11)
const FINANCE = 11;

const SERVICE: ServiceInput = {
  texts: [
    {
      language: 'en',
      title: 'Grant budget clinic',
      description: 'I review **grant budgets** before you send them.',
      availability: 'Tuesdays, 14:00-16:00 UTC',
      costNote: '',
    },
    {
      language: 'es',
      title: 'Revisión de presupuestos de subvenciones',
      description: 'Reviso presupuestos antes de enviarlos.',
      availability: 'Martes, 14:00-16:00 UTC',
      costNote: '',
    },
  ],
  kind: 'review',
  format: 'online',
  cost: 'free',
  languages: ['en', 'es'],
  capacities: [BUDGETING],
  countries: [],
  regions: ['LAC'],
  organization: null,
  visibility: 'public',
};

describe.each(DATABASE_TARGETS)('services on $name', (target) => {
  const testApp = useTestApp(target);
  let provider: ProfiledMember;
  let reader: TestMember;
  const visitor = () => new TestClient(testApp.current.app);
  const db = () => testApp.current.app.database.db;
  const count = async (table: string) =>
    Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db())).rows[0]!.n);

  beforeAll(async () => {
    provider = await searchablePerson(testApp.current, { handle: 'prestadora', displayName: 'Paula Provider' });
    reader = await createMember(testApp.current, { displayName: 'Reader' });
  });

  async function create(client: TestClient, input: Partial<ServiceInput> = {}): Promise<string> {
    const created = await client.post('/api/services', { ...SERVICE, ...input });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return (created.body as { id: string }).id;
  }

  test('a member offers a service; readers see it in their language with its provider; only the provider edits it', async () => {
    const id = await create(provider.client);
    const seen = await visitor().get(`/api/services/${id}?lang=en`);
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({
      title: 'Grant budget clinic',
      availability: 'Tuesdays, 14:00-16:00 UTC',
      kind: 'review',
      format: 'online',
      cost: 'free',
      regions: [{ id: 'LAC' }],
      capacities: [{ id: BUDGETING, label: 'Budgeting' }],
      provider: { kind: 'member', handle: 'prestadora', name: 'Paula Provider', slug: null },
      canEdit: false,
    });
    expect((seen.body as { description: string }).description).toContain('<strong>grant budgets</strong>');
    const spanish = await visitor().request('GET', `/api/services/${id}`, undefined, { 'accept-language': 'es' });
    expect(spanish.body).toMatchObject({ title: 'Revisión de presupuestos de subvenciones', language: 'es' });

    const edited = await provider.client.put(`/api/services/${id}`, {
      ...SERVICE,
      cost: 'stated',
      texts: [{ ...SERVICE.texts[0]!, costNote: 'Travel, when in person' }],
      format: 'both',
      countries: ['AR'],
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({
      cost: 'stated',
      costNote: 'Travel, when in person',
      format: 'both',
      countries: [{ code: 'AR' }],
      canEdit: true,
    });
    expect((await reader.client.put(`/api/services/${id}`, SERVICE)).status).toBe(403);
    expect((await visitor().put(`/api/services/${id}`, SERVICE)).status).toBe(401);
    expect((await reader.client.delete(`/api/services/${id}`)).status).toBe(403);
    expect((await visitor().get('/api/services?provider=prestadora')).body.services.map((entry) => entry.id)).toContain(
      id,
    );
    expect((await provider.client.delete(`/api/services/${id}`)).status).toBe(204);
    expect((await provider.client.get(`/api/services/${id}`)).status).toBe(404);
  });

  test('asking for a service writes a request to its provider, a member or an organization', async () => {
    const id = await create(provider.client);
    const page = (await reader.client.get(`/api/services/${id}`)).body;
    const asked = await reader.client.post('/api/conversations', {
      handle: page.provider.handle!,
      body: `About your service “${page.title}”: could you look at our budget?`,
      language: 'en',
    });
    expect(asked.status).toBe(201);
    const inbox = (await provider.client.get('/api/conversations')).body;
    expect(inbox.requests.map((entry) => entry.id)).toEqual([(asked.body as { id: string }).id]);

    const manager = await searchablePerson(testApp.current, { handle: 'gestor-servicios', displayName: 'Gestor' });
    const created = await manager.client.post('/api/organizations', {
      names: [{ language: 'en', name: 'Service Testing Hub' }],
      acronym: null,
      type: 'hub',
    });
    const slug = (created.body as { slug: string }).slug;
    const refused = await provider.client.request('POST', '/api/services', { ...SERVICE, organization: slug });
    expect(fieldErrors(refused)).toEqual(['body.organization:not-manager']);
    const offered = await create(manager.client, { organization: slug, kind: 'help-desk' });
    const hub = (await reader.client.get(`/api/services/${offered}`)).body;
    expect(hub.provider).toEqual({ kind: 'organization', slug, name: 'Service Testing Hub', handle: null });
    const toHub = await reader.client.post('/api/conversations', {
      organization: slug,
      body: `About your service “${hub.title}”`,
      language: 'en',
    });
    expect(toHub.status).toBe(201);
    // With an organization the conversation is open at once; its managers have it in their inbox.
    expect((await manager.client.get('/api/conversations')).body.conversations.map((entry) => entry.id)).toContain(
      (toHub.body as { id: string }).id,
    );
    expect((await visitor().get(`/api/services?organization=${slug}`)).body.services.map((entry) => entry.id)).toEqual([
      offered,
    ]);
    // Its other managers edit it; its creator leaving the organization's management would no longer.
    expect((await provider.client.put(`/api/services/${offered}`, { ...SERVICE, organization: slug })).status).toBe(
      403,
    );
  });

  test('members-only services are for members, drafts for their provider; neither is found by others', async () => {
    const forMembers = await create(provider.client, {
      visibility: 'members',
      texts: [{ ...SERVICE.texts[0]!, title: 'Zorbleservice members' }],
    });
    const draft = await create(provider.client, {
      visibility: 'draft',
      texts: [{ ...SERVICE.texts[0]!, title: 'Zorbleservice draft' }],
    });
    expect((await visitor().get(`/api/services/${forMembers}`)).status).toBe(404);
    expect((await reader.client.get(`/api/services/${forMembers}`)).status).toBe(200);
    expect((await reader.client.get(`/api/services/${draft}`)).status).toBe(404);
    expect((await provider.client.get(`/api/services/${draft}`)).status).toBe(200);
    expect((await reader.client.put(`/api/services/${draft}`, SERVICE)).status).toBe(404);
    const titles = async (client: TestClient) =>
      (await client.get('/api/search?q=zorbleservice')).body.results.map((hit) => hit.title);
    expect(await titles(visitor())).toEqual([]);
    expect(await titles(reader.client)).toEqual(['Zorbleservice members']);
    expect((await provider.client.get('/api/services?editable=true')).body.services.map((entry) => entry.id)).toContain(
      draft,
    );
  });

  test('search finds services by kind, format, capacity (with its subtree), language and region; peers for me suggest them', async () => {
    await create(provider.client, { texts: [{ ...SERVICE.texts[0]!, title: 'Quuxservice online review' }] });
    await create(provider.client, {
      texts: [{ ...SERVICE.texts[0]!, title: 'Quuxservice training in Kenya' }],
      kind: 'training',
      format: 'in-person',
      languages: ['sw'],
      countries: ['KE'],
      regions: [],
      capacities: [13],
    });
    await create(provider.client, {
      texts: [{ ...SERVICE.texts[0]!, title: 'Quuxservice anywhere' }],
      format: 'both',
      regions: [],
    });
    const search = async (query: string) => (await reader.client.get(`/api/search?q=quuxservice&${query}`)).body;
    const titles = (answer: Awaited<ReturnType<typeof search>>) => answer.results.map((hit) => hit.title).sort();
    const all = await search('');
    expect(all.facets.type).toEqual([expect.objectContaining({ value: 'service', count: 3 })]);
    expect(Object.fromEntries(all.facets.serviceFormat.map((entry) => [entry.value, entry.count]))).toEqual({
      online: 2,
      'in-person': 2,
      both: 1,
    });
    expect(titles(await search('serviceKind=training'))).toEqual(['Quuxservice training in Kenya']);
    expect(titles(await search('serviceFormat=online'))).toEqual(['Quuxservice anywhere', 'Quuxservice online review']);
    expect(titles(await search('language=sw'))).toEqual(['Quuxservice training in Kenya']);
    expect(titles(await search('region=LAC'))).toEqual(['Quuxservice online review']);
    expect(titles(await search('country=KE'))).toEqual(['Quuxservice training in Kenya']);
    expect(titles(await search(`capacity=${FINANCE}`))).toHaveLength(3);
    expect(titles(await search(`capacity=${BUDGETING}&side=offers`))).toEqual([
      'Quuxservice anywhere',
      'Quuxservice online review',
    ]);

    // A member who wants to learn budgeting is offered these services beside people.
    const learner = await buildProfile(await createMember(testApp.current), {
      capacities: {
        knows: [],
        shares: [],
        learns: [{ id: BUDGETING, level: null, note: null }],
        visibility: 'members',
      },
    });
    const peers = (await learner.client.get('/api/matches?direction=learn&anyLanguage=true')).body;
    const budgeting = peers.groups.find((group) => group.capacity.id === BUDGETING)!;
    expect(
      budgeting.suggestions
        .filter((entry) => entry.type === 'service')
        .map((entry) => entry.title)
        .sort(),
    ).toEqual(expect.arrayContaining(['Quuxservice anywhere', 'Quuxservice online review']));
    const suggested = budgeting.suggestions.find((entry) => entry.type === 'service')!;
    expect(
      (await learner.client.post('/api/matches/hidden', { type: 'service', address: suggested.address })).status,
    ).toBe(204);
    const after = (await learner.client.get('/api/matches?direction=learn&anyLanguage=true')).body;
    expect(after.groups[0]!.suggestions.map((entry) => entry.address)).not.toContain(suggested.address);
  });

  test('bad input is refused with every problem, and nothing is written', async () => {
    const before = await Promise.all(['services', 'service_texts'].map(count));
    const problems = async (input: Partial<ServiceInput>) => {
      const answer = await provider.client.request('POST', '/api/services', { ...SERVICE, ...input });
      expect(answer.status).toBe(400);
      return fieldErrors(answer);
    };
    expect(await problems({ kind: 'therapy' as never })).toContainEqual(expect.stringMatching(/^body\.kind:/));
    expect(await problems({ format: 'by-post' as never })).toContainEqual(expect.stringMatching(/^body\.format:/));
    expect(await problems({ languages: ['xx-nowhere'] })).toEqual(['body.languages.0:unknown-language']);
    expect(await problems({ countries: ['QQ'] })).toEqual(['body.countries.0:unknown-country']);
    expect(await problems({ regions: ['MARS'] })).toEqual(['body.regions.0:unknown-region']);
    expect(await problems({ capacities: [999_999] })).toEqual(['body.capacities.0:unknown-capacity']);
    expect(await problems({ cost: 'stated' })).toEqual(['body.texts.0.costNote:required']);
    expect(await problems({ texts: [{ ...SERVICE.texts[0]!, title: 'x'.repeat(201) }] })).toContainEqual(
      expect.stringMatching(/^body\.texts\.0\.title:/),
    );
    expect(await problems({ texts: [{ ...SERVICE.texts[0]!, availability: '<img src=x>' }] })).toEqual([
      'body.texts.0.availability:no-markup',
    ]);
    expect(await problems({ organization: 'no-such-org' })).toEqual(['body.organization:unknown-organization']);
    expect(await Promise.all(['services', 'service_texts'].map(count))).toEqual(before);
  });

  test('a reported service hidden by a moderator is out of search and view; its provider still sees it', async () => {
    const moderator = await createMember(testApp.current, { role: 'moderator' });
    const id = await create(provider.client, { texts: [{ ...SERVICE.texts[0]!, title: 'Spammy frobservice' }] });
    const reported = await reader.client.post('/api/reports', {
      type: 'service',
      reference: id,
      category: 'spam',
      explanation: 'An advert.',
    });
    expect(reported.status).toBe(201);
    const reportId = (reported.body as { id: string }).id;
    expect((await moderator.client.post(`/api/moderation/reports/${reportId}/claim`)).status).toBe(204);
    expect(
      (
        await moderator.client.post(`/api/moderation/reports/${reportId}/decision`, {
          action: 'hide',
          reason: 'An advert.',
        })
      ).status,
    ).toBe(204);
    expect((await reader.client.get(`/api/services/${id}`)).status).toBe(404);
    expect((await reader.client.get('/api/search?q=frobservice')).body.total).toBe(0);
    expect((await provider.client.get(`/api/services/${id}`)).body).toMatchObject({ hidden: true, canEdit: true });
  });

  test("erasure: a member's own services go; those of an organization stay", async () => {
    const leaving = await searchablePerson(testApp.current, {
      handle: 'leaving-provider',
      displayName: 'Leaving Provider',
    });
    const own = await create(leaving.client, { texts: [{ ...SERVICE.texts[0]!, title: 'Blorpservice own' }] });
    const created = await leaving.client.post('/api/organizations', {
      names: [{ language: 'en', name: 'Erasure Service Group' }],
      acronym: null,
      type: 'other',
    });
    const slug = (created.body as { slug: string }).slug;
    const forOrganization = await create(leaving.client, {
      texts: [{ ...SERVICE.texts[0]!, title: 'Blorpservice group' }],
      organization: slug,
    });
    const exported = (await leaving.client.get('/api/account/export')).body as { services: { id: string }[] };
    expect(exported.services.map((entry) => entry.id)).toEqual([own]);
    expect((await leaving.client.post('/api/account/delete', { confirmation: leaving.displayName })).status).toBe(204);
    expect((await reader.client.get(`/api/services/${own}`)).status).toBe(404);
    expect(await db().selectFrom('service_texts').select('title').where('service_id', '=', own).execute()).toEqual([]);
    expect((await reader.client.get(`/api/services/${forOrganization}`)).status).toBe(200);
    expect((await reader.client.get('/api/search?q=blorpservice')).body.results.map((hit) => hit.title)).toEqual([
      'Blorpservice group',
    ]);
  });
});
