import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { JobQueue } from '../../platform/jobs';
import type { SqlDialect } from '../../platform/db/dialects/dialect';
import type { SearchIndexSync } from '../search/search.sync';

/** Request durations in seconds: from a cached read (a few ms) to a slow search or export. */
const DURATION_BUCKETS = [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The process's own measures (CPU, memory, garbage collection, event-loop delay), started once per
 * process: every app built in one process (the tests build many) shares them, and each call of
 * `collectDefaultMetrics` would start another event-loop monitor that is never stopped.
 */
let processRegistry: Registry | undefined;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry, eventLoopMonitoringPrecision: 10 });
  }
  return processRegistry;
}

export interface MetricSources {
  readonly jobs: JobQueue;
  readonly searchSync: SearchIndexSync;
  readonly dialect: SqlDialect;
}

/**
 * The measures `/metrics` shows, in Prometheus's text format. Requests are counted by route pattern
 * (`/api/people/:handle`), never by address, as the log does: an address can name a person. The
 * queue, the search index and the pool are read when scraped, so they are as of that moment.
 */
export function appMetrics({ jobs, searchSync, dialect }: MetricSources) {
  const registry = new Registry();
  const registers = [registry];
  // Three measures come from the search index's state: asked once per scrape (a query and a round
  // trip to the engine's worker), not once per measure.
  let scrapeState: ReturnType<SearchIndexSync['state']> | undefined;
  const searchState = () => (scrapeState ??= searchSync.state());
  const requests = new Counter({
    name: 'cxc_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status code.',
    labelNames: ['method', 'route', 'status'] as const,
    registers,
  });
  const durations = new Histogram({
    name: 'cxc_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method and route pattern.',
    labelNames: ['method', 'route'] as const,
    buckets: DURATION_BUCKETS,
    registers,
  });
  new Gauge({
    name: 'cxc_jobs',
    help: 'Jobs in the queue: due now, waiting for their time (retries, later sends), or given up (failed).',
    labelNames: ['state'] as const,
    registers,
    async collect() {
      const depth = await jobs.depth();
      for (const state of ['due', 'waiting', 'failed'] as const) this.set({ state }, depth[state]);
    },
  });
  new Counter({
    name: 'cxc_job_failures_total',
    help: 'Job runs that failed in this process (each is retried until it is given up), by kind.',
    labelNames: ['kind'] as const,
    registers,
    collect() {
      // The queue keeps the running totals; the counter shows them as they are now.
      this.reset();
      for (const [kind, count] of jobs.failuresByKind) this.inc({ kind }, count);
    },
  });
  new Gauge({
    name: 'cxc_search_index_documents',
    help: "Documents in this process's search index: live, or dead (replaced, freed at the next reload).",
    labelNames: ['state'] as const,
    registers,
    async collect() {
      const state = await searchState();
      this.set({ state: 'live' }, state.live);
      this.set({ state: 'dead' }, state.dead);
    },
  });
  new Gauge({
    name: 'cxc_search_index_loaded',
    help: '1 once this process has loaded its search index.',
    registers,
    async collect() {
      this.set((await searchState()).loaded ? 1 : 0);
    },
  });
  new Gauge({
    name: 'cxc_search_sync_behind_changes',
    help: "Saved changes this process's search index has not applied yet (it applies them before its next search).",
    registers,
    async collect() {
      this.set((await searchState()).behind);
    },
  });
  new Gauge({
    name: 'cxc_database_pool_connections',
    help: 'PostgreSQL connections of this process: open, idle, and queries waiting for one (absent on SQLite).',
    labelNames: ['state'] as const,
    registers,
    collect() {
      const use = dialect.poolUse();
      if (!use) return;
      this.set({ state: 'open' }, use.open);
      this.set({ state: 'idle' }, use.idle);
      this.set({ state: 'waiting' }, use.waiting);
    },
  });

  return {
    /** Counts one answered request. */
    observe(method: string, route: string, status: number, seconds: number): void {
      requests.inc({ method, route, status: String(status) });
      durations.observe({ method, route }, seconds);
    },
    contentType: registry.contentType,
    /** Everything, the process's measures included, as Prometheus text. */
    async text(): Promise<string> {
      try {
        return await Registry.merge([processMetrics(), registry]).metrics();
      } finally {
        scrapeState = undefined;
      }
    },
  };
}
