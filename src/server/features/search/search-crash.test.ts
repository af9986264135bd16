import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DATABASE_TARGETS } from '../../test-support/databases';
import { buildProfile, createMember, type ProfiledMember } from '../../test-support/factories';
import { startTestApp, type TestApp } from '../../test-support/test-app';
import { SEARCH_SOURCES } from '../../search-index';
import type { ResponseBody } from '../../test-support/http-client';
import { regionsByCountry } from '../reference/reference.service';
import { startApp } from '../../../../e2e/support/app-server';

const MEMBERS = 24;

/**
 * A server killed with SIGKILL in the middle of a load of profile saves leaves every search
 * document equal to what its stored profile gives, people who had just left search first.
 */
describe.each(DATABASE_TARGETS)('search after a crash on $name', (target) => {
  let testApp: TestApp;
  let members: ProfiledMember[];
  beforeAll(async () => {
    testApp = await startTestApp(target);
    members = [];
    for (let n = 0; n < MEMBERS; n += 1) {
      members.push(
        await buildProfile(await createMember(testApp), { settings: { showToVisitors: true, inSearch: true } }),
      );
    }
  });
  afterAll(async () => testApp?.close());

  test('every document agrees with its profile after kill -9 under a write load, and after a restart', async () => {
    const config = testApp.app.config.database;
    // The server as `npm start` runs it, in its own process, on this test's database.
    const databaseUrl = config.kind === 'postgres' ? config.url : config.file;
    const server = await startApp({ DATABASE_URL: databaseUrl, WEB_DIST_DIR: '/nonexistent' });
    const put = (member: ProfiledMember, section: string, body: unknown) =>
      fetch(`${server.url}/api/profile/${section}`, {
        method: 'PUT',
        headers: {
          'content-type': 'application/json',
          origin: server.url,
          cookie: `cxc_session=${member.client.cookie}`,
        },
        body: JSON.stringify(body),
      });
    let acknowledged = 0;
    let stopped = false;
    // Each member saves one section after another: search settings (in and out of search),
    // capacities and location, so documents are replaced and removed while the server dies.
    const load = members.map(async (member, index) => {
      for (let round = 0; !stopped; round += 1) {
        const bodies: [string, unknown][] = [
          ['settings', { showToVisitors: (round + index) % 3 !== 0, inSearch: (round + index) % 2 === 0 }],
          [
            'capacities',
            {
              knows: [],
              shares: [{ id: 12 + (round % 9), level: null, note: null }],
              learns: [{ id: 30 + (index % 5), level: null, note: null }],
              visibility: round % 2 ? 'public' : 'members',
            },
          ],
          [
            'location',
            {
              country: ['ES', 'BR', 'EG', 'IN', 'FR'][(round + index) % 5],
              timeZone: null,
              availability: `round ${round}`,
              visibility: { country: 'public', availability: 'members' },
            },
          ],
        ];
        for (const [section, body] of bodies) {
          const response = await put(member, section, body).catch(() => undefined);
          if (!response) return;
          if (response.status !== 200)
            throw new Error(`${section} answered ${response.status}: ${await response.text()}`);
          acknowledged += 1;
        }
      }
    });
    await new Promise((done) => setTimeout(done, 1500));
    stopped = true;
    await server.kill();
    await Promise.all(load);
    expect(acknowledged, server.output()).toBeGreaterThan(MEMBERS);

    // Started again on the same database, the server finds what it left, opt-outs first.
    const restarted = await startApp({ DATABASE_URL: databaseUrl, WEB_DIST_DIR: '/nonexistent' });
    try {
      const { db } = testApp.app.database;
      const stored = await db
        .selectFrom('search_documents')
        .selectAll()
        .where('entity_type', '=', 'person')
        .orderBy('id')
        .execute();
      const optedOut = new Set(
        (await db.selectFrom('profiles').select('user_id').where('in_search', '=', 0).execute()).map(
          (row) => row.user_id,
        ),
      );
      expect(optedOut.size).toBeGreaterThan(0);
      expect(stored.filter((row) => optedOut.has(row.entity_id)).map((row) => row.id)).toEqual([]);
      for (const member of members) {
        const answer = await fetch(`${restarted.url}/api/search?q=${encodeURIComponent(member.displayName)}`, {
          headers: { cookie: `cxc_session=${member.client.cookie}` },
        });
        const { results } = (await answer.json()) as ResponseBody<'get', '/api/search'>;
        const addresses = results.map((result) => result.address);
        expect(addresses.includes(member.handle), member.displayName).toBe(!optedOut.has(member.userId));
      }

      // Every document is the one its profile gives now.
      const people = SEARCH_SOURCES.find((source) => source.entityType === 'person')!;
      const rebuilt = await people.documentsOf(
        db,
        members.map((member) => member.userId),
        { regionOfCountry: await regionsByCountry(db) },
      );
      const line = (id: string, updatedAt: number, body: string, facets: string) =>
        `${id} ${updatedAt} ${body} ${facets}`;
      expect(stored.map((row) => line(row.id, Number(row.updated_at), row.body, row.facets)).sort()).toEqual(
        rebuilt
          .map((document) =>
            line(
              `${document.entityType}:${document.entityId}:${document.audience}`,
              document.updatedAt,
              document.body,
              document.facets.map(({ facet, value }) => `${facet}=${value}`).join('\n'),
            ),
          )
          .sort(),
      );
    } finally {
      await restarted.stop();
      await server.stop();
    }
  }, 180_000); // two server starts (each migrates, seeds and loads the index) and a load
});
