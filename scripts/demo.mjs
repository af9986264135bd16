// `npm run demo`: the app on its own database file (./data/demo.sqlite) with 500 demo people and
// the affiliates list, added the first time only.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const env = { ...process.env, DATABASE_URL: process.env.DATABASE_URL ?? './data/demo.sqlite' };
const run = (args) => {
  const result = spawnSync(process.execPath, args, { stdio: 'inherit', env });
  if (result.status !== 0) process.exit(result.status ?? 1);
};
if (!existsSync('./data/demo.sqlite') || process.env.DATABASE_URL) {
  run(['bin/cxc.js', 'seed', '--demo', '--people', '500']);
  run(['bin/cxc.js', 'import', 'affiliates']);
}
run(['scripts/build-if-stale.mjs']);
run(['--import', 'tsx', 'src/server/main.ts']);
