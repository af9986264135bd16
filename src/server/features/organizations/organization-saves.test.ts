import { describe, expect, test } from 'vitest';
import { DATABASE_TARGETS } from '../../test-support/databases';
import { createMember, createOrganization } from '../../test-support/factories';
import { useTestApp } from '../../test-support/test-app';
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
    const rebuilt = (await organizationSearchSource.documentsOf(db, [id]))
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
});
