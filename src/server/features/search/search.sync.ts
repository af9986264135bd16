import { foldForMatching } from '../../../shared/text';
import { FACET, type EntityType } from '../../../shared/vocabulary';
import type { DatabaseHandle } from '../../platform/db/database';
import type { CapacityRow } from '../capacities/capacities.repository';
import { capacitiesWithLabels, capacityLabelsInEveryLanguage } from '../capacities/capacities.service';
import { CapacityLabelIndex } from './engine/capacity-labels';
import { collectGarbage } from './engine/collect-garbage';
import { valueKey, type EngineOptions, type SearchEngine, type SearchEngineFactory } from './engine/types';
import { workerEngineFactory } from './engine/worker-engine';
import { searchRepository, type SearchChange } from './search.repository';

/** Small pages: rows of a page live through the page's indexing, and larger ones outlived young-generation collections. */
const LOAD_PAGE = 200;
const CHANGES_PER_SYNC = 1_000;
/** Changed documents keep their old copy until a reload; reload once they outnumber the live ones. */
const RELOAD_WHEN_DEAD = 20_000;

/** What search.service counts (see countedFacets there); capacities on a side and languages at a level are only filtered by. */
export const COUNTED_FACETS = [
  FACET.type,
  FACET.side,
  FACET.capacityAny,
  FACET.language,
  FACET.region,
  FACET.country,
  FACET.format,
  FACET.orgType,
  FACET.resourceKind,
  FACET.licence,
  FACET.level,
  FACET.serviceKind,
  FACET.serviceFormat,
] as const;

export const SEARCH_ENGINE_OPTIONS: EngineOptions = { countedFacets: COUNTED_FACETS };

export interface SearchSnapshot {
  readonly engine: SearchEngine;
  readonly labels: CapacityLabelIndex;
  /** The capacity tree with labels in one language; read once per language until the labels change. */
  capacities(language: string): Promise<CapacityRow[]>;
}

/**
 * Keeps this process's search engine in step with the stored documents. Before each search it asks
 * the change log what changed since it last looked (one indexed query) and applies those entities,
 * so a change saved through any process is found by the very next search. Syncs never overlap: a
 * search that arrives during one waits for the next, which starts after it arrived. The engine runs
 * in a worker thread (`engines`); a replaced engine is freed once no search is using it.
 */
