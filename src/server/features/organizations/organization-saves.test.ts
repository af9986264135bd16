import { describe, expect, test } from 'vitest';
import { regionsByCountry } from '../reference/reference.service';
import { DATABASE_TARGETS } from '../../test-support/databases';
import { buildProfile, createMember, createOrganization } from '../../test-support/factories';
import { useTestApp } from '../../test-support/test-app';
import { affiliatedUserIds } from '../profiles/profiles.public';
import { organizationSearchSource } from './organizations.search';

/** Organization sections are saved like profile sections: one transaction, saves at once take turns. */
describe.each(DATABASE_TARGETS)('organization saves on $name', (target) => {
  const testApp = useTestApp(target);

  test('edits of capacities and contacts at once all succeed, each kept whole, with documents and audit rows in step', async () => {
    const admin = await createMember(testApp.current, { role: 'admin' });
    const { id, slug } = await createOrganization(testApp.current, { name: 'Wikimedia Testland', acronym: 'WMTL' });
    const capacities = Array.from({ length: 16 }, (_, n) => ({
      offers: [{ id: 12 + (n % 6), note: `offer ${n}` }],
      needs: [{ id: 30 + (n % 4), note: null }],
    }));
    const contacts = Array.from({ length: 16 }, (_, n) => ({
      contacts: [{ kind: 'email' as const, value: `team${n}@example.org`, visibility: 'public' as const }],
    }));
    const responses = await Promise.all([
      ...capacities.map((body) => admin.client.put(`/api/organizations/${slug}/capacities`, body)),
      ...contacts.map((body) => admin.client.put(`/api/organizations/${slug}/contacts`, body)),
    ]);
    expect(responses.map((response) => response.status)).toEqual(responses.map(() => 200));
    const view = (await admin.client.get(`/api/organizations/${slug}`)).body;
    const offers = view.capacities.offers.map(({ id: capacity, note }) => ({ id: capacity, note }));
    expect(capacities.some((body) => JSON.stringify(body.offers) === JSON.stringify(offers))).toBe(true);
    expect(contacts.some((body) => body.contacts[0]!.value === view.contacts[0]?.value)).toBe(true);

    const { db } = testApp.current.app.database;
    const audit = await db
      .selectFrom('organization_audit')
      .select('action')
      .where('organization_id', '=', id)
      .execute();
    expect(audit.filter((row) => row.action === 'capacities-edited')).toHaveLength(16);
    expect(audit.filter((row) => row.action === 'contacts-edited')).toHaveLength(16);
    const stored = await db
      .selectFrom('search_documents')
      .select(['id', 'facets', 'updated_at'])
      .where('entity_id', '=', id)
      .orderBy('id')
      .execute();
    const rebuilt = (
      await organizationSearchSource.documentsOf(db, [id], { regionOfCountry: await regionsByCountry(db) })
    )
      .map((document) => ({
        id: `organization:${id}:${document.audience}`,
        facets: document.facets.map(({ facet, value }) => `${facet}=${value}`).join('\n'),
        updated_at: document.updatedAt,
      }))
      .sort((a, b) => (a.id < b.id ? -1 : 1));
    expect(stored.map((row) => ({ ...row, updated_at: Number(row.updated_at) }))).toEqual(rebuilt);
  });

  test('a refused edit writes nothing: no rows, no audit record, no search change', async () => {
    const admin = await createMember(testApp.current, { role: 'admin' });
    const { id, slug } = await createOrganization(testApp.current, { name: 'Wikimedia Refusia', acronym: 'WMRF' });
    const { db } = testApp.current.app.database;
    const changesBefore = await db
      .selectFrom('search_changes')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    const response = await admin.client.put(`/api/organizations/${slug}/capacities`, {
      offers: [{ id: 12, note: '<b>bold</b>' }],
      needs: [{ id: 999_999, note: null }],
    });
    expect(response.status).toBe(400);
    expect(
      await db.selectFrom('organization_capacities').select('capacity_id').where('organization_id', '=', id).execute(),
    ).toEqual([]);
    expect(
      await db
        .selectFrom('organization_audit')
        .select('action')
        .where('organization_id', '=', id)
        .where('action', '=', 'capacities-edited')
        .execute(),
    ).toEqual([]);
    const changesAfter = await db
      .selectFrom('search_changes')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    expect(Number(changesAfter.count)).toBe(Number(changesBefore.count));
  });

  test('a member saving their affiliations while saving the organization they manage never deadlocks', async () => {
    const manager = await createMember(testApp.current, { displayName: 'Dual Saver' });
    const created = await manager.client.post('/api/organizations', {
      names: [{ language: 'en', name: 'Wikimedia Lockstep' }],
      acronym: 'WMLS',
      type: 'user-group',
    });
    expect(created.status).toBe(201);
    const { slug } = created.body;
    const details = (n: number) => ({
      names: [{ language: 'en', name: 'Wikimedia Lockstep' }],
      acronym: 'WMLS',
      type: 'user-group' as const,
      active: true,
      website: `https://lockstep.example.org/${n}`,
      metaPage: null,
      wikidataQid: null,
      logoCommonsFile: null,
      descriptions: [{ language: 'en', body: `Round ${n}` }],
      countries: ['ES'],
      languages: ['es'],
    });
    for (let round = 0; round < 8; round += 1) {
      const responses = await Promise.all([
        ...[0, 1, 2].map(() =>
          manager.client.put('/api/profile/affiliations', {
            affiliations: [{ organization: slug, visibility: 'members' }],
          }),
        ),
        ...[0, 1, 2].map((n) => manager.client.put(`/api/organizations/${slug}`, details(round * 3 + n))),
      ]);
      expect(responses.map((response) => response.status)).toEqual(responses.map(() => 200));
    }
  });

  test('lists the members who say they belong in the order the database gives their claims, as before', async () => {
    const { id, slug } = await createOrganization(testApp.current, { name: 'Wikimedia Orderland', acronym: 'WMOL' });
    const handleOf = new Map<string, string>();
    for (let n = 0; n < 6; n += 1) {
      const member = await buildProfile(await createMember(testApp.current, { displayName: `Joiner ${n}` }), {
        affiliations: { affiliations: [{ organization: slug, visibility: 'members' }] },
      });
      handleOf.set(member.userId, member.handle);
    }
    const claims = await affiliatedUserIds(testApp.current.app.database.db, id, 200);
    const reader = await createMember(testApp.current);
    const view = (await reader.client.get(`/api/organizations/${slug}`)).body;
    expect(view.members.map((member) => member.handle)).toEqual(claims.map((userId) => handleOf.get(userId)));
  });
});
