import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readJsonData } from '../../platform/data-files';
import { DATABASE_TARGETS } from '../../test-support/databases';
import { buildProfile, createMember, importAffiliates, type TestMember } from '../../test-support/factories';
import { fieldErrors, TestClient, type RequestBody } from '../../test-support/http-client';
import { SmtpCapture } from '../../test-support/smtp-capture';
import { useTestApp } from '../../test-support/test-app';

const AFFILIATES = readJsonData<{ name: string; acronym: string; type: string }[]>('affiliates.json');

const EDIT: RequestBody<'put', '/api/organizations/{slug}'> = {
  names: [
    { language: 'es', name: 'Wikimedia Argentina' },
    { language: 'en', name: 'Wikimedia Argentina' },
  ],
  acronym: 'AR',
  type: 'chapter',
  active: true,
  website: 'https://wikimedia.org.ar',
  metaPage: 'https://meta.wikimedia.org/wiki/Wikimedia_Argentina',
  wikidataQid: 'Q18681014',
  logoCommonsFile: null,
  descriptions: [{ language: 'es', body: 'Capítulo de **Argentina**.' }],
  countries: ['AR'],
  languages: ['es', 'gn'],
};

const smtp = new SmtpCapture();
beforeAll(async () => {
  await smtp.start();
});
afterAll(async () => {
  await smtp.stop();
});

