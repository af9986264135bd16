import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, test } from 'vitest';
import { DATABASE_TARGETS } from '../../test-support/databases';
import { useTestApp } from '../../test-support/test-app';
import { acceptsGzip } from './whole-answer-compression';

describe('which Accept-Encoding headers take gzip', () => {
  test.each([
    { header: undefined, gzip: false },
    { header: '', gzip: false },
    { header: 'gzip', gzip: true },
    { header: 'gzip, deflate, br, zstd', gzip: true },
    { header: 'br;q=1.0, GZIP;q=0.5', gzip: true },
    { header: 'gzip;q=0', gzip: false },
    { header: 'gzip; q=0.000, *', gzip: false },
    { header: '*', gzip: true },
    { header: '*;q=0', gzip: false },
    { header: 'br, identity', gzip: false },
    { header: 'x-gzip', gzip: false },
  ])('$header: $gzip', ({ header, gzip }) => {
    expect(acceptsGzip(header)).toBe(gzip);
  });
});

// A built web app with a page and a script file large enough to be compressed.
const webDist = mkdtempSync(join(tmpdir(), 'cxc-web-'));
mkdirSync(join(webDist, 'assets'));
writeFileSync(
  join(webDist, 'index.html'),
  `<!doctype html><html lang="en"><head></head><body>${'<p>x</p>'.repeat(300)}</body></html>`,
);
writeFileSync(join(webDist, 'assets', 'app-1234.js'), `console.log(${JSON.stringify('capacity '.repeat(400))});`);
afterAll(() => rmSync(webDist, { recursive: true, force: true }));

describe.each(DATABASE_TARGETS)('compressed answers on $name', (target) => {
  const testApp = useTestApp(target, { WEB_DIST_DIR: webDist });
  const get = (url: string, headers: Record<string, string> = {}) =>
    testApp.current.app.inject({ method: 'GET', url, headers });

  test('a JSON answer is gzipped whole and decodes to the same answer', async () => {
    const plain = await get('/api/languages');
    const zipped = await get('/api/languages', { 'accept-encoding': 'gzip, deflate, br' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toContain('Accept-Encoding');
    expect(zipped.rawPayload.length).toBeLessThan(plain.rawPayload.length / 2);
    expect(JSON.parse(gunzipSync(zipped.rawPayload).toString('utf8'))).toEqual(plain.json());
  });

  test('a client that refuses gzip, or asks for no compression, gets the answer as it is', async () => {
    const refusals: Record<string, string>[] = [
      { 'accept-encoding': 'gzip;q=0' },
      { 'accept-encoding': 'gzip', 'x-no-compression': '1' },
    ];
    for (const headers of refusals) {
      const response = await get('/api/languages', headers);
      expect(response.headers['content-encoding'], JSON.stringify(headers)).toBeUndefined();
      expect(response.json()).toHaveProperty('languages');
    }
  });

  test('a small answer is sent as it is', async () => {
    const response = await get('/api/health', { 'accept-encoding': 'gzip' });
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(response.json()).toMatchObject({ status: 'ok' });
  });

  test('a page keeps what it varies by, and a built file (a stream) is still compressed', async () => {
    const page = await get('/search', { 'accept-encoding': 'gzip' });
    expect(page.headers['content-encoding']).toBe('gzip');
    expect(page.headers.vary).toBe('Accept-Language, Cookie, Accept-Encoding');
    expect(gunzipSync(page.rawPayload).toString('utf8')).toContain('<p>x</p>');
    const script = await get('/assets/app-1234.js', { 'accept-encoding': 'gzip' });
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(script.rawPayload).toString('utf8')).toContain('capacity capacity');
  });
});
