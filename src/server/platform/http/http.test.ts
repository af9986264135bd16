import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { DATABASE_TARGETS } from '../../test-support/databases';
import { apiError, TestClient } from '../../test-support/http-client';
import { startTestApp, useTestApp } from '../../test-support/test-app';

describe.each(DATABASE_TARGETS)('HTTP behaviour on $name', (target) => {
  const testApp = useTestApp(target, { BODY_LIMIT_BYTES: '2048' });

  test('reports health with the database it uses', async () => {
    const response = await testApp.current.app.inject({ method: 'GET', url: '/api/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', database: target.name });
  });

  test.each([
    {
      name: 'an unknown API route',
      method: 'GET',
      url: '/api/nothing-here',
      status: 404,
      code: 'route_not_found',
      language: 'fr',
      message: 'Cette adresse n’existe pas dans l’API.',
    },
    {
      name: 'an unknown page without a built web app',
      method: 'GET',
      url: '/some/page',
      status: 404,
      code: 'route_not_found',
      language: 'en',
      message: 'There is no such address in the API.',
    },
    {
      name: 'malformed JSON',
      method: 'POST',
      url: '/api/health',
      body: '{"broken',
      contentType: 'application/json',
      status: 400,
      code: 'malformed_json',
      language: 'ar',
      message: 'جسم الطلب ليس JSON صالحًا.',
    },
    {
      name: 'an oversized body',
      method: 'POST',
      url: '/api/health',
      body: JSON.stringify({ text: 'x'.repeat(5000) }),
      contentType: 'application/json',
      status: 413,
      code: 'payload_too_large',
      language: 'pt-br',
      message: 'A requisição é grande demais.',
    },
    {
      name: 'an invalid query parameter',
      method: 'GET',
      url: '/api/regions?lang=klingon',
      status: 400,
      code: 'validation_failed',
      language: 'en',
      message: 'Some of the values sent are not valid.',
    },
    {
      name: 'a repeated query parameter',
      method: 'GET',
      url: '/api/languages?lang=en&lang=fr',
      status: 400,
      code: 'validation_failed',
      language: 'en',
      message: 'Some of the values sent are not valid.',
    },
  ])(
    'answers $name with $status $code in the request language',
    async ({ method, url, body, contentType, status, code, language, message }) => {
      const response = await testApp.current.app.inject({
        method: method as 'GET' | 'POST',
        url,
        headers: { 'accept-language': language, ...(contentType ? { 'content-type': contentType } : {}) },
        ...(body !== undefined ? { payload: body } : {}),
      });
      expect(response.statusCode).toBe(status);
      expect(response.headers['content-type']).toContain('application/json');
      // Sent as raw bytes (malformed JSON, oversized bodies), so through inject rather than the client.
      const error = apiError(response.json(), response.statusCode);
      expect(error.code).toBe(code);
      expect(error.message).toBe(message);
      expect(error.requestId).toBe(response.headers['x-request-id']);
      expect(response.body).not.toMatch(/at \w+ \(|node_modules|\.ts:\d+/);
    },
  );

  test('sends a strict content security policy and other protective headers', async () => {
    const response = await testApp.current.app.inject({ method: 'GET', url: '/api/health' });
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
  });

  test('compresses large answers', async () => {
    const response = await testApp.current.app.inject({
      method: 'GET',
      url: '/api/languages',
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(response.headers['content-encoding']).toBe('gzip');
  });

  test('never answers 5xx to arbitrary paths, queries and bodies', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH'),
        fc.constantFrom(
          '/api/capacities',
          '/api/regions',
          '/api/languages',
          '/api/projects',
          '/api/health',
          '/api/openapi.json',
          '/api/x',
          '/',
        ),
        fc.dictionary(fc.constantFrom('lang', 'uselang', 'q', 'x', '__proto__'), fc.string({ maxLength: 20 }), {
          maxKeys: 3,
        }),
        fc.option(fc.string({ maxLength: 200 })),
        async (method, path, query, body) => {
          const response = await testApp.current.app.inject({
            method: method as 'GET',
            url: path,
            query,
            ...(body !== null && method !== 'GET'
              ? { payload: body, headers: { 'content-type': 'application/json' } }
              : {}),
          });
          expect(response.statusCode).toBeLessThan(500);
        },
      ),
      { numRuns: 150 },
    );
  });

  test('answers 503, not 500, when the database is gone', async () => {
    const broken = await startTestApp(target);
    await broken.database.close();
    const response = await new TestClient(broken.app).get('/api/health');
    expect(response.status).toBe(503);
    expect(response.error.code).toBe('service_unavailable');
    await broken.app.close();
  });

  test('logs every request with its id and never the cookie', async () => {
    await testApp.current.app.inject({
      method: 'GET',
      url: '/api/health',
      headers: { cookie: 'cxc_lang=fr; secret=hunter2' },
    });
    const lines = JSON.stringify(testApp.current.logs);
    expect(lines).not.toContain('hunter2');
    expect(testApp.current.logs.some((line) => typeof line.reqId === 'string')).toBe(true);
  });
});
