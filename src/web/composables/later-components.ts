import { defineAsyncComponent, type Component } from 'vue';
import { loadPageMessages } from '../i18n/i18n';

/**
 * Components of a page that it shows under what it shows first (the editors' later sections, inside
 * a LaterRegion): one module of them, fetched when the first of them renders, outside the page's
 * first load, with its interface messages (the build gives the module its own, as it does a page's).
 * A failed fetch (a lost connection, a redeploy) is tried again, three times at most.
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
  return (name) =>
    defineAsyncComponent({
      loader: () => load().then((module) => module[name] as Component),
      onError: (_error, retry, fail, attempts) => (attempts <= 3 ? retry() : fail()),
    });
}
