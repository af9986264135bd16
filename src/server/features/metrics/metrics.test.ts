import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DATABASE_TARGETS } from '../../test-support/databases';
import { searchablePerson } from '../../test-support/factories';
import { TestClient } from '../../test-support/http-client';
import { startTestApp, type TestApp } from '../../test-support/test-app';

const TOKEN = 'metrics-token-for-tests-0123456789abcdef';

/** `/metrics` as a given address would ask it (`inject` sets the socket's address). */
async function scrape(testApp: TestApp, remoteAddress: string, headers: Record<string, string> = {}) {
  const response = await testApp.app.inject({ method: 'GET', url: '/metrics', remoteAddress, headers });
  return { status: response.statusCode, body: response.body, type: response.headers['content-type'] };
}

/** The value of one sample line, e.g. `cxc_jobs{state="due"}`; undefined when absent. */
function sample(text: string, name: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.slice(name.length + 1));
}

describe.each(DATABASE_TARGETS)('metrics and readiness on $name', (target) => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await startTestApp(target, { METRICS_TOKEN: TOKEN, METRICS_ALLOW: '127.0.0.1,::1,10.20.0.0/16' });
  });
  afterAll(() => testApp.close());

  test('readiness waits for the search index, then answers 200; liveness does not wait', async () => {
    const client = new TestClient(testApp.app);
    expect((await client.get('/api/health')).status).toBe(200);
    let ready = await client.get('/api/ready');
    // The first question starts the load; it answers 503, saying what is missing, until it is done.
    for (let tries = 0; ready.status === 503 && tries < 100; tries += 1) {
      expect(ready.error.details).toEqual([
        expect.objectContaining({
          field: 'search',
          code: 'search-loading',
          message: 'The search index is still loading.',
        }),
      ]);
      await new Promise((resolve) => setTimeout(resolve, 50));
      ready = await client.get('/api/ready');
    }
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ready', database: target.name });
  });

  test('readiness is 503 while a migration is pending, translated', async () => {
    const { db } = testApp.database;
    // The migrations table is Kysely's own, outside the schema types.
    const { rows } = await sql<{ name: string; timestamp: string }>`
      select name, timestamp from kysely_migration order by name desc limit 1`.execute(db);
    const newest = rows[0]!;
    await sql`delete from kysely_migration where name = ${newest.name}`.execute(db);
    try {
      const response = await new TestClient(testApp.app).get('/api/ready?uselang=fr');
      expect(response.status).toBe(503);
      expect(response.error.code).toBe('service_unavailable');
      expect(response.error.details).toContainEqual(
        expect.objectContaining({
          field: 'migrations',
          code: 'migrations-pending',
          message: expect.stringContaining(': 1)'),
        }),
      );
    } finally {
      await sql`insert into kysely_migration (name, timestamp) values (${newest.name}, ${newest.timestamp})`.execute(
        db,
      );
    }
    expect((await new TestClient(testApp.app).get('/api/ready')).status).toBe(200);
  });

  test('counts requests by route pattern, never by address, with the queue, index and event loop', async () => {
    const visitor = new TestClient(testApp.app);
    await searchablePerson(testApp, { handle: 'metrics-subject-zq', displayName: 'Metrics Subject' });
    expect((await visitor.get('/api/people/metrics-subject-zq')).status).toBe(200);
    expect((await visitor.get('/api/health')).status).toBe(200);
    await visitor.get('/api/search?q=Metrics');

    const { status, body, type } = await scrape(testApp, '127.0.0.1');
    expect(status).toBe(200);
    expect(type).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(sample(body, 'cxc_http_requests_total{method="GET",route="/api/people/:handle",status="200"}')).toBe(1);
    expect(sample(body, 'cxc_http_requests_total{method="GET",route="/api/health",status="200"}')).toBeGreaterThan(0);
    expect(body).toContain('cxc_http_request_duration_seconds_bucket{le="0.5",method="GET",route="/api/search"}');
    expect(body).not.toContain('metrics-subject-zq');
    for (const state of ['due', 'waiting', 'failed'])
      expect(sample(body, `cxc_jobs{state="${state}"}`)).toBeGreaterThanOrEqual(0);
    expect(sample(body, 'cxc_search_index_loaded')).toBe(1);
    expect(sample(body, 'cxc_search_index_documents{state="live"}')).toBeGreaterThan(0);
    expect(sample(body, 'cxc_search_sync_behind_changes')).toBe(0);
    expect(sample(body, 'nodejs_eventloop_lag_p99_seconds')).toBeGreaterThanOrEqual(0);
    expect(sample(body, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    // A pool on PostgreSQL; SQLite's single connection has none.
    if (target.name === 'postgres')
      expect(sample(body, 'cxc_database_pool_connections{state="open"}')).toBeGreaterThan(0);
    else expect(body).not.toContain('cxc_database_pool_connections{');
  });

  test('a save logged for search shows as the index being behind until the next search', async () => {
    await searchablePerson(testApp, { handle: 'metrics-late-zq', displayName: 'Metrics Late' });
    expect(sample((await scrape(testApp, '::1')).body, 'cxc_search_sync_behind_changes')).toBeGreaterThan(0);
    await new TestClient(testApp.app).get('/api/search?q=Late');
    expect(sample((await scrape(testApp, '::1')).body, 'cxc_search_sync_behind_changes')).toBe(0);
  });

  test('only allowed addresses, or the token, may read them', async () => {
    expect((await scrape(testApp, '10.20.3.4')).status).toBe(200);
    expect((await scrape(testApp, '::ffff:127.0.0.1')).status).toBe(200);
    const refused = await scrape(testApp, '203.0.113.7');
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body)).toMatchObject({ error: { code: 'forbidden', requestId: expect.any(String) } });
    expect(refused.body).not.toContain('cxc_');
    expect((await scrape(testApp, '203.0.113.7', { authorization: `Bearer ${TOKEN}` })).status).toBe(200);
    expect((await scrape(testApp, '203.0.113.7', { authorization: `Bearer ${TOKEN}x` })).status).toBe(403);
    expect((await scrape(testApp, '203.0.113.7', { authorization: 'Bearer ' })).status).toBe(403);
    // Without TRUST_PROXY a forwarded address is not believed: the socket's address counts.
    expect((await scrape(testApp, '203.0.113.7', { 'x-forwarded-for': '127.0.0.1' })).status).toBe(403);
  });
});

describe('metrics behind a trusted proxy', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await startTestApp(DATABASE_TARGETS[0]!, { TRUST_PROXY: 'true' });
  });
  afterAll(() => testApp.close());

  test('the client address the proxy forwards is the one checked', async () => {
    // nginx on the same machine connects from loopback; the client it names is somewhere else.
    expect((await scrape(testApp, '127.0.0.1', { 'x-forwarded-for': '203.0.113.9' })).status).toBe(403);
    expect((await scrape(testApp, '127.0.0.1', { 'x-forwarded-for': '127.0.0.1' })).status).toBe(200);
  });
});
