/**
 * `npm run bench [-- api|web|search]`: starts a production build and measures it.
 * - api: autocannon (16 connections) on /api/health and /api/capacities, on SQLite and on PostgreSQL
 *   (BENCH_DATABASE_URL, or a local server at 127.0.0.1:5432 when one answers): p50/p95/p99 latency,
 *   requests/s, and the ratio of each endpoint's throughput to /api/health's in the same run.
 * - web: gzipped JavaScript + CSS of the first load of each page (budget 150 kB) and Lighthouse's
 *   mobile scores.
 * - search: loads BENCH_SEARCH_PEOPLE demo people (default 100,000) with `cxc seed --demo` and times it
 *   (budget 60 s), then loads search with text only, text + 2 facets (budget p95 <= 50 ms), facets only,
 *   and peers for my needs (a member signed in through the API, wanting the five most shared
 *   capacities), beside /api/health in the same run, and reports the server's resident memory.
 * Prints a table and writes bench/results/latest.json.
 */
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
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

/** One autocannon run; latencies are collected per response so p95 is exact, not interpolated. */
async function load(
  url: string,
  connections = CONNECTIONS,
  duration = DURATION_SECONDS,
  headers: Record<string, string> = {},
): Promise<Omit<LatencyEntry, 'kind' | 'name' | 'database' | 'ratioToHealth'>> {
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolveRun, reject) => {
    const instance = autocannon(
      { url, connections, duration, headers: { 'accept-encoding': 'gzip', ...headers } },
      (error, finished) => (error ? reject(error) : resolveRun(finished)),
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
  latencies.sort((a, b) => a - b);
  return {
    p50: round(percentile(latencies, 0.5)),
    p95: round(percentile(latencies, 0.95)),
    p99: round(percentile(latencies, 0.99)),
    requestsPerSecond: round(result.requests.average, 1),
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

/**
 * One connection for 3 s: warms caches without queueing requests that would still be running, and
 * starving the next measurement, when a slow endpoint is warmed up.
 */
async function warmUp(url: string, headers: Record<string, string> = {}): Promise<void> {
  await load(url, 1, 3, headers);
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
    const measured = await load(`${app.url}${endpoint.path}`, CONNECTIONS, DURATION_SECONDS, endpoint.headers);
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

/**
 * A member signed in through the API as anyone would (sign-up, the mailed link, consent), who wants
 * to learn the five capacities most often shared and speaks English and Spanish: the session cookie.
 */
async function benchMember(app: RunningApp, mailDir: string): Promise<Record<string, string>> {
  const email = `bench-${Date.now()}@example.org`;
  const send = async (method: string, path: string, body: unknown, cookie = '') => {
    const response = await fetch(`${app.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return response;
  };
  await send('POST', '/api/auth/sign-up', { email, password: 'a long unusual bench phrase 42' });
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
  const verified = await send('POST', '/api/auth/verify', { token });
  const cookie = (verified.headers.get('set-cookie') ?? '').split(';')[0]!;
  await send(
    'POST',
    '/api/account/consent',
    { displayName: 'Bench Member', acceptCodeOfConduct: true, acceptPrivacy: true },
    cookie,
  );
  const shared = (await (await fetch(`${app.url}/api/search?side=shares`, { headers: { cookie } })).json()) as {
    facets: { capacity: { value: string }[] };
  };
  const learns = shared.facets.capacity
    .slice(0, 5)
    .map((entry) => ({ id: Number(entry.value), level: null, note: null }));
  await send('PUT', '/api/profile/capacities', { knows: [], shares: [], learns, visibility: 'members' }, cookie);
  await send(
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

const SEARCH_PEOPLE = Number(process.env.BENCH_SEARCH_PEOPLE ?? 100_000);
const LOAD_BUDGET_SECONDS = 60;

async function benchSearch(entries: Entry[]): Promise<void> {
  const serverUrl = await postgresServer();
  const databases: ('sqlite' | 'postgres')[] = serverUrl ? ['sqlite', 'postgres'] : ['sqlite'];
  for (const database of databases) {
    await withDatabase(database, serverUrl, async (env) => {
      const dataDir = mkdtempSync(join(tmpdir(), 'cxc-bench-'));
      const mailDir = join(dataDir, 'mail');
      const databaseEnv = { ...env, DATABASE_URL: env.DATABASE_URL ?? join(dataDir, 'cxc.sqlite'), MAIL_DIR: mailDir };
      try {
        console.log(`Loading ${SEARCH_PEOPLE.toLocaleString('en')} demo people into ${database}...`);
        const started = Date.now();
        const seeded = spawnSync(
          process.execPath,
          ['--import', 'tsx', 'src/server/cli.ts', 'seed', '--demo', '--people', String(SEARCH_PEOPLE)],
          { env: { ...process.env, ...databaseEnv }, stdio: 'inherit' },
        );
        if (seeded.status !== 0) throw new Error('cxc seed --demo failed');
        const seconds = round((Date.now() - started) / 1000, 1);
        const app = await startApp(databaseEnv);
        try {
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
        } finally {
          await app.stop();
        }
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
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
      settings: { connections: CONNECTIONS, durationSeconds: DURATION_SECONDS, suites, searchPeople: SEARCH_PEOPLE },
      entries: [...earlier.filter((entry) => !measuredNow.has(entryKey(entry))), ...entries],
    },
    null,
    2,
  )}\n`,
);
console.log(`Wrote ${RESULTS}`);
