import { markRaw, shallowRef, type Component, type ShallowRef } from 'vue';
import { loadPageMessages } from '../i18n/i18n';

/**
 * A component fetched the first time it is needed (a dialog when its button is pressed, the bell's
 * list when opened), with its interface messages: what a page may never show stays out of its
 * first load. `load()` resolves once the component can be rendered; `component` holds it after.
 */
export function useLazyComponent(loader: () => Promise<{ default: Component }>): {
  readonly component: ShallowRef<Component | undefined>;
  readonly load: () => Promise<void>;
} {
  const component = shallowRef<Component | undefined>();
  let loading: Promise<void> | undefined;
  function load(): Promise<void> {
    loading ??= loader().then(
      async (module) => {
        await loadPageMessages();
        component.value = markRaw(module.default);
      },
      (error: unknown) => {
        // A lost connection (or a redeploy that removed the old chunk): the next press tries again.
        loading = undefined;
        throw error;
      },
    );
    return loading;
  }
  return { component, load };
}
