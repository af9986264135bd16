import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { Type, type Static, type TSchema, type TSchemaOptions } from 'typebox';
import { Value } from 'typebox/value';

export const DEFAULT_SECRET_KEY = 'insecure-development-secret-change-me';
const DEFAULT_SQLITE_FILE = './data/cxc.sqlite';
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const HTTP_URL = /^https?:\/\/[^/\s]+/i;
const ORIGIN = /^https?:\/\/[^/\s]+$/i;

/** A comma-separated list of IP addresses and subnets, each checked. */
function addressList(defaults: string[], description: string) {
  return Type.Array(
    Type.Refine(
      Type.String(),
      (entry) => isAddressOrSubnet(entry),
      (entry) => `${entry} is not an IP address or a subnet such as 10.0.0.0/8`,
    ),
    { default: defaults, description },
  );
}

/** An IPv4 or IPv6 address, or one with a prefix length (`10.0.0.0/8`, `fd00::/8`). */
function isAddressOrSubnet(entry: string): boolean {
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return /^\d+$/.test(prefix) && bits <= (family === 4 ? 32 : 128);
}

/** An http(s) address that paths are appended to, so trailing slashes are dropped before it is checked. */
function httpUrl(problem: string, options: TSchemaOptions) {
  return Type.Refine(
    Type.String({ ...options, trimSlashes: true }),
    (value) => HTTP_URL.test(value),
    () => problem,
  );
}

/**
 * Every variable the server reads from its environment (nothing else in the code reads `process.env`),
 * with its type, default and meaning; the README's configuration table shows the same. Every default
 * works on a laptop; the rules below refuse those that would be unsafe in production. The defaults that
 * depend on another variable (PUBLIC_URL, LOG_LEVEL, MAIL_FROM) are worked out in `toConfig`.
 */
