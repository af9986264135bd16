/**
 * What the search engine is given and answers, and the interface search.service, search.sync and
 * matches use. The engine holds, per audience, every stored document in memory; nothing in it reads
 * the database (search.sync.ts keeps it in step).
 */
import type { EntityType, Facet, SearchSort } from '../../../../shared/vocabulary';

export type Audience = 'member' | 'visitor';
export const AUDIENCES: readonly Audience[] = ['member', 'visitor'];

export interface FacetValue {
  readonly facet: string;
  readonly value: string;
}

/** A document as stored (see search.indexer.ts): what one audience may find of one entity. */
export interface EngineDocument {
  readonly entityType: EntityType;
  readonly entityId: string;
  readonly audience: Audience;
  readonly address: string;
  readonly title: string | null;
  readonly sortName: string;
  /** Folded text: names, usernames, bios, descriptions (capacity labels are matched through facets). */
  readonly body: string;
  readonly facets: readonly FacetValue[];
  readonly updatedAt: number;
}

/**
 * A document as stored and as the engine takes it: its facet values as `facet=value` lines. The
 * engine reads the lines itself (in its worker), so loading 100,000 documents creates no object per
 * value in the app's thread.
 */
export interface StoredDocument extends Omit<EngineDocument, 'facets'> {
  readonly facets: string;
}

/** The stored form of a document's facet values (see StoredDocument). */
export const facetLines = (facets: readonly FacetValue[]): string =>
  facets.map(({ facet, value }) => valueKey(facet, value)).join('\n');

/** Any of `values` (facet-qualified, see valueKey) satisfies the filter; filters are ANDed. */
export interface EngineFilter {
  /** The facet it narrows, which a count may skip. */
  readonly name: Facet;
  readonly values: readonly string[];
}

export interface EngineQuery {
  readonly audience: Audience;
  /** Each word must match: a word of the text by prefix, or one of its `capacityValues`. */
  readonly words: readonly { readonly text: string; readonly capacityValues: readonly string[] }[];
  readonly filters: readonly EngineFilter[];
  /** Facets to count, each over every filter except the one named `skip`. */
  readonly counted: readonly { readonly facet: Facet; readonly skip: Facet }[];
  readonly order: SearchSort;
  /** Values whose number, per document, orders by "most matching capacities". */
  readonly scoreValues: readonly string[];
  readonly limit: number;
  readonly offset: number;
  /** Entities (`type:id`) this viewer may not find, e.g. members blocked either way: not matched, not counted. */
  readonly excludeEntities?: readonly string[];
  /** The most frequent values kept per counted facet (ties at the cut by value); all when absent. */
  readonly countLimit?: number;
  /** The facets whose values hits carry (what the page explains a hit with); all when absent. */
  readonly hitFacets?: readonly string[];
}

export interface EngineHit {
  readonly type: EntityType;
  readonly entityId: string;
  readonly address: string;
  readonly title: string | null;
  readonly facets: FacetValue[];
}

export interface EngineResult {
  readonly total: number;
  readonly hits: EngineHit[];
  /** Per counted facet: value → number of documents (the `countLimit` most frequent). */
  readonly counts: Map<string, Map<string, number>>;
  /** Query words that matched nothing as written, and were matched as close spellings instead. */
  readonly approximateWords: string[];
}

/** For "peers for my needs": one group per capacity of mine, each with tiers of values (same capacity, narrower, broader). */
export interface SuggestionRequest {
  readonly groups: readonly { readonly tiers: readonly (readonly string[])[] }[];
  /** Only documents with one of these language values; null for any. */
  readonly languages: readonly string[] | null;
  readonly excludeEntities: readonly string[];
  readonly perGroup: number;
  /** The facets whose values suggestions carry; all when absent. */
  readonly hitFacets?: readonly string[];
}

export interface SuggestionGroup {
  /** Documents in the group, before the cut to `perGroup`. */
  readonly total: number;
  readonly suggestions: (EngineHit & { readonly tier: number; readonly via: string; readonly groups: number })[];
}

/**
 * Counting documents by combinations of facet values, for the published statistics (the map, the
 * reports): no document is named, only how many have each combination.
 */
export interface Tabulation {
  /** Each must be satisfied by one of its values, as in a search. */
  readonly filters: readonly EngineFilter[];
  /**
   * The facets whose values make a cell, each optionally cut to the values that start with a
   * prefix (`learns:` of `capacity`). A document counts once in every combination of its values
   * (so once per cell); none: no cells, only how many matched.
   */
  readonly groupBy: readonly { readonly facet: string; readonly prefix?: string }[];
}

/**
 * A tabulation's answer: how many documents passed the filters, and per cell (the grouped values,
 * without their facets, joined by TABULATION_SEPARATOR) how many of them are in it.
 */
export interface TabulationCells {
  readonly matched: number;
  readonly cells: Map<string, number>;
}
export const TABULATION_SEPARATOR = '\t';

/** Documents held, and changed ones still taking room (a reload frees them). */
export interface EngineSize {
  readonly live: number;
  readonly dead: number;
}

export interface EngineOptions {
  /**
   * The facets searches may count. Each document keeps their values first, grouped by facet, so
   * counting reads only them, and a document missing one filter only its facet's group; the other
   * facets are only filtered by and shown on hits.
   */
  readonly countedFacets: readonly string[];
  /**
   * Values on at least this many documents keep pair counts (see documents.ts); 2,000 unless said.
   * Below it, visiting their documents costs little.
   */
  readonly pairedValueMinDocuments?: number;
}

/**
 * One search index. Changes (`add`, `replace`) are applied in the order they are made, before any
 * search asked after them; an engine made for a full load (`bulk`) answers searches once `endBulk`
 * has resolved.
 */
export interface SearchEngine {
  add(documents: readonly StoredDocument[]): void;
  /** Replaces an entity's documents (none: it is no longer findable). */
  replace(entityType: EntityType, entityId: string, documents: readonly StoredDocument[]): void;
  endBulk(): Promise<void>;
  search(query: EngineQuery): Promise<EngineResult>;
  suggest(audience: Audience, request: SuggestionRequest): Promise<SuggestionGroup[]>;
  /** Several tabulations over one audience's live documents, answered together. */
  tabulate(audience: Audience, tabulations: readonly Tabulation[]): Promise<TabulationCells[]>;
  size(): Promise<EngineSize>;
  /** True once the engine can no longer answer (its worker stopped): load everything again. */
  readonly lost: boolean;
  /** Frees the index; searches asked before still get their answers. */
  dispose(): void;
}

/** Makes engines: in this thread, or in a worker thread that keeps the event loop free. */
export interface SearchEngineFactory {
  create(options: { bulk: boolean }): SearchEngine;
  close(): Promise<void>;
}

/** Stored documents name their facets as strings; queries must use the vocabulary's names. */
export const valueKey = (facet: Facet | string, value: string): string => `${facet}=${value}`;
