import type { DatabaseHandle } from '../../platform/db/database';
import type { SqlDialect } from '../../platform/db/dialects/dialect';
import { regionsByCountry } from '../reference/reference.service';
import type { Db } from '../../platform/db/schema';
import type { EntityType } from '../../../shared/vocabulary';
import type { EngineDocument, FacetValue } from './engine/types';
import { searchRepository } from './search.repository';

const BULK_BATCH = 1000;

/**
 * What a content type tells search about itself. Search never reads another feature's tables: each
 * findable content type (people, organizations, and the ones to come) provides a source, and app.ts
 * hands the list to the indexer.
 */
export interface SearchSource {
  readonly entityType: EntityType;
  /**
   * The documents of these entities, one per audience that may find each; none for a hidden one.
   * With `lockWith`, the entities' rows stay locked until the transaction ends (as a save locks them).
   */
  documentsOf(db: Db, ids: readonly string[], context: SourceContext): Promise<EngineDocument[]>;
  /** Entities that should be findable and have no document (the index was created after them, or a bulk load). */
  withoutDocuments(db: Db): Promise<string[]>;
  /** Entities whose documents disagree with them: older than the entity, or present while it may not be found. */
  withStaleDocuments(db: Db): Promise<string[]>;
}

/** What a source needs besides its own rows: reference data read once, and whether to lock. */
export interface SourceContext {
  readonly regionOfCountry: ReadonlyMap<string, string>;
  readonly lockWith?: SqlDialect;
}

/** Facet values without empties and repeats, in their first order. */
export function distinctFacets(facets: readonly FacetValue[]): FacetValue[] {
  return [
    ...new Map(
      facets.filter((facet) => facet.value !== '').map((facet) => [`${facet.facet}\u0000${facet.value}`, facet]),
    ).values(),
  ];
}

/**
 * Keeps the stored search documents in step with what they are built from; every process's search
 * engine picks the changes up from the change log (search.sync.ts). Saves write their entity's
 * documents with `write`, inside the save's own transaction, so the data and the index never
 * disagree after a crash.
 */
export function searchIndexer(
  { db, dialect }: Pick<DatabaseHandle, 'db' | 'dialect'>,
  sources: readonly SearchSource[],
) {
  // Read once, before any transaction asks for it: inside one, on SQLite, a read on `db` would wait
  // for the transaction's only connection forever.
  let regionsRead: ReadonlyMap<string, string> | undefined;
  const regionOfCountry = async () => (regionsRead ??= await regionsByCountry(db));
  void regionOfCountry().catch(() => undefined);

  const sourceOf = (entityType: EntityType) => {
    const source = sources.find((candidate) => candidate.entityType === entityType);
    if (!source) throw new Error(`No search source for ${entityType}`);
    return source;
  };

  /** Builds documents of many entities and writes them, a batch per transaction. */
  async function rebuild(
    source: SearchSource,
    ids: readonly string[],
    onBatch: (done: number) => void,
    replace: boolean,
  ) {
    const regions = await regionOfCountry();
    for (let start = 0; start < ids.length; start += BULK_BATCH) {
      const batch = ids.slice(start, start + BULK_BATCH);
      await db.transaction().execute(async (trx) => {
        // In turn with saves and erasures, which take this lock before their documents: a batch then
        // never writes documents of someone erased meanwhile, nor clashes with a save's.
        await dialect.serializeSearchChanges(trx);
        const repository = searchRepository(trx, dialect);
        // Replacing: read and lock the entities in the transaction, so a save committed meanwhile by
        // another instance is not overwritten with documents of the version before it.
        const documents = await source.documentsOf(trx, batch, {
          regionOfCountry: regions,
          lockWith: replace ? dialect : undefined,
        });
        if (replace) {
          for (const id of batch)
            await repository.replaceEntity(
              source.entityType,
              id,
              documents.filter((document) => document.entityId === id),
            );
        } else {
          await repository.insertDocuments(documents);
        }
      });
      onBatch(Math.min(start + BULK_BATCH, ids.length));
    }
  }

  return {
    /**
     * Replaces an entity's documents with these, in the caller's transaction, and logs the change
     * so every process applies it at its next search.
     */
    async write(
      trx: Db,
      entityType: EntityType,
      entityId: string,
      documents: readonly EngineDocument[],
    ): Promise<void> {
      await searchRepository(trx, dialect).replaceEntity(entityType, entityId, documents);
    },

    /** Rebuilds one entity's documents from its stored data, in the caller's transaction. */
    async refresh(trx: Db, entityType: EntityType, entityId: string): Promise<void> {
      // Inside the caller's transaction only `trx` may be read (see saveSection).
      const regions = regionsRead ?? (await regionsByCountry(trx));
      const documents = await sourceOf(entityType).documentsOf(trx, [entityId], { regionOfCountry: regions });
      await searchRepository(trx, dialect).replaceEntity(entityType, entityId, documents);
    },

    /** Adds documents of entities that had none, in the caller's transaction, without logging each: see `logFullReload`. */
    async insertNew(trx: Db, documents: readonly EngineDocument[]): Promise<void> {
      await searchRepository(trx, dialect).insertDocuments(documents);
    },

    /** After a bulk load: every process reloads the whole index. */
    async logFullReload(): Promise<void> {
      await searchRepository(db, dialect).logFullReload();
    },

    /**
     * Builds the documents of everything that has none yet: after the search index was (re)created
     * over existing data, and after bulk loads. Entities are read a thousand at a time and written in
     * one transaction per batch; at the end every process is told to reload the whole index, instead
     * of one change per entity.
     */
    async indexMissing(onProgress: (done: number, total: number) => void = () => undefined): Promise<number> {
      const missing = await Promise.all(
        sources.map(async (source) => ({ source, ids: await source.withoutDocuments(db) })),
      );
      const total = missing.reduce((sum, entry) => sum + entry.ids.length, 0);
      if (total === 0) return 0;
      let before = 0;
      for (const { source, ids } of missing) {
        await rebuild(source, ids, (done) => onProgress(before + done, total), false);
        before += ids.length;
      }
      await searchRepository(db, dialect).logFullReload();
      if (total >= BULK_BATCH) await searchRepository(db, dialect).refreshPlannerStatistics();
      return total;
    },

    /**
     * Rebuilds the documents that disagree with their entity. Saves write both in one transaction,
     * so this finds nothing on a database only this version wrote; it repairs, at start, what an
     * earlier version left behind when it crashed between committing an entity and its documents.
     */
    async repairStale(): Promise<number> {
      let repaired = 0;
      for (const source of sources) {
        const ids = await source.withStaleDocuments(db);
        await rebuild(source, ids, () => undefined, true);
        repaired += ids.length;
      }
      return repaired;
    },

    /**
     * At start: `repairStale` once per database. Nothing can make documents stale afterwards, and
     * comparing every document costs about 0.3 s per 100,000 people at every start otherwise.
     */
    async repairStaleOnce(): Promise<number> {
      const repository = searchRepository(db, dialect);
      if (await repository.staleChecked()) return 0;
      const repaired = await this.repairStale();
      await repository.markStaleChecked();
      return repaired;
    },
  };
}

export type SearchIndexer = ReturnType<typeof searchIndexer>;