export const Environment = Type.Object({
  NODE_ENV: Type.Enum(['development', 'production', 'test'], {
    default: 'development',
    description: 'development, production or test. Production refuses the default SECRET_KEY.',
    problem: 'must be development, production or test',
  }),
  HOST: Type.String({
    default: 'localhost',
    description: 'Interface to listen on; 0.0.0.0 to accept connections from other machines.',
  }),
  PORT: Type.Integer({ minimum: 0, maximum: 65_535, default: 8080, description: 'Port to listen on.' }),
  PUBLIC_URL: Type.Optional(
    httpUrl('must be an http(s) URL, e.g. https://cx.example.org', {
      description:
        'The address people use to reach the site (used in links and the API document); http://localhost:$PORT ' +
        'by default. With https://, the site also sends HSTS and upgrades insecure requests.',
    }),
  ),
  DATABASE_URL: Type.String({
    default: DEFAULT_SQLITE_FILE,
    description:
      'A file path (or sqlite:<path>) for the embedded SQLite database, or a postgres://user:password@host:5432/database URL.',
  }),
  SECRET_KEY: Type.String({
    default: DEFAULT_SECRET_KEY,
    description: 'Secret for signing; at least 32 random characters in production.',
  }),
  LOG_LEVEL: Type.Optional(
    Type.Enum(LOG_LEVELS, {
      description: 'info by default, silent in tests. Logs are JSON lines (pino) with a request id.',
    }),
  ),
  WEB_DIST_DIR: Type.String({ default: 'dist/web', description: 'Where the built web app is served from.' }),
  BODY_LIMIT_BYTES: Type.Integer({
    minimum: 1024,
    maximum: 50 * 1024 * 1024,
    default: 102_400,
    description: 'Largest request body accepted; larger ones get 413.',
  }),
  HEADERS_TIMEOUT_MS: Type.Integer({
    minimum: 1000,
    maximum: 120_000,
    default: 10_000,
    description:
      'A connection that has not sent a whole request head this long after opening (or after its last request) is closed.',
  }),
  REQUEST_TIMEOUT_MS: Type.Integer({
    minimum: 1000,
    maximum: 600_000,
    default: 30_000,
    description: 'A request whose body has not fully arrived this long after it began is answered 408 and closed.',
  }),
  KEEP_ALIVE_TIMEOUT_MS: Type.Integer({
    minimum: 1000,
    maximum: 600_000,
    default: 72_000,
    description:
      "How long an idle kept-alive connection stays open; keep it longer than a reverse proxy's own (nginx: 60 s).",
  }),
  MAX_CONNECTIONS: Type.Integer({
    minimum: 1,
    maximum: 1_000_000,
    default: 4096,
    description:
      'Open connections one instance accepts (live-notification streams included); further ones are closed at once.',
  }),
  METRICS_ALLOW: addressList(
    ['127.0.0.1', '::1'],
    'Comma-separated IP addresses and subnets that may read /metrics without a token (client addresses as TRUST_PROXY says).',
  ),
  METRICS_TOKEN: Type.Optional(
    Type.String({
      minLength: 32,
      problem: 'must be at least 32 characters long',
      description: 'A secret that lets any address read /metrics (Authorization: Bearer <token>); none by default.',
    }),
  ),
  TRUST_PROXY: Type.Boolean({
    default: false,
    description:
      'true behind a reverse proxy, so client addresses (used by rate limits) and X-Request-Id come from it.',
  }),
  TRUSTED_PROXIES: addressList(
    [],
    "With TRUST_PROXY: the proxies' addresses and subnets. Then the client is the nearest forwarded address that is not one of them, so a client's own X-Forwarded-For is ignored even by a proxy that appends to it. Empty: every hop is believed.",
  ),
  EXTRA_ORIGINS: Type.Array(
    Type.Refine(
      Type.String({ trimSlashes: true }),
      (origin) => ORIGIN.test(origin),
      (origin) => `${origin} is not an origin such as http://localhost:5173`,
    ),
    {
      default: [],
      description: "Comma-separated origins, besides PUBLIC_URL's, allowed to send state-changing requests.",
    },
  ),
  LOCAL_ACCOUNTS: Type.Boolean({
    default: true,
    description: 'false for a Wikimedia-only instance (then the two WIKIMEDIA_CLIENT_* variables are required).',
  }),
  // Checked by a rule below, only when Wikimedia sign-in is turned on: a leftover value is harmless.
  WIKIMEDIA_OAUTH_URL: Type.String({
    default: 'https://meta.wikimedia.org',
    description: 'The wiki that runs OAuth 2.0.',
    trimSlashes: true,
  }),
  WIKIMEDIA_CLIENT_ID: Type.Optional(
    Type.String({
      description:
        'Client (consumer) key of the OAuth 2.0 consumer; with the secret, turns on "Sign in with Wikimedia".',
    }),
  ),
  WIKIMEDIA_CLIENT_SECRET: Type.Optional(Type.String({ description: 'Its client secret.' })),
  SMTP_URL: Type.Optional(
    Type.Refine(
      Type.String({
        description: 'smtp://user:password@host:587 or smtps://...; without it, mail is written to MAIL_DIR.',
      }),
      (value) => /^smtps?:\/\//i.test(value),
      () => 'must start with smtp:// or smtps://',
    ),
  ),
  MAIL_FROM: Type.Optional(
    Type.String({
      description: "Sender of the platform's mail; Capacity Exchange <no-reply@host of PUBLIC_URL> by default.",
    }),
  ),
  MAIL_DIR: Type.String({ default: './data/mail', description: 'Where mail goes when there is no SMTP server.' }),
  SESSION_IDLE_DAYS: Type.Integer({
    minimum: 1,
    maximum: 365,
    default: 30,
    description: 'A session unused this long ends.',
  }),
  SESSION_MAX_DAYS: Type.Integer({
    minimum: 1,
    maximum: 3650,
    default: 90,
    description: 'No session lasts longer than this.',
  }),
  JOB_POLL_MS: Type.Integer({
    minimum: 10,
    maximum: 600_000,
    default: 1000,
    description: 'How often the background job queue (mail) is checked for due work.',
  }),
  CONNECT_REQUESTS_PER_DAY: Type.Integer({
    minimum: 1,
    maximum: 10_000,
    default: 10,
    description: 'New message requests (first messages to someone) a member may send per day.',
  }),
  CONNECT_REQUESTS_PER_DAY_NEW_ACCOUNT: Type.Integer({
    minimum: 0,
    maximum: 10_000,
    default: 3,
    description: 'The same, for accounts younger than 24 hours.',
  }),
  MESSAGES_PER_MINUTE: Type.Integer({
    minimum: 1,
    maximum: 10_000,
    default: 20,
    description: 'Messages a member may send per minute, in all conversations together.',
  }),
  INVITATIONS_PER_DAY: Type.Integer({
    minimum: 0,
    maximum: 10_000,
    default: 5,
    description: 'Invitations by e-mail a member may send per day.',
  }),
  LIVE_HEARTBEAT_MS: Type.Integer({
    minimum: 1000,
    maximum: 600_000,
    default: 25_000,
    description: 'How often an open live-notification stream gets a comment line, so proxies keep it open.',
  }),
  AUTO_HIDE_REPORTS: Type.Integer({
    minimum: 1,
    maximum: 100,
    default: 3,
    description:
      'Distinct members (with accounts older than AUTO_HIDE_ACCOUNT_DAYS) whose reports hide an item until a moderator decides.',
  }),
  AUTO_HIDE_ACCOUNT_DAYS: Type.Integer({
    minimum: 0,
    maximum: 365,
    default: 7,
    description: "How old a reporter's account must be for their report to count towards hiding an item automatically.",
  }),
  APPEAL_DAYS: Type.Integer({
    minimum: 1,
    maximum: 365,
    default: 20,
    description: "How long after a moderator's action the member may appeal it (once).",
  }),
  MESSAGING_REQUIRES_VERIFIED: Type.Boolean({
    default: true,
    description: 'Writing messages needs a verified e-mail address or a Wikimedia sign-in.',
  }),
  NEW_ACCOUNT_LINK_DAYS: Type.Integer({
    minimum: 0,
    maximum: 365,
    default: 3,
    description: 'For this many days after sign-up, links a member writes (bio, messages) show as plain text.',
  }),
  SPAM_SAME_TEXT_RECIPIENTS: Type.Integer({
    minimum: 0,
    maximum: 1000,
    default: 5,
    description:
      "Sending the same text (50 characters or more) to this many conversations within an hour holds it for moderators' review (0: never).",
  }),
  STATISTICS_SMALLEST_COUNT: Type.Integer({
    minimum: 2,
    maximum: 100,
    default: 5,
    description:
      'The map and reports withhold counts below this (and zeros, and any count that could be worked out from the others).',
  }),
  STATISTICS_PROTECTED_COUNTRIES: Type.Array(Type.String({ pattern: '^[A-Z]{2}$' }), {
    default: [],
    description:
      'Comma-separated ISO 3166-1 country codes the map and reports never show apart from their Wikimedia region.',
  }),
  EXTERNAL_IMAGES: Type.Boolean({
    default: false,
    description:
      'true shows avatars people chose from Wikimedia Commons (the browser then loads them from Commons); ' +
      'off, no page makes a request to another site.',
  }),
  LINK_CHECK_PRIVATE_ADDRESSES: Type.Boolean({
    default: false,
    description:
      "true lets the daily check of learning resources' links reach loopback and private network addresses " +
      '(for tests and closed networks); off, such links are not fetched.',
  }),
});
export type Environment = Static<typeof Environment>;
export type ConfigVariable = keyof Environment;

