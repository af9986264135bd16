import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DATABASE_TARGETS } from '../../test-support/databases';
import { buildProfile, createMember, type ProfiledMember } from '../../test-support/factories';
import { startTestApp, type TestApp } from '../../test-support/test-app';
import { SEARCH_SOURCES } from '../../search-index';
import type { ResponseBody } from '../../test-support/http-client';
import { regionsByCountry } from '../reference/reference.service';
import { startApp, type RunningApp } from '../../../../e2e/support/app-server';
import { freePort, NGINX, startReverseProxy } from '../../test-support/reverse-proxy';
import type { Db } from '../../platform/db/schema';

const MEMBERS = 24;

type Put = (member: ProfiledMember, section: string, body: unknown) => Promise<Response | undefined>;

/** A PUT to `base` as the member's browser sends it. */
const putTo =
  (base: string, origin = base): Put =>
  (member, section, body) =>
    fetch(`${base}/api/profile/${section}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', origin, cookie: `cxc_session=${member.client.cookie}` },
      body: JSON.stringify(body),
    }).catch(() => undefined);

/**
 * Each member saves one section after another (search settings, in and out of search; capacities;
 * location, whose availability counts the rounds), so documents are replaced and removed while a
 * server dies. `lastLocation` is the round of each member's last location save answered 200.
 */
function saveLoad(members: readonly ProfiledMember[], put: Put) {
  let acknowledged = 0;
  let stopped = false;
  const lastLocation = new Map<string, number>();
  const running = members.map(async (member, index) => {
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
        const response = await put(member, section, body);
        // The server died under it; behind a proxy the next one may go to the other instance.
        if (!response || response.status === 502) {
          if (stopped) return;
          continue;
        }
        if (response.status !== 200)
          throw new Error(`${section} answered ${response.status}: ${await response.text()}`);
        acknowledged += 1;
        if (section === 'location') lastLocation.set(member.userId, round);
      }
    }
  });
  return {
    acknowledged: () => acknowledged,
    lastLocation,
    async stop() {
      stopped = true;
      await Promise.all(running);
    },
  };
}

/**
 * After the crash: no acknowledged save is lost, nobody who left search is found, and every stored
 * document is the one its profile gives now. `search` asks the restarted server as a member.
 */
async function expectAllAgrees(
  db: Db,
  members: readonly ProfiledMember[],
  lastLocation: ReadonlyMap<string, number>,
  search: (member: ProfiledMember) => Promise<Response>,
) {
  const availability = new Map(
    (
      await db
        .selectFrom('profiles')
        .select(['user_id', 'availability'])
        .where(
          'user_id',
          'in',
          members.map((member) => member.userId),
        )
        .execute()
    ).map((row) => [row.user_id, Number(row.availability?.replace('round ', '') ?? -1)]),
  );
  for (const [userId, round] of lastLocation) expect(availability.get(userId)).toBeGreaterThanOrEqual(round);

  const stored = await db
    .selectFrom('search_documents')
    .selectAll()
    .where('entity_type', '=', 'person')
    .orderBy('id')
    .execute();
  const optedOut = new Set(
    (await db.selectFrom('profiles').select('user_id').where('in_search', '=', 0).execute()).map((row) => row.user_id),
  );
  expect(optedOut.size).toBeGreaterThan(0);
  expect(stored.filter((row) => optedOut.has(row.entity_id)).map((row) => row.id)).toEqual([]);
  for (const member of members) {
    const { results } = (await (await search(member)).json()) as ResponseBody<'get', '/api/search'>;
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
  const line = (id: string, updatedAt: number, body: string, facets: string) => `${id} ${updatedAt} ${body} ${facets}`;
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
}

const searchOn = (base: string) => (member: ProfiledMember) =>
  fetch(`${base}/api/search?q=${encodeURIComponent(member.displayName)}`, {
    headers: { cookie: `cxc_session=${member.client.cookie}` },
  });

/**
 * A server killed with SIGKILL in the middle of a load of profile saves leaves every search
 * document equal to what its stored profile gives, people who had just left search first, and
 * loses no save it answered.
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

  const databaseUrl = () => {
    const config = testApp.app.config.database;
    return config.kind === 'postgres' ? config.url : config.file;
  };

  test('every document agrees with its profile after kill -9 under a write load, and after a restart', async () => {
    // The server as `npm start` runs it, in its own process, on this test's database.
    const server = await startApp({ DATABASE_URL: databaseUrl(), WEB_DIST_DIR: '/nonexistent' });
    const load = saveLoad(members, putTo(server.url));
    await new Promise((done) => setTimeout(done, 1500));
    await server.kill();
    await load.stop();
    expect(load.acknowledged(), server.output()).toBeGreaterThan(MEMBERS);

    // Started again on the same database, the server finds what it left, opt-outs first.
    const restarted = await startApp({ DATABASE_URL: databaseUrl(), WEB_DIST_DIR: '/nonexistent' });
    try {
      await expectAllAgrees(testApp.app.database.db, members, load.lastLocation, searchOn(restarted.url));
    } finally {
      await restarted.stop();
      await server.stop();
    }
  }, 180_000); // two server starts (each migrates, seeds and loads the index) and a load

  // Two instances share one PostgreSQL database; a SQLite file has one server.
  test.skipIf(target.name !== 'postgres' || !NGINX)(
    'through nginx with two instances: one killed under the load, the other goes on, and all agrees after its restart',
    async () => {
      const proxyPort = await freePort();
      const publicUrl = `http://127.0.0.1:${proxyPort}`;
      const env = {
        DATABASE_URL: databaseUrl(),
        WEB_DIST_DIR: '/nonexistent',
        PUBLIC_URL: publicUrl,
        TRUST_PROXY: 'true',
        TRUSTED_PROXIES: '127.0.0.1',
      };
      const servers: RunningApp[] = [await startApp(env), await startApp(env)];
      const proxy = await startReverseProxy({
        port: proxyPort,
        upstreams: servers.map((server) => new URL(server.url).host),
        readTimeoutSeconds: 30,
      });
      let restarted: RunningApp | undefined;
      try {
        const load = saveLoad(members, putTo(proxy.url, publicUrl));
        await new Promise((done) => setTimeout(done, 1500));
        await servers[0]!.kill();
        const beforeKill = load.acknowledged();
        // The other instance keeps answering through the proxy.
        await new Promise((done) => setTimeout(done, 1500));
        expect(load.acknowledged(), servers[1]!.output()).toBeGreaterThan(beforeKill);
        await load.stop();
        restarted = await startApp(env);
        await expectAllAgrees(testApp.app.database.db, members, load.lastLocation, searchOn(restarted.url));
      } finally {
        await proxy.stop();
        await restarted?.stop();
        for (const server of servers) await server.stop();
      }
    },
    240_000,
  );
});