export function searchIndexSync(
  database: Pick<DatabaseHandle, 'db' | 'dialect'>,
  engines: SearchEngineFactory = workerEngineFactory(SEARCH_ENGINE_OPTIONS),
) {
  const repository = searchRepository(database.db, database.dialect);
  /** Searches using each snapshot now; a replaced snapshot's engine is disposed when its count reaches zero. */
  const inUse = new Map<SearchSnapshot, number>();
  const retired = new Set<SearchSnapshot>();

  function retire(old: SearchSnapshot | undefined): void {
    if (!old) return;
    if ((inUse.get(old) ?? 0) === 0) old.engine.dispose();
    else retired.add(old);
  }

  function replaceSnapshot(next: { snapshot: SearchSnapshot; seen: number }): SearchSnapshot {
    // New labels make a new snapshot of the same engine, which must stay.
    if (snapshot && snapshot.engine !== next.snapshot.engine) retire(snapshot);
    ({ snapshot, seen } = next);
    return next.snapshot;
  }
  let snapshot: SearchSnapshot | undefined;
  let seen = 0;
  let rebuilt: { snapshot: SearchSnapshot; seen: number } | undefined;
  let rebuilding = false;
  let current: Promise<SearchSnapshot> | undefined;
  let next: Promise<SearchSnapshot> | undefined;

  async function withLabels(engine: SearchEngine): Promise<SearchSnapshot> {
    const labels = new CapacityLabelIndex(
      (await capacityLabelsInEveryLanguage(database.db)).map((row) => ({
        capacityId: row.capacity_id,
        folded: foldForMatching(row.label),
      })),
    );
    const byLanguage = new Map<string, Promise<CapacityRow[]>>();
    return {
      engine,
      labels,
      capacities(language) {
        let rows = byLanguage.get(language);
        if (!rows) {
          rows = capacitiesWithLabels(database.db, language);
          byLanguage.set(language, rows);
          rows.catch(() => byLanguage.delete(language));
        }
        return rows;
      },
    };
  }

  /** Reads every stored document into a new engine; the change number is read first, so later changes are replayed. */
  async function loadEverything(): Promise<{ snapshot: SearchSnapshot; seen: number }> {
    const from = await repository.latestChange();
    const engine = engines.create({ bulk: true });
    try {
      for (let after = ''; ;) {
        const { last, documents } = await repository.documentsAfter(after, LOAD_PAGE);
        engine.add(documents);
        if (documents.length < LOAD_PAGE) break;
        after = last;
      }
      await engine.endBulk();
      collectGarbage();
      return { snapshot: await withLabels(engine), seen: from };
    } catch (error) {
      engine.dispose();
      throw error;
    }
  }

  /** Builds a compact copy beside the one in use; the next sync swaps it in. */
  function rebuildInBackground(): void {
    if (rebuilding) return;
    rebuilding = true;
    loadEverything()
      .then(
        (result) => {
          retire(rebuilt?.snapshot);
          rebuilt = result;
        },
        () => undefined,
      )
      .finally(() => {
        rebuilding = false;
      });
  }

  async function apply(changes: readonly SearchChange[], applied: SearchSnapshot): Promise<SearchSnapshot> {
    const { engine, labels } = applied;
    const entities = new Map<string, { entityType: EntityType; entityId: string }>();
    for (const change of changes)
      if (change.entityType !== '*')
        entities.set(`${change.entityType}:${change.entityId}`, {
          entityType: change.entityType,
          entityId: change.entityId,
        });
    const documents = await repository.documentsOf([...entities.values()]);
    for (const { entityType, entityId } of entities.values()) {
      engine.replace(
        entityType,
        entityId,
        documents.filter((document) => document.entityType === entityType && document.entityId === entityId),
      );
    }
    // A capacity approved after the labels were read: read them again.
    const capacityLine = valueKey(FACET.capacityAny, '');
    const unknownCapacity = documents.some((document) =>
      document.facets
        .split('\n')
        .some(
          (line) => line.startsWith(capacityLine) && !labels.capacityIds.has(Number(line.slice(capacityLine.length))),
        ),
    );
    return unknownCapacity ? withLabels(engine) : applied;
  }

  async function syncOnce(): Promise<SearchSnapshot> {
    if (rebuilt) {
      replaceSnapshot(rebuilt);
      rebuilt = undefined;
    }
    // A worker that stopped took its index with it.
    if (!snapshot || snapshot.engine.lost) return replaceSnapshot(await loadEverything());
    const changes = await repository.changesSince(seen, CHANGES_PER_SYNC);
    if (changes.length === 0) return snapshot;
    const everything =
      changes.length === CHANGES_PER_SYNC ||
      changes.some((change) => change.entityType === '*') ||
      (await repository.prunedThrough()) > seen;
    if (everything) return replaceSnapshot(await loadEverything());
    const applied = await apply(changes, snapshot);
    replaceSnapshot({ snapshot: applied, seen: changes.at(-1)!.seq });
    const size = await applied.engine.size();
    if (size.dead > Math.max(RELOAD_WHEN_DEAD, size.live)) rebuildInBackground();
    return applied;
  }

  /** The engine as of now: every change committed before this call is in it. */
  function fresh(): Promise<SearchSnapshot> {
    if (!current) {
      current = syncOnce().finally(() => {
        current = undefined;
      });
      return current;
    }
    next ??= current
      .catch(() => undefined)
      .then(() => {
        next = undefined;
        return fresh();
      });
    return next;
  }

  /**
   * Runs `work` on the engine as of now (every change committed before this call is in it). The
   * snapshot stays usable until `work` ends, even if a reload replaces it meanwhile. If the engine's
   * worker stopped, the work runs once more on a reloaded engine.
   */
  async function use<T>(work: (snapshot: SearchSnapshot) => Promise<T>, retried = false): Promise<T> {
    const current = await fresh();
    inUse.set(current, (inUse.get(current) ?? 0) + 1);
    try {
      return await work(current);
    } catch (error) {
      if (current.engine.lost && !retried) return use(work, true);
      throw error;
    } finally {
      const left = inUse.get(current)! - 1;
      if (left > 0) inUse.set(current, left);
      else {
        inUse.delete(current);
        if (retired.delete(current)) current.engine.dispose();
      }
    }
  }

  let warming: Promise<void> | undefined;

  return {
    use,
    /**
     * Loads the index now, if it is not loaded (at start, and when readiness is asked), so that the
     * first search does not wait for it. Answers at once; a failure is left for the next search.
     */
    warm(): void {
      if (snapshot && !snapshot.engine.lost) return;
      warming ??= use(async () => undefined)
        .catch(() => undefined)
        .finally(() => {
          warming = undefined;
        });
    },
    /**
     * For readiness and metrics: whether an index is loaded, its documents (dead ones wait for a
     * reload), and how many logged changes it has not applied yet (it applies them at its next search).
     */
    async state(): Promise<{ loaded: boolean; live: number; dead: number; behind: number }> {
      const latest = await repository.latestChange();
      if (!snapshot || snapshot.engine.lost) return { loaded: false, live: 0, dead: 0, behind: latest };
      const size = await snapshot.engine.size();
      return { loaded: true, ...size, behind: Math.max(0, latest - seen) };
    },
    /** Stops the engine's worker (the app is closing). */
    close: () => engines.close(),
  };
}

export type SearchIndexSync = ReturnType<typeof searchIndexSync>;
