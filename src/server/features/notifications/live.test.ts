import { existsSync } from 'node:fs';
import http from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildApp, type AppInstance } from '../../app';
import { openDatabase, type DatabaseHandle } from '../../platform/db/database';
import { dropListeningConnections } from '../../platform/db/dialects/postgres-live';
import { DATABASE_TARGETS } from '../../test-support/databases';
import type { EventStreamReader, ReceivedEvent } from '../../test-support/event-stream';
import { buildProfile, createMember, type ProfiledMember } from '../../test-support/factories';
import { TestClient } from '../../test-support/http-client';
import {
  freePort,
  NGINX,
  openHttpStream,
  startReverseProxy,
  type OpenedHttpStream,
  type ReverseProxy,
} from '../../test-support/reverse-proxy';
import { startTestApp, useTestApp, type TestApp } from '../../test-support/test-app';

const STREAM = '/api/notifications/stream';
/** The smallest heartbeat the configuration allows, so a test sees several in a few seconds. */
const LIVE_ENV = { LIVE_HEARTBEAT_MS: '1000' };
/** How long a test waits for an event that should come at once (not a performance bound). */
const PROMPTLY = 2000;

interface Notice {
  readonly kind: string;
  readonly conversationId: string | null;
}

const isHeartbeat = (event: ReceivedEvent) => event.event === 'comment';
const notices = (events: readonly ReceivedEvent[]): Notice[] =>
  events.filter((event) => event.event === 'notification').map((event) => JSON.parse(event.data) as Notice);

/** Waits for the next `notification` event arriving after the `from`-th event, and answers its data. */
async function nextNotice(events: EventStreamReader, from: number): Promise<Notice> {
  const event = await events.next((received) => received.event === 'notification', PROMPTLY, from);
  return JSON.parse(event.data) as Notice;
}

/** A member with a profile (so others can write to their handle). */
async function person(testApp: TestApp, name: string): Promise<ProfiledMember> {
  return buildProfile(await createMember(testApp, { displayName: name }));
}

/** The same member's session, on another app instance. */
function clientOn(app: AppInstance, member: ProfiledMember): TestClient {
  const client = new TestClient(app);
  client.cookie = member.client.cookie;
  return client;
}

async function request(from: TestClient, to: ProfiledMember, body = 'Could you help me with budgets?') {
  const sent = await from.post('/api/conversations', { handle: to.handle, body });
  expect(sent.status).toBe(201);
  return (sent.body as { id: string }).id;
}

