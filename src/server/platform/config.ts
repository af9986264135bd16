import { resolve } from 'node:path';

/**
 * Everything the server reads from its environment, read once at start. Nothing else in the code
 * reads `process.env`. Every variable has a default that works on a laptop; production refuses the
 * defaults that would be unsafe there.
 */
export interface Config {
  readonly environment: 'development' | 'production' | 'test';
  readonly host: string;
  readonly port: number;
  readonly publicUrl: string;
  readonly database: DatabaseConfig;
  readonly secretKey: string;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly webDistDir: string;
  readonly bodyLimitBytes: number;
  readonly trustProxy: boolean;
}

export type DatabaseConfig =
  | { readonly kind: 'sqlite'; readonly file: string }
  | { readonly kind: 'postgres'; readonly url: string };

/** Shown in the README's configuration table; keep them in step. */
export const CONFIG_VARIABLES = [
  'NODE_ENV',
  'HOST',
  'PORT',
  'PUBLIC_URL',
  'DATABASE_URL',
  'SECRET_KEY',
  'LOG_LEVEL',
  'WEB_DIST_DIR',
  'BODY_LIMIT_BYTES',
  'TRUST_PROXY',
] as const;

export const DEFAULT_SECRET_KEY = 'insecure-development-secret-change-me';
const DEFAULT_SQLITE_FILE = './data/cxc.sqlite';
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n- ${problems.join('\n- ')}`);
    this.name = 'ConfigError';
  }
}

/** Parses `DATABASE_URL`: `postgres://` or `postgresql://` URLs, `sqlite:<file>`, or a plain file path. */
export function parseDatabaseUrl(value: string | undefined): DatabaseConfig {
  const raw = (value ?? '').trim();
  if (raw === '') return { kind: 'sqlite', file: resolve(DEFAULT_SQLITE_FILE) };
  if (/^postgres(ql)?:\/\//i.test(raw)) return { kind: 'postgres', url: raw };
  if (raw === ':memory:' || raw === 'sqlite::memory:') return { kind: 'sqlite', file: ':memory:' };
  const file = raw.replace(/^sqlite:(\/\/)?/i, '');
  return { kind: 'sqlite', file: resolve(file) };
}

/** Builds the frozen configuration from an environment; throws a ConfigError listing every problem. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const problems: string[] = [];
  const environment = parseEnvironment(env.NODE_ENV, problems);

  const port = parseInteger('PORT', env.PORT, 8080, 0, 65535, problems);
  const bodyLimitBytes = parseInteger('BODY_LIMIT_BYTES', env.BODY_LIMIT_BYTES, 102_400, 1024, 50 * 1024 * 1024, problems);
  const host = env.HOST?.trim() || 'localhost';

  const logLevel = (env.LOG_LEVEL?.trim() || (environment === 'test' ? 'silent' : 'info')) as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);

  const publicUrl = (env.PUBLIC_URL?.trim() || `http://localhost:${port}`).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/\s]+/i.test(publicUrl)) problems.push('PUBLIC_URL must be an http(s) URL, e.g. https://cx.example.org');

  const secretKey = env.SECRET_KEY?.trim() || DEFAULT_SECRET_KEY;
  if (environment === 'production') {
    if (secretKey === DEFAULT_SECRET_KEY) problems.push('SECRET_KEY must be set in production (at least 32 random characters)');
    else if (secretKey.length < 32) problems.push('SECRET_KEY must be at least 32 characters long');
  }

  const trustProxy = parseBoolean('TRUST_PROXY', env.TRUST_PROXY, false, problems);

  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze({
    environment,
    host,
    port,
    publicUrl,
    database: Object.freeze(parseDatabaseUrl(env.DATABASE_URL)),
    secretKey,
    logLevel,
    webDistDir: resolve(env.WEB_DIST_DIR?.trim() || 'dist/web'),
    bodyLimitBytes,
    trustProxy,
  });
}

function parseEnvironment(value: string | undefined, problems: string[]): Config['environment'] {
  const environment = value?.trim() || 'development';
  if (environment === 'development' || environment === 'production' || environment === 'test') return environment;
  problems.push('NODE_ENV must be development, production or test');
  return 'development';
}

function parseInteger(name: string, value: string | undefined, fallback: number, min: number, max: number, problems: string[]): number {
  if (value === undefined || value.trim() === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
    problems.push(`${name} must be a whole number from ${min} to ${max}`);
    return fallback;
  }
  return parsed;
}

function parseBoolean(name: string, value: string | undefined, fallback: boolean, problems: string[]): boolean {
  if (value === undefined || value.trim() === '') return fallback;
  const normalized = value.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(normalized)) return true;
  if (['0', 'false', 'no', 'off'].includes(normalized)) return false;
  problems.push(`${name} must be true or false`);
  return fallback;
}
