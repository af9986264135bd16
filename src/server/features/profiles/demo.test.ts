import { sql } from 'kysely';
import { describe, expect, test } from 'vitest';
import { DATABASE_TARGETS } from '../../test-support/databases';
import { createMember } from '../../test-support/factories';
import { useTestApp } from '../../test-support/test-app';
import { demoPeopleGenerator } from './demo-people';
import { seedDemoPeople } from './demo.seed';
import { seedDemoOrganizations } from '../organizations/demo.seed';

describe('the demo people generator', () => {
  test('gives the same people for the same seed', () => {
    const ids = [12, 13, 14, 46, 84, 139];
    const first = Array.from({ length: 5 }, demoPeopleGenerator(ids, 7));
    const again = Array.from({ length: 5 }, demoPeopleGenerator(ids, 7));
    expect(again.map((person) => person.displayName)).toEqual(first.map((person) => person.displayName));
  });

  test('never lists a capacity as both shared and to be learned, and shares only what is known', () => {
    const next = demoPeopleGenerator(
      Array.from({ length: 100 }, (_, index) => index + 10),
      3,
    );
    for (let index = 0; index < 500; index += 1) {
      const person = next();
      expect(person.capacities.shares.filter((id) => person.capacities.learns.includes(id))).toEqual([]);
      expect(person.capacities.shares.every((id) => person.capacities.knows.includes(id))).toBe(true);
    }
  });
});

describe.each(DATABASE_TARGETS)('demo people in the database, on $name', (target) => {
  const testApp = useTestApp(target);

  test('adds realistic, visible-as-configured demo profiles with a long tail of capacities', async () => {
    const db = testApp.current.app.database.db;
    const progress: number[] = [];
    await seedDemoPeople(testApp.current.app.database, 2500, (done) => progress.push(done));
    expect(progress).toEqual([2000, 2500]);
    const { rows } = await sql<{ count: number; demo: number; visitors: number; countries: number }>`
      select count(*) as count, sum(is_demo) as demo, sum(show_to_visitors) as visitors, count(distinct country) as countries from profiles`.execute(
      db,
    );
    expect(Number(rows[0]?.count)).toBe(2500);
    expect(Number(rows[0]?.demo)).toBe(2500);
    expect(Number(rows[0]?.visitors)).toBeGreaterThan(500);
    expect(Number(rows[0]?.countries)).toBeGreaterThan(50);

    const popularity = await sql<{ capacity_id: number; uses: number }>`
      select capacity_id, count(*) as uses from profile_capacities where side = 'shares' group by capacity_id order by uses desc`.execute(
      db,
    );
    const uses = popularity.rows.map((row) => Number(row.uses));
    expect(uses[0]!).toBeGreaterThan(5 * uses[Math.floor(uses.length / 2)]!);

    // A demo profile is a profile like any other: a member sees what its settings allow.
    const reader = await createMember(testApp.current);
    const response = await reader.client.get('/api/people/demo-0');
    expect([200]).toContain(response.status);
    await seedDemoPeople(testApp.current.app.database, 10);
    expect((await reader.client.get('/api/people/demo-2509')).status).toBe(200);
  });

  test('adds unclaimed demo organizations that offer and need capacities, numbering on', async () => {
    const db = testApp.current.app.database.db;
    await seedDemoOrganizations(testApp.current.app.database, 30);
    await seedDemoOrganizations(testApp.current.app.database, 5);
    const reader = await createMember(testApp.current);
    const page = (await reader.client.get('/api/organizations/demo-organization-35')).body;
    expect(page.names[0]?.name).toMatch(/ 35$/);
    expect(page.capacities.offers.length).toBeGreaterThan(0);
    expect(page.capacities.needs.length).toBeGreaterThan(0);
    const { rows } = await sql<{
      count: number;
    }>`select count(*) as count from organizations where import_key like 'demo:%'`.execute(db);
    expect(Number(rows[0]?.count)).toBe(35);
  });

  test('writes the same search documents as indexing the stored profiles would', async () => {
    const { db } = testApp.current.app.database;
    await seedDemoPeople(testApp.current.app.database, 60);
    const stored = async () =>
      (
        await db.selectFrom('search_documents').selectAll().where('entity_type', '=', 'person').orderBy('id').execute()
      ).map((row) => ({ ...row, updated_at: Number(row.updated_at) }));
    const seeded = await stored();
    expect(seeded.length).toBeGreaterThan(60);
    await db.deleteFrom('search_documents').where('entity_type', '=', 'person').execute();
    await testApp.current.app.searchIndex.indexMissing();
    expect(await stored()).toEqual(seeded);
  });
});
