import { describe, expect, test } from 'vitest';
import { ConfigError, DEFAULT_SECRET_KEY, loadConfig, parseDatabaseUrl } from './config';

describe('loadConfig', () => {
  test('works out of the box on SQLite at port 8080', () => {
    const config = loadConfig({});
    expect(config.port).toBe(8080);
    expect(config.database).toEqual({ kind: 'sqlite', file: expect.stringMatching(/data\/cxc\.sqlite$/) });
    expect(config.publicUrl).toBe('http://localhost:8080');
    expect(Object.isFrozen(config)).toBe(true);
  });

  test('refuses the default secret in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/SECRET_KEY must be set/);
    expect(() => loadConfig({ NODE_ENV: 'production', SECRET_KEY: 'short' })).toThrow(/at least 32/);
    expect(loadConfig({ NODE_ENV: 'production', SECRET_KEY: 'x'.repeat(40) }).secretKey).not.toBe(DEFAULT_SECRET_KEY);
  });

  test('lists every problem at once', () => {
    try {
      loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud', PUBLIC_URL: 'ftp://x', TRUST_PROXY: 'maybe', NODE_ENV: 'staging' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toHaveLength(5);
    }
  });
});

describe('parseDatabaseUrl', () => {
  test.each([
    { value: 'postgres://u@h:5432/db', expected: { kind: 'postgres', url: 'postgres://u@h:5432/db' } },
    { value: 'postgresql://h/db', expected: { kind: 'postgres', url: 'postgresql://h/db' } },
    { value: ':memory:', expected: { kind: 'sqlite', file: ':memory:' } },
    { value: 'sqlite:/tmp/x.sqlite', expected: { kind: 'sqlite', file: '/tmp/x.sqlite' } },
    { value: '/var/lib/cxc/db.sqlite', expected: { kind: 'sqlite', file: '/var/lib/cxc/db.sqlite' } },
  ])('reads $value', ({ value, expected }) => {
    expect(parseDatabaseUrl(value)).toEqual(expected);
  });
});
