import {
  computed,
  hasInjectionContext,
  inject,
  onBeforeUnmount,
  onMounted,
  provide,
  ref,
  shallowReactive,
  toRaw,
  type InjectionKey,
  type Ref,
} from 'vue';
import { onBeforeRouteLeave } from 'vue-router';
import { useForm } from '../../composables/use-form';
import { t } from '../../i18n/i18n';

/** What the section shell shows of a section: its submission state and whether it was just saved. */
export interface SectionStatus {
  readonly form: ReturnType<typeof useForm>;
  readonly justSaved: Readonly<Ref<boolean>>;
}

/** The sections of one editor page that have unsaved changes, when the page asked to know. */
const UNSAVED_SECTIONS: InjectionKey<Set<Readonly<Ref<boolean>>>> = Symbol('unsaved-sections');

/**
 * One section of an editor: its draft, whether the draft differs from what was last saved, and
 * its own Save with field errors. The draft starts as a copy of `initial`, so later changes to
 * the record it came from (another section's save) leave what the person typed alone.
 */
export function useSection<T>(initial: T) {
  const draft = ref(structuredClone(toRaw(initial))) as Ref<T>;
  const saved = ref(JSON.stringify(draft.value));
  const form = useForm();
  const dirty = computed(() => JSON.stringify(draft.value) !== saved.value);
  const justSaved = ref(false);

  const unsaved = hasInjectionContext() ? inject(UNSAVED_SECTIONS, undefined) : undefined;
  if (unsaved) {
    unsaved.add(dirty);
    onBeforeUnmount(() => unsaved.delete(dirty));
  }

  function reset(value: T): void {
    draft.value = structuredClone(toRaw(value));
    saved.value = JSON.stringify(value);
  }

  async function save<R>(
    call: (value: T) => Promise<{ data?: R; error?: unknown }>,
    after: (result: R) => void,
  ): Promise<void> {
    justSaved.value = false;
    const result = await form.submit(() => call(draft.value));
    if (result === undefined) return;
    saved.value = JSON.stringify(draft.value);
    justSaved.value = true;
    after(result);
  }

  return { draft, dirty, form, justSaved, reset, save };
}

/**
 * For an editor page: asks before leaving it (or closing the tab) while any of its sections has
 * unsaved changes. Call it before the sections are created; they report to it on their own.
 */
export function useUnsavedChangesGuard(confirmKey: string): { anyDirty: Readonly<Ref<boolean>> } {
  const sections = shallowReactive(new Set<Readonly<Ref<boolean>>>());
  provide(UNSAVED_SECTIONS, sections);
  const anyDirty = computed(() => [...sections].some((dirty) => dirty.value));

  onBeforeRouteLeave(() => !anyDirty.value || window.confirm(t(confirmKey)));
  const warnOnUnload = (event: BeforeUnloadEvent) => {
    if (anyDirty.value) event.preventDefault();
  };
  onMounted(() => window.addEventListener('beforeunload', warnOnUnload));
  onBeforeUnmount(() => window.removeEventListener('beforeunload', warnOnUnload));
  return { anyDirty };
}
