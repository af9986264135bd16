import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { defineDailyJob } from '../../platform/jobs';
import type { Db } from '../../platform/db/schema';
import { resourcesRepository } from './resources.repository';

/** Once a day, every resource's web address is asked whether it still answers. */
export const LINK_CHECK_JOB = defineDailyJob('resource-link-check', 4);

/** A link is checked again when its last check is older than this (a day, less the time a run takes). */
const RECHECK_AFTER_MS = 20 * 3_600_000;
const TIMEOUT_MS = 10_000;
const MAX_REDIRECTS = 5;
/** Links asked at once: a run over thousands of links should neither take all day nor flood a site. */
const CONCURRENCY = 8;
const BATCH = 200;

/** Loopback, private, link-local and other non-public networks: a server-side check never asks them. */
const NOT_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['224.0.0.0', 3],
] as const)
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 127],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['::ffff:0:0', 96],
] as const)
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv6');

/** Whether every address the host name stands for is on the public internet. */
async function isPublicHost(hostname: string): Promise<boolean> {
  const host = hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await lookup(host, { all: true });
  return (
    addresses.length > 0 &&
    addresses.every(({ address, family }) => !NOT_PUBLIC.check(address, family === 6 ? 'ipv6' : 'ipv4'))
  );
}

/**
 * What a link answers: its HTTP status after redirects (HEAD, or GET where HEAD is refused), 0
 * when nothing answered in time, or undefined when it points to a non-public address (not asked).
 */
export async function linkStatus(url: string, allowPrivate: boolean): Promise<number | undefined> {
  let current = new URL(url);
  try {
    for (let redirects = 0; redirects <= MAX_REDIRECTS; redirects += 1) {
      if (current.protocol !== 'https:' && current.protocol !== 'http:') return 0;
      if (!allowPrivate && !(await isPublicHost(current.hostname))) return undefined;
      let response = await fetch(current, {
        method: 'HEAD',
        redirect: 'manual',
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      if (response.status === 405 || response.status === 501) {
        response = await fetch(current, { method: 'GET', redirect: 'manual', signal: AbortSignal.timeout(TIMEOUT_MS) });
        await response.body?.cancel();
      }
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        current = new URL(location, current);
        continue;
      }
      return response.status;
    }
    return 0;
  } catch {
    return 0;
  }
}

/** A status that means the link works (redirect chains too long count as failures). */
const works = (status: number) => status >= 200 && status < 400;

/**
 * Checks every resource link not checked in the last day and records what it answered: the
 * status, and since when it fails (kept across failing checks, cleared by an answer that works).
 * Readers' browsers never fetch these links for the check; only this job does.
 */
export async function checkResourceLinks(
  db: Db,
  { allowPrivate, now = Date.now() }: { allowPrivate: boolean; now?: number },
): Promise<{ checked: number; failing: number }> {
  const repository = resourcesRepository(db);
  const totals = { checked: 0, failing: 0 };
  for (;;) {
    const due = await repository.linksToCheck(now - RECHECK_AFTER_MS, BATCH);
    if (due.length === 0) return totals;
    for (let start = 0; start < due.length; start += CONCURRENCY) {
      await Promise.all(
        due.slice(start, start + CONCURRENCY).map(async (row) => {
          const status = await linkStatus(row.url!, allowPrivate);
          if (status === undefined) {
            await repository.recordLinkCheck(row.id, null, null, now);
            return;
          }
          const failingSince = works(status) ? null : (row.link_failing_since ?? now);
          await repository.recordLinkCheck(row.id, status, failingSince, now);
          totals.checked += 1;
          if (failingSince !== null) totals.failing += 1;
        }),
      );
    }
  }
}
