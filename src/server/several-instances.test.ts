import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DATABASE_TARGETS, type TestDatabase } from './test-support/databases';
import { searchablePerson, type ProfiledMember } from './test-support/factories';
import { freePort, NGINX, startReverseProxy, type ReverseProxy } from './test-support/reverse-proxy';
import { SmtpCapture, tokenFromMail } from './test-support/smtp-capture';
import { startTestAppOn, type TestApp } from './test-support/test-app';

/*
 * Two app instances on one PostgreSQL database behind nginx (round robin, no stickiness), as an
 * operator runs them. Live notifications across instances through the proxy are tested in
 * notifications/live.test.ts; a kill -9 under saves in features/search/search-crash.test.ts.
 */

const postgres = DATABASE_TARGETS.find((target) => target.name === 'postgres');

interface Answer {
  readonly status: number;
  readonly body: unknown;
  readonly upstream: string | undefined;
  readonly cookie: string | undefined;
}

describe.skipIf(!postgres || !NGINX)('two instances behind nginx on one PostgreSQL database', () => {
  const smtp = new SmtpCapture();
  let database: TestDatabase;
  let instances: TestApp[] = [];
  let upstreams: string[] = [];
  let proxy: ReverseProxy;
  let publicUrl: string;

  beforeAll(async () => {
    await smtp.start();
    database = await postgres!.create();
    const proxyPort = await freePort();
    publicUrl = `http://127.0.0.1:${proxyPort}`;
    const env = {
      PUBLIC_URL: publicUrl,
      TRUST_PROXY: 'true',
      // nginx (on loopback's 127.0.0.1) appends to X-Forwarded-For; only its hop is believed.
      TRUSTED_PROXIES: '127.0.0.1',
      SMTP_URL: smtp.url!,
    };
    // The second instance shares the database; only the first one drops it at the end.
    const shared: TestDatabase = { config: database.config, dispose: async () => undefined };
    instances = [await startTestAppOn(database, env), await startTestAppOn(shared, env)];
    for (const instance of instances) await instance.app.listen({ port: 0, host: '127.0.0.1' });
    upstreams = instances.map((instance) => `127.0.0.1:${(instance.app.server.address() as AddressInfo).port}`);
    proxy = await startReverseProxy({ port: proxyPort, upstreams, readTimeoutSeconds: 30 });
  });
  afterAll(async () => {
    await proxy?.stop();
    for (const instance of instances.reverse()) await instance.close();
    await smtp.stop();
  });

  /** A request through nginx as a browser on the site sends it, from the loopback address `from`. */
  function through(
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    {
      body,
      cookie,
      from = '127.0.0.2',
      headers = {},
    }: { body?: unknown; cookie?: string; from?: string; headers?: Record<string, string> } = {},
  ): Promise<Answer> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const request = http.request(
        `${proxy.url}${path}`,
        {
          method,
          localAddress: from,
          headers: {
            ...(payload ? { 'content-type': 'application/json' } : {}),
            ...(method === 'GET' ? {} : { origin: publicUrl }),
            ...(cookie ? { cookie: `cxc_session=${cookie}` } : {}),
            ...headers,
          },
        },
        (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (text += chunk));
          response.on('end', () => {
            const setCookie = (response.headers['set-cookie'] ?? []).find((line) => line.startsWith('cxc_session='));
            resolve({
              status: response.statusCode ?? 0,
              body: text && response.headers['content-type']?.includes('json') ? (JSON.parse(text) as unknown) : text,
              upstream: response.headers['x-upstream'] as string | undefined,
              cookie: setCookie?.slice('cxc_session='.length, setCookie.indexOf(';')),
            });
          });
        },
      );
      request.on('error', reject);
      request.end(payload);
    });
  }

  test('nginx takes turns between the two instances', async () => {
    const answered = new Set<string | undefined>();
    for (let count = 0; count < 4; count += 1) answered.add((await through('GET', '/api/health')).upstream);
    expect([...answered].sort()).toEqual([...upstreams].sort());
  });

  test('people sign up and confirm through either instance, get each mail once, and stay signed in on both', async () => {
    const emails = Array.from({ length: 5 }, (_, index) => `two-instances-${index}@example.org`);
    const before = smtp.messages.length;
    const signUps = await Promise.all(
      emails.map((email) =>
        through('POST', '/api/auth/sign-up', { body: { email, password: 'a long and unusual passphrase 42' } }),
      ),
    );
    expect(signUps.map((answer) => answer.status)).toEqual(emails.map(() => 202));
    // Both instances run the job queue; each confirmation mail goes out once.
    const mails = await Promise.all(emails.map((email) => smtp.nextTo(email, before)));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(
      smtp.messages
        .slice(before)
        .map((mail) => mail.to)
        .sort(),
    ).toEqual([...emails].sort());

    const verified = await through('POST', '/api/auth/verify', { body: { token: tokenFromMail(mails[0]!) } });
    expect(verified.status).toBe(200);
    const cookie = verified.cookie!;
    const sessions = await Promise.all(Array.from({ length: 6 }, () => through('GET', '/api/session', { cookie })));
    expect(new Set(sessions.map((answer) => answer.upstream))).toEqual(new Set(upstreams));
    for (const session of sessions) expect(JSON.stringify(session.body)).toContain(emails[0]);
    // Signing out on one instance ends the session on both.
    expect((await through('POST', '/api/auth/sign-out', { cookie })).status).toBe(204);
    for (let count = 0; count < 2; count += 1)
      expect(JSON.stringify((await through('GET', '/api/session', { cookie })).body)).not.toContain(emails[0]);
  });

  test('a save through one instance is found by the very next search on the other', async () => {
    const member: ProfiledMember = await searchablePerson(instances[0]!, {
      handle: 'two-instances-zephyrine',
      displayName: 'Zephyrine Quarto',
    });
    for (let round = 0; round < 3; round += 1) {
      const name = `Zephyrine Quarto ${['Alder', 'Birch', 'Cedar'][round]}`;
      const saved = await through('PUT', '/api/profile/about', {
        cookie: member.client.cookie,
        body: {
          displayName: name,
          handle: member.handle,
          pronouns: null,
          bio: null,
          bioLanguage: null,
          avatarCommonsFile: null,
          visibility: { name: 'public', username: 'public', pronouns: 'public', bio: 'public' },
        },
      });
      expect(saved.status).toBe(200);
      // The next two searches go to both instances, the one that saved and the other.
      const searches = [
        await through('GET', `/api/search?q=${encodeURIComponent(name)}`),
        await through('GET', `/api/search?q=${encodeURIComponent(name)}`),
      ];
      expect(new Set(searches.map((answer) => answer.upstream))).toEqual(new Set(upstreams));
      for (const search of searches)
        expect((search.body as { results: { title: string }[] }).results.map((hit) => hit.title)).toContain(name);
    }
  });

  test('rate limits are shared by the instances and count the client nginx saw, not what the client wrote', async () => {
    // Ten password resets an hour per address (accounts.service); each request claims another address.
    const asked = [];
    for (let count = 0; count < 11; count += 1)
      asked.push(
        await through('POST', '/api/auth/password-reset', {
          body: { email: `nobody-${count}@example.org` },
          from: '127.0.0.3',
          headers: { 'x-forwarded-for': `203.0.113.${count}` },
        }),
      );
    expect(new Set(asked.map((answer) => answer.upstream))).toEqual(new Set(upstreams));
    expect(asked.slice(0, 10).map((answer) => answer.status)).toEqual(Array.from({ length: 10 }, () => 202));
    expect(asked[10]!.status).toBe(429);
    // Another client is not held back by it.
    expect(
      (await through('POST', '/api/auth/password-reset', { body: { email: 'other@example.org' }, from: '127.0.0.4' }))
        .status,
    ).toBe(202);
  });
});