/** Shown in the README's configuration table; keep them in step. */
export const CONFIG_VARIABLES: readonly ConfigVariable[] = Object.freeze(
  Object.keys(Environment.properties) as ConfigVariable[],
);

/** What one variable alone cannot say; each answers a problem or nothing. */
const RULES: readonly ((env: Environment) => string | undefined)[] = [
  ({ NODE_ENV, SECRET_KEY }) => {
    if (NODE_ENV !== 'production') return undefined;
    if (SECRET_KEY === DEFAULT_SECRET_KEY)
      return 'SECRET_KEY must be set in production (at least 32 random characters)';
    return SECRET_KEY.length < 32 ? 'SECRET_KEY must be at least 32 characters long' : undefined;
  },
  ({ WIKIMEDIA_CLIENT_ID, WIKIMEDIA_CLIENT_SECRET }) =>
    Boolean(WIKIMEDIA_CLIENT_ID) === Boolean(WIKIMEDIA_CLIENT_SECRET)
      ? undefined
      : 'WIKIMEDIA_CLIENT_ID and WIKIMEDIA_CLIENT_SECRET go together: set both or neither',
  ({ LOCAL_ACCOUNTS, WIKIMEDIA_CLIENT_ID, WIKIMEDIA_CLIENT_SECRET }) =>
    LOCAL_ACCOUNTS || (WIKIMEDIA_CLIENT_ID && WIKIMEDIA_CLIENT_SECRET)
      ? undefined
      : 'LOCAL_ACCOUNTS=false needs WIKIMEDIA_CLIENT_ID and WIKIMEDIA_CLIENT_SECRET, or nobody could sign in',
  (env) =>
    wikimediaOf(env) && !HTTP_URL.test(env.WIKIMEDIA_OAUTH_URL)
      ? 'WIKIMEDIA_OAUTH_URL must be an http(s) URL'
      : undefined,
  (env) =>
    env.NODE_ENV === 'production' && wikimediaOf(env) && /^http:\/\//i.test(env.WIKIMEDIA_OAUTH_URL)
      ? 'WIKIMEDIA_OAUTH_URL must use https in production'
      : undefined,
  ({ HEADERS_TIMEOUT_MS, REQUEST_TIMEOUT_MS }) =>
    HEADERS_TIMEOUT_MS > REQUEST_TIMEOUT_MS ? 'HEADERS_TIMEOUT_MS cannot be longer than REQUEST_TIMEOUT_MS' : undefined,
  ({ SESSION_IDLE_DAYS, SESSION_MAX_DAYS }) =>
    SESSION_IDLE_DAYS > SESSION_MAX_DAYS ? 'SESSION_IDLE_DAYS cannot be longer than SESSION_MAX_DAYS' : undefined,
];

