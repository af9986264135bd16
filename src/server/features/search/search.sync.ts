import { foldForMatching } from '../../../shared/text';
import { FACET, type EntityType } from '../../../shared/vocabulary';
import type { DatabaseHandle } from '../../platform/db/database';
import type { CapacityRow } from '../capacities/capacities.repository';
import { capacitiesWithLabels, capacityLabelsInEveryLanguage } from '../capacities/capacities.service';
import { CapacityLabelIndex, SearchEngine } from './search.engine';
import { searchRepository, type SearchChange } from './search.repository';

/** Small pages: rows of a page live through the page's indexing, and larger ones outlived young-generation collections. */
const LOAD_PAGE = 200;
const CHANGES_PER_SYNC = 1_000;
/** Changed documents keep their old copy until a reload; reload once they outnumber the live ones. */
const RELOAD_WHEN_DEAD = 20_000;

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
 * search that arrives during one waits for the next, which starts after it arrived.
 */
export function searchIndexSync(database: Pick<DatabaseHandle, 'db' | 'dialect'>) {
  const repository = searchRepository(database.db, database.dialect);
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
    const engine = new SearchEngine();
    engine.beginBulk();
    for (let after = ''; ;) {
      const { last, documents } = await repository.documentsAfter(after, LOAD_PAGE);
      for (const document of documents) engine.add(document);
      if (documents.length < LOAD_PAGE) break;
      after = last;
    }
    engine.endBulk();
    return { snapshot: await withLabels(engine), seen: from };
  }

  /** Builds a compact copy beside the one in use; the next sync swaps it in. */
  function rebuildInBackground(): void {
    if (rebuilding) return;
    rebuilding = true;
    loadEverything()
      .then(
        (result) => {
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
    const unknownCapacity = documents.some((document) =>
      document.facets.some(
        (facet) => facet.facet === FACET.capacityAny && !labels.capacityIds.has(Number(facet.value)),
      ),
    );
    return unknownCapacity ? withLabels(engine) : applied;
  }

  async function syncOnce(): Promise<SearchSnapshot> {
    if (rebuilt) {
      ({ snapshot, seen } = rebuilt);
      rebuilt = undefined;
    }
    if (!snapshot) {
      ({ snapshot, seen } = await loadEverything());
      return snapshot;
    }
    const changes = await repository.changesSince(seen, CHANGES_PER_SYNC);
    if (changes.length === 0) return snapshot;
    const everything =
      changes.length === CHANGES_PER_SYNC ||
      changes.some((change) => change.entityType === '*') ||
      (await repository.prunedThrough()) > seen;
    if (everything) {
      ({ snapshot, seen } = await loadEverything());
      return snapshot;
    }
    snapshot = await apply(changes, snapshot);
    seen = changes.at(-1)!.seq;
    if (snapshot.engine.size.dead > Math.max(RELOAD_WHEN_DEAD, snapshot.engine.size.live)) rebuildInBackground();
    return snapshot;
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

  return { fresh };
}

export type SearchIndexSync = ReturnType<typeof searchIndexSync>;
