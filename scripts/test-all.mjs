// `npm test`: every test tier, saying plainly which one it could not run and why. With CI=true a
// tier that cannot run is a failure, not a skip.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CHROMIUM = '/usr/bin/chromium';
const inCi = process.env.CI === 'true';
const skipped = [];
const totals = { passed: 0, failed: 0, skipped: 0 };
let failedTier = false;

function skipTier(name, reason) {
  const line = `${name} tier ${inCi ? 'CANNOT RUN' : 'SKIPPED'}: ${reason}`;
  console.log(`\n*** ${line} ***\n`);
  skipped.push(line);
  if (inCi) failedTier = true;
}

async function postgresAnswers(url) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch (error) {
    console.log(`PostgreSQL at TEST_DATABASE_URL does not answer: ${error.message}`);
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Adds a vitest JSON report's counts to the totals. */
function countReport(report) {
  if (!existsSync(report)) return;
  const summary = JSON.parse(readFileSync(report, 'utf8'));
  totals.passed += summary.numPassedTests ?? 0;
  totals.failed += summary.numFailedTests ?? 0;
  totals.skipped += (summary.numPendingTests ?? 0) + (summary.numTodoTests ?? 0);
}

function runVitest(label, args, env) {
  const reportDir = mkdtempSync(join(tmpdir(), 'cxc-report-'));
  const report = join(reportDir, 'report.json');
  console.log(`\n=== ${label} ===`);
  const result = spawnSync(
    process.execPath,
    [
      'node_modules/vitest/vitest.mjs',
      'run',
      ...args,
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${report}`,
    ],
    {
      stdio: 'inherit',
      env,
    },
  );
  countReport(report);
  rmSync(reportDir, { recursive: true, force: true });
  if (result.status !== 0) failedTier = true;
}

const env = { ...process.env };
if (!env.TEST_DATABASE_URL) {
  skipTier(
    'PostgreSQL',
    'TEST_DATABASE_URL is not set, so integration tests ran on SQLite only (set it to e.g. postgres://postgres@127.0.0.1:5432/test)',
  );
} else if (!(await postgresAnswers(env.TEST_DATABASE_URL))) {
  delete env.TEST_DATABASE_URL;
  skipTier('PostgreSQL', 'the server at TEST_DATABASE_URL does not answer');
}

runVitest(`Unit and integration tests (SQLite${env.TEST_DATABASE_URL ? ' and PostgreSQL' : ''})`, [], env);

// The other supported release lines, in CI (a download and an install each: minutes, not for every
// local run; TEST_OTHER_NODES=true asks for them locally). They test the committed tree.
const OTHER_NODE_VERSIONS = ['22.23.5', '24.22.3'];
if (inCi || process.env.TEST_OTHER_NODES === 'true') {
  for (const version of OTHER_NODE_VERSIONS) {
    const reportDir = mkdtempSync(join(tmpdir(), 'cxc-report-'));
    const report = join(reportDir, 'report.json');
    console.log(`\n=== Unit and integration tests on Node.js ${version} (SQLite) ===`);
    const result = spawnSync(process.execPath, ['scripts/test-other-nodes.mjs', version, report], {
      stdio: 'inherit',
      env,
    });
    countReport(report);
    rmSync(reportDir, { recursive: true, force: true });
    if (result.status !== 0) failedTier = true;
  }
} else {
  console.log(`\n(Node.js ${OTHER_NODE_VERSIONS.join(' and ')}: run in CI, or with TEST_OTHER_NODES=true.)`);
}

// The web build, always made afresh here: it prints every page's first-load weight and fails over
// the budget (scripts/build/first-load-weights.ts), which the build `npm start` makes only reports.
console.log('\n=== Web build and first-load budget ===');
const webBuild = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build'], {
  stdio: 'inherit',
  env: { ...env, FIRST_LOAD_BUDGET: 'enforce' },
});
if (webBuild.status !== 0) failedTier = true;

if (existsSync(CHROMIUM)) {
  const build = spawnSync(process.execPath, ['scripts/build-if-stale.mjs'], { stdio: 'inherit' });
  if (build.status !== 0) failedTier = true;
  else runVitest('Browser tests (Chromium)', ['--config', 'e2e/vitest.config.ts'], env);
} else {
  skipTier('Browser', `${CHROMIUM} is missing (install it with: apt-get install -y chromium)`);
}

console.log('\n=== Summary ===');
for (const line of skipped) console.log(line);
console.log(
  `Tests: ${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`,
);
process.exit(failedTier || totals.failed > 0 ? 1 : 0);