/** The configuration the code reads, worked out from the environment; frozen, nested parts included. */
export interface Config {
  readonly environment: Environment['NODE_ENV'];
  readonly host: string;
  readonly port: number;
  readonly publicUrl: string;
  readonly database: DatabaseConfig;
  readonly secretKey: string;
  readonly logLevel: NonNullable<Environment['LOG_LEVEL']>;
  readonly webDistDir: string;
  readonly bodyLimitBytes: number;
  readonly connections: ConnectionLimits;
  /** Who may read /metrics: these addresses and subnets, or anyone with the token. */
  readonly metrics: { readonly allow: readonly string[]; readonly token: string | undefined };
  readonly trustProxy: boolean;
  /** With trustProxy: the proxies whose forwarded addresses are believed (all when empty). */
  readonly trustedProxies: readonly string[];
  /** Origins besides PUBLIC_URL's from which state-changing requests are accepted (the Vite dev server). */
  readonly extraOrigins: readonly string[];
  readonly localAccounts: boolean;
  readonly wikimedia: WikimediaOAuthConfig | undefined;
  readonly mail: MailConfig;
  readonly sessionIdleDays: number;
  readonly sessionMaxDays: number;
  readonly jobPollMs: number;
  readonly connect: ConnectLimits;
  readonly liveHeartbeatMs: number;
  readonly moderation: ModerationRules;
  readonly statistics: StatisticsRules;
  /** Show images people chose from Wikimedia Commons (avatars, logos); off: no request to another site. */
  readonly externalImages: boolean;
  /** Whether the daily link check may fetch loopback and private addresses. */
  readonly linkCheckPrivateAddresses: boolean;
}

/** The safe space's rules (see docs/ARCHITECTURE.md, Safe space). */
export interface ModerationRules {
  readonly autoHideReports: number;
  readonly autoHideAccountDays: number;
  readonly appealDays: number;
  readonly messagingRequiresVerified: boolean;
  readonly newAccountLinkDays: number;
  readonly spamSameTextRecipients: number;
}

