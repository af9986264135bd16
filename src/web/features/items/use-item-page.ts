import { computed, ref, shallowRef, watch } from 'vue';
import { useRoute } from 'vue-router';
import { useLazyComponent } from '../../composables/use-lazy-component';
import { t, uiLanguage } from '../../i18n/i18n';

type Fetched<T> = { data?: T; error?: { error: { code: string } } };

/**
 * What an item's page (a learning resource, a service) does around the item: reads it by the id
 * in the address, again when the language changes (keeping the page in place), names the tab after
 * it, and says whether it is there, missing (no such item, or not one the reader may see, or not
 * an id at all), or could not be fetched; and the report dialog, fetched when its button is pressed.
 */
export function useItemPage<T extends { id: string; title: string }>(fetch: (id: string) => Promise<Fetched<T>>) {
  const route = useRoute();
  const id = computed(() => String(route.params.id ?? ''));
  const item = shallowRef<T | undefined>();
  const state = ref<'loading' | 'ready' | 'missing' | 'failed'>('loading');

  async function load(): Promise<void> {
    if (item.value?.id !== id.value) state.value = 'loading';
    try {
      const { data, error } = await fetch(id.value);
      item.value = data;
      if (data) document.title = t('cxc-page-title', data.title);
      const code = error?.error.code;
      state.value = data ? 'ready' : code === 'not_found' || code === 'validation_failed' ? 'missing' : 'failed';
    } catch {
      state.value = 'failed';
    }
  }
  watch([id, uiLanguage], () => void load(), { immediate: true });

  const reportOpen = ref(false);
  const { component: reportDialog, load: loadReportDialog } = useLazyComponent(
    () => import('../moderation/ReportDialog.vue'),
  );
  async function openReportDialog(): Promise<void> {
    await loadReportDialog();
    reportOpen.value = true;
  }
  const reported = ref(false);
  watch(id, () => (reported.value = false));

  return { id, item, state, load, reportOpen, reportDialog, openReportDialog, reported };
}
