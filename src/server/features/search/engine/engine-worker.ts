/**
 * The search engine's worker thread: holds the indexes (the one in use, and a compact copy being
 * built beside it) and answers searches, so matching and counting never block the app's event loop.
 * An index whose change failed answers every later call with an error: the app then loads
 * everything again rather than search a half-changed index.
 */
import { parentPort } from 'node:worker_threads';
import type { EngineAnswer, EngineMessage } from './protocol';
import { collectGarbage } from './collect-garbage';
import { SearchIndex } from './search-index';

const indexes = new Map<number, SearchIndex>();

const broken = new Map<number, string>();

function indexOf(engine: number): SearchIndex {
  const failure = broken.get(engine);
  if (failure !== undefined) throw new Error(`The search index failed to change: ${failure}`);
  const index = indexes.get(engine);
  if (!index) throw new Error('No such search index');
  return index;
}

function handle(message: EngineMessage): unknown {
  switch (message.op) {
    case 'create': {
      const index = new SearchIndex(message.options);
      if (message.bulk) index.beginBulk();
      indexes.set(message.engine, index);
      return undefined;
    }
    case 'add': {
      const index = indexOf(message.engine);
      for (const document of message.documents) index.add(document);
      return undefined;
    }
    case 'replace':
      indexOf(message.engine).replace(message.entityType, message.entityId, message.documents);
      return undefined;
    case 'dispose':
      indexes.delete(message.engine);
      broken.delete(message.engine);
      return undefined;
    case 'endBulk':
      indexOf(message.engine).endBulk();
      collectGarbage();
      return null;
    case 'search':
      return indexOf(message.engine).search(message.query);
    case 'suggest':
      return indexOf(message.engine).suggest(message.audience, message.request);
    case 'tabulate':
      return indexOf(message.engine).tabulate(message.audience, message.tabulations);
    case 'size':
      return indexOf(message.engine).size();
  }
}

parentPort!.on('message', (message: EngineMessage) => {
  const call = 'call' in message ? message.call : undefined;
  try {
    const result = handle(message);
    if (call !== undefined) parentPort!.postMessage({ call, result: result ?? null } as EngineAnswer);
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    if (call !== undefined) parentPort!.postMessage({ call, error: text } satisfies EngineAnswer);
    else if (message.op !== 'dispose') broken.set(message.engine, text);
  }
});
