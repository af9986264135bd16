import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { beforeAll, describe, expect, test } from 'vitest';
import { DATABASE_TARGETS } from '../../test-support/databases';
import { createMember, searchablePerson, type ProfiledMember, type TestMember } from '../../test-support/factories';
import { fieldErrors, TestClient, type RequestBody } from '../../test-support/http-client';
import { useTestApp } from '../../test-support/test-app';
import { checkResourceLinks } from './resources.links';

type ResourceInput = RequestBody<'post', '/api/resources'>;

const BUDGETING = 12; // under finance (11)
const FINANCE = 11;

const RESOURCE: ResourceInput = {
  texts: [
    {
      language: 'es',
      title: 'Guía de presupuestos para capítulos',
      description: 'Cómo preparar un **presupuesto** anual.',
    },
    { language: 'en', title: 'Budget guide for chapters', description: 'How to prepare a yearly budget.' },
  ],
  kind: 'how-to',
  level: 'beginner',
  licence: 'CC-BY-SA-4.0',
  url: 'https://meta.wikimedia.org/wiki/Budget_guide',
  commonsFile: null,
  publishedOn: '2026-03-15',
  languages: ['es', 'en'],
  capacities: [BUDGETING],
  authors: [{ kind: 'name', name: 'Finance working group' }],
  organization: null,
  visibility: 'public',
};

/** A small site for the link check: /ok answers 200, /gone 404, /moved redirects to /ok, /no-head refuses HEAD. */
function linkSite(): Promise<{ server: Server; base: string }> {
  const server = createServer((request, response) => {
    if (request.url === '/moved') response.writeHead(301, { location: '/ok' }).end();
    else if (request.url === '/no-head' && request.method === 'HEAD') response.writeHead(405).end();
    else response.writeHead(request.url === '/gone' ? 404 : 200).end('fine');
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }),
    ),
  );
}

