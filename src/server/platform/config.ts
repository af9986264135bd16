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
  /** Origins besides PUBLIC_URL's from which state-changing requests are accepted (the Vite dev server). */
  readonly extraOrigins: readonly string[];
  readonly localAccounts: boolean;
  readonly wikimedia: WikimediaOAuthConfig | undefined;
  readonly mail: MailConfig;
  readonly sessionIdleDays: number;
  readonly sessionMaxDays: number;
  readonly jobPollMs: number;
  /** Show images people chose from Wikimedia Commons (avatars, logos); off: no request to another site. */
  readonly externalImages: boolean;
}

export interface WikimediaOAuthConfig {
  /** Base URL of the wiki that runs OAuth, normally https://meta.wikimedia.org. */
  readonly baseUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

export interface MailConfig {
  /** `smtp://user:pass@host:587` or `smtps://...`; when absent, mail is written to `mailDir`. */
  readonly smtpUrl: string | undefined;
  readonly from: string;
  readonly mailDir: string;
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
  'EXTRA_ORIGINS',
  'LOCAL_ACCOUNTS',
  'WIKIMEDIA_OAUTH_URL',
  'WIKIMEDIA_CLIENT_ID',
  'WIKIMEDIA_CLIENT_SECRET',
  'SMTP_URL',
  'MAIL_FROM',
  'MAIL_DIR',
  'SESSION_IDLE_DAYS',
  'SESSION_MAX_DAYS',
  'JOB_POLL_MS',
  'EXTERNAL_IMAGES',
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
  const localAccounts = parseBoolean('LOCAL_ACCOUNTS', env.LOCAL_ACCOUNTS, true, problems);
  const extraOrigins = (env.EXTRA_ORIGINS ?? '').split(',').map((origin) => origin.trim().replace(/\/+$/, '')).filter(Boolean);
  for (const origin of extraOrigins) {
    if (!/^https?:\/\/[^/\s]+$/i.test(origin)) problems.push(`EXTRA_ORIGINS: ${origin} is not an origin such as http://localhost:5173`);
  }

  const wikimedia = parseWikimedia(env, problems);
  if (!localAccounts && !wikimedia) problems.push('LOCAL_ACCOUNTS=false needs WIKIMEDIA_CLIENT_ID and WIKIMEDIA_CLIENT_SECRET, or nobody could sign in');

  const smtpUrl = env.SMTP_URL?.trim() || undefined;
  if (smtpUrl && !/^smtps?:\/\//i.test(smtpUrl)) problems.push('SMTP_URL must start with smtp:// or smtps://');
  const mailFrom = env.MAIL_FROM?.trim() || `Capacity Exchange <no-reply@${hostOf(publicUrl)}>`;

  const sessionIdleDays = parseInteger('SESSION_IDLE_DAYS', env.SESSION_IDLE_DAYS, 30, 1, 365, problems);
  const sessionMaxDays = parseInteger('SESSION_MAX_DAYS', env.SESSION_MAX_DAYS, 90, 1, 3650, problems);
  if (sessionIdleDays > sessionMaxDays) problems.push('SESSION_IDLE_DAYS cannot be longer than SESSION_MAX_DAYS');
  const jobPollMs = parseInteger('JOB_POLL_MS', env.JOB_POLL_MS, 1000, 10, 600_000, problems);
  const externalImages = parseBoolean('EXTERNAL_IMAGES', env.EXTERNAL_IMAGES, false, problems);

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
    extraOrigins: Object.freeze(extraOrigins),
    localAccounts,
    wikimedia: wikimedia ? Object.freeze(wikimedia) : undefined,
    mail: Object.freeze({ smtpUrl, from: mailFrom, mailDir: resolve(env.MAIL_DIR?.trim() || './data/mail') }),
    sessionIdleDays,
    sessionMaxDays,
    jobPollMs,
    externalImages,
  });
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return 'localhost';
  }
}

function parseWikimedia(env: Record<string, string | undefined>, problems: string[]): WikimediaOAuthConfig | undefined {
  const clientId = env.WIKIMEDIA_CLIENT_ID?.trim();
  const clientSecret = env.WIKIMEDIA_CLIENT_SECRET?.trim();
  if (!clientId && !clientSecret) return undefined;
  if (!clientId || !clientSecret) {
    problems.push('WIKIMEDIA_CLIENT_ID and WIKIMEDIA_CLIENT_SECRET go together: set both or neither');
    return undefined;
  }
  const baseUrl = (env.WIKIMEDIA_OAUTH_URL?.trim() || 'https://meta.wikimedia.org').replace(/\/+$/, '');
  if (!/^https?:\/\/[^/\s]+/i.test(baseUrl)) problems.push('WIKIMEDIA_OAUTH_URL must be an http(s) URL');
  if (env.NODE_ENV === 'production' && baseUrl.startsWith('http://')) problems.push('WIKIMEDIA_OAUTH_URL must use https in production');
  return { baseUrl, clientId, clientSecret };
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