/** What the map and reports may publish (see docs/ARCHITECTURE.md, Map and reports). */
export interface StatisticsRules {
  readonly smallestCount: number;
  readonly protectedCountries: readonly string[];
}

/**
 * How long a connection may take and how many may be open: a public site must shed clients that
 * trickle bytes (a slow-loris attack holds a socket per few bytes a minute) well before Node's own
 * defaults would (60 s for a request head, checked every 30 s; no limit on a body or on connections).
 */
export interface ConnectionLimits {
  readonly headersTimeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly keepAliveTimeoutMs: number;
  readonly maxConnections: number;
}

/** Limits on messaging, counted in the database so every instance shares them. */
export interface ConnectLimits {
  readonly requestsPerDay: number;
  readonly requestsPerDayNewAccount: number;
  readonly messagesPerMinute: number;
  readonly invitationsPerDay: number;
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
  { readonly kind: 'sqlite'; readonly file: string } | { readonly kind: 'postgres'; readonly url: string };

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
  const { variables, problems } = readEnvironment(env);
  for (const rule of RULES) {
    const problem = rule(variables);
    if (problem) problems.push(problem);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return toConfig(variables);
}

function toConfig(env: Environment): Config {
  const publicUrl = env.PUBLIC_URL ?? `http://localhost:${env.PORT}`;
  const wikimedia = wikimediaOf(env);
  return Object.freeze({
    environment: env.NODE_ENV,
    host: env.HOST,
    port: env.PORT,
    publicUrl,
    database: Object.freeze(parseDatabaseUrl(env.DATABASE_URL)),
    secretKey: env.SECRET_KEY,
    logLevel: env.LOG_LEVEL ?? (env.NODE_ENV === 'test' ? 'silent' : 'info'),
    webDistDir: resolve(env.WEB_DIST_DIR),
    bodyLimitBytes: env.BODY_LIMIT_BYTES,
    metrics: Object.freeze({ allow: Object.freeze(env.METRICS_ALLOW), token: env.METRICS_TOKEN }),
    connections: Object.freeze({
      headersTimeoutMs: env.HEADERS_TIMEOUT_MS,
      requestTimeoutMs: env.REQUEST_TIMEOUT_MS,
      keepAliveTimeoutMs: env.KEEP_ALIVE_TIMEOUT_MS,
      maxConnections: env.MAX_CONNECTIONS,
    }),
    trustProxy: env.TRUST_PROXY,
    trustedProxies: Object.freeze(env.TRUSTED_PROXIES),
    extraOrigins: Object.freeze(env.EXTRA_ORIGINS),
    localAccounts: env.LOCAL_ACCOUNTS,
    wikimedia: wikimedia && Object.freeze(wikimedia),
    mail: Object.freeze({
      smtpUrl: env.SMTP_URL,
      from: env.MAIL_FROM ?? `Capacity Exchange <no-reply@${hostOf(publicUrl)}>`,
      mailDir: resolve(env.MAIL_DIR),
    }),
    sessionIdleDays: env.SESSION_IDLE_DAYS,
    sessionMaxDays: env.SESSION_MAX_DAYS,
    jobPollMs: env.JOB_POLL_MS,
    connect: Object.freeze({
      requestsPerDay: env.CONNECT_REQUESTS_PER_DAY,
      requestsPerDayNewAccount: env.CONNECT_REQUESTS_PER_DAY_NEW_ACCOUNT,
      messagesPerMinute: env.MESSAGES_PER_MINUTE,
      invitationsPerDay: env.INVITATIONS_PER_DAY,
    }),
    liveHeartbeatMs: env.LIVE_HEARTBEAT_MS,
    moderation: Object.freeze({
      autoHideReports: env.AUTO_HIDE_REPORTS,
      autoHideAccountDays: env.AUTO_HIDE_ACCOUNT_DAYS,
      appealDays: env.APPEAL_DAYS,
      messagingRequiresVerified: env.MESSAGING_REQUIRES_VERIFIED,
      newAccountLinkDays: env.NEW_ACCOUNT_LINK_DAYS,
      spamSameTextRecipients: env.SPAM_SAME_TEXT_RECIPIENTS,
    }),
    statistics: Object.freeze({
      smallestCount: env.STATISTICS_SMALLEST_COUNT,
      protectedCountries: Object.freeze(env.STATISTICS_PROTECTED_COUNTRIES),
    }),
    externalImages: env.EXTERNAL_IMAGES,
    linkCheckPrivateAddresses: env.LINK_CHECK_PRIVATE_ADDRESSES,
  });
}

function wikimediaOf(env: Environment): WikimediaOAuthConfig | undefined {
  const { WIKIMEDIA_CLIENT_ID: clientId, WIKIMEDIA_CLIENT_SECRET: clientSecret } = env;
  return clientId && clientSecret ? { baseUrl: env.WIKIMEDIA_OAUTH_URL, clientId, clientSecret } : undefined;
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return 'localhost';
  }
}

