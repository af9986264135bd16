/**
 * Engines in the caller's thread: for the engine's own tests and for tools that search once. The app
 * uses the worker (worker-engine.ts), so that a search never holds up other requests.
 */
import { SearchIndex } from './search-index';
import type { EngineOptions, SearchEngine, SearchEngineFactory } from './types';

export function localEngine(options: EngineOptions, { bulk }: { bulk: boolean }): SearchEngine {
  let index: SearchIndex | undefined = new SearchIndex(options);
  if (bulk) index.beginBulk();
  const open = () => {
    if (!index) throw new Error('The search engine was disposed');
    return index;
  };
  return {
    lost: false,
    add: (documents) => documents.forEach((document) => open().add(document)),
    replace: (entityType, entityId, documents) => open().replace(entityType, entityId, documents),
    endBulk: async () => open().endBulk(),
    search: async (query) => open().search(query),
    suggest: async (audience, request) => open().suggest(audience, request),
    tabulate: async (audience, tabulations) => open().tabulate(audience, tabulations),
    size: async () => open().size(),
    dispose: () => {
      index = undefined;
    },
  };
}

export function localEngineFactory(options: EngineOptions): SearchEngineFactory {
  return { create: (settings) => localEngine(options, settings), close: async () => undefined };
}
