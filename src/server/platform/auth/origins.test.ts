import { describe, expect, test } from 'vitest';
import { DATABASE_TARGETS } from '../../test-support/databases';
import { TestClient } from '../../test-support/http-client';
import { useTestApp, type TestApp } from '../../test-support/test-app';

let emailCounter = 0;
const newEmail = () => `origin${++emailCounter}.${Date.now()}@example.org`;

function signUpFrom(testApp: TestApp, origin: string, language = 'en') {
  return new TestClient(testApp.app, origin).post(
    '/api/auth/sign-up',
    { email: newEmail(), password: 'a long and unusual passphrase' },
    { 'accept-language': language },
  );
}

function refusalLines(testApp: TestApp, origin?: string) {
  return testApp.logs.filter(
    (line) => line.msg === 'cross-site request refused' && (origin === undefined || line.origin === origin),
  );
}

describe.each(DATABASE_TARGETS)('origins of state-changing requests on $name', (target) => {
  describe('in development, with PUBLIC_URL on a loopback address', () => {
    const testApp = useTestApp(target, { NODE_ENV: 'development', PUBLIC_URL: 'http://localhost:8080' });

    test.each(['http://localhost:8080', 'http://127.0.0.1:8080', 'http://[::1]:8080', 'http://127.1.2.3:8080'])(
      'accepts a sign-up from %s, another name of the same machine',
      async (origin) => {
        expect((await signUpFrom(testApp.current, origin)).status).toBe(202);
      },
    );

    test.each([
      'http://127.0.0.1:5173',
      'https://127.0.0.1:8080',
      'http://localhost.example.org:8080',
      'http://127.0.0.1.example.org:8080',
      'http://192.168.1.10:8080',
      'https://evil.example',
    ])('refuses %s, which is another site', async (origin) => {
      const response = await signUpFrom(testApp.current, origin);
      expect(response.status).toBe(403);
      expect(response.error.code).toBe('wrong_origin');
      expect(response.error.message).toBe('This site is served at http://localhost:8080; open it there.');
    });

    test('says where the site is in the reader’s language', async () => {
      const response = await signUpFrom(testApp.current, 'https://elsewhere.example', 'fr');
      expect(response.error.code).toBe('wrong_origin');
      expect(response.error.message).toContain('http://localhost:8080');
      expect(response.error.message).not.toBe('This site is served at http://localhost:8080; open it there.');
    });

    test('logs a refused origin once, however often it comes', async () => {
      const origin = 'https://repeated.example';
      for (let attempt = 0; attempt < 5; attempt += 1)
        expect((await signUpFrom(testApp.current, origin)).status).toBe(403);
      expect(refusalLines(testApp.current, origin)).toHaveLength(1);
      await signUpFrom(testApp.current, 'https://another.example');
      expect(refusalLines(testApp.current, 'https://another.example')).toHaveLength(1);
    });

    test('names at most 100 origins, and says when it stops', async () => {
      for (let index = 0; index < 150; index += 1)
        expect((await signUpFrom(testApp.current, `https://site${index}.example`)).status).toBe(403);
      expect(refusalLines(testApp.current)).toHaveLength(100);
      expect(refusalLines(testApp.current, 'https://site149.example')).toHaveLength(0);
      const stopped = testApp.current.logs.filter((line) => String(line.msg).includes('further ones will not be'));
      expect(stopped).toHaveLength(1);
    });
  });

  describe('in development, with the Vite dev server among EXTRA_ORIGINS', () => {
    const testApp = useTestApp(target, {
      NODE_ENV: 'development',
      PUBLIC_URL: 'http://localhost:8080',
      EXTRA_ORIGINS: 'http://localhost:5173',
    });

    test('accepts the dev server under any loopback name, and nothing else on its port', async () => {
      expect((await signUpFrom(testApp.current, 'http://127.0.0.1:5173')).status).toBe(202);
      expect((await signUpFrom(testApp.current, 'http://[::1]:5173')).status).toBe(202);
      expect((await signUpFrom(testApp.current, 'http://127.0.0.1:5174')).status).toBe(403);
    });

    test('refuses a cross-site request without Origin with the same answer, logged once', async () => {
      const headers = { origin: '', 'sec-fetch-site': 'cross-site' };
      for (let attempt = 0; attempt < 3; attempt += 1) {
        const response = await new TestClient(testApp.current.app).post(
          '/api/auth/sign-up',
          { email: newEmail(), password: 'a long and unusual passphrase' },
          headers,
        );
        expect(response.status).toBe(403);
        expect(response.error.code).toBe('wrong_origin');
      }
      expect(refusalLines(testApp.current, '(none; Sec-Fetch-Site: cross-site)')).toHaveLength(1);
    });
  });

  describe('in development, with PUBLIC_URL elsewhere', () => {
    const testApp = useTestApp(target, { NODE_ENV: 'development', PUBLIC_URL: 'https://cx.example.org' });

    test('refuses loopback origins', async () => {
      for (const origin of ['http://localhost:8080', 'https://localhost', 'https://127.0.0.1']) {
        const response = await signUpFrom(testApp.current, origin);
        expect(response.status).toBe(403);
        expect(response.error.message).toBe('This site is served at https://cx.example.org; open it there.');
      }
      expect((await signUpFrom(testApp.current, 'https://cx.example.org')).status).toBe(202);
    });
  });

  describe('in production', () => {
    const testApp = useTestApp(target, {
      NODE_ENV: 'production',
      SECRET_KEY: 'a-production-secret-of-at-least-32-characters',
      PUBLIC_URL: 'http://localhost:8080',
    });

    test('accepts only the origin of PUBLIC_URL itself', async () => {
      expect((await signUpFrom(testApp.current, 'http://localhost:8080')).status).toBe(202);
      for (const origin of ['http://127.0.0.1:8080', 'http://[::1]:8080']) {
        const response = await signUpFrom(testApp.current, origin);
        expect(response.status).toBe(403);
        expect(response.error.code).toBe('wrong_origin');
        expect(response.error.message).toBe('This site is served at http://localhost:8080; open it there.');
      }
    });
  });
});