describe.each(DATABASE_TARGETS)('organizations on $name', (target) => {
  const testApp = useTestApp(target, () => ({ SMTP_URL: smtp.url }));
  let admin: TestMember;
  beforeAll(async () => {
    await importAffiliates(testApp.current, AFFILIATES);
    admin = await createMember(testApp.current, { role: 'admin' });
  });

  async function becomeManager(slug: string): Promise<TestMember> {
    const member = await createMember(testApp.current);
    expect(
      (await member.client.post(`/api/organizations/${slug}/manager-requests`, { message: 'I am on the board.' }))
        .status,
    ).toBe(204);
    const { requests } = (await admin.client.get('/api/admin/manager-requests')).body;
    const request = requests.find((entry) => entry.organizationSlug === slug && entry.member === member.displayName)!;
    expect((await admin.client.post(`/api/admin/manager-requests/${request.id}/approve`)).status).toBe(204);
    return member;
  }

  test('imports the affiliates once, and again without duplicates', async () => {
    expect(await importAffiliates(testApp.current, AFFILIATES)).toEqual({ created: 0, updated: 186 });
    const { rows } = await sql<{ count: number }>`select count(*) as count from organizations`.execute(
      testApp.current.app.database.db,
    );
    expect(Number(rows[0]?.count)).toBe(186);
  });

  test('lists the directory with filters for type, name and acronym', async () => {
    const visitor = new TestClient(testApp.current.app);
    const chapters = (await visitor.get('/api/organizations?type=chapter')).body;
    expect(chapters.organizations.length).toBe(AFFILIATES.filter((entry) => entry.type === 'Chapter').length);
    expect(chapters.organizations.every((entry) => entry.type === 'chapter')).toBe(true);
    const found = (await visitor.get('/api/organizations?q=armenia')).body;
    expect(found.organizations).toContainEqual(expect.objectContaining({ slug: 'wikimedia-armenia', acronym: 'AM' }));
    const byAcronym = (await visitor.get('/api/organizations?q=GHA')).body;
    expect(byAcronym.organizations.map((entry) => entry.acronym)).toContain('GHA');
    expect((await visitor.get('/api/organizations?type=guild')).status).toBe(400);
    expect((await visitor.get('/api/organizations?page=999')).body.organizations).toEqual([]);
  });

  test('a member asks to manage, an admin approves, and the manager edits; every step is recorded', async () => {
    const visitor = new TestClient(testApp.current.app);
    expect((await visitor.get('/api/organizations/wikimedia-argentina')).body).toMatchObject({
      claimed: false,
      canManage: false,
    });
    const manager = await becomeManager('wikimedia-argentina');
    const saved = await manager.client.put('/api/organizations/wikimedia-argentina', EDIT);
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({
      claimed: true,
      canManage: true,
      languages: [{ code: 'es' }, { code: 'gn' }],
      regions: [{ id: 'LAC' }],
    });
    const capacities = await manager.client.put('/api/organizations/wikimedia-argentina/capacities', {
      offers: [{ id: 94, note: 'GLAM-Wiki' }],
      needs: [{ id: 12, note: null }],
    });
    expect(capacities.status).toBe(200);

    const reader = (await visitor.get('/api/organizations/wikimedia-argentina', { 'accept-language': 'es' })).body;
    expect(reader).toMatchObject({
      name: 'Wikimedia Argentina',
      countries: [{ code: 'AR', name: 'Argentina' }],
      descriptions: [{ language: 'es', html: '<p>Capítulo de <strong>Argentina</strong>.</p>\n' }],
      capacities: {
        offers: [{ id: 94, label: 'Proyectos GLAM-Wiki', note: 'GLAM-Wiki' }],
        needs: [{ id: 12, label: 'Elaboración de presupuestos' }],
      },
    });
    expect(reader.audit).toBeUndefined();
    const own = (await manager.client.get('/api/organizations/wikimedia-argentina')).body;
    expect(own.audit?.map((entry) => entry.action)).toEqual([
      'capacities-edited',
      'edited',
      'manager-approved',
      'manage-requested',
    ]);

    const offering = (await visitor.get('/api/organizations?capacity=94&side=offers')).body;
    expect(offering.organizations.map((entry) => entry.slug)).toEqual(['wikimedia-argentina']);
    const inRegion = (await visitor.get('/api/organizations?region=LAC&language=gn')).body;
    expect(inRegion.organizations.map((entry) => entry.slug)).toEqual(['wikimedia-argentina']);
  });

  test.each([
    { name: 'no name', body: { ...EDIT, names: [] }, expected: 'body.names:minItems' },
    { name: 'an unknown type', body: { ...EDIT, type: 'guild' }, expected: 'body.type:enum' },
    { name: 'an invalid QID', body: { ...EDIT, wikidataQid: 'Qabc' }, expected: 'body.wikidataQid:pattern' },
    { name: 'an acronym someone else has', body: { ...EDIT, acronym: 'am' }, expected: 'body.acronym:acronym-taken' },
    {
      name: 'a plain-http website',
      body: { ...EDIT, website: 'http://example.org' },
      expected: 'body.website:invalid-link',
    },
    {
      name: 'HTML in a description',
      body: { ...EDIT, descriptions: [{ language: 'es', body: '<script>x</script>' }] },
      expected: 'body.descriptions.0.body:no-markup',
    },
    { name: 'an unknown country', body: { ...EDIT, countries: ['ZZ'] }, expected: 'body.countries.0:unknown-country' },
  ])('refuses an edit with $name, changing nothing', async ({ body, expected }) => {
    const manager = await becomeManager('wikimedia-chile');
    const before = (await manager.client.get('/api/organizations/wikimedia-chile')).body;
    const response = await manager.client.request('PUT', '/api/organizations/wikimedia-chile', body);
    expect(response.status).toBe(400);
    expect(fieldErrors(response)).toContain(expected);
    const after = (await manager.client.get('/api/organizations/wikimedia-chile')).body;
    expect({ ...after, audit: undefined }).toEqual({ ...before, audit: undefined });
  });

  test('keeps editing to managers and admins, and requests to one at a time', async () => {
    const member = await createMember(testApp.current);
    expect((await member.client.put('/api/organizations/wikimedia-austria', EDIT)).status).toBe(403);
    expect(
      (
        await admin.client.put('/api/organizations/wikimedia-austria/capacities', {
          offers: [],
          needs: [{ id: 12, note: null }],
        })
      ).status,
    ).toBe(200);
    expect(
      (await member.client.post('/api/organizations/wikimedia-austria/manager-requests', { message: 'Please' })).status,
    ).toBe(204);
    expect(
      (await member.client.post('/api/organizations/wikimedia-austria/manager-requests', { message: 'Again' })).status,
    ).toBe(409);
    const { requests } = (await admin.client.get('/api/admin/manager-requests')).body;
    const request = requests.find((entry) => entry.member === member.displayName)!;
    const before = smtp.messages.length;
    expect(
      (await admin.client.post(`/api/admin/manager-requests/${request.id}/refuse`, { reason: 'Not a board member.' }))
        .status,
    ).toBe(204);
    const mail = await smtp.nextTo(member.email, before);
    expect(mail.subject).toBe('Your request to manage Wikimedia Austria');
    expect(mail.text).toContain('Not a board member.');
    expect((await admin.client.post(`/api/admin/manager-requests/${request.id}/approve`)).status).toBe(409);
    expect((await new TestClient(testApp.current.app).get('/api/organizations/no-such-org')).status).toBe(404);
  });

  test('managers invite co-managers, remove them, and the last one cannot leave', async () => {
    const first = await becomeManager('wikimedia-denmark');
    const second = await createMember(testApp.current);
    await buildProfile(second, { about: { handle: 'second-manager' } });
    expect(
      (await first.client.post('/api/organizations/wikimedia-denmark/managers', { handle: 'nobody-here' })).status,
    ).toBe(400);
    expect(
      (await first.client.post('/api/organizations/wikimedia-denmark/managers', { handle: 'second-manager' })).status,
    ).toBe(204);
    expect((await second.client.get('/api/organizations/wikimedia-denmark')).body).toMatchObject({
      invited: true,
      canManage: false,
    });
    expect((await second.client.post('/api/organizations/wikimedia-denmark/invitation', { accept: true })).status).toBe(
      204,
    );
    const view = (await second.client.get('/api/organizations/wikimedia-denmark')).body;
    expect(view.canManage).toBe(true);
    expect(view.managers?.map((manager) => manager.userId)).toEqual([first.userId, second.userId]);

    expect((await second.client.delete(`/api/organizations/wikimedia-denmark/managers/${first.userId}`)).status).toBe(
      204,
    );
    const last = await second.client.delete(`/api/organizations/wikimedia-denmark/managers/${second.userId}`);
    expect(last.status).toBe(409);
    expect(last.error.code).toBe('last_manager');
    expect(
      (await first.client.put('/api/organizations/wikimedia-denmark/capacities', { offers: [], needs: [] })).status,
    ).toBe(403);
    const audit = (await second.client.get('/api/organizations/wikimedia-denmark')).body.audit?.map(
      (entry) => entry.action,
    );
    expect(audit?.slice(0, 3)).toEqual(['manager-removed', 'invitation-accepted', 'manager-invited']);
  });

  test('lists the members who say they belong, as far as each lets the reader see, and managers remove false claims', async () => {
    const manager = await becomeManager('wikimedia-finland');
    const claimant = await createMember(testApp.current, { displayName: 'Claiming Member' });
    await buildProfile(claimant, { about: { handle: 'claimant' } });
    const bad = await claimant.client.put('/api/profile/affiliations', {
      affiliations: [{ organization: 'no-such-org', visibility: 'members' }],
    });
    expect(fieldErrors(bad)).toEqual(['body.affiliations.0.organization:unknown-organization']);
    expect(
      (
        await claimant.client.put('/api/profile/affiliations', {
          affiliations: [{ organization: 'wikimedia-finland', visibility: 'members' }],
        })
      ).status,
    ).toBe(200);
    expect((await claimant.client.get('/api/profile')).body.affiliations).toEqual([
      { organization: 'wikimedia-finland', name: 'Wikimedia Finland', visibility: 'members' },
    ]);
    expect((await manager.client.get('/api/organizations/wikimedia-finland')).body).toMatchObject({
      members: [{ handle: 'claimant', displayName: 'Claiming Member' }],
    });
    expect((await new TestClient(testApp.current.app).get('/api/organizations/wikimedia-finland')).body).toMatchObject({
      members: [],
    });
    expect((await manager.client.get('/api/people/claimant')).body).toMatchObject({
      affiliations: [{ slug: 'wikimedia-finland', name: 'Wikimedia Finland' }],
    });

    expect((await manager.client.delete('/api/organizations/wikimedia-finland/members/claimant')).status).toBe(204);
    expect((await manager.client.get('/api/organizations/wikimedia-finland')).body).toMatchObject({ members: [] });
    expect((await manager.client.delete('/api/organizations/wikimedia-finland/members/claimant')).status).toBe(404);
  });

  test('shows organizations that resemble a new one, and creates it with its creator as manager', async () => {
    const member = await createMember(testApp.current);
    const similar = (await member.client.get('/api/organizations/similar?name=Armenian%20Wikimedians')).body;
    expect(similar.organizations.map((entry) => entry.slug)).toContain('wikimedia-armenia');
    const byAcronym = (await member.client.get('/api/organizations/similar?name=Something%20Else&acronym=am')).body;
    expect(byAcronym.organizations.map((entry) => entry.slug)).toEqual(['wikimedia-armenia']);
    expect(
      (await member.client.get('/api/organizations/similar?name=Totally%20Unrelated%20Collective')).body.organizations,
    ).toEqual([]);

    const taken = await member.client.post('/api/organizations', {
      names: [{ language: 'en', name: 'Armenia Wiki Friends' }],
      acronym: 'AM',
      type: 'user-group',
    });
    expect(fieldErrors(taken)).toEqual(['body.acronym:acronym-taken']);
    expect(
      (await member.client.post('/api/organizations', { names: [], acronym: null, type: 'user-group' })).status,
    ).toBe(400);
    expect(
      (
        await member.client.request('POST', '/api/organizations', {
          names: [{ language: 'en', name: 'X' }],
          acronym: null,
          type: 'guild',
        })
      ).status,
    ).toBe(400);

    const created = await member.client.post('/api/organizations', {
      names: [
        { language: 'hy', name: 'Հայ Վիքիմեդիացիներ' },
        { language: 'en', name: 'New' },
      ],
      acronym: 'HVW',
      type: 'user-group',
    });
    expect(created.status).toBe(201);
    const slug = created.body.slug;
    expect(slug).toBe('հայ-վիքիմեդիացիներ');
    expect((await member.client.get(`/api/organizations/${encodeURIComponent(slug)}`)).body).toMatchObject({
      canManage: true,
      claimed: true,
      acronym: 'HVW',
    });
    const reserved = await member.client.post('/api/organizations', {
      names: [{ language: 'en', name: 'New' }],
      acronym: null,
      type: 'other',
    });
    expect(reserved.body.slug).toBe('new-2');
  });

  test('shows each contact option only to those its visibility allows', async () => {
    const manager = await becomeManager('wikimedia-estonia');
    const refused = await manager.client.put('/api/organizations/wikimedia-estonia/contacts', {
      contacts: [{ kind: 'link', value: 'javascript:alert(1)', visibility: 'public' }],
    });
    expect(fieldErrors(refused)).toEqual(['body.contacts.0.value:invalid-link']);
    expect(
      (
        await manager.client.put('/api/organizations/wikimedia-estonia/contacts', {
          contacts: [
            { kind: 'link', value: 'https://social.example/@wmee', visibility: 'public' },
            { kind: 'email', value: 'board@example.org', visibility: 'members' },
            { kind: 'telegram', value: '@wmee_private', visibility: 'private' },
          ],
        })
      ).status,
    ).toBe(200);
    const visitor = JSON.stringify(
      (await new TestClient(testApp.current.app).get('/api/organizations/wikimedia-estonia')).body,
    );
    expect(visitor).toContain('social.example');
    expect(visitor).not.toContain('board@example.org');
    expect(visitor).not.toContain('wmee_private');
    const member = JSON.stringify(
      (await (await createMember(testApp.current)).client.get('/api/organizations/wikimedia-estonia')).body,
    );
    expect(member).toContain('board@example.org');
    expect(member).not.toContain('wmee_private');
    expect(JSON.stringify((await manager.client.get('/api/organizations/wikimedia-estonia')).body)).toContain(
      'wmee_private',
    );
  });

  test("exports and erases a member's manager relations", async () => {
    const manager = await becomeManager('wikimedia-belgium');
    const exported = (await manager.client.get('/api/account/export')).body as {
      organizations: { manages: unknown[]; requestsToManage: { status: string }[] };
    };
    expect(exported.organizations.manages).toHaveLength(1);
    expect(exported.organizations.requestsToManage).toEqual([
      expect.objectContaining({ status: 'approved', message: 'I am on the board.' }),
    ]);
    expect((await manager.client.post('/api/account/delete', { confirmation: manager.displayName })).status).toBe(204);
    const db = testApp.current.app.database.db;
    for (const table of ['organization_managers', 'organization_manager_requests', 'organization_audit']) {
      const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db);
      expect(JSON.stringify(rows), table).not.toContain(manager.userId);
    }
    expect((await new TestClient(testApp.current.app).get('/api/organizations/wikimedia-belgium')).body.claimed).toBe(
      false,
    );
  });
});
