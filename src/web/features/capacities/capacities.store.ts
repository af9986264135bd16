import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { UiLanguage } from '../../../shared/ui-languages';
import { api, type CapacityNode } from '../../api/client';

/** The capacity taxonomy per interface language, fetched once per language. */
export const useCapacitiesStore = defineStore('capacities', () => {
  const trees = ref(new Map<UiLanguage, CapacityNode[]>());

  async function load(language: UiLanguage): Promise<CapacityNode[]> {
    const cached = trees.value.get(language);
    if (cached) return cached;
    const { data, error } = await api.GET('/api/capacities', { params: { query: { lang: language } } });
    if (error || !data) throw new Error(error?.error.message ?? 'capacities');
    trees.value.set(language, data.capacities);
    return data.capacities;
  }

  /** Drops what was fetched, after the taxonomy changed. */
  function forget(): void {
    trees.value = new Map();
  }

  return { load, forget };
});
