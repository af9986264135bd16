/**
 * Both audiences' indexes in this thread, synchronous: a search never sees a half-applied change.
 * It runs in the engine's worker thread (engine.worker.ts), or in the caller's thread (local-engine.ts).
 */
import type { EntityType } from '../../../../shared/vocabulary';
import { AudienceIndex } from './audience-index';
import { ValueDictionary } from './storage';
import {
  AUDIENCES,
  type Audience,
  type EngineOptions,
  type EngineQuery,
  type EngineResult,
  type EngineSize,
  type StoredDocument,
  type SuggestionGroup,
  type SuggestionRequest,
  type Tabulation,
  type TabulationCells,
} from './types';

export class SearchIndex {
  private readonly values = new ValueDictionary();
  private readonly audiences: Map<Audience, AudienceIndex>;

  constructor(options: EngineOptions) {
    const counted = options.countedFacets.map((facet) => this.values.facetId(facet));
    this.audiences = new Map(
      AUDIENCES.map((audience) => [audience, new AudienceIndex(this.values, counted, options.pairedValueMinDocuments)]),
    );
  }

  replace(entityType: EntityType, entityId: string, documents: readonly StoredDocument[]): void {
    for (const index of this.audiences.values()) index.remove(`${entityType}:${entityId}`);
    for (const document of documents) this.add(document);
  }

  add(document: StoredDocument): void {
    this.audiences.get(document.audience)!.add(document);
  }

  search(query: EngineQuery): EngineResult {
    return this.audiences.get(query.audience)!.search(query);
  }

  suggest(audience: Audience, request: SuggestionRequest): SuggestionGroup[] {
    return this.audiences.get(audience)!.suggest(request);
  }

  tabulate(audience: Audience, tabulations: readonly Tabulation[]): TabulationCells[] {
    const index = this.audiences.get(audience)!;
    return tabulations.map((tabulation) => index.tabulate(tabulation));
  }

  /** Many additions at once (a full load): each list is allocated once, when it ends. */
  beginBulk(): void {
    for (const index of this.audiences.values()) index.beginBulk();
  }

  endBulk(): void {
    for (const index of this.audiences.values()) index.endBulk();
  }

  size(): EngineSize {
    let live = 0;
    let dead = 0;
    for (const index of this.audiences.values()) {
      live += index.liveCount;
      dead += index.deadCount;
    }
    return { live, dead };
  }
}