describe.each(DATABASE_TARGETS)('learning resources on $name', (target) => {
  const testApp = useTestApp(target);
  let author: ProfiledMember;
  let reader: TestMember;
  const visitor = () => new TestClient(testApp.current.app);
  const db = () => testApp.current.app.database.db;
  const count = async (table: string) =>
    Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db())).rows[0]!.n);

  beforeAll(async () => {
    author = await searchablePerson(testApp.current, { handle: 'rosa', displayName: 'Rosa Autora' });
    reader = await createMember(testApp.current, { displayName: 'Reader' });
  });

  async function create(client: TestClient, input: Partial<ResourceInput> = {}): Promise<string> {
    const created = await client.post('/api/resources', { ...RESOURCE, ...input });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return (created.body as { id: string }).id;
  }

  test('a member adds a resource; everyone reads it in their language, its authors named; its history starts', async () => {
    const id = await create(author.client);
    const seen = await visitor().get(`/api/resources/${id}?lang=en`);
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({
      title: 'Budget guide for chapters',
      language: 'en',
      kind: 'how-to',
      level: 'beginner',
      licence: 'CC-BY-SA-4.0',
      publishedOn: '2026-03-15',
      capacities: [{ id: BUDGETING, label: 'Budgeting' }],
      canEdit: false,
      authors: [
        { kind: 'member', handle: 'rosa', name: 'Rosa Autora', erased: false },
        { kind: 'name', name: 'Finance working group' },
      ],
    });
    expect(seen.body).not.toHaveProperty('history');
    expect(seen.body).not.toHaveProperty('link');
    const spanish = await visitor().request('GET', `/api/resources/${id}`, undefined, { 'accept-language': 'es' });
    expect(spanish.body).toMatchObject({ title: 'Guía de presupuestos para capítulos', language: 'es' });
    expect((spanish.body as { description: string }).description).toContain('<strong>presupuesto</strong>');

    const own = (await author.client.get(`/api/resources/${id}`)).body;
    expect(own).toMatchObject({ canEdit: true, link: { status: null, checkedAt: null, failingSince: null } });
    expect(own.history).toEqual([expect.objectContaining({ action: 'created', actor: 'Rosa Autora' })]);
    expect((await visitor().get('/api/resources?author=rosa')).body.resources.map((entry) => entry.id)).toContain(id);
  });

  test('its authors edit it and each change is recorded; others may not', async () => {
    const id = await create(author.client);
    const edited = await author.client.put(`/api/resources/${id}`, { ...RESOURCE, licence: 'CC0-1.0', level: null });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ licence: 'CC0-1.0', level: null });
    expect(edited.body.history?.[0]).toMatchObject({ action: 'edited', fields: ['level', 'licence'] });
    // Saving the same again changes nothing and records nothing.
    const unchanged = await author.client.put(`/api/resources/${id}`, { ...RESOURCE, licence: 'CC0-1.0', level: null });
    expect(unchanged.body.history).toHaveLength(2);

    const stranger = await reader.client.put(`/api/resources/${id}`, { ...RESOURCE, licence: 'GFDL-1.3' });
    expect(stranger.status).toBe(403);
    expect((await visitor().put(`/api/resources/${id}`, RESOURCE)).status).toBe(401);
    expect((await reader.client.delete(`/api/resources/${id}`)).status).toBe(403);
    expect((await author.client.get(`/api/resources/${id}`)).body.licence).toBe('CC0-1.0');

    // A co-author named by the author edits it too, and sees the history.
    const coauthor = await searchablePerson(testApp.current, { handle: 'coautor', displayName: 'Co Autor' });
    await author.client.put(`/api/resources/${id}`, {
      ...RESOURCE,
      authors: [
        { kind: 'member', handle: 'rosa' },
        { kind: 'member', handle: 'coautor' },
      ],
    });
    const byCoauthor = await coauthor.client.put(`/api/resources/${id}`, {
      ...RESOURCE,
      kind: 'toolkit',
      authors: [
        { kind: 'member', handle: 'rosa' },
        { kind: 'member', handle: 'coautor' },
      ],
    });
    expect(byCoauthor.status).toBe(200);
    expect(byCoauthor.body.history?.[0]).toMatchObject({ actor: 'Co Autor', fields: expect.arrayContaining(['kind']) });
    // Leaving oneself out (with no organization to manage it through) would lock the saver out: they stay an author.
    const leaving = await coauthor.client.put(`/api/resources/${id}`, {
      ...RESOURCE,
      authors: [{ kind: 'member', handle: 'rosa' }],
    });
    expect(leaving.body.authors.map((entry) => entry.handle)).toEqual(['coautor', 'rosa']);

    expect((await author.client.delete(`/api/resources/${id}`)).status).toBe(204);
    expect((await author.client.get(`/api/resources/${id}`)).status).toBe(404);
  });

  test('an author whose profile address the editor cannot see is sent back by ref, and stays', async () => {
    // A member without a profile has no address: they add a resource, and then save it by ref.
    const newcomer = await createMember(testApp.current, { displayName: 'No Profile Yet' });
    const id = await create(newcomer.client, { authors: [{ kind: 'member', handle: 'rosa' }] });
    const own = (await newcomer.client.get(`/api/resources/${id}`)).body;
    expect(own.authors[0]).toMatchObject({ kind: 'member', handle: null, ref: newcomer.userId });
    expect((await reader.client.get(`/api/resources/${id}`)).body.authors[0]).not.toHaveProperty('ref');
    const saved = await author.client.put(`/api/resources/${id}`, {
      ...RESOURCE,
      authors: [
        { kind: 'member', ref: own.authors[0]!.ref! },
        { kind: 'member', handle: 'rosa' },
      ],
    });
    expect(saved.status).toBe(200);
    expect(saved.body.authors.map((entry) => entry.ref)).toEqual([newcomer.userId, author.userId]);
    // A ref names only someone already an author: nobody is added by their id.
    const stranger = await author.client.request('PUT', `/api/resources/${id}`, {
      ...RESOURCE,
      authors: [
        { kind: 'member', ref: reader.userId },
        { kind: 'member', handle: 'rosa' },
      ],
    });
    expect(fieldErrors(stranger)).toEqual(['body.authors.0.ref:unknown-member']);
  });

  test('members-only resources are for members, drafts for their editors; neither is found by others', async () => {
    const forMembers = await create(author.client, {
      visibility: 'members',
      texts: [{ language: 'en', title: 'Quarterly zorbleflax report', description: '' }],
    });
    const draft = await create(author.client, {
      visibility: 'draft',
      texts: [{ language: 'en', title: 'Draft zorbleflax notes', description: '' }],
    });
    expect((await visitor().get(`/api/resources/${forMembers}`)).status).toBe(404);
    expect((await reader.client.get(`/api/resources/${forMembers}`)).status).toBe(200);
    expect((await reader.client.get(`/api/resources/${draft}`)).status).toBe(404);
    expect((await visitor().get(`/api/resources/${draft}`)).status).toBe(404);
    expect((await author.client.get(`/api/resources/${draft}`)).status).toBe(200);
    // Not even a draft's editor can be told apart from nothing by another member trying to edit it.
    expect((await reader.client.put(`/api/resources/${draft}`, RESOURCE)).status).toBe(404);

    const titles = async (client: TestClient) =>
      (await client.get('/api/search?q=zorbleflax')).body.results.map((hit) => hit.title);
    expect(await titles(visitor())).toEqual([]);
    expect(await titles(reader.client)).toEqual(['Quarterly zorbleflax report']);
    expect(await titles(author.client)).toEqual(['Quarterly zorbleflax report']);
    const listed = async (client: TestClient) =>
      (await client.get('/api/resources?author=rosa')).body.resources.map((entry) => entry.id);
    expect(await listed(visitor())).not.toContain(forMembers);
    expect(await listed(reader.client)).toContain(forMembers);
    expect(await listed(reader.client)).not.toContain(draft);
    expect((await author.client.get('/api/resources?editable=true')).body.resources.map((entry) => entry.id)).toContain(
      draft,
    );
    expect((await visitor().get('/api/resources?editable=true')).status).toBe(401);
  });

  test('search finds resources by kind, capacity (with its subtree), licence, level and language, and counts them', async () => {
    await create(author.client, {
      texts: [{ language: 'es', title: 'Plantilla de quuxiblemente', description: 'Una plantilla.' }],
      kind: 'template',
      licence: 'CC0-1.0',
      level: 'advanced',
      languages: ['es'],
    });
    await create(author.client, {
      texts: [{ language: 'en', title: 'Quuxible video course', description: 'A video.' }],
      kind: 'video',
      licence: 'all-rights-reserved',
      level: null,
      languages: ['en'],
      capacities: [13],
    });
    const search = async (query: string) => (await reader.client.get(`/api/search?q=quuxible&${query}`)).body;
    const all = await search('');
    expect(all.total).toBe(2);
    expect(all.facets.type).toEqual([expect.objectContaining({ value: 'resource', count: 2 })]);
    expect(Object.fromEntries(all.facets.resourceKind.map((entry) => [entry.value, entry.count]))).toEqual({
      template: 1,
      video: 1,
    });
    expect(all.facets.licence.map((entry) => entry.value).sort()).toEqual(['CC0-1.0', 'all-rights-reserved']);
    expect(all.facets.level).toEqual([expect.objectContaining({ value: 'advanced', count: 1 })]);
    const titles = (answer: typeof all) => answer.results.map((hit) => hit.title);
    expect(titles(await search('resourceKind=template'))).toEqual(['Plantilla de quuxiblemente']);
    expect(titles(await search('licence=all-rights-reserved'))).toEqual(['Quuxible video course']);
    expect(titles(await search('level=advanced'))).toEqual(['Plantilla de quuxiblemente']);
    expect(titles(await search('language=es'))).toEqual(['Plantilla de quuxiblemente']);
    // Finance includes budgeting (12) and financial management (13): both found; budgeting alone finds one.
    expect(titles(await search(`capacity=${FINANCE}`)).sort()).toEqual([
      'Plantilla de quuxiblemente',
      'Quuxible video course',
    ]);
    expect(titles(await search(`capacity=${BUDGETING}`))).toEqual(['Plantilla de quuxiblemente']);
    const byCapacity = await search(`capacity=${BUDGETING}`);
    expect(byCapacity.results[0]).toMatchObject({
      type: 'resource',
      matchedCapacities: [expect.objectContaining({ id: BUDGETING })],
    });
    // A side of people or organizations is not a resource's.
    expect(titles(await search(`capacity=${BUDGETING}&side=shares`))).toEqual([]);
    expect((await reader.client.get('/api/search?resourceKind=podcast')).status).toBe(400);
  });

  test('bad input is refused with every problem, and nothing is written', async () => {
    const before = await Promise.all(['resources', 'resource_texts', 'resource_history'].map(count));
    const problems = async (input: Partial<ResourceInput>) => {
      const answer = await author.client.request('POST', '/api/resources', { ...RESOURCE, ...input });
      expect(answer.status).toBe(400);
      return fieldErrors(answer);
    };
    expect(await problems({ licence: 'WTFPL' as never })).toContainEqual(expect.stringMatching(/^body\.licence:/));
    expect(await problems({ kind: 'podcast' as never })).toContainEqual(expect.stringMatching(/^body\.kind:/));
    expect(await problems({ languages: ['xx-nowhere'] })).toEqual(['body.languages.0:unknown-language']);
    expect(await problems({ capacities: [999_999] })).toEqual(['body.capacities.0:unknown-capacity']);
    for (const url of ['javascript:alert(1)', 'data:text/html,<b>x</b>', 'ftp://example.org/file', 'not a link'])
      expect(await problems({ url })).toEqual(['body.url:invalid-link']);
    expect(await problems({ url: null, commonsFile: null })).toEqual(['body.url:required']);
    expect(await problems({ url: null, commonsFile: 'no extension' })).toEqual([
      'body.commonsFile:invalid-commons-media',
    ]);
    expect(await problems({ publishedOn: '2026-02-30' })).toEqual(['body.publishedOn:invalid-date']);
    expect(await problems({ texts: [{ language: 'en', title: 'x'.repeat(201), description: '' }] })).toContainEqual(
      expect.stringMatching(/^body\.texts\.0\.title:/),
    );
    expect(
      await problems({ texts: [{ language: 'en', title: '<b>Bold</b>', description: '<script>x</script>' }] }),
    ).toEqual(['body.texts.0.title:no-markup', 'body.texts.0.description:no-markup']);
    expect(await problems({ texts: [{ language: 'en', title: '   ', description: '' }] })).toEqual([
      'body.texts.0.title:required',
    ]);
    expect(
      await problems({
        texts: [
          { language: 'en', title: 'One', description: '' },
          { language: 'en', title: 'Two', description: '' },
        ],
      }),
    ).toEqual(['body.texts.1.language:duplicate']);
    expect(await problems({ authors: [{ kind: 'member', handle: 'nobody-here' }] })).toEqual([
      'body.authors.0.handle:unknown-member',
    ]);
    expect(await problems({ authors: [{ kind: 'organization', slug: 'no-such-org' }] })).toEqual([
      'body.authors.0.slug:unknown-organization',
    ]);
    expect(await problems({ organization: 'no-such-org' })).toEqual(['body.organization:unknown-organization']);
    expect(await problems({ texts: [] })).toContainEqual(expect.stringMatching(/^body\.texts:/));
    expect((await author.client.request('GET', '/api/resources/not-a-uuid')).status).toBe(400);
    expect(await Promise.all(['resources', 'resource_texts', 'resource_history'].map(count))).toEqual(before);
  });

  test("an organization's managers add and edit its resources; members who do not manage it may not add for it", async () => {
    const manager = await searchablePerson(testApp.current, { handle: 'gestora', displayName: 'Gestora' });
    const created = await manager.client.post('/api/organizations', {
      names: [{ language: 'en', name: 'Resource Testing Collective' }],
      acronym: null,
      type: 'user-group',
    });
    const slug = (created.body as { slug: string }).slug;
    const refused = await author.client.request('POST', '/api/resources', { ...RESOURCE, organization: slug });
    expect(fieldErrors(refused)).toEqual(['body.organization:not-manager']);
    const id = await create(manager.client, { organization: slug, authors: [{ kind: 'organization', slug }] });
    const page = (await visitor().get(`/api/resources/${id}`)).body;
    expect(page.organization).toEqual({ slug, name: 'Resource Testing Collective' });
    expect(page.authors).toEqual([
      expect.objectContaining({ kind: 'organization', slug, name: 'Resource Testing Collective' }),
    ]);
    expect(
      (await visitor().get(`/api/resources?organization=${slug}`)).body.resources.map((entry) => entry.id),
    ).toEqual([id]);
    // A second manager, invited and accepted, edits it too.
    const second = await searchablePerson(testApp.current, { handle: 'segunda', displayName: 'Segunda' });
    expect((await manager.client.post(`/api/organizations/${slug}/managers`, { handle: 'segunda' })).status).toBe(204);
    expect((await second.client.post(`/api/organizations/${slug}/invitation`, { accept: true })).status).toBe(204);
    const edited = await second.client.put(`/api/resources/${id}`, {
      ...RESOURCE,
      organization: slug,
      authors: [{ kind: 'organization', slug }],
      kind: 'curriculum',
    });
    expect(edited.status).toBe(200);
    expect((await author.client.put(`/api/resources/${id}`, { ...RESOURCE, organization: slug })).status).toBe(403);
    // Searching the organization's name finds its resources.
    const found = (await reader.client.get('/api/search?q=testing%20collective&type=resource')).body;
    expect(found.results.map((hit) => hit.address)).toEqual([id]);
  });

  test('links are checked by the daily job: editors see since when a link fails, others see nothing of it', async () => {
    const site = await linkSite();
    try {
      const gone = await create(author.client, { url: `${site.base}/gone` });
      const moved = await create(author.client, { url: `${site.base}/moved` });
      const noHead = await create(author.client, { url: `${site.base}/no-head` });
      const commons = await create(author.client, { url: null, commonsFile: 'File:Budget handbook.pdf' });
      const start = Date.now();
      const link = async (id: string) => (await author.client.get(`/api/resources/${id}`)).body.link;
      // Without leave to reach private addresses, a loopback link is not asked.
      await checkResourceLinks(db(), { allowPrivate: false, now: start });
      expect(await link(gone)).toMatchObject({ status: null, failingSince: null });
      expect(await link(commons)).toMatchObject({ status: null, checkedAt: null });

      await checkResourceLinks(db(), { allowPrivate: true, now: start + 86_400_000 });
      expect(await link(gone)).toMatchObject({ status: 404, failingSince: new Date(start + 86_400_000).toISOString() });
      expect(await link(moved)).toMatchObject({ status: 200, failingSince: null });
      expect(await link(noHead)).toMatchObject({ status: 200, failingSince: null });
      // A day later it still fails: "since" stays the first failure.
      await checkResourceLinks(db(), { allowPrivate: true, now: start + 2 * 86_400_000 });
      expect(await link(gone)).toMatchObject({ status: 404, failingSince: new Date(start + 86_400_000).toISOString() });
      expect((await reader.client.get(`/api/resources/${gone}`)).body).not.toHaveProperty('link');
      const page = (await visitor().get(`/api/resources/${commons}`)).body;
      expect(page).toMatchObject({
        commonsFile: 'Budget handbook.pdf',
        commonsPage: 'https://commons.wikimedia.org/wiki/File:Budget_handbook.pdf',
      });
    } finally {
      site.server.close();
    }
  });

  test('a reported resource hidden by a moderator is out of search and view, but its editors still see it', async () => {
    const moderator = await createMember(testApp.current, { role: 'moderator' });
    const id = await create(author.client, {
      texts: [{ language: 'en', title: 'Spammy frobnicator offer', description: '' }],
    });
    const reported = await reader.client.post('/api/reports', {
      type: 'resource',
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
    expect((await reader.client.get(`/api/resources/${id}`)).status).toBe(404);
    expect((await reader.client.get('/api/search?q=frobnicator')).body.total).toBe(0);
    expect((await author.client.get(`/api/resources/${id}`)).body).toMatchObject({ hidden: true, canEdit: true });
    // A draft cannot be reported by someone who cannot see it.
    const draft = await create(author.client, { visibility: 'draft' });
    expect(
      (
        await reader.client.post('/api/reports', {
          type: 'resource',
          reference: draft,
          category: 'spam',
          explanation: 'x',
        })
      ).status,
    ).toBe(404);
  });

  test("erasure: a member's own resources go, an organization's stay with a deleted member, co-authored ones stay", async () => {
    const leaving = await searchablePerson(testApp.current, { handle: 'leaving', displayName: 'Leaving Person' });
    const staying = await searchablePerson(testApp.current, { handle: 'staying', displayName: 'Staying Person' });
    const own = await create(leaving.client, {
      texts: [{ language: 'en', title: 'Gloopwhistle own notes', description: 'Mine only.' }],
    });
    const shared = await create(leaving.client, {
      texts: [{ language: 'en', title: 'Gloopwhistle shared guide', description: '' }],
      authors: [
        { kind: 'member', handle: 'leaving' },
        { kind: 'member', handle: 'staying' },
      ],
    });
    const created = await leaving.client.post('/api/organizations', {
      names: [{ language: 'en', name: 'Erasure Test Group' }],
      acronym: null,
      type: 'other',
    });
    const slug = (created.body as { slug: string }).slug;
    const forOrganization = await create(leaving.client, {
      texts: [{ language: 'en', title: 'Gloopwhistle group toolkit', description: '' }],
      organization: slug,
      authors: [{ kind: 'member', handle: 'leaving' }],
    });
    const exported = (await leaving.client.get('/api/account/export')).body as {
      resources: { authored: { id: string }[]; changes: { resourceId: string }[] };
    };
    expect(exported.resources.authored.map((entry) => entry.id).sort()).toEqual([own, shared, forOrganization].sort());
    expect(exported.resources.changes.map((entry) => entry.resourceId)).toEqual([own, shared, forOrganization]);

    expect((await leaving.client.post('/api/account/delete', { confirmation: leaving.displayName })).status).toBe(204);
    expect((await staying.client.get(`/api/resources/${own}`)).status).toBe(404);
    const rows = await db().selectFrom('resource_texts').select('title').where('resource_id', '=', own).execute();
    expect(rows).toEqual([]);
    const sharedPage = (await staying.client.get(`/api/resources/${shared}`)).body;
    expect(sharedPage.authors).toEqual([
      expect.objectContaining({ kind: 'member', erased: true, handle: null, name: null }),
      expect.objectContaining({ kind: 'member', handle: 'staying' }),
    ]);
    expect(sharedPage.canEdit).toBe(true);
    expect((await visitor().get(`/api/resources/${forOrganization}`)).body.authors).toEqual([
      expect.objectContaining({ kind: 'member', erased: true }),
    ]);
    const titles = (await reader.client.get('/api/search?q=gloopwhistle')).body.results.map((hit) => hit.title).sort();
    expect(titles).toEqual(['Gloopwhistle group toolkit', 'Gloopwhistle shared guide']);
  });

  test('the reports count resources members may see, by the month they were added', async () => {
    const members = (await reader.client.get('/api/search?type=resource')).body.total;
    expect(members).toBeGreaterThanOrEqual(5);
    const activity = (await visitor().get('/api/reports/activity')).body;
    const row = activity.measures.find((entry) => entry.measure === 'resources')!;
    expect(row.months.at(-1)).toBe(members);
    // Resources added, by language (a resource in several counts in each), month by month.
    const english = (await reader.client.get('/api/search?type=resource&language=en')).body.total;
    const byLanguage = (await visitor().get('/api/reports/participation?by=resource-language')).body;
    expect(byLanguage.rows.find((entry) => entry.value === 'en')?.months.at(-1)).toBe(english);
    const byKind = (await visitor().get('/api/reports/participation?by=resource-kind&lang=en')).body;
    expect(byKind.rows.map((entry) => entry.value)).toContain('how-to');
  });
});