/** The JSON Schema keywords the reader looks at, and two of its own. */
interface VariableSchema extends TSchema {
  readonly '~kind': string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly enum?: readonly unknown[];
  readonly items?: VariableSchema;
  /** What a bad value is told when the words built from its type would not say it well. */
  readonly problem?: string;
  readonly trimSlashes?: boolean;
}

const TRUE_WORDS = ['1', 'true', 'yes', 'on'];
const FALSE_WORDS = ['0', 'false', 'no', 'off'];

/**
 * Reads each variable by its schema. A blank one counts as unset; a bad one is reported and counts as
 * unset too, so the rules between variables still see sensible values and every problem is listed.
 */
function readEnvironment(env: Record<string, string | undefined>): { variables: Environment; problems: string[] } {
  const problems: string[] = [];
  const values: Record<string, unknown> = {};
  const schemas: [string, VariableSchema][] = Object.entries(Environment.properties);
  for (const [name, schema] of schemas) {
    const text = env[name]?.trim();
    if (!text) continue;
    const value = fromText(schema, text);
    const found = problemsWith(name, schema, value);
    if (found.length === 0) values[name] = value;
    else problems.push(...found);
  }
  // Only values that fit were kept, so once the defaults are in this always parses.
  return { variables: Value.Parse(Environment, Value.Default(Environment, values)), problems };
}

function fromText(schema: VariableSchema, text: string): unknown {
  if (Type.IsInteger(schema)) {
    const number = Number(text);
    return Number.isNaN(number) ? text : number;
  }
  if (Type.IsBoolean(schema)) {
    const word = text.toLowerCase();
    return TRUE_WORDS.includes(word) ? true : FALSE_WORDS.includes(word) ? false : text;
  }
  if (Type.IsArray(schema) && schema.items) {
    const items = schema.items;
    return text
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean)
      .map((item) => fromText(items, item));
  }
  return schema.trimSlashes ? text.replace(/\/+$/, '') : text;
}

/** The problems of one variable's value, each naming the variable. */
function problemsWith(name: string, schema: VariableSchema, value: unknown): string[] {
  const errors = Value.Errors(schema, value);
  if (errors.length === 0) return [];
  const refused = errors.filter((error) => error.keyword === '~refine');
  if (refused.length > 0) {
    // A refinement's message says what is wrong; within a list, it names the item.
    return refused.map((error) =>
      error.instancePath === '' ? `${name} ${error.message}` : `${name}: ${error.message}`,
    );
  }
  return [`${name} ${expectation(schema) ?? errors.map((error) => error.message).join(', ')}`];
}

function expectation(schema: VariableSchema): string | undefined {
  const { problem, minimum, maximum } = schema;
  if (problem) return problem;
  if (Type.IsInteger(schema)) return `must be a whole number from ${minimum} to ${maximum}`;
  if (Type.IsBoolean(schema)) return 'must be true or false';
  if (Type.IsEnum(schema)) return `must be one of ${schema.enum.join(', ')}`;
  return undefined;
}
