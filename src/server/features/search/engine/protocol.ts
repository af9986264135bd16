/** The messages between the app's thread and the search engine's worker (see worker-engine.ts). */
import type { EntityType } from '../../../../shared/vocabulary';
import type {
  Audience,
  StoredDocument,
  EngineOptions,
  EngineQuery,
  EngineResult,
  EngineSize,
  SuggestionGroup,
  SuggestionRequest,
  Tabulation,
  TabulationCells,
} from './types';

/** Changes carry no call number: they are applied in order and answered by nothing. */
export type EngineChange =
  | { readonly op: 'create'; readonly engine: number; readonly bulk: boolean; readonly options: EngineOptions }
  | { readonly op: 'add'; readonly engine: number; readonly documents: readonly StoredDocument[] }
  | {
      readonly op: 'replace';
      readonly engine: number;
      readonly entityType: EntityType;
      readonly entityId: string;
      readonly documents: readonly StoredDocument[];
    }
  | { readonly op: 'dispose'; readonly engine: number };

export type EngineCall =
  | { readonly op: 'endBulk'; readonly engine: number; readonly call: number }
  | { readonly op: 'search'; readonly engine: number; readonly call: number; readonly query: EngineQuery }
  | {
      readonly op: 'suggest';
      readonly engine: number;
      readonly call: number;
      readonly audience: Audience;
      readonly request: SuggestionRequest;
    }
  | {
      readonly op: 'tabulate';
      readonly engine: number;
      readonly call: number;
      readonly audience: Audience;
      readonly tabulations: readonly Tabulation[];
    }
  | { readonly op: 'size'; readonly engine: number; readonly call: number };

export type EngineMessage = EngineChange | EngineCall;

export type EngineAnswer =
  | { readonly call: number; readonly result: EngineResult | SuggestionGroup[] | TabulationCells[] | EngineSize | null }
  | { readonly call: number; readonly error: string };
