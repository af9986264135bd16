/* eslint-disable vue/one-component-per-file -- a page and its sections, made up for the test */
import { flushPromises, mount } from '@vue/test-utils';
import { beforeAll, describe, expect, test, vi } from 'vitest';
import { defineComponent, h, type Ref } from 'vue';
import { createMemoryHistory, createRouter, RouterView } from 'vue-router';
import { loadInterfaceMessages } from '../../i18n/i18n';
import { useSection, useUnsavedChangesGuard } from './use-section';

describe('useSection', () => {
  beforeAll(async () => {
    await loadInterfaceMessages('en');
  });

  test('keeps its draft apart from the record it came from, and knows when it differs from the last save', async () => {
    const record = { languages: [{ code: 'pt', level: 'N' }] };
    const section = useSection(record);
    section.draft.value.languages.push({ code: 'yo', level: '2' });
    expect(record.languages).toHaveLength(1);
    expect(section.dirty.value).toBe(true);
    await section.save(
      async (value) => ({ data: value }),
      () => undefined,
    );
    expect(section.dirty.value).toBe(false);
    expect(section.justSaved.value).toBe(true);
  });

  test('tells the page which sections have unsaved changes, so leaving it asks first', async () => {
    const sections: ReturnType<typeof useSection<{ name: string }>>[] = [];
    let anyDirty: Readonly<Ref<boolean>> | undefined;
    const Section = defineComponent({
      setup() {
        sections.push(useSection({ name: '' }));
        return () => h('p');
      },
    });
    const Page = defineComponent({
      setup() {
        anyDirty = useUnsavedChangesGuard('cxc-profile-unsaved-confirm').anyDirty;
        return () => h('div', [h(Section), h(Section)]);
      },
    });
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [
        { path: '/', component: Page },
        { path: '/away', component: { render: () => null } },
      ],
    });
    await router.push('/');
    mount({ render: () => h(RouterView) }, { global: { plugins: [router] } });
    await flushPromises();
    expect(sections).toHaveLength(2);
    expect(anyDirty?.value).toBe(false);

    sections[1]!.draft.value.name = 'Ana';
    expect(anyDirty?.value).toBe(true);
    const confirm = vi.fn(() => false);
    vi.stubGlobal('confirm', confirm);
    await router.push('/away');
    expect(confirm).toHaveBeenCalledWith('You have changes that are not saved. Leave anyway?');
    expect(router.currentRoute.value.path).toBe('/');

    confirm.mockReturnValue(true);
    await router.push('/away');
    expect(router.currentRoute.value.path).toBe('/away');
    vi.unstubAllGlobals();
  });
});
