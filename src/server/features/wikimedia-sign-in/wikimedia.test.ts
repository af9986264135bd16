import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { DATABASE_TARGETS } from '../../test-support/databases';
import { TestClient } from '../../test-support/http-client';
import { createMember } from '../../test-support/factories';
import { useTestApp, type TestApp } from '../../test-support/test-app';
import { WikimediaStandIn } from '../../test-support/wikimedia-standin';

const standIn = new WikimediaStandIn();
beforeAll(async () => {
  await standIn.start();
});
afterAll(async () => {
  await standIn.stop();
});

/** Goes from "Sign in with Wikimedia" to the stand-in's consent page and answers it, like a browser. */
async function consentAt(
  client: TestClient,
  decision: 'allow' | 'deny',
  startPath: `/api/auth/wikimedia/start${'' | `?${string}`}` = '/api/auth/wikimedia/start',
): Promise<URL> {
  const start = await client.get(startPath);
  expect(start.status).toBe(302);
  const authorize = new URL(String(start.headers.location));
  expect(authorize.origin).toBe(standIn.url);
  expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
  expect((await fetch(authorize)).status).toBe(200);
  const form = new URLSearchParams({
    redirect_uri: authorize.searchParams.get('redirect_uri') ?? '',
    state: authorize.searchParams.get('state') ?? '',
    code_challenge: authorize.searchParams.get('code_challenge') ?? '',
    decision,
  });
  const answer = await fetch(`${standIn.url}/w/rest.php/oauth2/authorize`, {
    method: 'POST',
    body: form,
    redirect: 'manual',
  });
  return new URL(String(answer.headers.get('location')));
}

// Where the stand-in sent the browser back to: an address only known at run time.
const back = (client: TestClient, callback: URL) => client.request('GET', `${callback.pathname}${callback.search}`);

async function countUsers(testApp: TestApp): Promise<number> {
  const { rows } = await sql<{ count: number }>`select count(*) as count from users`.execute(testApp.app.database.db);
  return Number(rows[0]?.count);
}

