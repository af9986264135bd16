/**
 * `npm run bench [-- api|web|search|saves|messages|moderation|reports|load]`: starts a production build and measures it.
 * - api: autocannon (16 connections) on /api/health and /api/capacities, on SQLite and on PostgreSQL
 *   (BENCH_DATABASE_URL, or a local server at 127.0.0.1:5432 when one answers): p50/p95/p99 latency,
 *   requests/s, and the ratio of each endpoint's throughput to /api/health's in the same run.
 * - web: on WEB_PEOPLE demo people, every kind of page as a visitor and as a signed-in member (a
 *   profile, an organization, search with results, the member's own pages): the gzipped JavaScript +
 *   CSS the browser fetched for the first load (budget 100 kB; the build checks the same from its
 *   files) and Lighthouse's mobile scores (budget: performance >= 95, accessibility 100) with the
 *   metrics behind them (the median of BENCH_LIGHTHOUSE_RUNS runs, default 3).
 *   BENCH_WEB_PAGES=/,/people,/profile/edit measures only those pages; BENCH_LIGHTHOUSE_DIR keeps
 *   each page's whole Lighthouse report there, and BENCH_BROWSER_PROFILE_DIR each page's JavaScript
 *   profile while it loads (360 px, no throttling). Then each page BENCH_THROTTLED_RUNS times
 *   (default 5; 0 skips it) in Chromium slowed as Lighthouse's phone but measured, not simulated:
 *   the blocking time after the first paint, and the first and largest paints (median, each run kept).
 * - search: loads BENCH_SEARCH_PEOPLE demo people (default 100,000) with `cxc seed --demo` and times it
 *   (budget 60 s); signs up SEARCH_MEMBERS members through the API, each learning some capacities and
 *   speaking some languages; then, as those members, loads each kind of search (broad words, words + 2
 *   facets, facets only, other scripts and deep pages, learning resources and services by their kind's
 *   facets among the demo data's 5,000 and 2,000), each rotating through QUERIES_PER_KIND different
 *   queries, and peers for my needs, and visitors' words + a facet (budget p95 <= 50 ms), beside
 *   /api/health in the same run and /api/health probed during each load; and the server's resident
 *   memory after loading and after the runs.
 * - saves: on BENCH_SAVES_PEOPLE demo people (default 20,000), signed-in members editing their profiles:
 *   16 members each saving their own sections in turn, then 16 saves at once of one member's capacities,
 *   every body different, beside /api/health in the same run, with the status of any non-2xx answer.
 * - messages: on BENCH_MESSAGES_PEOPLE demo people (default 100,000), 1,100 members signed in through the
 *   API, and BENCH_MESSAGES demo messages (default 200,000) among them all (the members from the quietest
 *   to the busiest): the inbox and opening a conversation as many different members (and the busiest
 *   members, and the longest conversations), beside /api/health in the same run (budget p95 <= 30 ms).
 *   Then live, on the same instance: 1,000 of them hold /api/notifications/stream open (the server's
 *   memory before and after) while the other 100 write 200 messages a second for 10 s to them; for
 *   each, the time from the start of its POST to the `notification` event on the recipient's stream
 *   (budget p95 <= 1 s), and any not delivered. On PostgreSQL the events go through LISTEN/NOTIFY.
 * - moderation: on BENCH_MODERATION_PEOPLE demo people (default 20,000) and BENCH_REPORTS demo reports
 *   (default 10,000; most open, some claimed or decided), 16 moderators signed in through the API open
 *   the queue with every status and category filter, walk its open pages, and open reports, beside
 *   /api/health in the same run (budget p95 <= 50 ms).
 * - engine: on BENCH_SEARCH_PEOPLE demo people, the member kinds of the search suite asked in the
 *   bench's own process through the app's search service, its engine in the same thread: each
 *   search's time (p50, p95, mean) and the engine's share, without HTTP or a load generator.
 * - reports: on BENCH_SEARCH_PEOPLE demo people (default 100,000), the map over many different views
 *   (more than a run asks, so each is counted afresh), the default map (kept a minute), and every
 *   report, beside /api/health (budget p95 <= 100 ms).
 * - load: on BENCH_LOAD_PEOPLE demo people (default 10,000), through nginx, for BENCH_LOAD_SECONDS
 *   (default 60): 64 connections at once of signed-in reads, member searches, profile saves and
 *   messages, with /api/health one at a time meanwhile; one instance on SQLite and on PostgreSQL, two
 *   instances on one PostgreSQL database. Each kind's percentiles and non-2xx answers, health's p95.
 * Prints a table and writes bench/results/latest.json.
 */
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { Agent, request as httpRequest } from 'node:http';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import lighthouse from 'lighthouse';
import pg from 'pg';
import { chromium } from 'playwright-core';
import { startApp, type RunningApp } from '../e2e/support/app-server';
import { CHROMIUM_PATH } from '../e2e/support/browser';
import { seedDemoMessages } from '../src/server/features/messages/demo-messages';
import { demoVocabulary, seededRandom } from '../src/server/features/profiles/demo-people';
import { seedDemoReports } from '../src/server/features/moderation/demo-reports';
import { REPORT_CATEGORY } from '../src/shared/vocabulary';
import { RESOURCE_KIND, RESOURCE_LICENCE, SERVICE_FORMAT, SERVICE_KIND } from '../src/shared/item-vocabulary';
import { organizationPath, personPath } from '../src/shared/web-routes';
import { parseDatabaseUrl } from '../src/server/platform/config';
import { freePort, startReverseProxy } from '../src/server/test-support/reverse-proxy';
import { openDatabase, type DatabaseHandle } from '../src/server/platform/db/database';
import { Translator } from '../src/server/platform/i18n';
import { localEngineFactory } from '../src/server/features/search/engine/local-engine';
import type { SearchEngineFactory } from '../src/server/features/search/engine/types';
import { searchService, type SearchParams } from '../src/server/features/search/search.service';
import { SEARCH_ENGINE_OPTIONS, searchIndexSync } from '../src/server/features/search/search.sync';

const CONNECTIONS = 16;
const DURATION_SECONDS = Number(process.env.BENCH_DURATION_SECONDS ?? 10);
const FIRST_LOAD_BUDGET_KB = 100;
/** Demo people behind the web pages measured (so profiles, organizations and search have content). */
const WEB_PEOPLE = 500;
const RESULTS = resolve(import.meta.dirname, 'results/latest.json');

interface LatencyEntry {
  kind: 'latency';
  name: string;
  database: 'sqlite' | 'postgres';
  p50: number;
  p95: number;
  p99: number;
  requestsPerSecond: number;
  ratioToHealth: number;
  non2xx: number;
  /** How many of each non-2xx status, e.g. "500: 12", when there were any. */
  non2xxCodes?: string;
  errors: number;
  /** The p95 the endpoint should stay within, where it has one. */
  budgetP95Ms?: number;
  /** The p95 of /api/health asked one at a time during this load, where it was watched. */
  healthP95MeanwhileMs?: number;
}
interface LoadTimeEntry {
  kind: 'load-time';
  name: string;
  database: 'sqlite' | 'postgres';
  people: number;
  seconds: number;
  budgetSeconds: number;
  /** After loading (the search index built and warm), before the measured runs. */
  residentMemoryMb: number;
  /** After the measured runs: what the heaps grew to under load. */
  residentMemoryAfterRunsMb?: number;
}
interface WeightEntry {
  kind: 'first-load-weight';
  name: string;
  javascriptKb: number;
  cssKb: number;
  totalKb: number;
  budgetKb: number;
  withinBudget: boolean;
}
interface LighthouseEntry {
  kind: 'lighthouse';
  name: string;
  formFactor: 'mobile';
  performance: number;
  accessibility: number;
  bestPractices: number;
  seo: number;
  /** The metrics the performance score is made of (milliseconds; layout shift unitless). */
  firstContentfulPaintMs: number;
  largestContentfulPaintMs: number;
  totalBlockingTimeMs: number;
  cumulativeLayoutShift: number;
  speedIndexMs: number;
  /** How many runs the median is of, and the lowest and highest performance among them. */
  runs?: number;
  performanceRange?: string;
}
/**
 * A page's first view in Chromium itself, slowed as Lighthouse's phone is (4x CPU, 150 ms round
 * trips, 1.6 Mbit/s) but measured rather than simulated: the median of several loads, each run's
 * figure kept, to tell a change from this machine's noise (Lighthouse's score moves 4-6 points here).
 */
interface ThrottledLoadEntry {
  kind: 'throttled-load';
  name: string;
  runs: number;
  /** Sum over the long tasks after the first paint, within 7 s, of what each took beyond 50 ms. */
  blockingAfterFirstPaintMs: number;
  largestContentfulPaintMs: number;
  firstContentfulPaintMs: number;
  /** Each run's blocking time, in the order measured. */
  blockingRunsMs: string;
}
/** The server's resident memory before and with many live-notification streams open. */
interface StreamsMemoryEntry {
  kind: 'streams-memory';
  name: string;
  database: 'sqlite' | 'postgres';
  streams: number;
  openSeconds: number;
  rssBeforeMb: number;
  rssWithStreamsMb: number;
  perStreamKb: number;
  rssAfterSendingMb: number;
}
/** Messages written through the API and the time until the recipient's open stream told of each. */
interface DeliveryEntry {
  kind: 'delivery';
  name: string;
  database: 'sqlite' | 'postgres';
  sent: number;
  messagesPerSecond: number;
  /** From the first POST to the last answer: above the sending time, the server fell behind. */
  answeredSeconds: number;
  delivered: number;
  undelivered: number;
  /** Writes answered with anything but 201 (not awaited on a stream). */
  failed: number;
  /** Notification events no sent message was waiting for. */
  stray: number;
  p50: number;
  p95: number;
  p99: number;
  postP50: number;
  postP95: number;
  budgetP95Ms: number;
  withinBudget: boolean;
}
/** One kind of search asked in the bench's own process (the engine suite): no HTTP, no load generator. */
interface EngineEntry {
  kind: 'engine';
  name: string;
  database: 'sqlite';
  searches: number;
  /** The whole search service (words, labels, the engine, the answer), per search. */
  p50: number;
  p95: number;
  mean: number;
  /** The engine's part of the mean. */
  engineMean: number;
}
type Entry =
  | EngineEntry
  | LatencyEntry
  | LoadTimeEntry
  | WeightEntry
  | LighthouseEntry
  | ThrottledLoadEntry
  | StreamsMemoryEntry
  | DeliveryEntry;

function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN;
}

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

/**
 * Sets up each connection's requests (method, body, cookie) where one URL is not enough; see autocannon's
 * `setupClient` and `Client.setRequests`.
 */
type SetupClient = (client: autocannon.Client) => void;

