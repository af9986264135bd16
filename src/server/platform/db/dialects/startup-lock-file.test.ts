import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { acquireLockFile, processStartTicks } from './startup-lock-file';

/*
 * The SQLite startup lock. Before, a lock left by a crash during start blocked every start for two
 * minutes (it was taken over only when that old), saying nothing meanwhile. Each test gives the
 * lock a short wait: where the old rule would have waited, the call would fail.
 */

let directory: string;
let lock: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'cxc-lock-'));
  lock = join(directory, 'cxc.sqlite.startup-lock');
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

const SHORT = { waitMs: 1_000 };
/** The id of a process that has ended. */
const endedProcessId = () => spawnSync(process.execPath, ['-e', '']).pid!;

describe('the startup lock file', () => {
  test('names its owner, and is gone once released', async () => {
    const release = await acquireLockFile(lock, SHORT);
    const owner = JSON.parse(readFileSync(lock, 'utf8')) as { pid: number; host: string; startTicks: number | null };
    expect(owner).toMatchObject({ pid: process.pid, host: hostname(), startTicks: processStartTicks(process.pid) });
    release();
    expect(existsSync(lock)).toBe(false);
  });

  test('of a process killed while it held it is taken over at once, and that is said', async () => {
    // A process takes the lock and is killed (SIGKILL) while holding it, as in a crash during start.
    const holder = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        `import('${join(import.meta.dirname, 'startup-lock-file.ts')}').then(async ({ acquireLockFile }) => {
          await acquireLockFile(${JSON.stringify(lock)});
          process.stdout.write('held');
          setInterval(() => {}, 1000);
        });`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((held) => holder.stdout.once('data', () => held()));
    const died = new Promise((ended) => holder.once('exit', ended));
    holder.kill('SIGKILL');
    await died;
    expect(existsSync(lock)).toBe(true);

    const said: string[] = [];
    const release = await acquireLockFile(lock, { ...SHORT, say: (message) => said.push(message) });
    expect(said).toEqual([`Took over the startup lock ${lock}: process ${holder.pid} is gone.`]);
    expect(JSON.parse(readFileSync(lock, 'utf8'))).toMatchObject({ pid: process.pid });
    release();
  });

  test('whose process id now belongs to another process is taken over', async () => {
    writeFileSync(lock, JSON.stringify({ pid: process.pid, host: hostname(), startTicks: 1, since: 'then' }));
    const said: string[] = [];
    const release = await acquireLockFile(lock, { ...SHORT, say: (message) => said.push(message) });
    expect(said[0]).toContain('its number now belongs to another process');
    release();
  });

  test('of a live owner is waited for, saying who holds it, and not taken', async () => {
    const release = await acquireLockFile(lock, SHORT);
    const said: string[] = [];
    await expect(acquireLockFile(lock, { waitMs: 300, say: (message) => said.push(message) })).rejects.toThrow(
      `Could not take the startup lock ${lock} within 0 s: process ${process.pid} on ${hostname()} holds it.`,
    );
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(new RegExp(`^Waiting for the startup lock .*, held by process ${process.pid} on `));
    release();
  });

  test('a waiter takes the lock as soon as its owner releases it', async () => {
    const release = await acquireLockFile(lock, SHORT);
    const waiting = acquireLockFile(lock, SHORT);
    setTimeout(release, 100);
    (await waiting)();
  });

  test('of another host is trusted until it is two minutes old, as its owner cannot be asked', async () => {
    const elsewhere = { pid: endedProcessId(), host: `not-${hostname()}`, startTicks: null, since: 'then' };
    writeFileSync(lock, JSON.stringify(elsewhere));
    await expect(acquireLockFile(lock, { waitMs: 200 })).rejects.toThrow(/holds it/);
    const threeMinutesAgo = new Date(Date.now() - 180_000);
    utimesSync(lock, threeMinutesAgo, threeMinutesAgo);
    (await acquireLockFile(lock, SHORT))();
  });

  test('left empty or by an earlier version (no owner in it) is taken over when old', async () => {
    writeFileSync(lock, '');
    const sixSecondsAgo = new Date(Date.now() - 6_000);
    utimesSync(lock, sixSecondsAgo, sixSecondsAgo);
    (await acquireLockFile(lock, SHORT))();
  });

  test('of an ended process on this host is taken over even when it is fresh', async () => {
    writeFileSync(lock, JSON.stringify({ pid: endedProcessId(), host: hostname(), startTicks: null, since: 'now' }));
    (await acquireLockFile(lock, SHORT))();
  });
});
