import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

/** What `npm start` runs once the app is built, read from package.json so that the two never differ. */
const SERVER_COMMAND = (
  JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }
).scripts.start
  .split('&&')
  .at(-1)!
  .trim()
  .split(/\s+/)
  .slice(1);

let built = false;
/** Builds what `npm start` builds, once per test process (it does nothing when the build is fresh). */
function buildIfStale(): void {
  if (built) return;
  const build = spawnSync(process.execPath, ['scripts/build-if-stale.mjs'], { cwd: ROOT, stdio: 'ignore' });
  if (build.status !== 0) throw new Error('Building the app failed: run `node scripts/build-if-stale.mjs`');
  built = true;
}

export interface RunningApp {
  readonly url: string;
  /** The app's DATABASE_URL, for running `cxc` against the same database. */
  readonly databaseUrl: string;
  readonly output: () => string;
  /** The server's resident memory in MiB (from /proc), for benchmarks. */
  residentMemoryMb(): number;
  /** Ends the server at once with SIGKILL, as a crash would (its files stay until `stop`). */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * Starts the app the way the README says (`npm start` runs exactly this after building the web app),
 * on its own empty SQLite file and a free port, and waits until it answers.
 */
export async function startApp(
  env: Record<string, string> = {},
  nodeArguments: readonly string[] = [],
): Promise<RunningApp> {
  buildIfStale();
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'cxc-e2e-'));
  const databaseUrl = env.DATABASE_URL ?? join(dataDir, 'cxc.sqlite');
  let output = '';
  const child: ChildProcess = spawn(process.execPath, [...nodeArguments, ...SERVER_COMMAND], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      HOST: '127.0.0.1',
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      LOG_LEVEL: 'warn',
      ...env,
      DATABASE_URL: databaseUrl,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The app exited during start:\n${output}`);
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`The app did not answer within 60 s:\n${output}`);
    await new Promise((done) => setTimeout(done, 200));
  }

  // A process ended by a signal keeps exitCode null: it has signalCode instead.
  const running = () => child.exitCode === null && child.signalCode === null;
  return {
    url,
    databaseUrl,
    output: () => output,
    residentMemoryMb() {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN) / 1024;
    },
    async kill() {
      if (!running()) return;
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (running()) {
        const exited = new Promise((done) => child.once('exit', done));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