/** One autocannon run; latencies are collected per response so p95 is exact, not interpolated. */
async function load(
  url: string,
  connections = CONNECTIONS,
  duration = DURATION_SECONDS,
  headers: Record<string, string> = {},
  setupClient?: SetupClient,
): Promise<Omit<LatencyEntry, 'kind' | 'name' | 'database' | 'ratioToHealth'>> {
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolveRun, reject) => {
    const instance = autocannon(
      { url, connections, duration, headers: { 'accept-encoding': 'gzip', ...headers }, setupClient },
      (error, finished) => (error ? reject(error) : resolveRun(finished)),
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
  latencies.sort((a, b) => a - b);
  const non2xxCodes = Object.entries(result.statusCodeStats ?? {})
    .filter(([status]) => !status.startsWith('2'))
    .map(([status, { count }]) => `${status}: ${count ?? 0}`)
    .join(', ');
  return {
    p50: round(percentile(latencies, 0.5)),
    p95: round(percentile(latencies, 0.95)),
    p99: round(percentile(latencies, 0.99)),
    requestsPerSecond: round(result.requests.average, 1),
    non2xx: result.non2xx,
    ...(non2xxCodes ? { non2xxCodes } : {}),
    errors: result.errors + result.timeouts,
  };
}

/**
 * One connection for 3 s: warms caches without queueing requests that would still be running, and
 * starving the next measurement, when a slow endpoint is warmed up.
 */
async function warmUp(url: string, headers: Record<string, string> = {}, setupClient?: SetupClient): Promise<void> {
  await load(url, 1, 3, headers, setupClient);
}

async function postgresServer(): Promise<string | undefined> {
  const candidate = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const client = new pg.Client({ connectionString: candidate, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return candidate;
  } catch {
    return undefined;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function withDatabase<T>(
  database: 'sqlite' | 'postgres',
  serverUrl: string | undefined,
  work: (env: Record<string, string>) => Promise<T>,
): Promise<T> {
  const production = { NODE_ENV: 'production', SECRET_KEY: randomBytes(32).toString('hex'), LOG_LEVEL: 'warn' };
  if (database === 'sqlite' || !serverUrl) return work(production);
  const name = `cxc_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  try {
    return await work({ ...production, DATABASE_URL: url.toString() });
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

async function benchApi(entries: Entry[]): Promise<void> {
  const serverUrl = await postgresServer();
  const databases: ('sqlite' | 'postgres')[] = serverUrl ? ['sqlite', 'postgres'] : ['sqlite'];
  if (!serverUrl) console.log('PostgreSQL does not answer: measuring SQLite only (set BENCH_DATABASE_URL).');
  for (const database of databases) {
    await withDatabase(database, serverUrl, async (env) => {
      const app = await startApp(env);
      try {
        await warmUp(`${app.url}/api/capacities?lang=en`);
        await loadEndpoints(
          app,
          database,
          'api',
          [{ name: '/api/capacities', path: '/api/capacities?lang=en' }],
          entries,
        );
      } finally {
        await app.stop();
      }
    });
  }
}

/** Loads each endpoint in turn after /api/health, recording throughput as a ratio to health's. */
interface Endpoint {
  name: string;
  path: string;
  headers?: Record<string, string>;
  setupClient?: SetupClient;
  budgetP95Ms?: number;
  /** Also time /api/health, one request at a time, while this endpoint is loaded: is the server still responsive? */
  watchHealth?: boolean;
}

async function loadEndpoints(
  app: RunningApp,
  database: 'sqlite' | 'postgres',
  suite: string,
  endpoints: Endpoint[],
  entries: Entry[],
): Promise<void> {
  let healthRate = Number.NaN;
  // Health is named after the suite's run, so each suite's ratios keep their own reference.
  const health: Endpoint = {
    name: suite === 'api' ? '/api/health' : `/api/health (${suite} run)`,
    path: '/api/health',
  };
  for (const endpoint of [health, ...endpoints]) {
    console.log(`Loading ${endpoint.name} on ${database} for ${DURATION_SECONDS} s...`);
    // A slow endpoint's unanswered requests would still be running at the start of the next one.
    await waitUntilAnswering(app);
    const [measured, healthMeanwhile] = await Promise.all([
      load(`${app.url}${endpoint.path}`, CONNECTIONS, DURATION_SECONDS, endpoint.headers, endpoint.setupClient),
      endpoint.watchHealth ? healthWhileLoaded(app) : undefined,
    ]);
    if (endpoint === health) healthRate = measured.requestsPerSecond;
    entries.push({
      kind: 'latency',
      name: endpoint.name,
      database,
      ...measured,
      ratioToHealth: round(measured.requestsPerSecond / healthRate, 3),
      ...(endpoint.budgetP95Ms ? { budgetP95Ms: endpoint.budgetP95Ms } : {}),
      ...(healthMeanwhile ? { healthP95MeanwhileMs: healthMeanwhile.p95 } : {}),
    });
  }
}

/** Health probes during a load, 50 a second, one at a time: their p95 says whether the event loop stayed free. */
async function healthWhileLoaded(app: RunningApp, duration = DURATION_SECONDS) {
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolveRun, reject) => {
    const instance = autocannon(
      { url: `${app.url}/api/health`, connections: 1, overallRate: 50, duration },
      (error, finished) => (error ? reject(error) : resolveRun(finished)),
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
  latencies.sort((a, b) => a - b);
  return { p95: round(percentile(latencies, 0.95)), requests: result.requests.total };
}

async function waitUntilAnswering(app: RunningApp): Promise<void> {
  for (let tries = 0; tries < 600; tries += 1) {
    const started = Date.now();
    await fetch(`${app.url}/api/health`);
    if (Date.now() - started < 50) return;
  }
}

/** A JSON answer, and the session cookie it sets if any. */
interface Answer {
  status: number;
  body: string;
  cookie: string;
}

/**
 * A JSON request sent from `from`, one of the loopback addresses: sign-ups are limited per address
 * (ten an hour), so members signing up from their own addresses, as people on their own machines do,
 * are not refused after the tenth.
 */
function call(app: RunningApp, method: string, path: string, body?: unknown, cookie = '', from?: string) {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise<Answer>((done, fail) => {
    const sent = httpRequest(
      `${app.url}${path}`,
      {
        method,
        localAddress: from,
        headers: {
          ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
          ...(cookie ? { cookie } : {}),
        },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () =>
          done({
            status: response.statusCode ?? 0,
            body: text,
            cookie: (response.headers['set-cookie']?.[0] ?? '').split(';')[0]!,
          }),
        );
      },
    );
    sent.on('error', fail);
    sent.end(payload);
  });
}

async function send(app: RunningApp, method: string, path: string, body?: unknown, cookie = '', from?: string) {
  const answer = await call(app, method, path, body, cookie, from);
  if (answer.status < 200 || answer.status >= 300)
    throw new Error(`${method} ${path}: ${answer.status} ${answer.body}`);
  return answer;
}

/**
 * The verification links mailed to MAIL_DIR, each file read once (signing up a thousand members would
 * otherwise read every mail a thousand times).
 */
class Mailbox {
  private readonly done = new Set<string>();
  private readonly tokens = new Map<string, string>();

  constructor(private readonly dir: string) {}

  async token(email: string): Promise<string | undefined> {
    for (let tries = 0; tries < 200; tries += 1) {
      if (!this.tokens.has(email)) this.read();
      const token = this.tokens.get(email);
      if (token) return token;
      await new Promise((done) => setTimeout(done, 50));
    }
    return undefined;
  }

  private read(): void {
    if (!existsSync(this.dir)) return;
    for (const file of readdirSync(this.dir)) {
      if (this.done.has(file)) continue;
      // The files are quoted-printable: undo soft line breaks and the encoded "=".
      const mail = readFileSync(join(this.dir, file), 'utf8')
        .replace(/=\r?\n/g, '')
        .replace(/=3D/g, '=');
      const to = /^To: (?:.*<)?([^\s<>]+@[^\s<>]+?)>?\s*$/im.exec(mail)?.[1]?.toLowerCase();
      const token = /#token=([A-Za-z0-9_-]+)/.exec(mail)?.[1];
      if (to && token) this.tokens.set(to, token);
      // A file still being written is read again; other mails (notifications) once they are a second old.
      if ((to && token) || Date.now() - statSync(join(this.dir, file)).mtimeMs > 1000) this.done.add(file);
    }
  }
}

const mailboxes = new Map<string, Mailbox>();
const mailboxOf = (dir: string) => mailboxes.get(dir) ?? mailboxes.set(dir, new Mailbox(dir)).get(dir)!;

/** The n-th address of 127.0.1.1, 127.0.1.2 ... 127.0.1.250, 127.0.2.1 ...: one per member signing up. */
const loopbackAddress = (n: number) => `127.0.${1 + Math.floor(n / 250)}.${1 + (n % 250)}`;

const RUN_ID = Date.now();

/**
 * The n-th member signed in through the API as anyone would (sign-up, the mailed link, consent): the
 * session cookie and the account's id.
 */
async function signedInAccount(app: RunningApp, mailDir: string, n = 0): Promise<{ cookie: string; userId: string }> {
  const email = `bench-${RUN_ID}-${n}@example.org`;
  await send(
    app,
    'POST',
    '/api/auth/sign-up',
    { email, password: 'a long unusual bench phrase 42' },
    '',
    loopbackAddress(n),
  );
  const token = await mailboxOf(mailDir).token(email);
  if (!token) throw new Error('The verification mail did not arrive');
  const { cookie } = await send(app, 'POST', '/api/auth/verify', { token });
  const account = await send(
    app,
    'POST',
    '/api/account/consent',
    { displayName: `Bench Member ${n + 1}`, acceptCodeOfConduct: true, acceptPrivacy: true },
    cookie,
  );
  return { cookie, userId: (JSON.parse(account.body) as { id: string }).id };
}

/** The n-th member signed in through the API (see `signedInAccount`): the session cookie. */
async function signedInMember(app: RunningApp, mailDir: string, n = 0): Promise<string> {
  return (await signedInAccount(app, mailDir, n)).cookie;
}

/**
 * Loads `people` demo people with `cxc seed --demo` (without demo messages: `--messages 0`, so the
 * time is the people's) into a new database and runs `work` on the app started on it (with the
 * seconds the load took, and the directory the app's mail goes to). `appEnv` adds to the app's
 * environment.
 */
/** BENCH_PROFILE_DIR: the server writes a CPU profile there when it stops (`node --cpu-prof`). */
const profiling: string[] = process.env.BENCH_PROFILE_DIR
  ? ['--cpu-prof', `--cpu-prof-dir=${resolve(process.env.BENCH_PROFILE_DIR)}`]
  : [];

async function withDemoPeople(
  database: 'sqlite' | 'postgres',
  serverUrl: string | undefined,
  people: number,
  work: (app: RunningApp, mailDir: string, seedSeconds: number, env: Record<string, string>) => Promise<void>,
  appEnv: Record<string, string> = {},
): Promise<void> {
  await withDatabase(database, serverUrl, async (env) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cxc-bench-'));
    const mailDir = join(dataDir, 'mail');
    const databaseEnv = { ...env, DATABASE_URL: env.DATABASE_URL ?? join(dataDir, 'cxc.sqlite'), MAIL_DIR: mailDir };
    try {
      console.log(`Loading ${people.toLocaleString('en')} demo people into ${database}...`);
      const started = Date.now();
      const seeded = spawnSync(
        process.execPath,
        ['--import', 'tsx', 'src/server/cli.ts', 'seed', '--demo', '--people', String(people), '--messages', '0'],
        { env: { ...process.env, ...databaseEnv }, stdio: 'inherit' },
      );
      if (seeded.status !== 0) throw new Error('cxc seed --demo failed');
      const seconds = round((Date.now() - started) / 1000, 1);
      const app = await startApp({ ...databaseEnv, ...appEnv }, profiling);
      try {
        await work(app, mailDir, seconds, { ...databaseEnv, ...appEnv });
      } finally {
        await app.stop();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
}

const SEARCH_PEOPLE = Number(process.env.BENCH_SEARCH_PEOPLE ?? 100_000);
const LOAD_BUDGET_SECONDS = 60;
const SEARCH_BUDGET_MS = 50;
/** Different queries per kind of search: enough that neither a cache nor a lucky query decides a figure. */
const QUERIES_PER_KIND = 24;
/** Members signed in for the search runs: each connection searches as one of them, peers rotate through all. */
const SEARCH_MEMBERS = 24;

/** The demo's seeded generator, so every run asks the same varied queries. */
function benchRandom(seed: number) {
  const next = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  return { next, pick };
}

/** The facet values people filter by, as the app lists them after the demo load. */
interface SearchReference {
  /** Capacities by how many people share them, most first. */
  popularCapacities: number[];
  languages: string[];
  regions: string[];
  formats: string[];
}

async function searchReference(app: RunningApp, cookie: string): Promise<SearchReference> {
  const facets = (
    JSON.parse((await send(app, 'GET', '/api/search?side=shares', undefined, cookie)).body) as {
      facets: Record<'capacity' | 'language' | 'region' | 'format', { value: string }[]>;
    }
  ).facets;
  return {
    popularCapacities: facets.capacity.map((entry) => Number(entry.value)),
    languages: facets.language.map((entry) => entry.value),
    regions: facets.region.map((entry) => entry.value),
    formats: facets.format.map((entry) => entry.value),
  };
}

/**
 * The kinds of search, each a rotation of QUERIES_PER_KIND different paths: words of the demo data in
 * several scripts, random facet combinations, deep pages.
 */
function searchKinds(reference: SearchReference) {
  const random = benchRandom(SEARCH_PEOPLE);
  const { bioWords, nativeNames } = demoVocabulary();
  const broad = ['wiki', 'edit', ...bioWords.filter((word) => /^[a-z]/i.test(word))].map((word) => word.toLowerCase());
  const nonLatin = [...nativeNames, ...bioWords.filter((word) => !/^\p{Script=Latin}/u.test(word))];
  const facet = () =>
    random.pick([
      () => `language=${random.pick(reference.languages.slice(0, 15))}`,
      () => `region=${random.pick(reference.regions)}`,
      () => `side=${random.pick(['shares', 'learns', 'knows'])}`,
      () => `capacity=${random.pick(reference.popularCapacities.slice(0, 20))}`,
      () => `format=${random.pick(reference.formats)}`,
    ])();
  const twoFacets = () => {
    const first = facet();
    let second = facet();
    while (second.split('=')[0] === first.split('=')[0]) second = facet();
    return `${first}&${second}`;
  };
  const kinds = (make: (index: number) => string) =>
    Array.from({ length: QUERIES_PER_KIND }, (_, index) => `/api/search?${make(index)}`);
  const word = (index: number) => encodeURIComponent(broad[index % broad.length]!);
  return {
    broad: kinds((index) => `q=${word(index)}`),
    wordsAndFacets: kinds((index) => `q=${word(index + 5)}&${twoFacets()}`),
    facetsOnly: kinds(
      () =>
        `capacity=${random.pick(reference.popularCapacities.slice(0, 30))}&` +
        (random.next() < 0.5
          ? `language=${random.pick(reference.languages.slice(0, 15))}`
          : `region=${random.pick(reference.regions)}`),
    ),
    // Half are a word in another script, half a page deep in a broad query.
    nonLatinAndDeep: kinds((index) =>
      index % 2 === 0
        ? `q=${encodeURIComponent(nonLatin[(index * 7) % nonLatin.length]!)}`
        : `q=${word(index)}&page=${20 + (index % 31)}`,
    ),
    visitor: kinds((index) => `q=${word(index + 11)}&${facet()}`),
    // Learning resources and services (5,000 and 2,000 beside 100,000 people): a kind with its own facets.
    items: kinds((index) =>
      random.pick([
        () => `type=resource&resourceKind=${random.pick(RESOURCE_KIND.values)}`,
        () => `type=resource&capacity=${random.pick(reference.popularCapacities.slice(0, 30))}`,
        () =>
          `type=resource&licence=${random.pick(RESOURCE_LICENCE.values)}&language=${random.pick(['en', 'es', 'fr', 'ar'])}`,
        () => `type=service&serviceKind=${random.pick(SERVICE_KIND.values)}`,
        () =>
          `type=service&serviceFormat=${random.pick(SERVICE_FORMAT.values)}&region=${random.pick(reference.regions)}`,
        () => `q=${word(index + 3)}&type=resource`,
      ])(),
    ),
  };
}

/** Each connection searches as its own member (when there are cookies), through every path, from its own starting point. */
function rotation(paths: readonly string[], cookies: readonly string[] = []): SetupClient {
  let connection = 0;
  return (client) => {
    const mine = connection++;
    const headers: Record<string, string> = cookies.length > 0 ? { cookie: cookies[mine % cookies.length]! } : {};
    const start = (mine * 5) % paths.length;
    client.setRequests(
      [...paths.slice(start), ...paths.slice(0, start)].map((path) => ({ method: 'GET', path, headers })),
    );
  };
}

/** A member who wants to learn some of the shared capacities and speaks some of the demo languages. */
async function searchingMember(
  app: RunningApp,
  mailDir: string,
  n: number,
  reference: SearchReference,
  cookie?: string,
): Promise<string> {
  const session = cookie ?? (await signedInMember(app, mailDir, n));
  const random = benchRandom(1000 + n);
  const learns = [...new Set(Array.from({ length: 3 + (n % 4) }, () => random.pick(reference.popularCapacities)))];
  const languages = [...new Set(Array.from({ length: 1 + (n % 3) }, () => random.pick(reference.languages)))];
  await send(
    app,
    'PUT',
    '/api/profile/capacities',
    {
      knows: [],
      shares: [],
      learns: learns.map((id) => ({ id, level: null, note: null })),
      visibility: 'members',
    },
    session,
  );
  await send(
    app,
    'PUT',
    '/api/profile/languages',
    { languages: languages.map((code, index) => ({ code, level: index === 0 ? 'N' : '3' })), visibility: 'members' },
    session,
  );
  return session;
}

async function benchSearch(entries: Entry[]): Promise<void> {
  const serverUrl = await postgresServer();
  const databases: ('sqlite' | 'postgres')[] = serverUrl ? ['sqlite', 'postgres'] : ['sqlite'];
  for (const database of databases) {
    await withDemoPeople(database, serverUrl, SEARCH_PEOPLE, async (app, mailDir, seconds) => {
      const first = await signedInMember(app, mailDir, 0);
      // The first search builds the index: the memory "after loading", before any load grows the heaps.
      const reference = await searchReference(app, first);
      const loadedMemoryMb = round(app.residentMemoryMb(), 0);
      const cookies = await inParallel(SEARCH_MEMBERS, SIGN_UP_CONCURRENCY, (n) =>
        searchingMember(app, mailDir, n, reference, n === 0 ? first : undefined),
      );
      const kinds = searchKinds(reference);
      // Runs at other sizes keep their own entries beside the 100,000-people ones.
      const size = SEARCH_PEOPLE === 100_000 ? '' : ` (${SEARCH_PEOPLE.toLocaleString('en')} people)`;
      const endpoint = (name: string, paths: readonly string[], members = true): Endpoint => ({
        name: `search: ${name}${size}`,
        path: paths[0]!,
        setupClient: rotation(paths, members ? cookies : []),
        budgetP95Ms: SEARCH_BUDGET_MS,
        watchHealth: true,
      });
      const peers = cookies.map(() => '/api/matches');
      for (const paths of Object.values(kinds)) await warmUp(`${app.url}${paths[0]}`, {}, rotation(paths, cookies));
      await warmUp(`${app.url}/api/matches`, {}, rotation(peers, cookies));
      await loadEndpoints(
        app,
        database,
        `search${size}`,
        [
          endpoint('member, broad words', kinds.broad),
          endpoint('member, words + 2 facets', kinds.wordsAndFacets),
          endpoint('member, facets only', kinds.facetsOnly),
          endpoint('member, other scripts and deep pages', kinds.nonLatinAndDeep),
          endpoint('member, resources and services by kind', kinds.items),
          { ...endpoint('member, peers for my needs', peers), name: `peers for my needs${size}` },
          endpoint('visitor, words + a facet', kinds.visitor, false),
        ],
        entries,
      );
      entries.push({
        kind: 'load-time',
        name: `load ${SEARCH_PEOPLE} people`,
        database,
        people: SEARCH_PEOPLE,
        seconds,
        budgetSeconds: LOAD_BUDGET_SECONDS,
        residentMemoryMb: loadedMemoryMb,
        residentMemoryAfterRunsMb: round(app.residentMemoryMb(), 0),
      });
    });
  }
}

const ENGINE_ROUNDS = 10;

/** A search path of `searchKinds` as the service takes it, as the API schema would parse it. */
function searchParamsOf(path: string): SearchParams {
  const params: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(path.slice(path.indexOf('?') + 1))) {
    if (key === 'q' || key === 'sort') params[key] = value;
    else if (key === 'page' || key === 'minLevel') params[key] = Number(value);
    else params[key] = [...((params[key] as unknown[] | undefined) ?? []), key === 'capacity' ? Number(value) : value];
  }
  return params as SearchParams;
}

/**
 * The search engine measured in this process: on SEARCH_PEOPLE demo people, each kind of member
 * search of the search suite, ENGINE_ROUNDS times round its queries, through the app's search
 * service with the engine in this thread. The whole search and the engine's share, without the
 * HTTP path and the load generator taking the same cores: a change to the engine shows here first.
 */
async function benchEngine(entries: Entry[]): Promise<void> {
  await withDemoPeople('sqlite', undefined, SEARCH_PEOPLE, async (app, mailDir) => {
    const account = await signedInAccount(app, mailDir, 0);
    const kinds = searchKinds(await searchReference(app, account.cookie));
    const database = openDatabase(parseDatabaseUrl(app.databaseUrl));
    let engineMs = 0;
    const engines = localEngineFactory(SEARCH_ENGINE_OPTIONS);
    const timed: SearchEngineFactory = {
      close: () => engines.close(),
      create(settings) {
        const engine = engines.create(settings);
        return {
          ...engine,
          lost: false,
          async search(query) {
            const started = performance.now();
            const result = await engine.search(query);
            engineMs += performance.now() - started;
            return result;
          },
        };
      },
    };
    const sync = searchIndexSync(database, timed);
    const service = searchService(database, new Translator(), sync);
    const member = { userId: account.userId, sessionId: 'bench', role: 'member', onboarded: true } as const;
    try {
      // As the search suite names them.
      const memberKinds: [string, readonly string[]][] = [
        ['broad words', kinds.broad],
        ['words + 2 facets', kinds.wordsAndFacets],
        ['facets only', kinds.facetsOnly],
        ['other scripts and deep pages', kinds.nonLatinAndDeep],
        ['resources and services by kind', kinds.items],
      ];
      for (const [kind, paths] of memberKinds) {
        const queries = paths.map(searchParamsOf);
        for (const query of queries) await service.search(member, query, 'en');
        engineMs = 0;
        const times: number[] = [];
        for (let round = 0; round < ENGINE_ROUNDS; round += 1)
          for (const query of queries) {
            const started = performance.now();
            await service.search(member, query, 'en');
            times.push(performance.now() - started);
          }
        times.sort((a, b) => a - b);
        entries.push({
          kind: 'engine',
          name: `engine: member, ${kind}${SEARCH_PEOPLE === 100_000 ? '' : ` (${SEARCH_PEOPLE.toLocaleString('en')} people)`}`,
          database: 'sqlite',
          searches: times.length,
          p50: round(percentile(times, 0.5)),
          p95: round(percentile(times, 0.95)),
          mean: round(times.reduce((sum, time) => sum + time, 0) / times.length),
          engineMean: round(engineMs / times.length),
        });
      }
    } finally {
      await sync.close();
      await database.close();
    }
  });
}

const REPORTS_BUDGET_MS = 100;

/**
 * Each connection takes every CONNECTIONS-th path from its own (k, k+16, k+32, ...), so no two
 * connections ask the same table until every path has been asked once.
 */
function distinctRotation(paths: readonly string[]): SetupClient {
  let connection = 0;
  return (client) => {
    const mine = connection++;
    const own = paths.filter((_, index) => index % CONNECTIONS === mine % CONNECTIONS);
    // Fewer paths than connections: every connection asks them all.
    client.setRequests((own.length > 0 ? own : paths).map((path) => ({ method: 'GET', path })));
  };
}

/**
 * The map and the reports at SEARCH_PEOPLE demo people, as anyone opens them (they are the same for
 * everyone): the map over many different views (every capacity, languages, organizations by type,
 * by country and by region), more of them than a run asks, so each is counted afresh rather than
 * read from the minute a process keeps a table; and each report.
 */
async function benchReports(entries: Entry[]): Promise<void> {
  const serverUrl = await postgresServer();
  const databases: ('sqlite' | 'postgres')[] = serverUrl ? ['sqlite', 'postgres'] : ['sqlite'];
  for (const database of databases) {
    await withDemoPeople(database, serverUrl, SEARCH_PEOPLE, async (app) => {
      type Node = { id: number; children: Node[] };
      const ids = (nodes: Node[]): number[] => nodes.flatMap((node) => [node.id, ...ids(node.children)]);
      const capacities = ids(
        (JSON.parse((await send(app, 'GET', '/api/capacities')).body) as { capacities: Node[] }).capacities,
      );
      const languages = ['en', 'es', 'fr', 'ar', 'pt', 'de', 'hi', 'id', 'sw', 'ru'];
      const random = benchRandom(7);
      const views = [
        ...capacities.flatMap((id) => [
          `capacity=${id}`,
          `capacity=${id}&language=${random.pick(languages)}`,
          `capacity=${id}&language=${random.pick(languages)}&by=region`,
          `capacity=${id}&who=organizations`,
          `capacity=${id}&who=organizations&orgType=${random.pick(['chapter', 'user-group', 'thematic-organization'])}`,
        ]),
        ...languages.map((code) => `language=${code}`),
      ]
        .map((query) => ({ query, order: random.next() }))
        .sort((a, b) => a.order - b.order)
        .map(({ query }) => `/api/reports/map?${query}`);
      const reports = [
        '/api/reports/unmet-needs',
        ...languages.map((code) => `/api/reports/unmet-needs?language=${code}`),
        ...['SSA', 'NWE', 'ESEAP', 'LAC', 'CEECA', 'SA', 'MENA', 'NA'].map(
          (id) => `/api/reports/unmet-needs?region=${id}`,
        ),
        '/api/reports/cohorts',
        ...['region', 'country', 'language', 'wiki', 'org-type', 'experience'].map(
          (by) => `/api/reports/participation?by=${by}`,
        ),
        '/api/reports/activity',
      ];
      // The tables read in the first seconds after a start are counted while the index loads; warm it first.
      await send(app, 'GET', '/api/reports/map');
      console.log(`Map: ${views.length} different views; reports: ${reports.length} different tables.`);
      const endpoint = (name: string, paths: readonly string[]): Endpoint => ({
        name,
        path: paths[0]!,
        setupClient: distinctRotation(paths),
        budgetP95Ms: REPORTS_BUDGET_MS,
        watchHealth: true,
      });
      await loadEndpoints(
        app,
        database,
        'reports',
        [
          endpoint(`map: ${views.length} different views`, views),
          endpoint('map: the default view (kept a minute)', ['/api/reports/map']),
          endpoint(`reports: ${reports.length} different tables`, reports),
        ],
        entries,
      );
    });
  }
}

const SAVES_PEOPLE = Number(process.env.BENCH_SAVES_PEOPLE ?? 20_000);
const SAVED_SECTIONS = ['capacities', 'languages', 'location', 'settings'] as const;
type SavedSection = (typeof SAVED_SECTIONS)[number];
const TIME_ZONES = ['Europe/Berlin', 'America/Sao_Paulo', 'Africa/Lagos', 'Asia/Tokyo', 'Pacific/Auckland'];
const CAPACITY_LEVELS = ['beginner', 'intermediate', 'advanced', 'expert'];
const LANGUAGE_LEVELS = ['0', '1', '2', '3', '4', '5', 'N'];

/** What a profile may hold, as the app lists it: capacity ids, language codes and country codes. */
interface Reference {
  capacityIds: number[];
  languageCodes: string[];
  countryCodes: string[];
}

async function reference(app: RunningApp): Promise<Reference> {
  const get = async <T>(path: string) => JSON.parse((await send(app, 'GET', path)).body) as T;
  type Node = { id: number; children: Node[] };
  const ids = (nodes: Node[]): number[] => nodes.flatMap((node) => [node.id, ...ids(node.children)]);
  const [capacities, languages, regions] = await Promise.all([
    get<{ capacities: Node[] }>('/api/capacities?lang=en'),
    get<{ languages: { code: string }[] }>('/api/languages?lang=en'),
    get<{ regions: { countries: { code: string }[] }[] }>('/api/regions?lang=en'),
  ]);
  return {
    capacityIds: ids(capacities.capacities),
    languageCodes: languages.languages.map((language) => language.code),
    countryCodes: regions.regions.flatMap((region) => region.countries.map((country) => country.code)),
  };
}

/**
 * The n-th save of a section: consecutive ones always differ (other capacities, languages, country,
 * visibility), so every save changes the record and rewrites its search documents.
 */
function sectionBody(section: SavedSection, n: number, { capacityIds, languageCodes, countryCodes }: Reference) {
  const pick = <T>(list: readonly T[], index: number) => list[index % list.length]!;
  const visibility = n % 2 === 0 ? 'members' : 'public';
  switch (section) {
    case 'capacities':
      // Different ids within each list (a repeated one is refused), moving through the whole taxonomy.
      return {
        knows: [{ id: pick(capacityIds, n + 1), level: pick(CAPACITY_LEVELS, n), note: null }],
        shares: [
          { id: pick(capacityIds, n), level: null, note: `Happy to help, ${n}` },
          { id: pick(capacityIds, n + 2), level: pick(CAPACITY_LEVELS, n + 1), note: null },
        ],
        learns: [{ id: pick(capacityIds, n * 7 + 3), level: null, note: null }],
        visibility,
      };
    case 'languages':
      return {
        languages: [
          { code: pick(languageCodes, n), level: 'N' },
          { code: pick(languageCodes, n + 17), level: pick(LANGUAGE_LEVELS, n) },
        ],
        visibility,
      };
    case 'location':
      return {
        country: pick(countryCodes, n),
        timeZone: pick(TIME_ZONES, n),
        availability: `Evenings after ${17 + (n % 5)}:00`,
        visibility: { country: visibility, availability: 'members' },
      };
    case 'settings':
      return { showToVisitors: n % 2 === 0, inSearch: true };
  }
}

/** One example answer per non-2xx status, to say why a run had them. */
type Failures = Map<number, string>;

/** The PUT requests of `sections` in turn for the member with `cookie`, the n-th body from `next`. */
function saveRequests(
  cookie: string,
  sections: readonly SavedSection[],
  next: (section: SavedSection) => number,
  known: Reference,
  failures: Failures,
): autocannon.Request[] {
  return sections.map((section) => ({
    method: 'PUT',
    path: `/api/profile/${section}`,
    headers: { 'content-type': 'application/json', cookie },
    setupRequest: (request) => ({ ...request, body: JSON.stringify(sectionBody(section, next(section), known)) }),
    onResponse: (status, body) => {
      if ((status < 200 || status >= 300) && !failures.has(status)) failures.set(status, body.slice(0, 300));
    },
  }));
}

async function benchSaves(entries: Entry[]): Promise<void> {
  const serverUrl = await postgresServer();
  const databases: ('sqlite' | 'postgres')[] = serverUrl ? ['sqlite', 'postgres'] : ['sqlite'];
  for (const database of databases) {
    await withDemoPeople(database, serverUrl, SAVES_PEOPLE, async (app, mailDir) => {
      const known = await reference(app);
      console.log(`Signing up ${CONNECTIONS} members on ${database}...`);
      const members: string[] = [];
      for (let n = 0; n < CONNECTIONS; n += 1) members.push(await signedInMember(app, mailDir, n));
      // Each member is in search with every section filled before the runs, so each save rewrites documents.
      for (const [index, cookie] of members.entries()) {
        for (const section of ['settings', ...SAVED_SECTIONS] as const)
          await send(app, 'PUT', `/api/profile/${section}`, sectionBody(section, 1000 + index, known), cookie);
      }

      const ownFailures: Failures = new Map();
      let connection = 0;
      // Connection i is member i, starting at its own section so all four are being saved at any moment.
      const ownSections: SetupClient = (client) => {
        const index = connection++ % members.length;
        const counts = new Map<SavedSection, number>();
        const next = (section: SavedSection) => {
          const count = counts.get(section) ?? 0;
          counts.set(section, count + 1);
          return index * 101 + count;
        };
        const turn = [...SAVED_SECTIONS.slice(index % 4), ...SAVED_SECTIONS.slice(0, index % 4)];
        client.setRequests(saveRequests(members[index]!, turn, next, known, ownFailures));
      };
      const sameFailures: Failures = new Map();
      let saveNumber = 0;
      // Every connection saves the first member's capacities, each save with its own body.
      const sameRecord: SetupClient = (client) =>
        client.setRequests(saveRequests(members[0]!, ['capacities'], () => saveNumber++, known, sameFailures));

      await warmUp(`${app.url}/api/profile/capacities`, {}, ownSections);
      connection = 0;
      ownFailures.clear();
      const size = SAVES_PEOPLE === 20_000 ? '' : ` (${SAVES_PEOPLE.toLocaleString('en')} people)`;
      await loadEndpoints(
        app,
        database,
        `saves${size}`,
        [
          {
            name: `save: one section, ${CONNECTIONS} members${size}`,
            path: '/api/profile/capacities',
            setupClient: ownSections,
          },
          {
            name: `save: same section of one member, ${CONNECTIONS} at once${size}`,
            path: '/api/profile/capacities',
            setupClient: sameRecord,
          },
        ],
        entries,
      );
      for (const [what, failures] of [
        ['own sections', ownFailures],
        ['same record', sameFailures],
      ] as const) {
        for (const [status, body] of failures) {
          console.log(`${database}, ${what}: ${status} e.g. ${body}`);
          // A 5xx answer says nothing of its cause; the server's log line for its request id does.
          const requestId = /"requestId":"([^"]+)"/.exec(body)?.[1];
          const logged =
            requestId &&
            app
              .output()
              .split('\n')
              .find((line) => line.includes(requestId));
          if (logged) console.log(`  logged: ${logged.slice(0, 600)}`);
        }
      }
    });
  }
}

const MESSAGES_PEOPLE = Number(process.env.BENCH_MESSAGES_PEOPLE ?? 100_000);
const DEMO_MESSAGES = Number(process.env.BENCH_MESSAGES ?? 200_000);
const LIVE_STREAMS = Number(process.env.BENCH_LIVE_STREAMS ?? 1000);
const LIVE_SENDERS = 100;
const LIVE_RATE = Number(process.env.BENCH_LIVE_RATE ?? 200);
const LIVE_SECONDS = 10;
const PAGE_BUDGET_MS = 30;
const DELIVERY_BUDGET_MS = 1000;
/** Signing up (argon2 on the server) a few at a time: more would only queue. */
const SIGN_UP_CONCURRENCY = 8;
/** The limits raised for the benchmark: its members are new accounts writing far more than people do. */
const MESSAGING_ENV = {
  CONNECT_REQUESTS_PER_DAY: '10000',
  CONNECT_REQUESTS_PER_DAY_NEW_ACCOUNT: '10000',
  MESSAGES_PER_MINUTE: '10000',
};

/** A member signed in through the API, with a profile others can write to. */
interface MessagingMember {
  readonly cookie: string;
  readonly userId: string;
  readonly handle: string;
}

async function messagingMember(app: RunningApp, mailDir: string, n: number): Promise<MessagingMember> {
  const { cookie, userId } = await signedInAccount(app, mailDir, n);
  const handle = `bench-member-${n}`;
  await send(
    app,
    'PUT',
    '/api/profile/about',
    {
      displayName: `Bench Member ${n + 1}`,
      handle,
      pronouns: null,
      bio: null,
      bioLanguage: null,
      avatarCommonsFile: null,
      visibility: { name: 'members', username: 'members', pronouns: 'members', bio: 'members' },
    },
    cookie,
  );
  return { cookie, userId, handle };
}

/** Waits (up to two minutes) until the app's job queue has no due job left, e.g. the mails of new requests. */
async function dueJobsDone({ db }: Pick<DatabaseHandle, 'db'>): Promise<void> {
  for (let tries = 0; tries < 1200; tries += 1) {
    const row = await db
      .selectFrom('jobs')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('failed_at', 'is', null)
      .where('run_at', '<=', Date.now())
      .executeTakeFirst();
    if (Number(row?.count ?? 0) === 0) return;
    await new Promise((done) => setTimeout(done, 100));
  }
}

/** `work(0)` ... `work(count - 1)`, `concurrency` at a time, the answers in order. */
async function inParallel<T>(count: number, concurrency: number, work: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) {
        const index = next++;
        results[index] = await work(index);
      }
    }),
  );
  return results;
}

/** Deals GET requests (each with its member's cookie) out to the connections, every connection its own share. */
function dealt(requests: readonly { path: string; cookie: string }[]): SetupClient {
  let connection = 0;
  return (client) => {
    const mine = connection++ % CONNECTIONS;
    const share = requests.filter((_, index) => index % CONNECTIONS === mine);
    client.setRequests(
      (share.length > 0 ? share : requests).map(({ path, cookie }) => ({ method: 'GET', path, headers: { cookie } })),
    );
  };
}

interface InboxAnswer {
  requests: { id: string }[];
  conversations: { id: string }[];
}

/** One Server-Sent Events stream held open, handing each event to `onEvent`. */
interface EventStream {
  close(): void;
}

function openEventStream(
  app: RunningApp,
  cookie: string,
  agent: Agent,
  onEvent: (event: string, data: string) => void,
): Promise<EventStream> {
  return new Promise((ready, fail) => {
    const sent = httpRequest(
      `${app.url}/api/notifications/stream`,
      { agent, headers: { cookie, accept: 'text/event-stream' } },
      (response) => {
        if (response.statusCode !== 200) {
          fail(new Error(`/api/notifications/stream answered ${response.statusCode}`));
          response.resume();
          return;
        }
        let buffer = '';
        let opened = false;
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          buffer += chunk;
          for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            let event = 'message';
            const data: string[] = [];
            for (const line of block.split('\n')) {
              if (line.startsWith('event:')) event = line.slice(6).trim();
              else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
            }
            if (data.length === 0 && !block.includes('event:')) continue;
            if (event === 'ready' && !opened) {
              opened = true;
              ready({ close: () => sent.destroy() });
            }
            onEvent(event, data.join('\n'));
          }
        });
      },
    );
    sent.on('error', (error) => fail(error));
    sent.end();
  });
}

/** A POST with a JSON body on a keep-alive agent: its status and how long it took. */
function postJson(app: RunningApp, agent: Agent, path: string, body: unknown, cookie: string) {
  const payload = JSON.stringify(body);
  return new Promise<{ status: number; body: string }>((done) => {
    const sent = httpRequest(
      `${app.url}${path}`,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', cookie } },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => done({ status: response.statusCode ?? 0, body: text }));
      },
    );
    sent.on('error', (error) => done({ status: 0, body: String(error) }));
    sent.end(payload);
  });
}

const LIVE_BODIES = [
  { body: 'Are you free on Thursday for a call?', language: 'en' },
  { body: '¿Te viene bien el jueves para hablar?', language: 'es' },
  { body: 'هل يناسبك يوم الخميس لمكالمة قصيرة؟', language: 'ar' },
  { body: 'Je t’envoie les diapositives ce soir.', language: 'fr' },
  { body: '木曜日に少し話せますか？', language: 'ja' },
];

/**
 * The live part on one instance: `LIVE_STREAMS` members each hold /api/notifications/stream open
 * (the server's memory before and after), then `LIVE_SENDERS` other members write `LIVE_RATE`
 * messages a second for `LIVE_SECONDS` s into their conversations with them; for each message, the
 * time from the start of its POST to the `notification` event on its recipient's stream.
 */
async function liveDelivery(
  app: RunningApp,
  database: 'sqlite' | 'postgres',
  recipients: readonly MessagingMember[],
  senders: readonly MessagingMember[],
  size: string,
  entries: Entry[],
  jobsDone: () => Promise<void>,
): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  // Each recipient's conversation with one sender, opened through the API: a request, then accepted.
  console.log(`Opening ${recipients.length} conversations for the live run on ${database}...`);
  const conversations = await inParallel(recipients.length, 16, async (index) => {
    const recipient = recipients[index]!;
    for (let attempt = 0; attempt < senders.length; attempt += 1) {
      const sender = senders[(index + attempt) % senders.length]!;
      const started = await postJson(
        app,
        agent,
        '/api/conversations',
        { handle: recipient.handle, body: 'Hello! Could we talk about edit-a-thons?', language: 'en' },
        sender.cookie,
      );
      if (started.status !== 201) continue;
      const { id, status } = JSON.parse(started.body) as { id: string; status: string };
      if (status === 'request') {
        const accepted = await postJson(app, agent, `/api/conversations/${id}/accept`, {}, recipient.cookie);
        if (accepted.status !== 204) throw new Error(`accept: ${accepted.status} ${accepted.body}`);
      }
      return { id, sender, recipient };
    }
    throw new Error(`No sender could write to ${recipient.handle}`);
  });
  // Each request mailed its recipient at once: those mails go out before the measurement.
  await jobsDone();
  await waitUntilAnswering(app);

  const rssBeforeMb = app.residentMemoryMb();
  // Open at a time; when the message for a conversation is sent, its start goes into its queue.
  const pending = new Map<string, number[]>(conversations.map(({ id }) => [id, []]));
  const delivery: number[] = [];
  let stray = 0;
  const streamAgent = new Agent({ keepAlive: false, maxSockets: Number.POSITIVE_INFINITY });
  console.log(`Opening ${recipients.length} live streams on ${database}...`);
  const opened = Date.now();
  const open = await inParallel(conversations.length, 50, (index) =>
    openEventStream(app, conversations[index]!.recipient.cookie, streamAgent, (event, data) => {
      if (event !== 'notification') return;
      const arrived = performance.now();
      const { conversationId } = JSON.parse(data) as { conversationId: string | null };
      const started = conversationId ? pending.get(conversationId)?.shift() : undefined;
      if (started === undefined) stray += 1;
      else delivery.push(arrived - started);
    }),
  );
  const openSeconds = round((Date.now() - opened) / 1000, 1);
  await new Promise((done) => setTimeout(done, 2000));
  const rssWithStreamsMb = app.residentMemoryMb();

  console.log(`Sending ${LIVE_RATE} messages a second for ${LIVE_SECONDS} s on ${database}...`);
  const total = LIVE_RATE * LIVE_SECONDS;
  const postTimes: number[] = [];
  const failures = new Map<number, string>();
  let failed = 0;
  const answers: Promise<void>[] = [];
  const fire = (n: number) => {
    const { id, sender } = conversations[n % conversations.length]!;
    const started = performance.now();
    pending.get(id)!.push(started);
    answers.push(
      postJson(
        app,
        agent,
        `/api/conversations/${id}/messages`,
        LIVE_BODIES[n % LIVE_BODIES.length],
        sender.cookie,
      ).then((answer) => {
        postTimes.push(performance.now() - started);
        if (answer.status === 201) return;
        failed += 1;
        if (!failures.has(answer.status)) failures.set(answer.status, answer.body.slice(0, 300));
        // Not sent, so not awaited on the stream.
        const queue = pending.get(id)!;
        const at = queue.indexOf(started);
        if (at >= 0) queue.splice(at, 1);
      }),
    );
  };
  const sendingStarted = performance.now();
  let sent = 0;
  await new Promise<void>((done) => {
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - sendingStarted) / 1000) * LIVE_RATE) + 1);
      while (sent < due) fire(sent++);
      if (sent < total) setTimeout(tick, 1);
      else done();
    };
    tick();
  });
  const sendingSeconds = (performance.now() - sendingStarted) / 1000;
  await Promise.all(answers);
  const answeredSeconds = (performance.now() - sendingStarted) / 1000;
  // Events still on their way get five seconds.
  const waitUntil = Date.now() + 5000;
  const outstanding = () => [...pending.values()].reduce((sum, queue) => sum + queue.length, 0);
  while (outstanding() > 0 && Date.now() < waitUntil) await new Promise((done) => setTimeout(done, 50));
  const undelivered = outstanding();
  const rssAfterSendingMb = app.residentMemoryMb();
  for (const stream of open) stream.close();
  agent.destroy();
  streamAgent.destroy();
  for (const [status, body] of failures) console.log(`${database}, live messages: ${status} e.g. ${body}`);

  delivery.sort((a, b) => a - b);
  postTimes.sort((a, b) => a - b);
  entries.push({
    kind: 'streams-memory',
    name: `live: ${LIVE_STREAMS.toLocaleString('en')} open streams${size}`,
    database,
    streams: open.length,
    openSeconds,
    rssBeforeMb: round(rssBeforeMb, 0),
    rssWithStreamsMb: round(rssWithStreamsMb, 0),
    perStreamKb: round(((rssWithStreamsMb - rssBeforeMb) * 1024) / open.length, 1),
    rssAfterSendingMb: round(rssAfterSendingMb, 0),
  });
  entries.push({
    kind: 'delivery',
    name: `live: ${LIVE_RATE} messages/s to ${LIVE_STREAMS.toLocaleString('en')} streams${size}`,
    database,
    sent: total,
    messagesPerSecond: round(total / sendingSeconds, 1),
    answeredSeconds: round(answeredSeconds, 1),
    delivered: delivery.length,
    undelivered,
    failed,
    stray,
    p50: round(percentile(delivery, 0.5)),
    p95: round(percentile(delivery, 0.95)),
    p99: round(percentile(delivery, 0.99)),
    postP50: round(percentile(postTimes, 0.5)),
    postP95: round(percentile(postTimes, 0.95)),
    budgetP95Ms: DELIVERY_BUDGET_MS,
    withinBudget: percentile(delivery, 0.95) <= DELIVERY_BUDGET_MS && undelivered === 0 && failed === 0,
  });
}

async function benchMessages(entries: Entry[]): Promise<void> {
  const serverUrl = await postgresServer();
  const databases: ('sqlite' | 'postgres')[] = serverUrl ? ['sqlite', 'postgres'] : ['sqlite'];
  if (!serverUrl) console.log('PostgreSQL does not answer: measuring SQLite only (set BENCH_DATABASE_URL).');
  const size =
    MESSAGES_PEOPLE === 100_000 && DEMO_MESSAGES === 200_000
      ? ''
      : ` (${MESSAGES_PEOPLE.toLocaleString('en')} people, ${DEMO_MESSAGES.toLocaleString('en')} messages)`;
  for (const database of databases) {
    await withDemoPeople(
      database,
      serverUrl,
      MESSAGES_PEOPLE,
      async (app, mailDir) => {
        const count = LIVE_STREAMS + LIVE_SENDERS;
        console.log(`Signing up ${count} members on ${database}...`);
        const signUpStarted = Date.now();
        const members = await inParallel(count, SIGN_UP_CONCURRENCY, (n) => messagingMember(app, mailDir, n));
        console.log(`  in ${round((Date.now() - signUpStarted) / 1000, 1)} s`);

        // The demo messages, with the members taking part as demo people do (the quietest to the busiest).
        const handle = openDatabase(parseDatabaseUrl(app.databaseUrl), { bulk: true });
        try {
          console.log(`Adding ${DEMO_MESSAGES.toLocaleString('en')} demo messages on ${database}...`);
          const seedStarted = Date.now();
          const added = await seedDemoMessages(handle, DEMO_MESSAGES, {
            members: members.map((member) => member.userId),
          });
          const seedSeconds = round((Date.now() - seedStarted) / 1000, 1);
          console.log(`  ${added.conversations.toLocaleString('en')} conversations in ${seedSeconds} s`);
          // As autovacuum would within a minute of a load this size: planner statistics for the new rows.
          if (database === 'postgres') await sql`analyze`.execute(handle.db);
          entries.push({
            kind: 'load-time',
            name: `load ${DEMO_MESSAGES} messages among ${MESSAGES_PEOPLE} people`,
            database,
            people: MESSAGES_PEOPLE,
            seconds: seedSeconds,
            budgetSeconds: LOAD_BUDGET_SECONDS,
            residentMemoryMb: round(app.residentMemoryMb(), 0),
          });

          // What each member has: how many conversations, and the ones their inbox shows.
          const ids = members.map((member) => member.userId);
          const countRows = await handle.db
            .selectFrom('conversation_members')
            .select(['user_id', (eb) => eb.fn.countAll<number>().as('count')])
            .where('user_id', 'in', ids)
            .groupBy('user_id')
            .execute();
          const conversationsOf = new Map(countRows.map((row) => [row.user_id, Number(row.count)]));
          const inboxes = await inParallel(members.length, 16, async (index) => {
            const answer = JSON.parse(
              (await send(app, 'GET', '/api/conversations', undefined, members[index]!.cookie)).body,
            ) as InboxAnswer;
            return [...answer.requests, ...answer.conversations].map((entry) => entry.id);
          });
          const shown = inboxes.flatMap((listed, index) =>
            // The latest, one from the middle and the last shown: recent and older conversations.
            [...new Set([listed[0], listed[Math.floor(listed.length / 2)], listed.at(-1)])]
              .filter((id): id is string => id !== undefined)
              .map((id) => ({ id, cookie: members[index]!.cookie })),
          );
          const lengthRows = await handle.db
            .selectFrom('messages')
            .select(['conversation_id', (eb) => eb.fn.countAll<number>().as('count')])
            .where(
              'conversation_id',
              'in',
              shown.map((entry) => entry.id),
            )
            .groupBy('conversation_id')
            .execute();
          const lengthOf = new Map(lengthRows.map((row) => [row.conversation_id, Number(row.count)]));
          const longest = [...shown]
            .sort((a, b) => (lengthOf.get(b.id) ?? 0) - (lengthOf.get(a.id) ?? 0))
            .slice(0, CONNECTIONS * 4);
          const byActivity = [...members].sort(
            (a, b) => (conversationsOf.get(b.userId) ?? 0) - (conversationsOf.get(a.userId) ?? 0),
          );
          // One per connection: the members with dozens of conversations.
          const busiest = byActivity.slice(0, CONNECTIONS);
          const counts = members.map((member) => conversationsOf.get(member.userId) ?? 0).sort((a, b) => a - b);
          console.log(
            `  members' conversations: median ${percentile(counts, 0.5)}, p90 ${percentile(counts, 0.9)}, ` +
              `max ${counts.at(-1)}; none: ${counts.filter((value) => value === 0).length}; the ${CONNECTIONS} busiest from ` +
              `${conversationsOf.get(busiest.at(-1)!.userId) ?? 0}; longest conversations opened: ` +
              `${lengthOf.get(longest.at(-1)!.id) ?? 0} to ${lengthOf.get(longest[0]!.id) ?? 0} messages`,
          );

          const inbox = dealt(members.map((member) => ({ path: '/api/conversations', cookie: member.cookie })));
          const busyInbox = dealt(busiest.map((member) => ({ path: '/api/conversations', cookie: member.cookie })));
          const opening = dealt(shown.map(({ id, cookie }) => ({ path: `/api/conversations/${id}`, cookie })));
          const openingLong = dealt(longest.map(({ id, cookie }) => ({ path: `/api/conversations/${id}`, cookie })));
          for (const setupClient of [inbox, opening]) await warmUp(`${app.url}/api/conversations`, {}, setupClient);
          await loadEndpoints(
            app,
            database,
            `messages${size}`,
            [
              {
                name: `messages: inbox, ${members.length} members${size}`,
                path: '/api/conversations',
                setupClient: inbox,
              },
              {
                name: `messages: inbox, the ${CONNECTIONS} busiest members${size}`,
                path: '/api/conversations',
                setupClient: busyInbox,
              },
              { name: `messages: open a conversation${size}`, path: '/api/conversations', setupClient: opening },
              {
                name: `messages: open the longest conversations${size}`,
                path: '/api/conversations',
                setupClient: openingLong,
              },
            ],
            entries,
          );
          for (const entry of entries)
            if (entry.kind === 'latency' && entry.database === database && entry.name.startsWith('messages: '))
              entry.budgetP95Ms = PAGE_BUDGET_MS;
          await liveDelivery(
            app,
            database,
            members.slice(0, LIVE_STREAMS),
            members.slice(LIVE_STREAMS),
            size,
            entries,
            () => dueJobsDone(handle),
          );
        } finally {
          await handle.close();
        }
      },
      MESSAGING_ENV,
    );
  }
}

