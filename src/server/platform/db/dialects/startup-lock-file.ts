import { closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';

/**
 * The startup lock of an SQLite database: a file beside it, created exclusively, that names its
 * owner. SQLite has no advisory locks, and separate processes (several app instances, the app and
 * the `cxc` command) may prepare the same database at once.
 *
 * A lock whose owner is gone is taken over at once: the owner is the process id on this host, with
 * the time the process started (from /proc, so a process id the system has given to another
 * process since does not count as the owner). Where that cannot be checked (a lock written on
 * another host, over a shared disk), a lock older than `STALE_MS` is taken over, as before.
 */

/** How long a lock of another host (whose owner cannot be asked) is trusted. */
const STALE_MS = 120_000;
/** How long to wait for a live owner before giving up: preparing a large database takes a while. */
const WAIT_MS = 10 * 60_000;
/** How often the waiting is said. */
const SAY_EVERY_MS = 10_000;
/** A lock file still empty after this was left by a process that died between creating and writing it. */
const EMPTY_STALE_MS = 5_000;
const RETRY_MS = 50;

interface LockOwner {
  readonly pid: number;
  readonly host: string;
  /** The process's start in clock ticks since boot (Linux's /proc/<pid>/stat), or null elsewhere. */
  readonly startTicks: number | null;
  readonly since: string;
}

export interface LockFileOptions {
  /** Gives up after this long with a live owner (default ten minutes). */
  readonly waitMs?: number;
  /** Told when the lock is held by a live owner (then every ten seconds), and when a dead owner's lock is taken over. */
  readonly say?: (message: string) => void;
}

/** A process's start time in clock ticks since boot, from /proc; null where there is no /proc or no such process. */
export function processStartTicks(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count the fields after it.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[19]);
    return Number.isFinite(ticks) ? ticks : null;
  } catch {
    return null;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

type Holder = { kind: 'owner'; owner: LockOwner } | { kind: 'unreadable'; ageMs: number } | { kind: 'released' };

function readHolder(path: string): Holder {
  try {
    const ageMs = Date.now() - statSync(path).mtimeMs;
    const text = readFileSync(path, 'utf8');
    try {
      const owner = JSON.parse(text) as LockOwner;
      if (typeof owner.pid === 'number' && typeof owner.host === 'string') return { kind: 'owner', owner };
    } catch {
      // Empty (being written) or left by an earlier version, which wrote nothing in it.
    }
    return { kind: 'unreadable', ageMs };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'released' };
    throw error;
  }
}

/** Why the holder no longer holds the lock, or null while it may. */
function goneBecause(holder: Holder, path: string): string | null {
  if (holder.kind === 'released') return null;
  if (holder.kind === 'unreadable')
    return holder.ageMs > STALE_MS || (holder.ageMs > EMPTY_STALE_MS && readFileSync(path, 'utf8') === '')
      ? 'it names no owner and is old'
      : null;
  const { owner } = holder;
  if (owner.host !== hostname()) {
    const ageMs = Date.now() - statSync(path).mtimeMs;
    return ageMs > STALE_MS ? `its owner on ${owner.host} has held it for ${Math.round(ageMs / 1000)} s` : null;
  }
  if (!isRunning(owner.pid)) return `process ${owner.pid} is gone`;
  const ticks = processStartTicks(owner.pid);
  if (owner.startTicks !== null && ticks !== null && ticks !== owner.startTicks)
    return `process ${owner.pid} is gone (its number now belongs to another process)`;
  return null;
}

function tryCreate(path: string, owner: LockOwner): boolean {
  let descriptor: number;
  try {
    descriptor = openSync(path, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(descriptor, JSON.stringify(owner));
  } finally {
    closeSync(descriptor);
  }
  return true;
}

/**
 * Removes a dead owner's lock, under a second lock so that two processes taking it over at once do
 * not remove each other's new one: each looks again under it, and only one removes the old file.
 */
function takeOver(path: string, dead: Holder): boolean {
  const guard = `${path}.takeover`;
  try {
    closeSync(openSync(guard, 'wx'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    // A takeover that crashed midway leaves its guard: old ones are removed, then we try again.
    try {
      if (Date.now() - statSync(guard).mtimeMs > EMPTY_STALE_MS) unlinkSync(guard);
    } catch {
      // Gone meanwhile.
    }
    return false;
  }
  try {
    const now = readHolder(path);
    const same =
      now.kind === dead.kind &&
      (now.kind !== 'owner' || (dead.kind === 'owner' && JSON.stringify(now.owner) === JSON.stringify(dead.owner)));
    if (!same || goneBecause(now, path) === null) return false;
    unlinkSync(path);
    return true;
  } finally {
    unlinkSync(guard);
  }
}

/** Takes the lock at `path`, waiting while a live process holds it; returns its release. */
export async function acquireLockFile(path: string, options: LockFileOptions = {}): Promise<() => void> {
  const { waitMs = WAIT_MS, say = () => {} } = options;
  const owner: LockOwner = {
    pid: process.pid,
    host: hostname(),
    startTicks: processStartTicks(process.pid),
    since: new Date().toISOString(),
  };
  const deadline = Date.now() + waitMs;
  let saidAt = -Infinity;
  for (;;) {
    if (tryCreate(path, owner)) return () => unlinkSync(path);
    const holder = readHolder(path);
    const gone = goneBecause(holder, path);
    if (gone !== null) {
      if (takeOver(path, holder)) say(`Took over the startup lock ${path}: ${gone}.`);
      continue;
    }
    if (Date.now() - saidAt >= SAY_EVERY_MS && holder.kind !== 'released') {
      saidAt = Date.now();
      say(
        holder.kind === 'owner'
          ? `Waiting for the startup lock ${path}, held by process ${holder.owner.pid} on ${holder.owner.host} since ${holder.owner.since}.`
          : `Waiting for the startup lock ${path}.`,
      );
    }
    if (Date.now() > deadline)
      throw new Error(
        `Could not take the startup lock ${path} within ${Math.round(waitMs / 1000)} s: ` +
          (holder.kind === 'owner' ? `process ${holder.owner.pid} on ${holder.owner.host} holds it.` : 'it is held.'),
      );
    await new Promise((done) => setTimeout(done, RETRY_MS));
  }
}
