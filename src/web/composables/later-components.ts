import { defineAsyncComponent, type Component } from 'vue';
import { loadPageMessages } from '../i18n/i18n';

/**
 * Components of a page that it shows under what it shows first (the editors' later sections, inside
 * a LaterRegion): one module of them, fetched when the first of them renders, outside the page's
 * first load, with its interface messages (the build gives the module its own, as it does a page's).
 * A failed fetch (a lost connection, a redeploy) is tried again, three times at most.
 *
 * Each component appears in a task of its own, in the order they render: drawn together, the
 * profile editor's eight later sections held a throttled phone's main thread some 300 ms at once
 * (a tap then waits that long); one at a time, each is short, and the browser paints and answers
 * input between them.
 */
export function laterComponents<M extends Record<string, unknown>>(
  loader: () => Promise<M>,
): <K extends keyof M & string>(name: K) => Component {
  let loading: Promise<M> | undefined;
  const load = () => {
    loading ??= loader().then(
      async (module) => {
        await loadPageMessages();
        return module;
      },
      (error: unknown) => {
        loading = undefined;
        throw error;
      },
    );
    return loading;
  };
  let turns: Promise<unknown> = Promise.resolve();
  const nextTask = () => {
    turns = turns.then(() => new Promise((resolve) => setTimeout(resolve, 0)));
    return turns;
  };
  return (name) =>
    defineAsyncComponent({
      loader: async () => {
        const module = await load();
        await nextTask();
        return module[name] as Component;
      },
      onError: (_error, retry, fail, attempts) => (attempts <= 3 ? retry() : fail()),
    });
}