const MODERATION_PEOPLE = Number(process.env.BENCH_MODERATION_PEOPLE ?? 20_000);
const DEMO_REPORTS = Number(process.env.BENCH_REPORTS ?? 10_000);
const QUEUE_BUDGET_MS = 50;

/**
 * The moderation queue with DEMO_REPORTS reports (about demo people, most open): 16 moderators
 * signed in through the API open the queue with every filter, walk deep into it, and open reports.
 */
async function benchModeration(entries: Entry[]): Promise<void> {
  const serverUrl = await postgresServer();
  const databases: ('sqlite' | 'postgres')[] = serverUrl ? ['sqlite', 'postgres'] : ['sqlite'];
  if (!serverUrl) console.log('PostgreSQL does not answer: measuring SQLite only (set BENCH_DATABASE_URL).');
  for (const database of databases) {
    await withDemoPeople(database, serverUrl, MODERATION_PEOPLE, async (app, mailDir) => {
      console.log(`Signing up ${CONNECTIONS} moderators on ${database}...`);
      const moderators = await inParallel(CONNECTIONS, SIGN_UP_CONCURRENCY, (n) => signedInAccount(app, mailDir, n));
      const handle = openDatabase(parseDatabaseUrl(app.databaseUrl), { bulk: true });
      try {
        const ids = moderators.map((moderator) => moderator.userId);
        await handle.db.updateTable('users').set({ role: 'moderator' }).where('id', 'in', ids).execute();
        console.log(`Adding ${DEMO_REPORTS.toLocaleString('en')} demo reports on ${database}...`);
        const added = await seedDemoReports(handle, DEMO_REPORTS, { moderators: ids });
        if (database === 'postgres') await sql`analyze`.execute(handle.db);
        console.log(`  ${added.toLocaleString('en')} reports`);
      } finally {
        await handle.close();
      }
      const cookieOf = (index: number) => moderators[index % moderators.length]!.cookie;
      // Every filter a moderator uses, alone and together.
      const filters: string[] = [];
      for (const status of ['', 'open', 'claimed', 'decided'])
        for (const category of ['', ...REPORT_CATEGORY.values])
          filters.push(
            new URLSearchParams({ ...(status ? { status } : {}), ...(category ? { category } : {}) }).toString(),
          );
      // Deep pages: the open queue walked page by page (cursors as the app follows `next`).
      const deep: string[] = [];
      const opened: string[] = [];
      let after: string | null = null;
      for (let page = 0; page < 60; page += 1) {
        const query = new URLSearchParams({ status: 'open', ...(after ? { after } : {}) }).toString();
        const answer = JSON.parse(
          (await send(app, 'GET', `/api/moderation/reports?${query}`, undefined, cookieOf(0))).body,
        ) as {
          reports: { id: string }[];
          next: string | null;
        };
        deep.push(`/api/moderation/reports?${query}`);
        opened.push(...answer.reports.filter((_, index) => index % 10 === 0).map((report) => report.id));
        if (!answer.next) break;
        after = answer.next;
      }
      const requests = (paths: string[]) => dealt(paths.map((path, index) => ({ path, cookie: cookieOf(index) })));
      const firstPages = requests(filters.map((query) => `/api/moderation/reports${query ? `?${query}` : ''}`));
      await warmUp(`${app.url}/api/moderation/reports`, {}, firstPages);
      await loadEndpoints(
        app,
        database,
        'moderation',
        [
          {
            name: `moderation: the queue, every filter (${DEMO_REPORTS} reports)`,
            path: '/api/moderation/reports',
            setupClient: firstPages,
          },
          {
            name: `moderation: deep pages of the open queue (${DEMO_REPORTS} reports)`,
            path: '/api/moderation/reports',
            setupClient: requests(deep),
          },
          {
            name: `moderation: open a report (${DEMO_REPORTS} reports)`,
            path: '/api/moderation/reports',
            setupClient: requests(opened.map((id) => `/api/moderation/reports/${id}`)),
          },
        ],
        entries,
      );
      for (const entry of entries)
        if (entry.kind === 'latency' && entry.database === database && entry.name.startsWith('moderation: '))
          entry.budgetP95Ms = QUEUE_BUDGET_MS;
    });
  }
}

