/**
 * `npm run bench [-- api|web|search|saves]`: starts a production build and measures it.
 * - api: autocannon (16 connections) on /api/health and /api/capacities, on SQLite and on PostgreSQL
 *   (BENCH_DATABASE_URL, or a local server at 127.0.0.1:5432 when one answers): p50/p95/p99 latency,
 *   requests/s, and the ratio of each endpoint's throughput to /api/health's in the same run.
 * - web: gzipped JavaScript + CSS of the first load of each page (budget 150 kB) and Lighthouse's
 *   mobile scores.
 * - search: loads BENCH_SEARCH_PEOPLE demo people (default 100,000) with `cxc seed --demo` and times it
 *   (budget 60 s), then loads search with text only, text + 2 facets (budget p95 <= 50 ms), facets only,
 *   and peers for my needs (a member signed in through the API, wanting the five most shared
 *   capacities), beside /api/health in the same run, and reports the server's resident memory.
 * - saves: on BENCH_SAVES_PEOPLE demo people (default 20,000), signed-in members editing their profiles:
 *   16 members each saving their own sections in turn, then 16 saves at once of one member's capacities,
 *   every body different, beside /api/health in the same run, with the status of any non-2xx answer.
 * Prints a table and writes bench/results/latest.json.
 */
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import autocannon from 'autocannon';
import lighthouse from 'lighthouse';
import pg from 'pg';
import { chromium } from 'playwright-core';
import { startApp, type RunningApp } from '../e2e/support/app-server';
import { CHROMIUM_PATH } from '../e2e/support/browser';

const CONNECTIONS = 16;
const DURATION_SECONDS = Number(process.env.BENCH_DURATION_SECONDS ?? 10);
const FIRST_LOAD_BUDGET_KB = 150;
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
}
interface LoadTimeEntry {
  kind: 'load-time';
  name: string;
  database: 'sqlite' | 'postgres';
  people: number;
  seconds: number;
  budgetSeconds: number;
  residentMemoryMb: number;
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
}
type Entry = LatencyEntry | LoadTimeEntry | WeightEntry | LighthouseEntry;

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
    const measured = await load(
      `${app.url}${endpoint.path}`,
      CONNECTIONS,
      DURATION_SECONDS,
      endpoint.headers,
      endpoint.setupClient,
    );
    if (endpoint === health) healthRate = measured.requestsPerSecond;
    entries.push({
      kind: 'latency',
      name: endpoint.name,
      database,
      ...measured,
      ratioToHealth: round(measured.requestsPerSecond / healthRate, 3),
    });
  }
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
 * The n-th member signed in through the API as anyone would (sign-up, the mailed link, consent): the
 * session cookie.
 */
