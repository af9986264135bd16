import { defineAsyncComponent, type Component } from 'vue';
import { loadPageMessages } from '../i18n/i18n';

/**
 * Components of a page that it shows under what it shows first (the editor's later sections): one
 * module of them is fetched as the page appears, outside its first load, and each renders when it
 * arrives, with its interface messages (the build gives the module its own, as it does a page's).
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
  // Started at once, not when the first of them renders: the page's own requests run meanwhile.
  void load().catch(() => undefined);
  return (name) =>
    defineAsyncComponent({
      loader: () => load().then((module) => module[name] as Component),
      onError: (_error, retry, fail, attempts) => (attempts <= 3 ? retry() : fail()),
    });
}