async function firstLoadWeight(app: RunningApp, path: string, cookie: string, name: string): Promise<WeightEntry> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  if (cookie) await context.addCookies([sessionCookieFor(app, cookie)]);
  const page = await context.newPage();
  const bodies: { type: string; body: Buffer }[] = [];
  page.on('response', async (response) => {
    const type = response.request().resourceType();
    if (type === 'script' || type === 'stylesheet') bodies.push({ type, body: await response.body() });
  });
  // BENCH_BROWSER_PROFILE_DIR: the page's JavaScript profile while it loads (open it in DevTools).
  const profiles = process.env.BENCH_BROWSER_PROFILE_DIR;
  const profiler = profiles ? await context.newCDPSession(page) : undefined;
  if (profiler) {
    await profiler.send('Profiler.enable');
    await profiler.send('Profiler.start');
  }
  await page.goto(`${app.url}${path}`, { waitUntil: 'networkidle' });
  if (profiler && profiles) {
    const { profile } = await profiler.send('Profiler.stop');
    mkdirSync(profiles, { recursive: true });
    writeFileSync(join(profiles, `${name.replace(/[^\w]+/g, '_')}.cpuprofile`), JSON.stringify(profile));
  }
  const landed = new URL(page.url()).pathname;
  await browser.close();
  // A member's page that sent us to sign in would measure the sign-in page instead.
  if (landed !== new URL(path, app.url).pathname) throw new Error(`${name}: landed on ${landed}`);
  const kb = (type: string) =>
    round(
      bodies.filter((entry) => entry.type === type).reduce((sum, entry) => sum + gzipSync(entry.body).length, 0) / 1024,
      1,
    );
  const javascriptKb = kb('script');
  const cssKb = kb('stylesheet');
  const totalKb = round(javascriptKb + cssKb, 1);
  return {
    kind: 'first-load-weight',
    name,
    javascriptKb,
    cssKb,
    totalKb,
    budgetKb: FIRST_LOAD_BUDGET_KB,
    withinBudget: totalKb <= FIRST_LOAD_BUDGET_KB,
  };
}