async function signedInMember(app: RunningApp, mailDir: string, n = 0): Promise<string> {
  const email = `bench-${Date.now()}-${n}@example.org`;
  await send(
    app,
    'POST',
    '/api/auth/sign-up',
    { email, password: 'a long unusual bench phrase 42' },
    '',
    `127.0.1.${1 + n}`,
  );
  let token: string | undefined;
  for (let tries = 0; tries < 100 && !token; tries += 1) {
    await new Promise((done) => setTimeout(done, 100));
    // The files are quoted-printable: undo soft line breaks and the encoded "=".
    const mails = existsSync(mailDir)
      ? readdirSync(mailDir).map((file) =>
          readFileSync(join(mailDir, file), 'utf8')
            .replace(/=\r?\n/g, '')
            .replace(/=3D/g, '='),
        )
      : [];
    token = mails
      .filter((mail) => mail.includes(email))
      .map((mail) => /#token=([A-Za-z0-9_-]+)/.exec(mail)?.[1])
      .find(Boolean);
  }
  if (!token) throw new Error('The verification mail did not arrive');
  const { cookie } = await send(app, 'POST', '/api/auth/verify', { token });
  await send(
    app,
    'POST',
    '/api/account/consent',
    { displayName: `Bench Member ${n + 1}`, acceptCodeOfConduct: true, acceptPrivacy: true },
    cookie,
  );
  return cookie;
}

/**
 * A member who wants to learn the five capacities most often shared and speaks English and Spanish:
 * the session cookie as a header.
 */
async function benchMember(app: RunningApp, mailDir: string): Promise<Record<string, string>> {
  const cookie = await signedInMember(app, mailDir);
  const shared = JSON.parse((await send(app, 'GET', '/api/search?side=shares', undefined, cookie)).body) as {
    facets: { capacity: { value: string }[] };
  };
  const learns = shared.facets.capacity
    .slice(0, 5)
    .map((entry) => ({ id: Number(entry.value), level: null, note: null }));
  await send(app, 'PUT', '/api/profile/capacities', { knows: [], shares: [], learns, visibility: 'members' }, cookie);
  await send(
    app,
    'PUT',
    '/api/profile/languages',
    {
      languages: [
        { code: 'en', level: '3' },
        { code: 'es', level: '2' },
      ],
      visibility: 'members',
    },
    cookie,
  );
  return { cookie };
}

/**
 * Loads `people` demo people with `cxc seed --demo` into a new database and runs `work` on the app
 * started on it (with the seconds the load took, and the directory the app's mail goes to).
 */
async function withDemoPeople(
  database: 'sqlite' | 'postgres',
  serverUrl: string | undefined,
  people: number,
  work: (app: RunningApp, mailDir: string, seedSeconds: number) => Promise<void>,
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
        ['--import', 'tsx', 'src/server/cli.ts', 'seed', '--demo', '--people', String(people)],
        { env: { ...process.env, ...databaseEnv }, stdio: 'inherit' },
      );
      if (seeded.status !== 0) throw new Error('cxc seed --demo failed');
      const seconds = round((Date.now() - started) / 1000, 1);
      const app = await startApp(databaseEnv);
      try {
        await work(app, mailDir, seconds);
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

async function benchSearch(entries: Entry[]): Promise<void> {
  const serverUrl = await postgresServer();
  const databases: ('sqlite' | 'postgres')[] = serverUrl ? ['sqlite', 'postgres'] : ['sqlite'];
  for (const database of databases) {
    await withDemoPeople(database, serverUrl, SEARCH_PEOPLE, async (app, mailDir, seconds) => {
      await warmUp(`${app.url}/api/search?q=wiki`);
      const member = await benchMember(app, mailDir);
      await warmUp(`${app.url}/api/matches`, member);
      // Runs at other sizes keep their own entries beside the 100,000-people ones.
      const size = SEARCH_PEOPLE === 100_000 ? '' : ` (${SEARCH_PEOPLE.toLocaleString('en')} people)`;
      await loadEndpoints(
        app,
        database,
        `search${size}`,
        [
          { name: `search: text${size}`, path: '/api/search?q=wiki' },
          { name: `search: text + 2 facets${size}`, path: '/api/search?q=edit&language=es&side=shares' },
          { name: `search: facets only${size}`, path: '/api/search?capacity=11&language=en' },
          { name: `peers for my needs (5 capacities)${size}`, path: '/api/matches', headers: member },
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
        residentMemoryMb: round(app.residentMemoryMb(), 0),
      });
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

async function firstLoadWeight(app: RunningApp, path: string): Promise<WeightEntry> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
  const bodies: { type: string; body: Buffer }[] = [];
  page.on('response', async (response) => {
    const type = response.request().resourceType();
    if (type === 'script' || type === 'stylesheet') bodies.push({ type, body: await response.body() });
  });
  await page.goto(`${app.url}${path}`, { waitUntil: 'networkidle' });
  await browser.close();
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
    name: path,
    javascriptKb,
    cssKb,
    totalKb,
    budgetKb: FIRST_LOAD_BUDGET_KB,
    withinBudget: totalKb <= FIRST_LOAD_BUDGET_KB,
  };
}

async function lighthouseScores(app: RunningApp, path: string): Promise<LighthouseEntry> {
  const port = 9222 + Math.floor(Math.random() * 500);
  const browser = await chromium.launch({
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
  try {
    const result = await lighthouse(`${app.url}${path}`, {
      port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance', 'accessibility', 'best-practices', 'seo'],
    });
    const categories = result?.lhr.categories ?? {};
    const score = (id: string) => Math.round((categories[id]?.score ?? 0) * 100);
    return {
      kind: 'lighthouse',
      name: path,
      formFactor: 'mobile',
      performance: score('performance'),
      accessibility: score('accessibility'),
      bestPractices: score('best-practices'),
      seo: score('seo'),
    };
  } finally {
    await browser.close();
  }
}

async function benchWeb(entries: Entry[]): Promise<void> {
  const app = await startApp({
    NODE_ENV: 'production',
    SECRET_KEY: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'warn',
  });
  try {
    for (const path of ['/', '/capacities']) {
      console.log(`Measuring the first load of ${path}...`);
      entries.push(await firstLoadWeight(app, path));
      entries.push(await lighthouseScores(app, path));
    }
  } finally {
    await app.stop();
  }
}

const SUITES: Record<string, (entries: Entry[]) => Promise<void>> = {
  api: benchApi,
  web: benchWeb,
  search: benchSearch,
  saves: benchSaves,
};
const requested = process.argv.slice(2).filter((arg) => arg in SUITES);
const suites = requested.length > 0 ? requested : Object.keys(SUITES);

const build = spawnSync(process.execPath, ['scripts/build-web-if-stale.mjs'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(1);

const entries: Entry[] = [];
for (const suite of suites) await SUITES[suite]!(entries);

console.log('\nLatency (16 connections):');
console.table(entries.filter((entry) => entry.kind === 'latency').map(({ kind: _kind, ...rest }) => rest));
console.log('Loading demo people, and memory after the search runs:');
console.table(entries.filter((entry) => entry.kind === 'load-time').map(({ kind: _kind, ...rest }) => rest));
console.log('First load (gzip, kB):');
console.table(entries.filter((entry) => entry.kind === 'first-load-weight').map(({ kind: _kind, ...rest }) => rest));
console.log('Lighthouse (mobile):');
console.table(entries.filter((entry) => entry.kind === 'lighthouse').map(({ kind: _kind, ...rest }) => rest));

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
      },
      entries: [...earlier.filter((entry) => !measuredNow.has(entryKey(entry))), ...entries],
    },
    null,
    2,
  )}\n`,
);
console.log(`Wrote ${RESULTS}`);
