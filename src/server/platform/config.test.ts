import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { CONFIG_VARIABLES, ConfigError, DEFAULT_SECRET_KEY, Environment, loadConfig, parseDatabaseUrl } from './config';

const PRODUCTION = { NODE_ENV: 'production', SECRET_KEY: 'x'.repeat(40) };
const WIKIMEDIA = { WIKIMEDIA_CLIENT_ID: 'client', WIKIMEDIA_CLIENT_SECRET: 'secret' };

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return [...(error as ConfigError).problems];
  }
  return [];
}

describe('loadConfig', () => {
  test('works out of the box on SQLite at port 8080', () => {
    const config = loadConfig({});
    expect(config.port).toBe(8080);
    expect(config.database).toEqual({ kind: 'sqlite', file: expect.stringMatching(/data\/cxc\.sqlite$/) });
    expect(config.publicUrl).toBe('http://localhost:8080');
    expect(Object.isFrozen(config)).toBe(true);
  });

  test('has a default for every variable', () => {
    expect(loadConfig({})).toEqual({
      environment: 'development',
      host: 'localhost',
      port: 8080,
      publicUrl: 'http://localhost:8080',
      database: { kind: 'sqlite', file: resolve('./data/cxc.sqlite') },
      secretKey: DEFAULT_SECRET_KEY,
      logLevel: 'info',
      webDistDir: resolve('dist/web'),
      bodyLimitBytes: 102_400,
      metrics: { allow: ['127.0.0.1', '::1'], token: undefined },
      connections: {
        headersTimeoutMs: 10_000,
        requestTimeoutMs: 30_000,
        keepAliveTimeoutMs: 72_000,
        maxConnections: 4096,
      },
      trustProxy: false,
      trustedProxies: [],
      extraOrigins: [],
      localAccounts: true,
      wikimedia: undefined,
      mail: { smtpUrl: undefined, from: 'Capacity Exchange <no-reply@localhost>', mailDir: resolve('./data/mail') },
      sessionIdleDays: 30,
      sessionMaxDays: 90,
      jobPollMs: 1000,
      connect: { requestsPerDay: 10, requestsPerDayNewAccount: 3, messagesPerMinute: 20, invitationsPerDay: 5 },
      liveHeartbeatMs: 25_000,
      moderation: {
        autoHideReports: 3,
        autoHideAccountDays: 7,
        appealDays: 20,
        messagingRequiresVerified: true,
        newAccountLinkDays: 3,
        spamSameTextRecipients: 5,
      },
      statistics: { smallestCount: 5, protectedCountries: [] },
      externalImages: false,
      linkCheckPrivateAddresses: false,
    });
  });

  test('freezes the nested parts too', () => {
    const config = loadConfig({ ...WIKIMEDIA, EXTRA_ORIGINS: 'http://localhost:5173' });
    for (const part of [config.database, config.mail, config.wikimedia, config.extraOrigins])
      expect(Object.isFrozen(part)).toBe(true);
  });

  test('takes empty and blank values as unset, and trims the others', () => {
    const blank = Object.fromEntries(CONFIG_VARIABLES.map((name) => [name, name === 'EXTRA_ORIGINS' ? ' , ' : '  ']));
    expect(loadConfig(blank)).toEqual(loadConfig({}));
    expect(loadConfig({ HOST: ' 0.0.0.0 ', PORT: ' 3000 ', SECRET_KEY: ' key ' })).toMatchObject({
      host: '0.0.0.0',
      port: 3000,
      secretKey: 'key',
    });
  });

  test('is silent in tests unless LOG_LEVEL says otherwise', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).logLevel).toBe('silent');
    expect(loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'debug' }).logLevel).toBe('debug');
    expect(loadConfig({ NODE_ENV: 'production', SECRET_KEY: 'x'.repeat(32) }).logLevel).toBe('info');
  });

  test('derives the public address from PORT, and the sender from the public address', () => {
    expect(loadConfig({ PORT: '3000' })).toMatchObject({
      publicUrl: 'http://localhost:3000',
      mail: { from: 'Capacity Exchange <no-reply@localhost>' },
    });
    expect(loadConfig({ PUBLIC_URL: 'https://cx.example.org//' })).toMatchObject({
      publicUrl: 'https://cx.example.org',
      mail: { from: 'Capacity Exchange <no-reply@cx.example.org>' },
    });
    expect(loadConfig({ PUBLIC_URL: 'https://cx.example.org', MAIL_FROM: 'Hub <hub@example.org>' }).mail.from).toBe(
      'Hub <hub@example.org>',
    );
  });

  test('reads the other values', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://u@h/db',
      WEB_DIST_DIR: 'build/web',
      MAIL_DIR: '/var/mail/cxc',
      SMTP_URL: 'smtps://u:p@mail.example.org:465',
      BODY_LIMIT_BYTES: '2048',
      SESSION_IDLE_DAYS: '7',
      SESSION_MAX_DAYS: '7',
      JOB_POLL_MS: '10',
      EXTRA_ORIGINS: ' http://localhost:5173/ ,,https://preview.example.org',
    });
    expect(config).toMatchObject({
      database: { kind: 'postgres', url: 'postgres://u@h/db' },
      webDistDir: resolve('build/web'),
      mail: { smtpUrl: 'smtps://u:p@mail.example.org:465', mailDir: '/var/mail/cxc' },
      bodyLimitBytes: 2048,
      sessionIdleDays: 7,
      sessionMaxDays: 7,
      jobPollMs: 10,
      extraOrigins: ['http://localhost:5173', 'https://preview.example.org'],
    });
  });

  test.each([
    ['true', true],
    ['1', true],
    ['YES', true],
    ['On', true],
    ['false', false],
    ['0', false],
    ['no', false],
    ['OFF', false],
  ])('reads %s as %s', (value, expected) => {
    const config = loadConfig({ TRUST_PROXY: value, EXTERNAL_IMAGES: value, LOCAL_ACCOUNTS: value, ...WIKIMEDIA });
    expect([config.trustProxy, config.externalImages, config.localAccounts]).toEqual([expected, expected, expected]);
  });

  test('turns on Wikimedia sign-in when both client values are set', () => {
    expect(loadConfig(WIKIMEDIA).wikimedia).toEqual({
      baseUrl: 'https://meta.wikimedia.org',
      clientId: 'client',
      clientSecret: 'secret',
    });
    expect(loadConfig({ ...WIKIMEDIA, WIKIMEDIA_OAUTH_URL: 'http://localhost:9999/' }).wikimedia?.baseUrl).toBe(
      'http://localhost:9999',
    );
    expect(loadConfig({ ...WIKIMEDIA, LOCAL_ACCOUNTS: 'false' })).toMatchObject({
      localAccounts: false,
      wikimedia: { clientId: 'client' },
    });
  });

  test('refuses the default secret in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/SECRET_KEY must be set/);
    expect(() => loadConfig({ NODE_ENV: 'production', SECRET_KEY: 'short' })).toThrow(/at least 32/);
    expect(loadConfig({ NODE_ENV: 'production', SECRET_KEY: 'x'.repeat(40) }).secretKey).not.toBe(DEFAULT_SECRET_KEY);
  });

  test.each<[string, Record<string, string>, string]>([
    ['an unknown environment', { NODE_ENV: 'staging' }, 'NODE_ENV must be development, production or test'],
    ['a port that is not a number', { PORT: 'eighty' }, 'PORT must be a whole number from 0 to 65535'],
    ['a port out of range', { PORT: '70000' }, 'PORT must be a whole number from 0 to 65535'],
    ['a fractional port', { PORT: '80.5' }, 'PORT must be a whole number from 0 to 65535'],
    ['a tiny body limit', { BODY_LIMIT_BYTES: '10' }, 'BODY_LIMIT_BYTES must be a whole number from 1024 to 52428800'],
    ['no idle days', { SESSION_IDLE_DAYS: '0' }, 'SESSION_IDLE_DAYS must be a whole number from 1 to 365'],
    ['too long sessions', { SESSION_MAX_DAYS: '4000' }, 'SESSION_MAX_DAYS must be a whole number from 1 to 3650'],
    ['a too eager poll', { JOB_POLL_MS: '5' }, 'JOB_POLL_MS must be a whole number from 10 to 600000'],
    [
      'an unknown log level',
      { LOG_LEVEL: 'loud' },
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent',
    ],
    [
      'a public address that is not http(s)',
      { PUBLIC_URL: 'ftp://x' },
      'PUBLIC_URL must be an http(s) URL, e.g. https://cx.example.org',
    ],
    [
      'a public address without scheme',
      { PUBLIC_URL: 'cx.example.org' },
      'PUBLIC_URL must be an http(s) URL, e.g. https://cx.example.org',
    ],
    ['a flag that is neither', { TRUST_PROXY: 'maybe' }, 'TRUST_PROXY must be true or false'],
    ['local accounts neither on nor off', { LOCAL_ACCOUNTS: 'sometimes' }, 'LOCAL_ACCOUNTS must be true or false'],
    ['external images neither on nor off', { EXTERNAL_IMAGES: '2' }, 'EXTERNAL_IMAGES must be true or false'],
    [
      'an SMTP address of another scheme',
      { SMTP_URL: 'mail.example.org:587' },
      'SMTP_URL must start with smtp:// or smtps://',
    ],
    [
      'an OAuth wiki that is not http(s)',
      { ...WIKIMEDIA, WIKIMEDIA_OAUTH_URL: 'meta.wikimedia.org' },
      'WIKIMEDIA_OAUTH_URL must be an http(s) URL',
    ],
    [
      'an OAuth wiki over http in production',
      { ...PRODUCTION, ...WIKIMEDIA, WIKIMEDIA_OAUTH_URL: 'http://meta.example.org' },
      'WIKIMEDIA_OAUTH_URL must use https in production',
    ],
    [
      'a client id alone',
      { WIKIMEDIA_CLIENT_ID: 'client' },
      'WIKIMEDIA_CLIENT_ID and WIKIMEDIA_CLIENT_SECRET go together: set both or neither',
    ],
    [
      'a client secret alone',
      { WIKIMEDIA_CLIENT_SECRET: 'secret' },
      'WIKIMEDIA_CLIENT_ID and WIKIMEDIA_CLIENT_SECRET go together: set both or neither',
    ],
    [
      'no way to sign in',
      { LOCAL_ACCOUNTS: 'false' },
      'LOCAL_ACCOUNTS=false needs WIKIMEDIA_CLIENT_ID and WIKIMEDIA_CLIENT_SECRET, or nobody could sign in',
    ],
    [
      'a metrics address that is none',
      { METRICS_ALLOW: '127.0.0.1,localhost' },
      'METRICS_ALLOW: localhost is not an IP address or a subnet such as 10.0.0.0/8',
    ],
    [
      'a subnet too wide',
      { METRICS_ALLOW: '10.0.0.0/33' },
      'METRICS_ALLOW: 10.0.0.0/33 is not an IP address or a subnet such as 10.0.0.0/8',
    ],
    ['a short metrics token', { METRICS_TOKEN: 'short' }, 'METRICS_TOKEN must be at least 32 characters long'],
    [
      'a head deadline past the request deadline',
      { HEADERS_TIMEOUT_MS: '40000', REQUEST_TIMEOUT_MS: '20000' },
      'HEADERS_TIMEOUT_MS cannot be longer than REQUEST_TIMEOUT_MS',
    ],
    [
      'idle sessions outliving every session',
      { SESSION_IDLE_DAYS: '100', SESSION_MAX_DAYS: '50' },
      'SESSION_IDLE_DAYS cannot be longer than SESSION_MAX_DAYS',
    ],
    [
      'the default secret in production',
      { NODE_ENV: 'production' },
      'SECRET_KEY must be set in production (at least 32 random characters)',
    ],
    [
      'a short secret in production',
      { NODE_ENV: 'production', SECRET_KEY: 'x'.repeat(31) },
      'SECRET_KEY must be at least 32 characters long',
    ],
  ])('refuses %s, naming the variable', (_case, env, message) => {
    expect(problemsOf(env)).toEqual([message]);
    expect(() => loadConfig(env)).toThrow(`Invalid configuration:\n- ${message}`);
  });

  test('names each origin of EXTRA_ORIGINS that is not one', () => {
    expect(problemsOf({ EXTRA_ORIGINS: 'http://localhost:5173, localhost:5173, https://x.example.org/path' })).toEqual([
      'EXTRA_ORIGINS: localhost:5173 is not an origin such as http://localhost:5173',
      'EXTRA_ORIGINS: https://x.example.org/path is not an origin such as http://localhost:5173',
    ]);
  });

  test('lists every problem at once', () => {
    try {
      loadConfig({
        PORT: 'eighty',
        LOG_LEVEL: 'loud',
        PUBLIC_URL: 'ftp://x',
        TRUST_PROXY: 'maybe',
        NODE_ENV: 'staging',
      });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toHaveLength(5);
    }
  });

  test('checks the rules between variables with the defaults of the bad ones', () => {
    // A bad SESSION_MAX_DAYS counts as its default (90), so an idle time of 100 days is still too long.
    expect(problemsOf({ SESSION_IDLE_DAYS: '100', SESSION_MAX_DAYS: 'ninety' })).toEqual([
      'SESSION_MAX_DAYS must be a whole number from 1 to 3650',
      'SESSION_IDLE_DAYS cannot be longer than SESSION_MAX_DAYS',
    ]);
  });
});

describe('the README', () => {
  const readme = readFileSync(resolve(import.meta.dirname, '../../../README.md'), 'utf8');
  const section = readme.slice(
    readme.indexOf('## Configuration'),
    readme.indexOf('\n## ', readme.indexOf('## Configuration') + 1),
  );
  const rows = [...section.matchAll(/^\| `([A-Z_]+)` \| (.+?) \| (.+) \|$/gm)].map(
    ([, name = '', defaultCell = '']) => ({ name, defaultCell }),
  );

  test('lists every variable, in the same order', () => {
    expect(rows.map((row) => row.name)).toEqual([...CONFIG_VARIABLES]);
  });

  test('gives the same defaults as the schema', () => {
    const properties = new Map<string, { '~kind': string; default?: unknown; description?: string }>(
      Object.entries(Environment.properties),
    );
    for (const { name, defaultCell } of rows) {
      const schema = properties.get(name)!;
      expect(schema.description, name).toBeTruthy();
      // The README does not print the development secret.
      if (schema.default === undefined || name === 'SECRET_KEY') continue;
      const shown =
        Array.isArray(schema.default) && schema.default.length === 0 ? 'none' : `\`${String(schema.default)}\``;
      expect(defaultCell, name).toBe(shown);
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
