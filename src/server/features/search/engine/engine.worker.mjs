// The search engine's worker thread starts here: it loads the TypeScript sources the way the app
// itself is run (tsx), then the worker's code.
import { register } from 'tsx/esm/api';

register();
await import('./engine-worker.ts');