/** The session cookie a member's pages are opened with, as the browser stores it. */
function sessionCookieFor(app: RunningApp, cookie: string) {
  const [cookieName = '', ...value] = cookie.split(';')[0]!.split('=');
  return { name: cookieName.trim(), value: value.join('='), url: app.url };
}

/**
 * Lighthouse's scores vary from run to run on a shared machine (its simulated phone slows the CPU
 * four times, so every other process shows): each page is measured BENCH_LIGHTHOUSE_RUNS times
 * (default 3) and the run with the median performance is reported, with the lowest and highest.
 */
const LIGHTHOUSE_RUNS = Number(process.env.BENCH_LIGHTHOUSE_RUNS ?? 3);

async function medianLighthouseScores(
  app: RunningApp,
  path: string,
  cookie: string,
  name: string,
): Promise<LighthouseEntry> {
  const runs: LighthouseEntry[] = [];
  for (let run = 0; run < LIGHTHOUSE_RUNS; run += 1) runs.push(await lighthouseScores(app, path, cookie, name));
  const ordered = [...runs].sort((a, b) => a.performance - b.performance);
  const median = ordered[Math.floor((ordered.length - 1) / 2)]!;
  return {
    ...median,
    runs: runs.length,
    performanceRange: `${ordered[0]!.performance}-${ordered.at(-1)!.performance}`,
  };
}