describe.each(DATABASE_TARGETS)('live notifications on $name', (target) => {
  const several = target.name === 'postgres';
  // Behind the proxy (PostgreSQL only), the site's address is the proxy's, so requests sent through
  // it are same-origin; its port must be known before the app is configured.
  let proxyPort = 0;
  beforeAll(async () => {
    if (several) proxyPort = await freePort();
  });
  const testApp = useTestApp(target, () =>
    several ? { ...LIVE_ENV, PUBLIC_URL: `http://127.0.0.1:${proxyPort}`, TRUST_PROXY: 'true' } : LIVE_ENV,
  );

  test("a member's stream hears of requests, acceptances and messages meant for them, and of nobody else's", async () => {
    const ana = await person(testApp.current, 'Ana');
    const bruno = await person(testApp.current, 'Bruno');
    const carla = await person(testApp.current, 'Carla');
    const brunoStream = await bruno.client.openStream(STREAM);
    const anaStream = await ana.client.openStream(STREAM);
    const carlaStream = await carla.client.openStream(STREAM);
    try {
      expect(brunoStream.status).toBe(200);
      expect(brunoStream.headers['content-type']).toMatch(/^text\/event-stream/);
      expect(brunoStream.headers['x-accel-buffering']).toBe('no');
      for (const stream of [brunoStream, anaStream, carlaStream]) await stream.events.next((e) => e.event === 'ready');

      let seen = brunoStream.events.events.length;
      const id = await request(ana.client, bruno);
      expect(await nextNotice(brunoStream.events, seen)).toEqual({ kind: 'request', conversationId: id });

      seen = anaStream.events.events.length;
      expect((await bruno.client.post(`/api/conversations/${id}/accept`)).status).toBe(204);
      expect(await nextNotice(anaStream.events, seen)).toEqual({ kind: 'accepted', conversationId: id });

      seen = brunoStream.events.events.length;
      expect((await ana.client.post(`/api/conversations/${id}/messages`, { body: 'Thank you!' })).status).toBe(201);
      expect(await nextNotice(brunoStream.events, seen)).toEqual({ kind: 'message', conversationId: id });

      // Heartbeats: comment lines, at the configured interval, on every open stream.
      await brunoStream.events.next(isHeartbeat, 3000);
      await carlaStream.events.next(isHeartbeat, 3000);
      expect(brunoStream.events.events.find(isHeartbeat)?.comment).toBe('heartbeat');
      // Each heard only what was meant for them; the sender hears nothing of their own messages.
      expect(notices(brunoStream.events.events)).toEqual([
        { kind: 'request', conversationId: id },
        { kind: 'message', conversationId: id },
      ]);
      expect(notices(anaStream.events.events)).toEqual([{ kind: 'accepted', conversationId: id }]);
      expect(carlaStream.events.events.filter((event) => !isHeartbeat(event)).map((event) => event.event)).toEqual([
        'ready',
      ]);
    } finally {
      for (const stream of [brunoStream, anaStream, carlaStream]) stream.events.close();
    }
  });

  test('a signed-out request is refused with 401 in JSON, a member who has not accepted the texts with 403', async () => {
    const accept = { accept: 'text/event-stream' };
    const signedOut = await new TestClient(testApp.current.app).request('GET', STREAM, undefined, accept);
    expect(signedOut.status).toBe(401);
    expect(signedOut.headers['content-type']).toMatch(/^application\/json/);
    expect(signedOut.error.code).toBe('unauthorized');
    const newcomer = await createMember(testApp.current, { onboarded: false });
    const refused = await newcomer.client.request('GET', STREAM, undefined, accept);
    expect(refused.status).toBe(403);
    expect(refused.headers['content-type']).toMatch(/^application\/json/);
    expect(refused.error.code).toBe('consent_required');
  });

  // Skipped until two bugs in the stream route are fixed (it fails without the fixes, passes with them):
  // a client that leaves while its stream is being authenticated leaves a subscription (and a heartbeat
  // timer) that never ends; and app.close() waits until every open stream's client leaves, which, with
  // heartbeats keeping proxies from timing out, can be never.
  test('a stream ends with its client, even one that left before it opened, and when the app closes', async () => {
    const own = await startTestApp(target, LIVE_ENV);
    let stream: OpenedHttpStream | undefined;
    let closed: Promise<string> | undefined;
    try {
      await own.app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = own.app.server.address() as AddressInfo;
      const bruno = await createMember(own);
      for (let count = 0; count < 5; count += 1) {
        const socket = connect(port, '127.0.0.1');
        await new Promise((resolve) => socket.once('connect', resolve));
        socket.end(
          `GET ${STREAM} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n` +
            `Cookie: cxc_session=${bruno.client.cookie}\r\n\r\n`,
        );
        socket.destroy();
      }
      stream = await openHttpStream(`http://127.0.0.1:${port}${STREAM}`, bruno.client.cookie);
      await stream.events.next((event) => event.event === 'ready');
      // A heartbeat later, the requests of the clients that left have long been handled.
      await stream.events.next(isHeartbeat, 3000);
      expect(own.app.live.streamCount).toBe(1);
      closed = own.close().then(() => 'closed');
      const waited = new Promise((resolve) => setTimeout(() => resolve('still waiting for the stream'), 5000));
      expect(await Promise.race([closed, waited])).toBe('closed');
      await expect(stream.events.next(() => false, PROMPTLY)).rejects.toThrow(/the stream ended/);
    } finally {
      stream?.events.close();
      await (closed ?? own.close());
    }
  });

  // Several instances share events through PostgreSQL's LISTEN/NOTIFY; on SQLite one process serves a file.
  if (several)
    describe('with a second app instance on the same database', () => {
      let first: TestApp;
      let secondDatabase: DatabaseHandle;
      let second: AppInstance;
      beforeAll(async () => {
        first = testApp.current;
        secondDatabase = openDatabase(first.app.config.database);
        second = await buildApp({
          config: first.app.config,
          database: secondDatabase,
          logStream: new Writable({ write: (_chunk, _encoding, done) => done() }),
        });
        await second.ready();
      });
      afterAll(async () => {
        await second?.close();
        await secondDatabase?.close();
      });

      test('a message sent through one instance reaches a stream open on another', async () => {
        const ana = await person(first, 'Ana');
        const bruno = await person(first, 'Bruno');
        const brunoStream = await bruno.client.openStream(STREAM);
        const anaStream = await clientOn(second, ana).openStream(STREAM);
        try {
          await brunoStream.events.next((event) => event.event === 'ready');
          await anaStream.events.next((event) => event.event === 'ready');
          let seen = brunoStream.events.events.length;
          const id = await request(clientOn(second, ana), bruno);
          expect(await nextNotice(brunoStream.events, seen)).toEqual({ kind: 'request', conversationId: id });
          seen = anaStream.events.events.length;
          expect((await bruno.client.post(`/api/conversations/${id}/accept`)).status).toBe(204);
          expect(await nextNotice(anaStream.events, seen)).toEqual({ kind: 'accepted', conversationId: id });
        } finally {
          brunoStream.events.close();
          anaStream.events.close();
        }
      });

      test('after its listening connection is cut, an instance reconnects by itself and says resync', async () => {
        const ana = await person(first, 'Ana');
        const bruno = await person(first, 'Bruno');
        const anaOnSecond = clientOn(second, ana);
        const id = await request(anaOnSecond, bruno);
        expect((await bruno.client.post(`/api/conversations/${id}/accept`)).status).toBe(204);
        const brunoStream = await bruno.client.openStream(STREAM);
        const anaStream = await anaOnSecond.openStream(STREAM);
        try {
          await brunoStream.events.next((event) => event.event === 'ready');
          await anaStream.events.next((event) => event.event === 'ready');
          // Cuts every instance's listening connection on this database, the first's among them.
          await dropListeningConnections(first.app.database.db);
          await brunoStream.events.next((event) => event.event === 'resync', 5000);
          await anaStream.events.next((event) => event.event === 'resync', 5000);
          expect(first.logs.some((line) => line.msg === 'live channel lost its connection; reconnecting')).toBe(true);

          // Both listen again: a message each way arrives.
          let seen = brunoStream.events.events.length;
          expect((await anaOnSecond.post(`/api/conversations/${id}/messages`, { body: 'Still there?' })).status).toBe(
            201,
          );
          expect(await nextNotice(brunoStream.events, seen)).toEqual({ kind: 'message', conversationId: id });
          seen = anaStream.events.events.length;
          expect((await bruno.client.post(`/api/conversations/${id}/messages`, { body: 'Yes!' })).status).toBe(201);
          expect(await nextNotice(anaStream.events, seen)).toEqual({ kind: 'message', conversationId: id });
          expect(brunoStream.events.ended).toBe(false);
        } finally {
          brunoStream.events.close();
          anaStream.events.close();
        }
      });

      // Skipped where nginx is missing, except in CI (.ci/run installs it), as test-all does for Chromium.
      describe.skipIf(!existsSync(NGINX) && process.env.CI !== 'true')('through nginx in front of both', () => {
        const READ_TIMEOUT_SECONDS = 2;
        let proxy: ReverseProxy;
        let silentServer: http.Server;
        const instances: string[] = [];
        beforeAll(async () => {
          for (const app of [first.app, second]) {
            await app.listen({ port: 0, host: '127.0.0.1' });
            instances.push(`127.0.0.1:${(app.server.address() as AddressInfo).port}`);
          }
          // A stand-in stream that sends one event and then nothing, not even a heartbeat.
          silentServer = http.createServer((_request, response) => {
            response.writeHead(200, { 'content-type': 'text/event-stream', 'x-accel-buffering': 'no' });
            response.write('event: ready\ndata: {}\n\n');
          });
          await new Promise<void>((resolve) => silentServer.listen(0, '127.0.0.1', resolve));
          proxy = await startReverseProxy({
            port: proxyPort,
            upstreams: instances,
            readTimeoutSeconds: READ_TIMEOUT_SECONDS,
            extraLocations: [
              { path: '/silent', upstream: `127.0.0.1:${(silentServer.address() as AddressInfo).port}` },
            ],
          });
        });
        afterAll(async () => {
          await proxy?.stop();
          silentServer?.closeAllConnections();
          await new Promise((resolve) => silentServer?.close(resolve));
        });

        /** A request as a browser on the site sends it: session cookie, and its own origin on a POST. */
        async function post(member: ProfiledMember, path: string, body: unknown = {}) {
          const response = await fetch(`${proxy.url}${path}`, {
            method: 'POST',
            headers: {
              cookie: `cxc_session=${member.client.cookie}`,
              origin: first.app.config.publicUrl,
              'content-type': 'application/json',
            },
            body: JSON.stringify(body),
          });
          const text = await response.text();
          return {
            status: response.status,
            body: (text ? JSON.parse(text) : null) as unknown,
            upstream: response.headers.get('x-upstream'),
          };
        }

        test('every notification reaches a stream opened through the proxy, whichever instance nginx picked', async () => {
          const ana = await person(first, 'Ana');
          const bruno = await person(first, 'Bruno');
          let stream: OpenedHttpStream | undefined;
          let silent: OpenedHttpStream | undefined;
          try {
            stream = await openHttpStream(`${proxy.url}${STREAM}`, bruno.client.cookie);
            expect(stream.status).toBe(200);
            expect(stream.headers['content-type']).toMatch(/^text\/event-stream/);
            expect(instances).toContain(stream.headers['x-upstream']);
            const events = stream.events;
            await events.next((event) => event.event === 'ready', PROMPTLY);

            let seen = events.events.length;
            const started = await post(ana, '/api/conversations', { handle: bruno.handle, body: 'Hello!' });
            expect(started.status).toBe(201);
            const id = (started.body as { id: string }).id;
            expect(await nextNotice(events, seen)).toEqual({ kind: 'request', conversationId: id });
            expect((await post(bruno, `/api/conversations/${id}/accept`)).status).toBe(204);

            // nginx takes turns between the instances; each message reaches Bruno wherever it was sent.
            const usedInstances = new Set<string | null>([started.upstream]);
            for (let count = 1; count <= 4; count += 1) {
              seen = events.events.length;
              const sent = await post(ana, `/api/conversations/${id}/messages`, { body: `Message ${count}` });
              expect(sent.status).toBe(201);
              usedInstances.add(sent.upstream);
              expect(await nextNotice(events, seen)).toEqual({ kind: 'message', conversationId: id });
            }
            expect([...usedInstances].sort()).toEqual([...instances].sort());

            // Nothing for Bruno now for longer than proxy_read_timeout: nginx cuts a silent stream...
            seen = events.events.length;
            silent = await openHttpStream(`${proxy.url}/silent`);
            await silent.events.next((event) => event.event === 'ready', PROMPTLY);
            await expect(silent.events.next(() => false, (READ_TIMEOUT_SECONDS + 3) * 1000)).rejects.toThrow(
              /the stream ended/,
            );
            // ...but Bruno's stays open on its heartbeats alone, and still carries notifications.
            expect(events.ended).toBe(false);
            const quiet = events.events.slice(seen);
            expect(quiet.length).toBeGreaterThan(0);
            expect(quiet.every(isHeartbeat)).toBe(true);
            seen = events.events.length;
            expect((await post(ana, `/api/conversations/${id}/messages`, { body: 'One more' })).status).toBe(201);
            expect(await nextNotice(events, seen)).toEqual({ kind: 'message', conversationId: id });
          } finally {
            stream?.events.close();
            silent?.events.close();
          }
        });
      });
    });
});
