/**
 * Engines in one worker thread per app process. Matching and counting 100,000 documents takes
 * milliseconds of CPU; in the app's thread that time held up every other request, health checks
 * included. Changes are posted without waiting (a worker handles messages in order, so a search
 * posted after a change sees it); searches wait for their answer. If the worker stops, every engine
 * in it reports `lost` and its waiting calls fail; the next engine starts a new worker.
 */
import { Worker } from 'node:worker_threads';
import type { EngineAnswer, EngineCall, EngineMessage } from './protocol';
import type { EngineOptions, SearchEngine, SearchEngineFactory } from './types';

/** Distributes EngineCall over its variants, each without `call` (the host numbers them). */
type CallWithoutNumber = EngineCall extends infer Call ? (Call extends EngineCall ? Omit<Call, 'call'> : never) : never;

const WORKER_YOUNG_GENERATION_MB = 8;

interface Waiting {
  resolve(result: unknown): void;
  reject(error: Error): void;
}

class WorkerHost {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, Waiting>();
  private nextCall = 1;
  stopped = false;

  constructor(onStop: () => void) {
    // The index lives in the old generation; searches make only short-lived garbage, and a small young
    // generation keeps the worker's unused heap (which counts in the server's memory) small.
    this.worker = new Worker(new URL('./engine.worker.mjs', import.meta.url), {
      resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
    });
    // The app closes the worker when it stops; an unreferenced worker never keeps a process alive.
    this.worker.unref();
    this.worker.on('message', (answer: EngineAnswer) => {
      const waiting = this.waiting.get(answer.call);
      if (!waiting) return;
      this.waiting.delete(answer.call);
      if ('error' in answer) waiting.reject(new Error(answer.error));
      else waiting.resolve(answer.result);
    });
    const stop = (reason: string) => {
      if (this.stopped) return;
      this.stopped = true;
      for (const waiting of this.waiting.values()) waiting.reject(new Error(`The search worker stopped: ${reason}`));
      this.waiting.clear();
      onStop();
    };
    this.worker.on('error', (error) => stop(error.message));
    this.worker.on('exit', (code) => stop(`exit code ${code}`));
  }

  post(message: EngineMessage): void {
    if (!this.stopped) this.worker.postMessage(message);
  }

  call<T>(message: CallWithoutNumber): Promise<T> {
    if (this.stopped) return Promise.reject(new Error('The search worker stopped'));
    const call = this.nextCall++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(call, { resolve: resolve as (result: unknown) => void, reject });
      this.worker.postMessage({ ...message, call });
    });
  }

  async terminate(): Promise<void> {
    this.stopped = true;
    await this.worker.terminate();
  }
}

export function workerEngineFactory(options: EngineOptions): SearchEngineFactory {
  let host: WorkerHost | undefined;
  let nextEngine = 1;

  return {
    create({ bulk }): SearchEngine {
      const current = (host ??= new WorkerHost(() => {
        if (host === current) host = undefined;
      }));
      const engine = nextEngine++;
      current.post({ op: 'create', engine, bulk, options });
      return {
        get lost() {
          return current.stopped;
        },
        add: (documents) => current.post({ op: 'add', engine, documents }),
        replace: (entityType, entityId, documents) =>
          current.post({ op: 'replace', engine, entityType, entityId, documents }),
        endBulk: () => current.call({ op: 'endBulk', engine }),
        search: (query) => current.call({ op: 'search', engine, query }),
        suggest: (audience, request) => current.call({ op: 'suggest', engine, audience, request }),
        tabulate: (audience, tabulations) => current.call({ op: 'tabulate', engine, audience, tabulations }),
        size: () => current.call({ op: 'size', engine }),
        dispose: () => current.post({ op: 'dispose', engine }),
      };
    },
    async close() {
      const stopping = host;
      host = undefined;
      await stopping?.terminate();
    },
  };
}
