import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import type { OwnProfile } from '../../../api/client';
import { loadInterfaceMessages } from '../../../i18n/i18n';
import SettingsSection from './SettingsSection.vue';

const { api } = vi.hoisted(() => ({ api: { PUT: vi.fn() } }));
vi.mock('../../../api/client', () => ({ api }));

const PROFILE = { showToVisitors: true, inSearch: true, inStatistics: true } as unknown as OwnProfile;

describe('SettingsSection', () => {
  beforeAll(async () => {
    await loadInterfaceMessages('en');
  });

  afterEach(() => {
    document.body.innerHTML = '';
  });

  test('the statistics switch is on by default and saves with the other settings', async () => {
    api.PUT.mockResolvedValue({ data: { ...PROFILE, inStatistics: false } });
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [{ path: '/', component: { template: '<div />' } }],
    });
    await router.push('/');
    const wrapper = mount(SettingsSection, {
      props: { profile: PROFILE },
      attachTo: document.body,
      global: { plugins: [router] },
    });
    const label = 'Include me in the statistics (the map and reports count me, never by name)';
    const field = wrapper.findAll('label').find((candidate) => candidate.text() === label)!;
    const input = wrapper.get<HTMLInputElement>(`input#${field.attributes('for')}`);
    expect(input.element.checked).toBe(true);
    await input.setValue(false);
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(api.PUT).toHaveBeenCalledWith('/api/profile/settings', {
      body: { showToVisitors: true, inSearch: true, inStatistics: false },
    });
    expect(wrapper.emitted('saved')).toHaveLength(1);
  });
});