async function lighthouseScores(app: RunningApp, path: string, cookie: string, name: string): Promise<LighthouseEntry> {
  const port = 9222 + Math.floor(Math.random() * 500);
  // A profile of its own (so its cache starts empty), whose cookie jar Lighthouse's tab shares.
  const profile = mkdtempSync(join(tmpdir(), 'cxc-lighthouse-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      `--remote-debugging-port=${port}`,
    ],
  });
  if (cookie) await browser.addCookies([sessionCookieFor(app, cookie)]);
  try {
    const result = await lighthouse(`${app.url}${path}`, {
      port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance', 'accessibility', 'best-practices', 'seo'],
      // Lighthouse's storage reset would sign a member out; the profile is new, so the cache is empty.
      ...(cookie ? { disableStorageReset: true } : {}),
    });
    if (result?.lhr.runtimeError) console.log(`Lighthouse on ${name}: ${result.lhr.runtimeError.code}`);
    // BENCH_LIGHTHOUSE_DIR: each page's whole report, to see what its scores are made of.
    const reports = process.env.BENCH_LIGHTHOUSE_DIR;
    if (reports && result) {
      mkdirSync(reports, { recursive: true });
      writeFileSync(join(reports, `${name.replace(/[^\w]+/g, '_')}.json`), JSON.stringify(result.lhr));
    }
    const landed = result ? new URL(result.lhr.finalDisplayedUrl).pathname : '';
    if (landed !== new URL(path, app.url).pathname) throw new Error(`${name}: Lighthouse landed on ${landed}`);
    const categories = result?.lhr.categories ?? {};
    const score = (id: string) => Math.round((categories[id]?.score ?? 0) * 100);
    const metric = (id: string, digits = 0) => Number((result?.lhr.audits[id]?.numericValue ?? NaN).toFixed(digits));
    return {
      kind: 'lighthouse',
      name,
      formFactor: 'mobile',
      performance: score('performance'),
      accessibility: score('accessibility'),
      bestPractices: score('best-practices'),
      seo: score('seo'),
      firstContentfulPaintMs: metric('first-contentful-paint'),
      largestContentfulPaintMs: metric('largest-contentful-paint'),
      totalBlockingTimeMs: metric('total-blocking-time'),
      cumulativeLayoutShift: metric('cumulative-layout-shift', 3),
      speedIndexMs: metric('speed-index'),
    };
  } finally {
    await browser.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

const THROTTLED_RUNS = Number(process.env.BENCH_THROTTLED_RUNS ?? 5);
/** Run in the page before its own scripts: keeps its long tasks and paints in `window.__firstView`. */
const FIRST_VIEW_OBSERVER = `
  const seen = { longTasks: [], largest: 0, first: 0 };
  window.__firstView = seen;
  const watch = (type, take) =>
    new PerformanceObserver((list) => list.getEntries().forEach(take)).observe({ type, buffered: true });
  watch('longtask', (entry) => seen.longTasks.push([entry.startTime, entry.duration]));
  watch('largest-contentful-paint', (entry) => { seen.largest = entry.startTime; });
  watch('paint', (entry) => { if (entry.name === 'first-contentful-paint') seen.first = entry.startTime; });
`;

async function throttledLoads(
  app: RunningApp,
  path: string,
  cookie: string,
  name: string,
): Promise<ThrottledLoadEntry> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const runs: { blocking: number; largest: number; first: number }[] = [];
  try {
    for (let run = 0; run < THROTTLED_RUNS; run += 1) {
      const context = await browser.newContext({ viewport: { width: 412, height: 823 } });
      if (cookie) await context.addCookies([sessionCookieFor(app, cookie)]);
      const page = await context.newPage();
      const devtools = await context.newCDPSession(page);
      await devtools.send('Network.enable');
      await devtools.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: 150,
        downloadThroughput: 1.6e6 / 8,
        uploadThroughput: 750e3 / 8,
      });
      await devtools.send('Emulation.setCPUThrottlingRate', { rate: 4 });
      await page.addInitScript({ content: FIRST_VIEW_OBSERVER });
      await page.goto(`${app.url}${path}`, { waitUntil: 'load' });
      await page.waitForTimeout(7000);
      const seen = (await page.evaluate('window.__firstView')) as {
        longTasks: [number, number][];
        largest: number;
        first: number;
      };
      await context.close();
      const blocking = seen.longTasks
        .filter(([start]) => start >= seen.first)
        .reduce((sum, [, duration]) => sum + Math.max(0, duration - 50), 0);
      runs.push({ blocking, largest: seen.largest, first: seen.first });
    }
  } finally {
    await browser.close();
  }
  const median = (values: number[]) =>
    round([...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)]!, 0);
  return {
    kind: 'throttled-load',
    name,
    runs: runs.length,
    blockingAfterFirstPaintMs: median(runs.map((run) => run.blocking)),
    largestContentfulPaintMs: median(runs.map((run) => run.largest)),
    firstContentfulPaintMs: median(runs.map((run) => run.first)),
    blockingRunsMs: runs.map((run) => Math.round(run.blocking)).join(' '),
  };
}

