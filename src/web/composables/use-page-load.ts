import { onMounted, ref, type Ref } from 'vue';

export type PageLoadState = 'loading' | 'ready' | 'failed';

/**
 * What a page fetches before it can show anything (the editors' profile and lists). A lost
 * connection or a refused request leaves the page saying so, with "Try again", rather than
 * "Loading…" for ever. `load` throws, or resolves to false, when the page cannot be shown.
 */
export function usePageLoad(load: () => Promise<boolean>): { state: Ref<PageLoadState>; retry: () => Promise<void> } {
  const state = ref<PageLoadState>('loading');
  async function retry(): Promise<void> {
    state.value = 'loading';
    try {
      state.value = (await load()) ? 'ready' : 'failed';
    } catch {
      state.value = 'failed';
    }
  }
  onMounted(retry);
  return { state, retry };
}
