import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DATABASE_TARGETS } from '../../test-support/databases';
import { buildProfile, createMember, type ProfiledMember } from '../../test-support/factories';
import { startTestApp, type TestApp } from '../../test-support/test-app';
import { SEARCH_SOURCES } from '../../search-index';

const ROOT = resolve(import.meta.dirname, '../../../..');
const MEMBERS = 24;

async function freePort(): Promise<number> {
  return new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** The server as `npm start` runs it, in its own process, on the test's database. */
async function startServer(databaseUrl: string): Promise<{ url: string; child: ChildProcess; output: () => string }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      HOST: '127.0.0.1',
      PORT: String(port),
      PUBLIC_URL: url,
      LOG_LEVEL: 'warn',
      DATABASE_URL: databaseUrl,
      WEB_DIST_DIR: '/nonexistent',
      MAIL_DIR: mkdtempSync(join(tmpdir(), 'cxc-crash-mail-')),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The server exited during start:\n${output}`);
    if (
      await fetch(`${url}/api/health`).then(
        (response) => response.ok,
        () => false,
      )
    )
      break;
    if (Date.now() > deadline) throw new Error(`The server did not answer within 60 s:\n${output}`);
    await new Promise((done) => setTimeout(done, 100));
  }
  return { url, child, output: () => output };
}

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

  test('every document agrees with its profile after kill -9 under a write load', async () => {
    const config = testApp.app.config.database;
    const server = await startServer(config.kind === 'postgres' ? config.url : config.file);
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
    server.child.kill('SIGKILL');
    stopped = true;
    await Promise.all(load);
    expect(acknowledged, server.output()).toBeGreaterThan(MEMBERS);

    const { db } = testApp.app.database;
    const stored = await db
      .selectFrom('search_documents')
      .selectAll()
      .where('entity_type', '=', 'person')
      .orderBy('id')
      .execute();
    const optedOut = (await db.selectFrom('profiles').select('user_id').where('in_search', '=', 0).execute()).map(
      (row) => row.user_id,
    );
    expect(optedOut.length).toBeGreaterThan(0);
    expect(stored.filter((row) => optedOut.includes(row.entity_id)).map((row) => row.id)).toEqual([]);

    const people = SEARCH_SOURCES.find((source) => source.entityType === 'person')!;
    const rebuilt = (
      await people.documentsOf(
        db,
        members.map((member) => member.userId),
      )
    )
      .map(
        (document) =>
          `${document.entityType}:${document.entityId}:${document.audience} ${document.updatedAt} ${document.body} ${document.facets.map(({ facet, value }) => `${facet}=${value}`).join('|')}`,
      )
      .sort();
    const found = stored
      .map((row) => `${row.id} ${Number(row.updated_at)} ${row.body} ${row.facets.replaceAll('\n', '|')}`)
      .sort();
    expect(found).toEqual(rebuilt);
  });
});