async function benchWeb(entries: Entry[]): Promise<void> {
  // BENCH_WEB_PAGES=/,/people,/profile/edit measures only those pages (and the pages under them).
  const onlyPages = process.env.BENCH_WEB_PAGES?.split(',').filter(Boolean);
  await withDemoPeople(
    'sqlite',
    undefined,
    WEB_PEOPLE,
    async (app, mailDir) => {
      const cookie = await signedInMember(app, mailDir);
      const first = async (type: 'person' | 'organization') => {
        const { body } = await send(app, 'GET', `/api/search?type=${type}`, undefined, cookie);
        const address = (JSON.parse(body) as { results: { address: string }[] }).results[0]?.address;
        if (!address) throw new Error(`The demo data has no ${type}`);
        return type === 'person' ? personPath(address) : organizationPath(address);
      };
      const [person, organization] = [await first('person'), await first('organization')];
      const shared = ['/', '/search?q=wiki', '/capacities', '/organizations', organization, person];
      const visitorPages = [...shared, '/sign-in', '/sign-up', '/about', '/privacy', '/api-reference', '/transparency'];
      const memberPages = [
        ...shared,
        '/peers',
        '/messages',
        '/profile/edit',
        '/settings',
        '/invite',
        '/welcome/profile',
      ];
      for (const [audience, pages, sessionCookie] of [
        ['visitor', visitorPages, ''],
        ['member', memberPages, cookie],
      ] as const) {
        for (const path of pages) {
          const chosen = (only: string) => path === only || path.startsWith(`${only}/`) || path.startsWith(`${only}?`);
          if (onlyPages && !onlyPages.some(chosen)) continue;
          const name = `${path.replace(/\/(people|organizations)\/.+/, '/$1/<one>')} (${audience})`;
          console.log(`Measuring the first load of ${name}...`);
          entries.push(await firstLoadWeight(app, path, sessionCookie, name));
          entries.push(await medianLighthouseScores(app, path, sessionCookie, name));
          if (THROTTLED_RUNS > 0) entries.push(await throttledLoads(app, path, sessionCookie, name));
        }
      }
    },
    { NODE_ENV: 'production', SECRET_KEY: randomBytes(32).toString('hex'), LOG_LEVEL: 'warn' },
  );
}

const LOAD_PEOPLE = Number(process.env.BENCH_LOAD_PEOPLE ?? 10_000);
const LOAD_SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 60);
/** The 64 connections of the mixed load, by kind of request: each kind its own autocannon run, all at once. */
const LOAD_MIX = { reads: 24, searches: 16, saves: 16, messages: 8 } as const;
/** Signed-in members taking part (searching, saving their own profile, writing to each other). */
const LOAD_MEMBERS = 16;

