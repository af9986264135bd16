import { connect, type AddressInfo, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DATABASE_TARGETS } from '../../test-support/databases';
import { createMember } from '../../test-support/factories';
import { openHttpStream } from '../../test-support/reverse-proxy';
import { startTestApp, type TestApp } from '../../test-support/test-app';

// Deadlines are a property of the HTTP server, not of the database: one target is enough.
const [target] = DATABASE_TARGETS;

/** What a raw TCP client saw: the bytes the server sent and whether it closed the connection. */
interface RawConnection {
  readonly socket: Socket;
  received(): string;
  /** Resolves with what was received when the server closes; rejects after `withinMs`. */
  closed(withinMs: number): Promise<string>;
}

async function openRaw(port: number): Promise<RawConnection> {
  const socket = connect(port, '127.0.0.1');
  let data = '';
  let ended = false;
  const ending = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  void ending.then(() => (ended = true));
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (data += chunk));
  socket.on('error', () => undefined);
  await new Promise((resolve) => socket.once('connect', resolve));
  return {
    socket,
    received: () => data,
    closed: (withinMs) =>
      ended
        ? Promise.resolve(data)
        : Promise.race([
            ending.then(() => data),
            new Promise<string>((_, reject) =>
              setTimeout(() => reject(new Error(`still open after ${withinMs} ms`)), withinMs).unref(),
            ),
          ]),
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function listening(testApp: TestApp): Promise<number> {
  await testApp.app.listen({ port: 0, host: '127.0.0.1' });
  return (testApp.app.server.address() as AddressInfo).port;
}

async function health(port: number): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${port}/api/health`);
  return response.status;
}

describe('connection deadlines', () => {
  let testApp: TestApp;
  let port: number;
  beforeAll(async () => {
    testApp = await startTestApp(target!, {
      HEADERS_TIMEOUT_MS: '1000',
      REQUEST_TIMEOUT_MS: '2000',
      LIVE_HEARTBEAT_MS: '1000',
    });
    port = await listening(testApp);
  });
  afterAll(() => testApp.close());

  // Node's defaults would keep each of these sockets 60 to 90 s; the waits below are far shorter.
  test('a client that opens a connection and sends nothing is closed after the head deadline', async () => {
    const silent = await openRaw(port);
    await expect(silent.closed(6000)).resolves.toBeDefined();
  });

  test('a client that trickles a request head is answered 408 and closed', async () => {
    const slow = await openRaw(port);
    slow.socket.write('GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    const trickle = setInterval(() => slow.socket.write('X-Slow: a\r\n'), 200);
    try {
      expect(await slow.closed(6000)).toMatch(/^HTTP\/1\.1 408/);
    } finally {
      clearInterval(trickle);
    }
  });

  test('a client that trickles a request body is answered 408 and closed', async () => {
    const slow = await openRaw(port);
    slow.socket.write(
      'POST /api/auth/sign-in HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
        'Content-Length: 200\r\n\r\n{"email":',
    );
    const trickle = setInterval(() => slow.socket.write(' '), 250);
    try {
      expect(await slow.closed(8000)).toMatch(/^HTTP\/1\.1 408/);
    } finally {
      clearInterval(trickle);
    }
  });

  test('a kept-alive connection that sends its requests promptly is not cut', async () => {
    const prompt = await openRaw(port);
    for (let count = 0; count < 4; count += 1) {
      prompt.socket.write('GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
      await sleep(600);
    }
    expect(prompt.received().match(/HTTP\/1\.1 200/g)).toHaveLength(4);
    prompt.socket.destroy();
  });

  test('a live-notification stream outlives both deadlines', async () => {
    const member = await createMember(testApp);
    const stream = await openHttpStream(`http://127.0.0.1:${port}/api/notifications/stream`, member.client.cookie);
    try {
      expect(stream.status).toBe(200);
      await sleep(3000);
      // A heartbeat after both deadlines have passed: the stream is still open.
      await stream.events.next((event) => event.event === 'comment', 3000, stream.events.events.length);
    } finally {
      stream.events.close();
    }
  });
});

describe('the connection cap', () => {
  let testApp: TestApp;
  let port: number;
  beforeAll(async () => {
    testApp = await startTestApp(target!, {
      MAX_CONNECTIONS: '3',
      HEADERS_TIMEOUT_MS: '60000',
      REQUEST_TIMEOUT_MS: '60000',
    });
    port = await listening(testApp);
  });
  afterAll(() => testApp.close());

  test('connections past the cap are closed at once and logged; freed room is used again', async () => {
    const held = await Promise.all([openRaw(port), openRaw(port), openRaw(port)]);
    // Give the server a moment to count the three as its own before the fourth arrives.
    await sleep(200);
    const refused = await openRaw(port);
    expect(await refused.closed(3000)).toBe('');
    expect(testApp.logs.some((line) => line.msg === 'connections refused: the cap was reached')).toBe(true);

    held[0]!.socket.destroy();
    await held[0]!.closed(3000);
    expect(await health(port)).toBe(200);
    for (const connection of held) connection.socket.destroy();
  });
});
