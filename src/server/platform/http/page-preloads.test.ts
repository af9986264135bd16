import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { DATABASE_TARGETS } from '../../test-support/databases';
import { useTestApp } from '../../test-support/test-app';

// A built web app with the build's preload list for three routes.
const webDist = mkdtempSync(join(tmpdir(), 'cxc-web-'));
writeFileSync(join(webDist, 'index.html'), '<!doctype html><html><head><title>x</title></head><body></body></html>');
mkdirSync(join(webDist, '.vite'));
writeFileSync(
  join(webDist, '.vite', 'page-preloads.json'),
  JSON.stringify({
    routes: [
      { pattern: '/organizations/:slug', files: { en: ['assets/Org.js', 'assets/Org.css'], ar: ['assets/Org.js'] } },
      { pattern: '/organizations/new', files: { en: ['assets/NewOrg.js'], ar: ['assets/NewOrg.js'] } },
      {
        pattern: '/',
        files: { en: ['assets/Home.js', 'assets/messages__en__home.js'], ar: ['assets/messages__ar__home.js'] },
      },
    ],
  }),
);
afterAll(() => rmSync(webDist, { recursive: true, force: true }));

describe.each(DATABASE_TARGETS)('page preloads on $name', (target) => {
  const testApp = useTestApp(target, { WEB_DIST_DIR: webDist });
  const page = (url: string, language = 'en') =>
    testApp.current.app.inject({ method: 'GET', url, headers: { accept: 'text/html', 'accept-language': language } });

  test("names the page's own scripts, styles and messages in its language, in the head", async () => {
    const home = await page('/');
    expect(home.body).toContain(
      '<link rel="modulepreload" crossorigin href="/assets/Home.js"><link rel="modulepreload" crossorigin href="/assets/messages__en__home.js"></head>',
    );
    const arabic = await page('/', 'ar');
    expect(arabic.body).toContain('href="/assets/messages__ar__home.js"');
    expect(arabic.body).not.toContain('messages__en__home');
    const organization = await page('/organizations/wikimedia-deutschland?tab=x');
    expect(organization.body).toContain('<link rel="preload" as="style" crossorigin href="/assets/Org.css">');
    expect(organization.body).toContain('href="/assets/Org.js"');
  });

  test('prefers a fixed segment to a parameter, and names nothing for a path no route has', async () => {
    const creating = await page('/organizations/new');
    expect(creating.body).toContain('href="/assets/NewOrg.js"');
    expect(creating.body).not.toContain('/assets/Org.js');
    for (const path of ['/organizations/a/b', '/nowhere', '/organizations']) {
      const other = await page(path);
      expect(other.body).not.toContain('modulepreload');
      expect(other.body).toContain('<title>x</title></head>');
    }
  });
});