/**
 * The operator's load test: for LOAD_SECONDS, 64 connections through nginx (round robin) at once:
 * signed-in reads (profiles, organizations, the inbox, the taxonomy), member searches, profile saves
 * and messages, with /api/health asked one at a time meanwhile. On one instance (SQLite, PostgreSQL)
 * and on two instances on one PostgreSQL database. Every kind's percentiles, its non-2xx answers (a
 * 5xx is a defect) and health's p95 under the load.
 */
async function benchLoad(entries: Entry[]): Promise<void> {
  const serverUrl = await postgresServer();
  const runs: [database: 'sqlite' | 'postgres', instances: number][] = serverUrl
    ? [
        ['sqlite', 1],
        ['postgres', 1],
        ['postgres', 2],
      ]
    : [['sqlite', 1]];
  if (!serverUrl) console.log('PostgreSQL does not answer: measuring SQLite only (set BENCH_DATABASE_URL).');
  for (const [database, instanceCount] of runs) {
    const proxyPort = await freePort();
    const proxied = {
      ...MESSAGING_ENV,
      TRUST_PROXY: 'true',
      TRUSTED_PROXIES: '127.0.0.1',
      PUBLIC_URL: `http://127.0.0.1:${proxyPort}`,
    };
    await withDemoPeople(
      database,
      serverUrl,
      LOAD_PEOPLE,
      async (first, mailDir, _seconds, env) => {
        const others: RunningApp[] = [];
        for (let index = 1; index < instanceCount; index += 1)
          others.push(await startApp({ ...env, DATABASE_URL: first.databaseUrl }));
        const instances = [first, ...others];
        const proxy = await startReverseProxy({
          port: proxyPort,
          upstreams: instances.map((instance) => new URL(instance.url).host),
          readTimeoutSeconds: 60,
        });
        const site: RunningApp = { ...first, url: proxy.url };
        try {
          const label = `${instanceCount} instance${instanceCount > 1 ? 's' : ''}, ${LOAD_PEOPLE.toLocaleString('en')} people`;
          console.log(`Signing up ${LOAD_MEMBERS} members through nginx (${label}, ${database})...`);
          const members = await inParallel(LOAD_MEMBERS, SIGN_UP_CONCURRENCY, (n) => messagingMember(site, mailDir, n));
          const searchReferenceNow = await searchReference(site, members[0]!.cookie);
          const kinds = searchKinds(searchReferenceNow);
          const known = await reference(site);
          // Profiles and organizations members open: the addresses search shows them.
          const found = async (query: string) =>
            (
              JSON.parse((await send(site, 'GET', `/api/search?${query}`, undefined, members[0]!.cookie)).body) as {
                results: { type: string; address: string }[];
              }
            ).results;
          const people = (await found('q=wiki&type=person'))
            .filter((hit) => hit.type === 'person')
            .map((hit) => hit.address);
          const organizations = (await found('type=organization'))
            .filter((hit) => hit.type === 'organization')
            .map((hit) => hit.address);
          const readPaths = [
            ...people.map((handle) => `/api/people/${encodeURIComponent(handle)}`),
            ...organizations.map((slug) => `/api/organizations/${encodeURIComponent(slug)}`),
            '/api/conversations',
            '/api/capacities?lang=en',
            '/api/session',
          ];
          const searchPaths = [...kinds.broad, ...kinds.wordsAndFacets, ...kinds.facetsOnly, ...kinds.nonLatinAndDeep];
          // Pairs of members in a conversation: each connection writes into one, as either side.
          const pairs = await inParallel(LOAD_MEMBERS / 2, 4, async (index) => {
            const [writer, reader] = [members[index]!, members[index + LOAD_MEMBERS / 2]!];
            const started = JSON.parse(
              (
                await send(
                  site,
                  'POST',
                  '/api/conversations',
                  { handle: reader.handle, body: 'Hello! Could we talk about edit-a-thons?', language: 'en' },
                  writer.cookie,
                )
              ).body,
            ) as { id: string };
            await send(site, 'POST', `/api/conversations/${started.id}/accept`, {}, reader.cookie);
            return { id: started.id, cookies: [writer.cookie, reader.cookie] };
          });

          let reader = 0;
          const reads: SetupClient = (client) => {
            const member = members[reader++ % members.length]!;
            const start = (reader * 7) % readPaths.length;
            client.setRequests(
              [...readPaths.slice(start), ...readPaths.slice(0, start)].map((path) => ({
                method: 'GET',
                path,
                headers: { cookie: member.cookie },
              })),
            );
          };
          const searches = rotation(
            searchPaths,
            members.map((member) => member.cookie),
          );
          const saveFailures: Failures = new Map();
          let saver = 0;
          const saves: SetupClient = (client) => {
            const index = saver++ % members.length;
            let count = 0;
            client.setRequests(
              saveRequests(members[index]!.cookie, SAVED_SECTIONS, () => index * 1009 + count++, known, saveFailures),
            );
          };
          let writerNumber = 0;
          const messages: SetupClient = (client) => {
            const mine = writerNumber++;
            const pair = pairs[mine % pairs.length]!;
            client.setRequests(
              pair.cookies.map((cookie, side) => ({
                method: 'POST',
                path: `/api/conversations/${pair.id}/messages`,
                headers: { 'content-type': 'application/json', cookie },
                body: JSON.stringify(LIVE_BODIES[(mine + side) % LIVE_BODIES.length]),
              })),
            );
          };

          console.log(`Loading /api/health through nginx for ${DURATION_SECONDS} s (${label}, ${database})...`);
          const healthAlone = await load(`${proxy.url}/api/health`);
          console.log(
            `Mixed load, ${Object.values(LOAD_MIX).reduce((sum: number, count) => sum + count, 0)} connections for ${LOAD_SECONDS} s...`,
          );
          const url = `${proxy.url}/api/session`;
          const [readRun, searchRun, saveRun, messageRun, healthMeanwhile] = await Promise.all([
            load(url, LOAD_MIX.reads, LOAD_SECONDS, {}, reads),
            load(url, LOAD_MIX.searches, LOAD_SECONDS, {}, searches),
            load(url, LOAD_MIX.saves, LOAD_SECONDS, {}, saves),
            load(url, LOAD_MIX.messages, LOAD_SECONDS, {}, messages),
            healthWhileLoaded(site, LOAD_SECONDS),
          ]);
          for (const [status, body] of saveFailures) console.log(`saves: ${status} e.g. ${body}`);
          entries.push({
            kind: 'latency',
            name: `load: /api/health through nginx (${label})`,
            database,
            ...healthAlone,
            ratioToHealth: 1,
          });
          for (const [kind, measured] of [
            ['reads', readRun],
            ['searches', searchRun],
            ['saves', saveRun],
            ['messages', messageRun],
          ] as const)
            entries.push({
              kind: 'latency',
              name: `load: ${kind}, ${LOAD_MIX[kind]} of 64 connections (${label})`,
              database,
              ...measured,
              ratioToHealth: round(measured.requestsPerSecond / healthAlone.requestsPerSecond, 3),
              healthP95MeanwhileMs: healthMeanwhile.p95,
            });
          const fiveHundreds = [readRun, searchRun, saveRun, messageRun]
            .map((run) => run.non2xxCodes ?? '')
            .join(', ')
            .match(/5\d\d: \d+/g);
          console.log(
            `  health one at a time meanwhile: p95 ${healthMeanwhile.p95} ms; 5xx answers: ${fiveHundreds?.join(', ') ?? 'none'}`,
          );
        } finally {
          await proxy.stop();
          for (const other of others) await other.stop();
        }
      },
      proxied,
    );
  }
}

const SUITES: Record<string, (entries: Entry[]) => Promise<void>> = {
  api: benchApi,
  web: benchWeb,
  search: benchSearch,
  engine: benchEngine,
  saves: benchSaves,
  messages: benchMessages,
  moderation: benchModeration,
  reports: benchReports,
  load: benchLoad,
};
const requested = process.argv.slice(2).filter((arg) => arg in SUITES);
const suites = requested.length > 0 ? requested : Object.keys(SUITES);

const build = spawnSync(process.execPath, ['scripts/build-if-stale.mjs'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(1);

const entries: Entry[] = [];
for (const suite of suites) await SUITES[suite]!(entries);

if (entries.some((entry) => entry.kind === 'engine')) {
  console.log('\nSearch in this process, without HTTP (ms per search):');
  console.table(entries.filter((entry) => entry.kind === 'engine').map(({ kind: _kind, ...rest }) => rest));
}
console.log('\nLatency (16 connections):');
console.table(entries.filter((entry) => entry.kind === 'latency').map(({ kind: _kind, ...rest }) => rest));
console.log('Loading demo people (and messages), and memory after the search runs:');
console.table(entries.filter((entry) => entry.kind === 'load-time').map(({ kind: _kind, ...rest }) => rest));
console.log('Live streams: resident memory of the server (MiB):');
console.table(entries.filter((entry) => entry.kind === 'streams-memory').map(({ kind: _kind, ...rest }) => rest));
console.log('Live delivery: POST start to the notification event on the stream (ms):');
console.table(entries.filter((entry) => entry.kind === 'delivery').map(({ kind: _kind, ...rest }) => rest));
console.log('First load (gzip, kB):');
console.table(entries.filter((entry) => entry.kind === 'first-load-weight').map(({ kind: _kind, ...rest }) => rest));
console.log('Lighthouse (mobile):');
console.table(entries.filter((entry) => entry.kind === 'lighthouse').map(({ kind: _kind, ...rest }) => rest));
if (entries.some((entry) => entry.kind === 'throttled-load')) {
  console.log('First view in Chromium, 4x CPU and a slow-4G line (median of BENCH_THROTTLED_RUNS loads):');
  console.table(entries.filter((entry) => entry.kind === 'throttled-load').map(({ kind: _kind, ...rest }) => rest));
}

mkdirSync(resolve(import.meta.dirname, 'results'), { recursive: true });
// Running one suite keeps the other suites' earlier figures: entries are replaced by kind, name and database.
const entryKey = (entry: Entry) => `${entry.kind}|${entry.name}|${'database' in entry ? entry.database : ''}`;
const measuredNow = new Set(entries.map(entryKey));
const earlier = existsSync(RESULTS)
  ? ((JSON.parse(readFileSync(RESULTS, 'utf8')) as { entries?: Entry[] }).entries ?? [])
  : [];
writeFileSync(
  RESULTS,
  `${JSON.stringify(
    {
      generatedAt: new Date().toISOString(),
      machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, node: process.version },
      settings: {
        connections: CONNECTIONS,
        durationSeconds: DURATION_SECONDS,
        suites,
        searchPeople: SEARCH_PEOPLE,
        savesPeople: SAVES_PEOPLE,
        messagesPeople: MESSAGES_PEOPLE,
        demoMessages: DEMO_MESSAGES,
        liveStreams: LIVE_STREAMS,
        liveMessagesPerSecond: LIVE_RATE,
      },
      entries: [...earlier.filter((entry) => !measuredNow.has(entryKey(entry))), ...entries],
    },
    null,
    2,
  )}\n`,
);
console.log(`Wrote ${RESULTS}`);
