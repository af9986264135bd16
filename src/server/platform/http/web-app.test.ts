import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { afterAll, describe, expect, test } from 'vitest';
import { accountsRepository } from '../../features/accounts/accounts.repository';
import { DATABASE_TARGETS } from '../../test-support/databases';
import { createMember } from '../../test-support/factories';
import { useTestApp } from '../../test-support/test-app';
import { INITIAL_STATE_ELEMENT_ID } from '../../../shared/web-routes';
import { registerWebApp } from './web-app';

// A built web app of one page, as `vite build` writes it: a head the state goes into.
const webDist = mkdtempSync(join(tmpdir(), 'cxc-web-'));
writeFileSync(
  join(webDist, 'index.html'),
  '<!doctype html><html lang="en"><head><title>Capacity Exchange</title></head><body><div id="app"></div></body></html>',
);
afterAll(() => rmSync(webDist, { recursive: true, force: true }));

/** The JSON of the page's data block, as the browser's `JSON.parse(element.textContent)` reads it. */
function initialStateOf(html: string): unknown {
  const match = new RegExp(`<script id="${INITIAL_STATE_ELEMENT_ID}" type="application/json">(.*?)</script>`).exec(
    html,
  );
  if (!match?.[1]) throw new Error(`no initial state in ${html}`);
  return JSON.parse(match[1]);
}

describe.each(DATABASE_TARGETS)('pages carry who is signed in on $name', (target) => {
  const testApp = useTestApp(target, { WEB_DIST_DIR: webDist });

  test('a member’s page holds what GET /api/session answers them, a visitor’s holds no viewer', async () => {
    const member = await createMember(testApp.current);
    const session = await member.client.get('/api/session');
    const page = await member.client.request('GET', '/profile/edit', undefined, { accept: 'text/html' });
    expect(page.status).toBe(200);
    expect(initialStateOf(String(page.body))).toEqual(session.body);
    expect(session.body).toMatchObject({ viewer: { displayName: member.displayName } });

    const visitor = await testApp.current.app.inject({ method: 'GET', url: '/search' });
    expect(page.headers['cache-control']).toBe('private, no-cache');
    expect(String(visitor.headers.vary)).toContain('Cookie');
    expect(initialStateOf(visitor.body)).toMatchObject({ viewer: null, signInMethods: { local: true } });
  });

  test('a display name that closes the script element stays text in the page', async () => {
    // Names with markup are refused when saved; this one is written past that rule, as a row from
    // before it or another sign-in's name could be, to show the page does not depend on it.
    const displayName = '</script><script>alert(1)</script><!-- Ada';
    const member = await createMember(testApp.current);
    await accountsRepository(testApp.current.app.database.db).updateUser(member.userId, { display_name: displayName });
    const page = await member.client.request('GET', '/', undefined, { accept: 'text/html' });
    const html = String(page.body);
    expect(html).not.toContain('<script>alert(1)');
    expect(html.match(/<\/script>/g)).toHaveLength(1);
    expect(initialStateOf(html)).toMatchObject({ viewer: { displayName } });
  });

  test('a session that no longer holds gets a visitor’s page, not an error', async () => {
    const member = await createMember(testApp.current);
    await member.client.post('/api/auth/sign-out', undefined);
    member.client.cookie = 'no-such-session';
    const page = await member.client.request('GET', '/search', undefined, { accept: 'text/html' });
    expect(page.status).toBe(200);
    expect(initialStateOf(String(page.body))).toMatchObject({ viewer: null });
  });
});

describe('a page whose state cannot be read', () => {
  test('is served without it, and the web app asks the API instead', async () => {
    const app = Fastify();
    const translator = { translate: (_language: string, key: string) => key } as never;
    await registerWebApp(app, {
      distDir: webDist,
      translator,
      initialState: () => Promise.reject(new Error('database away')),
    });
    app.addHook('onRequest', async (request) => {
      Object.assign(request, { uiLanguage: 'ar' });
    });
    const page = await app.inject({ method: 'GET', url: '/search' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<div id="app">');
    expect(page.body).not.toContain(INITIAL_STATE_ELEMENT_ID);
    await app.close();
  });
});
