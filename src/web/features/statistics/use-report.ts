import { ref, shallowRef, watch, type Ref, type ShallowRef, type WatchSource } from 'vue';

export type ReportState = 'loading' | 'ready' | 'failed';

/**
 * A published table, fetched again whenever its filters change. The last answer stays shown while the
 * next one comes (only the newest request counts), and a failed fetch says so rather than loading for ever.
 */
export function useReport<T>(
  fetch: () => Promise<{ data?: T }>,
  sources: readonly WatchSource[],
): { data: ShallowRef<T | undefined>; state: Ref<ReportState>; reload: () => Promise<void> } {
  const data = shallowRef<T>();
  const state = ref<ReportState>('loading');
  let asked = 0;
  async function reload(): Promise<void> {
    const ask = ++asked;
    state.value = 'loading';
    const answer = await fetch().catch(() => ({ data: undefined }));
    if (ask !== asked) return;
    if (answer.data) data.value = answer.data;
    state.value = answer.data ? 'ready' : 'failed';
  }
  watch([...sources], () => void reload(), { immediate: true });
  return { data, state, reload };
}