describe.each(DATABASE_TARGETS)('signing in with Wikimedia on $name', (target) => {
  const testApp = useTestApp(target, () => ({
    WIKIMEDIA_OAUTH_URL: standIn.url,
    WIKIMEDIA_CLIENT_ID: standIn.clientId,
    WIKIMEDIA_CLIENT_SECRET: standIn.clientSecret,
  }));
  let sub = 1000;
  beforeEach(() => {
    sub += 1;
    standIn.currentUser = {
      sub: String(sub),
      username: `Wikimedian ${sub}`,
      editcount: 1234,
      registered: '20150304050607',
      blocked: false,
    };
    standIn.codeLifetimeMs = 60_000;
  });

  test('creates an account from the verified identity, keeping only coarse facts and no token', async () => {
    const client = new TestClient(testApp.current.app);
    const response = await back(client, await consentAt(client, 'allow'));
    expect(response.status).toBe(302);
    expect(response.headers.location).toBe('/welcome');
    const session = (await client.get('/api/session')).body;
    expect(session.viewer).toMatchObject({
      wikimediaUsername: `Wikimedian ${sub}`,
      email: null,
      onboarded: false,
      hasPassword: false,
    });

    const row = await testApp.current.app.database.db
      .selectFrom('users')
      .selectAll()
      .where('wikimedia_sub', '=', String(sub))
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ wikimedia_edit_bucket: '1000-9999', wikimedia_registered_year: 2015 });
    const everything = JSON.stringify(
      await Promise.all(
        (await testApp.current.app.database.db.introspection.getTables()).map(
          async (table) =>
            (await sql`select * from ${sql.table(table.name)}`.execute(testApp.current.app.database.db)).rows,
        ),
      ),
    );
    expect(everything).not.toContain('access_token');
    expect(standIn.userAgents.at(-1)).toMatch(/^CapacityExchange\/0\.1 \(http/);
  });

  test('signs the same person into the same account next time', async () => {
    const first = new TestClient(testApp.current.app);
    await back(first, await consentAt(first, 'allow'));
    await first.post('/api/account/consent', {
      displayName: 'Returning',
      acceptCodeOfConduct: true,
      acceptPrivacy: true,
    });
    const before = await countUsers(testApp.current);
    const second = new TestClient(testApp.current.app);
    const response = await back(second, await consentAt(second, 'allow'));
    expect(response.headers.location).toBe('/');
    expect(await countUsers(testApp.current)).toBe(before);
    expect((await second.get('/api/session')).body).toMatchObject({ viewer: { displayName: 'Returning' } });
  });

  test.each([
    { name: 'consent is denied', error: 'wikimedia-denied', act: (client: TestClient) => consentAt(client, 'deny') },
    {
      name: 'the state does not match',
      error: 'wikimedia-state',
      act: async (client: TestClient) => {
        const callback = await consentAt(client, 'allow');
        callback.searchParams.set('state', 'forged-state-value');
        return callback;
      },
    },
    {
      name: 'the code has expired',
      error: 'wikimedia-failed',
      act: async (client: TestClient) => {
        const callback = await consentAt(client, 'allow');
        standIn.expireCodes();
        return callback;
      },
    },
    {
      name: 'the account is blocked',
      error: 'wikimedia-blocked',
      act: (client: TestClient) => {
        standIn.currentUser = { ...standIn.currentUser, blocked: true };
        return consentAt(client, 'allow');
      },
    },
  ])('ends with a clear message and no account when $name', async ({ act, error }) => {
    const before = await countUsers(testApp.current);
    const client = new TestClient(testApp.current.app);
    const response = await back(client, await act(client));
    expect(response.status).toBe(302);
    expect(response.headers.location).toBe(`/sign-in?error=${error}`);
    expect(client.cookie).toBeUndefined();
    expect(await countUsers(testApp.current)).toBe(before);
  });

  test('refuses a callback replayed with a used code', async () => {
    const client = new TestClient(testApp.current.app);
    const callback = await consentAt(client, 'allow');
    expect((await back(client, callback)).headers.location).toBe('/welcome');
    const attacker = new TestClient(testApp.current.app);
    const replay = await back(attacker, callback);
    expect(replay.headers.location).toBe('/sign-in?error=wikimedia-state');
    expect(attacker.cookie).toBeUndefined();
  });

  test('links a Wikimedia account to a local account, showing the verified username', async () => {
    const member = await createMember(testApp.current);
    const callback = await consentAt(member.client, 'allow', '/api/auth/wikimedia/start?link=true');
    expect((await back(member.client, callback)).headers.location).toBe('/settings?linked=wikimedia');
    expect((await member.client.get('/api/account')).body).toMatchObject({
      email: member.email,
      wikimediaUsername: `Wikimedian ${sub}`,
    });

    const other = await createMember(testApp.current);
    const again = await consentAt(other.client, 'allow', '/api/auth/wikimedia/start?link=true');
    expect((await back(other.client, again)).headers.location).toBe('/settings?error=wikimedia-already-linked');
    expect((await other.client.get('/api/account')).body).toMatchObject({ wikimediaUsername: null });
  });

  test('needs a signed-in member to link', async () => {
    const response = await new TestClient(testApp.current.app).get('/api/auth/wikimedia/start?link=true');
    expect(response.status).toBe(401);
  });
});

describe.each(DATABASE_TARGETS)('when Meta-Wiki cannot be reached, on $name', (target) => {
  // Port 9 (discard) on the loopback refuses connections.
  const testApp = useTestApp(target, {
    WIKIMEDIA_OAUTH_URL: 'http://127.0.0.1:9',
    WIKIMEDIA_CLIENT_ID: 'id',
    WIKIMEDIA_CLIENT_SECRET: 'secret',
  });

  test('says so and creates nothing', async () => {
    const client = new TestClient(testApp.current.app);
    const start = await client.get('/api/auth/wikimedia/start');
    const state = new URL(String(start.headers.location)).searchParams.get('state');
    const before = await countUsers(testApp.current);
    const response = await client.get(`/api/auth/wikimedia/callback?code=abc&state=${state}`);
    expect(response.headers.location).toBe('/sign-in?error=wikimedia-unreachable');
    expect(await countUsers(testApp.current)).toBe(before);
  });
});
