import { computed, ref, type Ref } from 'vue';
import { useForm } from '../../composables/use-form';

/**
 * One section of the profile editor: its draft, whether the draft differs from what was last
 * saved, and its own Save with field errors.
 */
export function useSection<T>(initial: () => T) {
  const draft = ref(structuredClone(initial())) as Ref<T>;
  const saved = ref(JSON.stringify(draft.value));
  const form = useForm();
  const dirty = computed(() => JSON.stringify(draft.value) !== saved.value);
  const justSaved = ref(false);

  function reset(value: T): void {
    draft.value = structuredClone(value);
    saved.value = JSON.stringify(value);
  }

  async function save<R>(call: (value: T) => Promise<{ data?: R; error?: unknown }>, after: (result: R) => void): Promise<void> {
    justSaved.value = false;
    const result = await form.submit(() => call(draft.value));
    if (result === undefined) return;
    saved.value = JSON.stringify(draft.value);
    justSaved.value = true;
    after(result);
  }

  return { draft, dirty, form, justSaved, reset, save };
}
