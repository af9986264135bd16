import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { DATABASE_TARGETS } from '../../test-support/databases';
import { buildProfile, createMember } from '../../test-support/factories';
import { useTestApp } from '../../test-support/test-app';

// A built web app of one page, so that page paths get the app rather than the API's 404.
const webDist = mkdtempSync(join(tmpdir(), 'cxc-web-'));
writeFileSync(join(webDist, 'index.html'), '<!doctype html><html><body><div id="app"></div></body></html>');
afterAll(() => rmSync(webDist, { recursive: true, force: true }));

describe.each(DATABASE_TARGETS)('request logs on $name', (target) => {
  const testApp = useTestApp(target, { WEB_DIST_DIR: webDist });

  test('name the route, never the handle in the address', async () => {
    const { app, logs } = testApp.current;
    const person = await buildProfile(await createMember(testApp.current), {
      about: { handle: `zq-logged-${Date.now().toString(36)}` },
    });
    const reader = await createMember(testApp.current);
    const { handle } = person;

    expect((await reader.client.get(`/api/people/${handle}`)).status).toBe(200);
    expect((await reader.client.get(`/api/people/${handle}?as=visitor`)).status).toBe(200);
    expect((await reader.client.request('GET', `/api/people/${handle}/nothing`)).status).toBe(404);
    const page = await app.inject({ method: 'GET', url: `/people/${handle}`, headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<div id="app">');
    const unknownPage = await app.inject({ method: 'GET', url: `/people/${handle}/more` });
    expect(unknownPage.statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: `/api/people/${handle}%E0%A4%A` })).statusCode).toBeLessThan(500);

    const lines = logs.map((line) => JSON.stringify(line));
    expect(lines.filter((line) => line.includes(handle))).toEqual([]);
    const requests = logs.filter((line) => line.msg === 'incoming request').map((line) => line.req);
    expect(requests).toContainEqual(expect.objectContaining({ method: 'GET', route: '/api/people/:handle' }));
    expect(requests).toContainEqual(expect.objectContaining({ method: 'GET', route: '(no route)' }));
  });
});
